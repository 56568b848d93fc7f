// Source in, data access out: parses in-memory C++ through the front end
// (system headers, such as a database library's, come from disk) and runs the
// SQL stage on the facts, as `cleave analyze` does.
#pragma once

#include "tests/frontend/frontend_support.hpp"

#include "sql/sql.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace cleave::test {

struct SqlRun {
  Parsed parsed;
  DataAccessFacts data;

  // "function table mode" per access, function by its qualified name, sorted.
  std::vector<std::string> accesses() const {
    std::vector<std::string> out;
    for (const auto& a : data.accesses)
      out.push_back(name_of(a.symbol) + " " + a.table + " " + std::string(to_string(a.mode)));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  // "function: reason" per unresolved site.
  std::vector<std::string> unresolved() const {
    std::vector<std::string> out;
    for (const auto& u : data.unresolved) out.push_back(name_of(u.symbol) + ": " + u.reason);
    return out;
  }
  std::string name_of(const std::string& usr) const {
    for (const auto& s : parsed.model.symbols) {
      if (s.id == usr) return s.name;
    }
    return usr;
  }
};

// files: path relative to /virtual -> content; every .cpp among them is a TU.
// `extra_flags` adds include paths for libraries outside the default ones
// (Qt's, for instance).
// `options` adds to the defaults (declared accesses, a table prefix...).
inline SqlRun analyze_sources(const std::map<std::string, std::string>& files, const std::string& schema = {},
                              const std::vector<std::string>& extra_flags = {}, sql::SqlOptions options = {}) {
  std::vector<std::string> mains;
  for (const auto& [path, content] : files) {
    if (path.size() > 4 && path.substr(path.size() - 4) == ".cpp") mains.push_back(path);
  }
  SqlRun run;
  run.parsed = parse(files, mains, 1, extra_flags);
  for (const auto& tu : run.parsed.tus) {
    for (const auto& d : tu.diagnostics) {
      if (d.severity == "error" || d.severity == "fatal") {
        FAIL("the test source does not compile: " << d.loc.file << ":" << d.loc.line << ": " << d.message);
      }
    }
  }
  options.rule_files.insert(options.rule_files.begin(), std::string(CLEAVE_SOURCE_DIR) + "/rules/db_apis.json");
  if (!schema.empty()) options.schema_texts.push_back({"schema.sql", schema});
  run.data = sql::analyze(run.parsed.tus, options);
  return run;
}

inline SqlRun analyze_source(const std::string& source, const std::string& schema = {},
                             const std::vector<std::string>& extra_flags = {}) {
  return analyze_sources({{"main.cpp", source}}, schema, extra_flags);
}

}  // namespace cleave::test
