// Where strings are kept: constants, returns and data members, so the SQL
// stage finds a statement where the code stores it.
//
// Contract
//  - Produces VarValues for namespace-scope and static member strings (and
//    the string leaves of arrays and maps of them), and for functions whose
//    every return is a constant string; records accessors
//    (`return kStatements[which];`) that callers resolve to one element.
//  - A string data member's every store (assignment, assign(), a
//    constructor's member initializer, getline from a file) is recorded as a
//    CallSite to the field, so the SQL stage follows SQL kept in an object.
//    An append extends the function's own last store (or, with none, is a
//    store when it appends a file's text).
//  - Gives a local string or stream its starting value.
#include "frontend/cursors.hpp"
#include "frontend/string_fold.hpp"
#include "frontend/visitor.hpp"

#include <algorithm>

namespace cleave::frontend::detail {
namespace {

bool carries_file(const StrValue& v) {
  for (const auto& alt : v.alternatives) {
    for (const auto& p : alt) {
      if (p.kind == PieceKind::File) return true;
    }
  }
  return false;
}

}  // namespace

// Namespace-scope and static member strings, and arrays/maps of them.
void Visitor::record_constant(CXCursor c, const std::string& usr, const Location& loc) {
  CXCursor init = clang_getNullCursor();
  for (const auto& child : children_of(c)) {
    if (is_expression(child)) init = child;
  }
  if (clang_Cursor_isNull(init)) return;
  VarValue v;
  v.var = usr;
  v.name = qualified_name(c);
  v.loc = loc;
  CXCursor s = strip(init);
  const CXTypeKind tk = clang_getCanonicalType(clang_getCursorType(c)).kind;
  const bool array = tk == CXType_ConstantArray || tk == CXType_IncompleteArray;
  if (clang_getCursorKind(s) == CXCursor_InitListExpr && (array || !is_string_like_type(clang_getCursorType(c)))) {
    collect_elements(s, v.elements);
    if (v.elements.empty()) return;
  } else {
    if (!is_string_like_type(clang_getCursorType(c))) return;
    v.value = fold(init);
    if (!has_constant_part(v.value)) return;
  }
  out_.var_values.push_back(std::move(v));
}

// A function that returns a constant string is a constant too: callers
// fold a call to it as a reference to this value.
void Visitor::record_constant_function(CXCursor c, const std::string& usr, const Location& loc, FunctionState& done) {
  if (!done.returns.empty() && !done.returns_unknown && has_constant_part(done.returns)) {
    VarValue v;
    v.var = usr;
    v.name = qualified_name(c);
    v.loc = loc;
    v.value = std::move(done.returns);
    out_.var_values.push_back(std::move(v));
    constant_functions_.insert(usr);
  }
}

// A local string starts with its initializer's value; a local stream starts
// empty. Called once the initializer has been walked.
void Visitor::track_local_string(FunctionState& fn, CXCursor var, const std::string& usr, CXType type) {
  if (is_string_like_type(type)) {
    fn.locals[usr] = initializer_value(var);
  } else if (is_stream_type(type)) {
    fn.locals[usr] = StrValue{};
  } else if (is_file_stream_type(type)) {
    // std::ifstream f("db/report.sql"): the name it opens, when constant.
    if (StrValue file = opened_file(initializer_value(var)); !file.empty()) fn.locals[usr] = std::move(file);
  }
}

// Every string leaf of an initializer list, in order: {"a", "b"} and
// {{Kind::A, "a"}, {Kind::B, "b"}} both give a, b.
void Visitor::collect_elements(CXCursor list, std::vector<StrValue>& out, int depth) {
  if (depth > 4) return;
  for (const auto& child : children_of(list)) {
    CXCursor s = strip(child);
    const CXCursorKind k = clang_getCursorKind(s);
    if (k == CXCursor_InitListExpr) {
      collect_elements(s, out, depth + 1);
    } else if (k == CXCursor_CallExpr && clang_getCursorKind(clang_getCursorReferenced(s)) == CXCursor_Constructor &&
               !is_string_like_type(clang_getCursorType(s))) {
      // std::pair<Kind, const char*>{...} spelled as a constructor call
      collect_elements(s, out, depth + 1);
    } else if (is_string_like_type(clang_getCursorType(child)) || k == CXCursor_StringLiteral) {
      StrValue v = fold(child);
      if (has_constant_part(v)) out.push_back(std::move(v));
    }
  }
}

StrValue Visitor::initializer_value(CXCursor var) {
  CXCursor init = clang_getNullCursor();
  for (const auto& child : children_of(var)) {
    if (is_expression(child)) init = child;
  }
  if (clang_Cursor_isNull(init)) return StrValue{};
  return fold(init);
}

void Visitor::visit_return(CXCursor c) {
  FunctionState* fn = current_function();
  visit_children(c);
  if (!fn) return;
  CXCursor value = clang_getNullCursor();
  for (const auto& child : children_of(c)) {
    if (is_expression(child)) value = child;
  }
  if (clang_Cursor_isNull(value) || !is_string_like_type(clang_getCursorType(value))) {
    fn->returns_unknown = true;
    return;
  }
  // `return kStatements[which];` with `which` a parameter: an accessor
  // that callers with a constant argument resolve to one element.
  if (auto accessor = element_accessor(value)) accessors_[fn->usr] = *accessor;
  StrValue v = fold(value);
  // Only fully constant returns make the function a constant.
  for (const auto& alt : v.alternatives) {
    for (const auto& p : alt) {
      if (p.kind == PieceKind::Param || p.kind == PieceKind::Unknown ||
          (p.kind == PieceKind::VarRef && p.index == -2)) {
        fn->returns_unknown = true;
      }
    }
  }
  fn->returns = alternatives_of(fn->returns, v);
}

std::optional<Visitor::Accessor> Visitor::element_accessor(CXCursor value) {
  FunctionState* fn = current_function();
  CXCursor e = strip(value);
  if (!fn || clang_getCursorKind(e) != CXCursor_ArraySubscriptExpr) return std::nullopt;
  auto kids = children_of(e);
  if (kids.size() != 2) return std::nullopt;
  CXCursor base = strip(kids[0]);
  CXCursor index = strip(kids[1]);
  if (clang_getCursorKind(base) != CXCursor_DeclRefExpr || clang_getCursorKind(index) != CXCursor_DeclRefExpr) {
    return std::nullopt;
  }
  CXCursor array = clang_getCursorReferenced(base);
  if (clang_getCursorKind(array) != CXCursor_VarDecl) return std::nullopt;
  const std::string param = usr_of(clang_getCursorReferenced(index));
  auto it = std::find(fn->params.begin(), fn->params.end(), param);
  if (it == fn->params.end()) return std::nullopt;
  return Accessor{usr_of(array), static_cast<int>(it - fn->params.begin())};
}

// The USR of the string data member `expr` names (`sql_`, `this->sql_`,
// `q.sql_`); empty for anything else.
std::string Visitor::string_field_of(CXCursor expr) {
  CXCursor e = strip(expr);
  if (clang_getCursorKind(e) != CXCursor_MemberRefExpr) return {};
  CXCursor ref = clang_getCursorReferenced(e);
  if (clang_getCursorKind(ref) != CXCursor_FieldDecl || !is_string_like_type(clang_getCursorType(ref))) return {};
  return usr_of(ref);
}

void Visitor::record_field_store(CXCursor field, StrValue value, const Location& site) {
  FunctionState* fn = current_function();
  if (!fn || value.empty()) return;
  CallSite cs;
  cs.caller = fn->usr;
  cs.callee = usr_of(field);
  cs.callee_name = qualified_name(field);
  cs.site = site;
  cs.args.push_back(CallArg{0, std::move(value)});
  cs.order = fn->order++;
  fn->field_stores[cs.callee] = out_.call_sites.size();
  out_.call_sites.push_back(std::move(cs));
}

// `sql_ += text`: what this function stored in the member before, then the
// text. With no store before, only a loader's (`while (std::getline(f,
// line)) sql_ += line;`) counts, the member taken as empty until then: a
// query builder's `sql_ += " WHERE " + c` extends values set elsewhere,
// which are not known here.
void Visitor::append_to_field(CXCursor member, const StrValue& value) {
  FunctionState* fn = current_function();
  if (!fn) return;
  CXCursor field = clang_getCursorReferenced(member);
  if (auto it = fn->field_stores.find(usr_of(field)); it != fn->field_stores.end()) {
    StrValue& stored = out_.call_sites[it->second].args.front().value;
    stored = concat(stored, value);
  } else if (carries_file(value)) {
    if (auto site = location_of(member)) record_field_store(field, value, *site);
  }
}

// `x = value` on a builtin type (a `const char*` member or local): libclang
// 16 has no operator kind for a BinaryOperator, so the token after the left
// operand tells.
void Visitor::visit_assignment(CXCursor c) {
  visit_children(c);
  FunctionState* fn = current_function();
  if (!fn) return;
  std::vector<CXCursor> operands;
  for (const auto& child : children_of(c)) {
    if (is_expression(child)) operands.push_back(child);
  }
  if (operands.size() != 2) return;
  CXCursor lhs = strip(operands[0]);
  const std::string field = string_field_of(lhs);
  const std::string local = field.empty() ? local_var_of(lhs) : std::string();
  if (field.empty() && (local.empty() || !fn->locals.count(local))) return;
  if (operator_token(c, operands[0]) != "=") return;
  if (!local.empty()) {
    fn->locals[local] = fold(operands[1]);
  } else if (auto site = location_of(lhs)) {
    record_field_store(clang_getCursorReferenced(lhs), fold(operands[1]), *site);
  }
}

// A constructor's children: parameters, then each member initializer as a
// MemberRef followed by its expression, then the body.
void Visitor::visit_constructor_children(CXCursor ctor) {
  CXCursor member = clang_getNullCursor();
  for (const auto& child : children_of(ctor)) {
    visit(child);
    if (clang_getCursorKind(child) == CXCursor_MemberRef) {
      member = child;
      continue;
    }
    if (!clang_Cursor_isNull(member) && is_expression(child)) {
      CXCursor field = clang_getCursorReferenced(member);
      if (clang_getCursorKind(field) == CXCursor_FieldDecl && is_string_like_type(clang_getCursorType(field))) {
        if (auto site = location_of(member)) record_field_store(field, fold(child), *site);
      }
    }
    member = clang_getNullCursor();
  }
}

}  // namespace cleave::frontend::detail
