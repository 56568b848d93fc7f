// The SQL stage's view of a merged program: its call sites, call and
// override edges, locals, symbols, and the string constants the front end
// folded, with string members that only their own class sets to constants
// counted among the constants.
#pragma once

#include "core/facts.hpp"
#include "model/program.hpp"
#include "sql/fold.hpp"

#include <map>
#include <string>
#include <vector>

namespace cleave::sql {

struct Merged {
  const std::vector<CallSite>& sites;
  std::vector<Edge> edges;  // call and override, one per site
  const std::vector<LocalVar>& locals;
  const std::map<std::string, Symbol>& symbols;
  VarTable vars;

  explicit Merged(const Program& p);

 private:
  // A string member that only its own class's functions set, and only to
  // constants (`find_("SELECT ...")` in a constructor), is a constant of the
  // class: a statement run from it belongs to the method that runs it. Any
  // other store (a parameter, code outside the class) leaves it a Field piece,
  // resolved where the SQL is supplied.
  void add_member_constants();
};

// Best-effort qualified name from a clang USR, for callees the front end saw
// only as declarations in library headers: c:@S@QSqlDatabase@F@transaction# ->
// QSqlDatabase::transaction.
std::string decode_usr(const std::string& usr);

// The canonical qualified name of a symbol, decoded from its USR when the
// program has no name for it.
std::string symbol_name(const Merged& m, const std::string& usr);

// What follows the last `::` of a qualified name.
std::string last_component(const std::string& qualified);

// The names a call is known by in the rules: its qualified name first, then
// <object type>::<method> for member calls.
std::vector<std::string> rule_keys(const Merged& m, const CallSite& c);

}  // namespace cleave::sql
