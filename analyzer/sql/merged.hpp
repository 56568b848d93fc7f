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

}  // namespace cleave::sql
