// SQL handed to functions whose body cleave did not read: the project's
// database layer left out of the analysed TUs (a subset chosen with
// --include, a library built elsewhere), or a database library the rules do
// not know.
//
// Contract
//  - A call counts when its callee is not a known sink, its body is not among
//    the analysed TUs (no definition in the program, and no analysed override
//    of it: a pure virtual runs its overrides), it is not a library
//    class's constructor (sql::SQLString: a conversion), and it is not a string,
//    formatting, logging-to-stdio or standard-library function (their strings
//    are folded by the front end, or printed); per (callee, argument), the
//    constant strings passed there are split into SQL (libpg_query accepts
//    every statement and one names a table or routine) and other text.
//  - An argument that receives SQL and nothing else is unambiguous: the
//    callee is taken as a database API there (the SQL stage adds it as a
//    sink and says so in a note). One that also receives other text is not:
//    each site passing SQL is unresolved, with the `.cleave.yaml` line that
//    names the API.
//  - A project function that hands its own parameter on is judged by what
//    its callers pass for it (through up to kMaxForwarding calls): the SQL
//    sites are those callers' sites, where a wrapper's accesses land. A
//    parameter the function also hands to a known database API is not
//    followed: the unread function then sees SQL being run (a log line).
//  - Deterministic: the result is sorted by function name, then argument.
#pragma once

#include "core/facts.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cleave::sql {

inline constexpr int kMaxForwarding = 8;

// A call site that supplies SQL to an unread function, itself or through
// project functions that pass a parameter on.
struct UnreadSqlSite {
  std::size_t site = 0;  // index of the call site that supplies the SQL
  StrAlternative sql;
  std::string through;  // USR of the project function that calls the unread one; empty: `site` does
};

struct UnreadApi {
  std::string function;                  // canonical qualified name: Database::storeQuery
  int sql_arg = 0;                       // the argument carrying SQL
  std::vector<UnreadSqlSite> sql_sites;  // by site index, ascending, one per site
  unsigned other_calls = 0;              // calls passing it a constant that is not SQL
  bool unambiguous() const { return other_calls == 0; }
};

struct UnreadApiInput {
  const std::vector<CallSite>* sites = nullptr;
  const std::map<std::string, Symbol>* symbols = nullptr;
  // The site calls something the rules or the project's wrappers know.
  std::function<bool(const CallSite&)> known;
  // The canonical name the rules would know the callee by.
  std::function<std::string(const CallSite&)> name_of;
  // Arguments of site i, expanded into alternatives.
  std::function<const std::map<int, std::vector<StrAlternative>>&(std::size_t)> args_of;
  // Virtual methods that a function the project defines overrides: a call of
  // one runs code cleave read (a pure virtual SqlConnection::Query).
  std::set<std::string> overridden;
};

std::vector<UnreadApi> find_unread_apis(const UnreadApiInput& in);

// libpg_query accepts every statement of `text` (placeholders normalised) and
// one of them names a table or a stored routine.
bool looks_like_sql(const std::string& text);

}  // namespace cleave::sql
