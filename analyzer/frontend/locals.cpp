// Locals: the variables a function body declares, and how long they live.
//
// Contract
//  - Produces a LocalVar for every local variable of a function body
//    (VarDecl inside a function), with its qualified type, the line where its
//    innermost block ends, and its position among the function's locals and
//    call sites. The SQL stage reads these to find RAII transaction objects
//    (pqxx::work, soci::transaction...) and where they end.
//  - Records every local's USR in the function's state, so calls.cpp never
//    makes a Reference edge to a local and sql_strings.cpp knows which
//    objects it may track; string and stream locals start being tracked once
//    their initializer has been walked.
//  - Tracks block scopes (CompoundStmt): the end line of the innermost one.
#include "frontend/cursors.hpp"
#include "frontend/visitor.hpp"

namespace cleave::frontend::detail {

void Visitor::visit_local_var(CXCursor c) {
  FunctionState* fn = current_function();
  const std::string usr = usr_of(c);
  CXType type = clang_getCursorType(c);
  fn->local_vars.insert(usr);
  auto loc = location_of(c);
  if (loc) {
    LocalVar lv;
    lv.function = fn->usr;
    lv.var = usr;
    lv.name = take(clang_getCursorSpelling(c));
    lv.type = qualified_type_name(type);
    lv.loc = *loc;
    lv.scope_end_line = scope_end_line_;
    lv.order = fn->order++;
    out_.locals.push_back(std::move(lv));
  }
  visit_children(c);  // calls in the initializer, type uses
  track_local_string(*fn, c, usr, type);
}

// Locals live until the end of the innermost block.
void Visitor::visit_block(CXCursor c) {
  const unsigned saved = scope_end_line_;
  unsigned end_line = 0;
  clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)), nullptr, &end_line, nullptr, nullptr);
  scope_end_line_ = end_line;
  visit_children(c);
  scope_end_line_ = saved;
}

std::string Visitor::local_var_of(CXCursor expr) {
  CXCursor s = strip(expr);
  if (clang_getCursorKind(s) != CXCursor_DeclRefExpr) return {};
  CXCursor ref = clang_getCursorReferenced(s);
  if (clang_getCursorKind(ref) != CXCursor_VarDecl) return {};
  FunctionState* fn = current_function();
  std::string usr = usr_of(ref);
  if (!fn || fn->local_vars.count(usr) == 0) return {};
  return usr;
}

}  // namespace cleave::frontend::detail
