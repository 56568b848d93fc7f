// Calls: what each function body calls and refers to.
//
// Contract
//  - Produces Call edges (function -> project function; an overload set in a
//    template gives one edge per project candidate; an instantiation is
//    reported as its template), including the converting-constructor calls
//    libclang leaves out of initializer lists ({id, "x"} into a
//    std::vector<Value>). Each Call edge says whether its site is inside a
//    for, range-for, while or do statement of the calling function
//    (Edge::in_loop; the depth is kept by tu_visitor.cpp's visit_loop and
//    read in add_edge).
//  - Produces UnresolvedCalls for calls with no declaration to point at:
//    through a function pointer, a std::function (or boost::function), or a
//    dependent expression in a template.
//  - Produces CallSites for calls that carry strings (arguments and, for
//    member calls on string objects, the object's value, folded by
//    sql_strings.cpp; a bool literal argument is kept as its text) and for
//    member calls on a local, a parameter or a field (commit() on a
//    transaction object or a connection), numbered in source order within
//    their function.
//  - Produces Reference edges (function -> project variable, field or
//    function it names outside a call), never to its own locals or
//    parameters.
//  - Only inside function bodies; callee references are not counted as
//    references.
#include "frontend/cursors.hpp"
#include "frontend/string_fold.hpp"
#include "frontend/visitor.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace cleave::frontend::detail {
namespace {

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

std::string bare_type(CXType t) {
  t = clang_getCanonicalType(t);
  if (t.kind == CXType_LValueReference || t.kind == CXType_RValueReference) t = clang_getPointeeType(t);
  std::string s = take(clang_getTypeSpelling(clang_getCanonicalType(t)));
  if (s.rfind("const ", 0) == 0) s = s.substr(6);
  return s;
}

bool is_integral(CXTypeKind k) {
  return (k >= CXType_Bool && k <= CXType_Int128) && k != CXType_Float && k != CXType_Double;
}

bool is_floating(CXTypeKind k) { return k == CXType_Float || k == CXType_Double || k == CXType_LongDouble; }

// A call that may begin or end a transaction through a C API, with only a
// handle for argument (mysql_commit(conn), SQLEndTran, OCITransCommit): the
// SQL stage matches it against the rules' transaction calls.
bool may_control_transactions(const std::string& qualified_name) {
  const std::size_t colon = qualified_name.rfind(':');
  std::string name = qualified_name.substr(colon == std::string::npos ? 0 : colon + 1);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return contains(name, "commit") || contains(name, "rollback") || contains(name, "tran");
}

}  // namespace

Visitor::CallParts Visitor::call_parts(CXCursor call) {
  CallParts parts;
  parts.callee_ref = clang_getCursorReferenced(call);
  const std::string spelling = take(clang_getCursorSpelling(call));
  parts.is_operator = spelling.rfind("operator", 0) == 0 && spelling.size() > 8 &&
                      !std::isalnum(static_cast<unsigned char>(spelling[8])) && spelling[8] != '_';
  const int n = clang_Cursor_getNumArguments(call);
  for (int i = 0; i < n; ++i) parts.args.push_back(clang_Cursor_getArgument(call, static_cast<unsigned>(i)));
  // A member call's first child is the MemberRefExpr naming the method; its
  // child is the object.
  // (An operator's first child is its left operand, which may be a member
  // too: `sql.prepare << "..."` names the field prepare, not the method.)
  auto kids = children_of(call);
  if (!kids.empty()) {
    CXCursor callee = strip(kids.front());
    if (clang_getCursorKind(callee) == CXCursor_MemberRefExpr &&
        clang_getCursorKind(clang_getCursorReferenced(callee)) != CXCursor_FieldDecl) {
      parts.member = callee;
      for (const auto& k : children_of(callee)) {
        if (is_expression(k)) parts.object = k;
      }
    }
  }
  // Member operators: the object is the first operand.
  if (parts.is_operator && clang_Cursor_isNull(parts.object) && !parts.args.empty() &&
      clang_getCursorKind(parts.callee_ref) == CXCursor_CXXMethod && parts.args.size() >= 1) {
    // libclang lists the operands of an operator call as its arguments;
    // for a member operator the first is the object.
    if (static_cast<int>(parts.args.size()) > clang_Cursor_getNumArguments(parts.callee_ref)) {
      parts.object = parts.args.front();
      parts.args.erase(parts.args.begin());
    }
  }
  return parts;
}

void Visitor::visit_call(CXCursor call) {
  FunctionState* fn = current_function();
  CallParts parts = call_parts(call);
  const CXCursorKind rk = clang_getCursorKind(parts.callee_ref);
  auto site = location_of(call);

  if (fn && site) {
    record_call_edge(call, parts, *site);
    record_call_site(call, parts, *site);
    record_forwarded_construction(parts, *site);
  }
  // Children: the callee reference must not count as a mere reference.
  // Constructor calls have no callee child: their first child is an argument.
  auto kids = children_of(call);
  for (std::size_t i = 0; i < kids.size(); ++i) {
    const bool callee =
        i == 0 && rk != CXCursor_Constructor && (is_function_kind(rk) || rk == CXCursor_OverloadedDeclRef);
    const bool saved = in_callee_position_;
    in_callee_position_ = callee;
    if (callee && clang_getCursorKind(strip(kids[i])) == CXCursor_MemberRefExpr) {
      // Visit the object expression, not the method reference.
      in_callee_position_ = true;
    }
    visit(kids[i]);
    in_callee_position_ = saved;
  }
  // Effects on local strings apply once the operands are evaluated, so
  // `os << a << b` appends a before b.
  if (fn && site) track_string_effects(parts);
}

void Visitor::record_call_edge(CXCursor call, const CallParts& parts, const Location& site) {
  FunctionState& fn = *current_function();
  CXCursor ref = parts.callee_ref;
  const CXCursorKind rk = clang_getCursorKind(ref);
  if (is_function_kind(rk)) {
    const std::string q = qualified_name(ref);
    const bool functor_call = take(clang_getCursorSpelling(ref)) == "operator()";
    if (functor_call && (q.rfind("std::function", 0) == 0 || q.rfind("std::__1::function", 0) == 0 ||
                         q.rfind("boost::function", 0) == 0)) {
      out_.unresolved_calls.push_back({fn.usr, site, "std::function", callee_text(call)});
      return;
    }
    if (std::string to = project_usr(ref); !to.empty()) add_edge(fn.usr, to, EdgeKind::Call, site);
    return;
  }
  if (rk == CXCursor_OverloadedDeclRef) {
    // A call in a template that names an overload set: every candidate the
    // project declares may be the one.
    const unsigned n = clang_getNumOverloadedDecls(ref);
    for (unsigned i = 0; i < n; ++i) {
      if (std::string to = project_usr(clang_getOverloadedDecl(ref, i)); !to.empty()) {
        add_edge(fn.usr, to, EdgeKind::Call, site);
      }
    }
    return;
  }
  if (CXCursor member = dependent_member(parts); !clang_Cursor_isNull(member)) {
    if (std::string to = project_usr(member); !to.empty()) add_edge(fn.usr, to, EdgeKind::Call, site);
    return;
  }
  // No declaration: through a pointer, a std::function object, or a
  // dependent expression in a template.
  auto kids = children_of(call);
  std::string reason = "dependent";
  if (!kids.empty()) {
    CXType t = clang_getCanonicalType(clang_getCursorType(strip(kids.front())));
    const std::string ts = take(clang_getTypeSpelling(t));
    if (t.kind == CXType_Pointer || t.kind == CXType_FunctionProto || t.kind == CXType_MemberPointer ||
        contains(ts, "(*)")) {
      reason = "function pointer";
    } else if (contains(ts, "std::function") || contains(ts, "std::__1::function")) {
      reason = "std::function";
    }
  }
  if (rk == CXCursor_VarDecl || rk == CXCursor_ParmDecl || rk == CXCursor_FieldDecl) {
    const std::string ts = take(clang_getTypeSpelling(clang_getCanonicalType(clang_getCursorType(ref))));
    reason = contains(ts, "function<") ? "std::function" : "function pointer";
  }
  out_.unresolved_calls.push_back({fn.usr, site, reason, callee_text(call)});
}

// `tasks.emplace_back(sql, cb)`, `std::make_shared<Task>(sql, cb)`: the
// standard library constructs a project class from the arguments, out of the
// project's sight. The call is a call to that class's constructors that take
// as many arguments (not copy or move), edge and site, so SQL handed to a
// task object is traced as when the project writes `Task(sql, cb)`.
void Visitor::record_forwarded_construction(const CallParts& parts, const Location& site) {
  const CXCursorKind rk = clang_getCursorKind(parts.callee_ref);
  if (!is_function_kind(rk) || is_project(parts.callee_ref)) return;
  const std::string name = take(clang_getCursorSpelling(parts.callee_ref));
  CXType built = {CXType_Invalid, {nullptr, nullptr}};
  if (name == "make_shared" || name == "make_unique" || name == "allocate_shared") {
    if (clang_Cursor_getNumTemplateArguments(parts.callee_ref) < 1) return;
    built = clang_Cursor_getTemplateArgumentType(parts.callee_ref, 0);
  } else if (name == "emplace_back" || name == "emplace_front" || name == "emplace") {
    if (clang_Cursor_isNull(parts.object)) return;
    CXType container = clang_getCanonicalType(clang_getCursorType(parts.object));
    if (container.kind == CXType_Pointer) container = clang_getPointeeType(container);
    // A map's elements are pairs: its first template argument is the key.
    if (contains(take(clang_getTypeSpelling(container)), "map<") || clang_Type_getNumTemplateArguments(container) < 1) {
      return;
    }
    built = clang_Type_getTemplateArgumentAsType(container, 0);
  } else {
    return;
  }
  CXCursor cls = clang_getTypeDeclaration(clang_getCanonicalType(built));
  if (!is_class_kind(clang_getCursorKind(cls)) || !is_project(cls)) return;
  const std::size_t first = name == "allocate_shared" ? 1 : 0;  // its allocator comes first
  if (parts.args.size() < first) return;
  CallParts ctor_call;
  ctor_call.args.assign(parts.args.begin() + static_cast<long>(first), parts.args.end());
  for (CXCursor ctor : children_of(cls)) {
    if (clang_getCursorKind(ctor) != CXCursor_Constructor || clang_CXXConstructor_isCopyConstructor(ctor) ||
        clang_CXXConstructor_isMoveConstructor(ctor) ||
        clang_Cursor_getNumArguments(ctor) != static_cast<int>(ctor_call.args.size())) {
      continue;
    }
    ctor_call.callee_ref = ctor;
    if (std::string to = project_usr(ctor); !to.empty()) add_edge(current_function()->usr, to, EdgeKind::Call, site);
    record_call_site(clang_getNullCursor(), ctor_call, site);
  }
}

// In a template, `repo.all()` on a `Repository<Entity>` names no
// declaration: the member of that name the project's class template
// declares, the one taking as many arguments when there are overloads.
CXCursor Visitor::dependent_member(const CallParts& parts) {
  if (!clang_Cursor_isNull(parts.callee_ref) || clang_Cursor_isNull(parts.object) ||
      clang_Cursor_isNull(parts.member)) {
    return clang_getNullCursor();
  }
  CXCursor cls = class_of_type(clang_getCursorType(parts.object));
  if (clang_getCursorKind(cls) != CXCursor_ClassTemplate || !is_project(cls)) return clang_getNullCursor();
  const std::string name = last_identifier(parts.member);
  CXCursor found = clang_getNullCursor();
  for (CXCursor m : children_of(cls)) {
    const CXCursorKind k = clang_getCursorKind(m);
    if ((k != CXCursor_CXXMethod && k != CXCursor_FunctionTemplate) || take(clang_getCursorSpelling(m)) != name) {
      continue;
    }
    if (clang_Cursor_getNumArguments(m) == static_cast<int>(parts.args.size())) return m;
    if (clang_Cursor_isNull(found)) found = m;
  }
  return found;
}

// A variable, a parameter or a field, as opposed to a temporary.
bool Visitor::is_named_object(CXCursor expr) {
  if (clang_Cursor_isNull(expr)) return false;
  CXCursor s = strip(expr);
  const CXCursorKind k = clang_getCursorKind(s);
  if (k != CXCursor_DeclRefExpr && k != CXCursor_MemberRefExpr) return false;
  const CXCursorKind rk = clang_getCursorKind(clang_getCursorReferenced(s));
  return rk == CXCursor_VarDecl || rk == CXCursor_ParmDecl || rk == CXCursor_FieldDecl;
}

std::string Visitor::callee_text(CXCursor call) {
  auto kids = children_of(call);
  std::string text = kids.empty() ? take(clang_getCursorSpelling(call)) : extent_text(kids.front());
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

// The overload set a call names when its arguments are dependent: the call
// itself references nothing, its callee expression references the set.
CXCursor Visitor::overload_set_of(CXCursor call, const CallParts& parts) {
  CXCursor set = parts.callee_ref;
  if (clang_getCursorKind(set) != CXCursor_OverloadedDeclRef) {
    auto kids = children_of(call);
    set = kids.empty() ? clang_getNullCursor() : clang_getCursorReferenced(strip(kids.front()));
  }
  if (clang_getCursorKind(set) != CXCursor_OverloadedDeclRef || clang_getNumOverloadedDecls(set) == 0) {
    return clang_getNullCursor();
  }
  return set;
}

void Visitor::record_call_site(CXCursor call, const CallParts& parts, const Location& site) {
  FunctionState& fn = *current_function();
  CallSite cs;
  cs.caller = fn.usr;
  const CXCursorKind rk = clang_getCursorKind(parts.callee_ref);
  if (is_function_kind(rk)) {
    // A member of an instantiation (Repository<Order>::all) is the member the
    // project wrote in the template, as for call edges: a wrapper found in its
    // body is what the call reaches.
    const std::string written = project_usr(parts.callee_ref);
    cs.callee = written.empty() ? usr_of(parts.callee_ref) : written;
    cs.callee_name = qualified_name(parts.callee_ref);
  } else if (CXCursor member = dependent_member(parts); !clang_Cursor_isNull(member)) {
    cs.callee = project_usr(member);
    cs.callee_name = qualified_name(member);
  } else if (CXCursor set = overload_set_of(call, parts); !clang_Cursor_isNull(set)) {
    // In a template, a call with dependent arguments names an overload set
    // (txn.exec_prepared(name, std::forward<Args>(args)...)): its name.
    cs.callee_name = qualified_name(clang_getOverloadedDecl(set, 0));
  } else {
    cs.callee_name = take(clang_getCursorSpelling(call));
  }
  cs.site = site;
  for (std::size_t i = 0; i < parts.args.size(); ++i) {
    CXCursor a = parts.args[i];
    if (clang_getCursorKind(strip(a)) == CXCursor_CXXBoolLiteralExpr) {
      // setAutoCommit(false) begins a transaction; setAutoCommit(true) does not.
      cs.args.push_back(
          CallArg{static_cast<int>(i), StrValue{{{Piece{PieceKind::Literal, extent_text(strip(a)), -1}}}}});
      continue;
    }
    const bool string_like = is_string_like_type(clang_getCursorType(a));
    // In a template, `std::string("...") + T::table` has a dependent type.
    const bool dependent = clang_getCursorType(a).kind == CXType_Dependent;
    if (!string_like && !dependent && clang_getCursorKind(strip(a)) != CXCursor_StringLiteral) continue;
    StrValue v = fold(a);
    if (!string_like && !has_constant_part(v)) continue;
    cs.args.push_back(CallArg{static_cast<int>(i), std::move(v)});
  }
  if (!clang_Cursor_isNull(parts.object)) {
    CXType ot = clang_getCursorType(parts.object);
    cs.object_type = qualified_type_name(ot);
    cs.object_var = local_var_of(parts.object);
    if (CXCursor cls = class_of_type(ot); is_project(cls) && clang_getCursorKind(cls) == CXCursor_ClassTemplate) {
      cs.template_args = split_template_args(take(clang_getTypeSpelling(clang_getCanonicalType(ot))));
    }
    if (is_string_like_type(ot)) cs.object_value = fold(parts.object);
  } else if (rk == CXCursor_CXXMethod || rk == CXCursor_Constructor) {
    CXCursor cls = clang_getCursorSemanticParent(parts.callee_ref);
    if (is_class_kind(clang_getCursorKind(cls))) cs.object_type = qualified_name(cls);
  }
  // Keep calls that carry strings, member calls on a named object (a local,
  // a parameter or a field: commit() on a transaction object or a connection
  // carries no string but ends a transaction), and C calls that may.
  if (cs.args.empty() && cs.object_value.empty() && cs.object_var.empty() && !is_named_object(parts.object) &&
      !may_control_transactions(cs.callee_name)) {
    return;
  }
  cs.order = fn.order++;
  out_.call_sites.push_back(std::move(cs));
}

void Visitor::visit_ref(CXCursor c) {
  FunctionState* fn = current_function();
  if (!fn) return;
  CXCursor ref = clang_getCursorReferenced(c);
  const CXCursorKind rk = clang_getCursorKind(ref);
  if (rk != CXCursor_VarDecl && rk != CXCursor_FieldDecl && !is_function_kind(rk)) return;
  if (is_function_kind(rk) && in_callee_position_) return;
  if (rk == CXCursor_VarDecl) {
    // Locals (their parent is a function) are not edges; decide that
    // without generating a USR, which is costly.
    const CXCursorKind pk = clang_getCursorKind(clang_getCursorSemanticParent(ref));
    if (is_function_kind(pk) || pk == CXCursor_LambdaExpr) return;
  }
  if (!is_project(ref)) return;
  const std::string to = usr_of(ref);
  if (to.empty() || fn->local_vars.count(to) != 0) return;
  if (std::find(fn->params.begin(), fn->params.end(), to) != fn->params.end()) return;
  if (!is_project(ref)) return;
  if (auto loc = location_of(c)) add_edge(fn->usr, to, EdgeKind::Reference, *loc);
}

// libclang shows an initializer list in its written form, without the
// converting-constructor calls that build each element ({id, "x"} into a
// std::vector<Value>). Recover them: element type from the list's type,
// constructor by the argument's type.
void Visitor::visit_init_list(CXCursor list) {
  visit_children(list);
  FunctionState* fn = current_function();
  if (!fn) return;
  CXType t = clang_getCanonicalType(clang_getCursorType(list));
  CXCursor element = clang_getNullCursor();
  if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray) {
    // The backing array of a std::initializer_list.
    element = class_of_type(clang_getArrayElementType(t));
  } else if (clang_Type_getNumTemplateArguments(t) >= 1) {
    element = class_of_type(clang_Type_getTemplateArgumentAsType(t, 0));
  }
  if (clang_Cursor_isNull(element) || !is_project(element)) return;
  CXType element_type = clang_getCanonicalType(clang_getCursorType(element));
  for (const auto& child : children_of(list)) {
    if (!is_expression(child) || clang_getCursorKind(strip(child)) == CXCursor_InitListExpr) continue;
    CXType arg = clang_getCanonicalType(clang_getCursorType(child));
    if (clang_equalTypes(arg, element_type)) continue;
    CXCursor arg_class = class_of_type(arg);
    if (!clang_Cursor_isNull(arg_class) && usr_of(arg_class) == usr_of(element)) continue;
    const std::string ctor = converting_constructor(element, arg);
    if (ctor.empty()) continue;
    if (auto loc = location_of(child)) add_edge(fn->usr, ctor, EdgeKind::Call, *loc);
  }
}

// The single-argument constructor of `cls` that an argument of type `arg`
// converts through: an exact type match first, then the same family
// (integral, floating, text); empty when there is no plausible one.
std::string Visitor::converting_constructor(CXCursor cls, CXType arg) {
  const std::string key = usr_of(cls) + "|" + bare_type(arg);
  if (auto it = converting_.find(key); it != converting_.end()) return it->second;
  CXCursor def = clang_getCursorDefinition(cls);
  if (clang_Cursor_isNull(def)) def = cls;
  const std::string arg_bare = bare_type(arg);
  const CXTypeKind arg_kind = clang_getCanonicalType(arg).kind;
  const bool arg_text = is_string_like_type(arg);
  std::string exact, family, any;
  for (const auto& m : children_of(def)) {
    if (clang_getCursorKind(m) != CXCursor_Constructor || clang_Cursor_getNumArguments(m) != 1) continue;
    if (clang_CXXConstructor_isCopyConstructor(m) || clang_CXXConstructor_isMoveConstructor(m)) continue;
    CXType param = clang_getCursorType(clang_Cursor_getArgument(m, 0));
    CXType pc = clang_getCanonicalType(param);
    if (pc.kind == CXType_LValueReference || pc.kind == CXType_RValueReference)
      pc = clang_getCanonicalType(clang_getPointeeType(pc));
    const std::string usr = usr_of(m);
    if (bare_type(param) == arg_bare) exact = usr;
    if (family.empty() && ((is_integral(arg_kind) && is_integral(pc.kind)) ||
                           (is_floating(arg_kind) && is_floating(pc.kind)) || (arg_text && is_string_like_type(pc)))) {
      family = usr;
    }
    if (any.empty() && (is_integral(arg_kind) || is_floating(arg_kind)) &&
        (is_integral(pc.kind) || is_floating(pc.kind))) {
      any = usr;
    }
  }
  std::string result = !exact.empty() ? exact : !family.empty() ? family : any;
  converting_.emplace(key, result);
  return result;
}

}  // namespace cleave::frontend::detail
