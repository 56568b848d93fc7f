// .sql files the code reads at run time by a name written in it
// (`exec(readFile("sql/find_user.sql"))`, `loadQuery("find_user")`,
// `std::ifstream f("db/report.sql")`): the front end records the name as a
// File piece; this finds the file in the project and gives its text.
//
// Contract
//  - A name is looked up as written (with `.sql` added when it has no
//    extension) relative to the project root, then to each query folder
//    (`sql.query_dirs`) in order; failing that, by its file name alone among
//    the project's .sql files (a loader that adds its own folder), when
//    exactly one file has that name. Build trees, hidden folders and
//    node_modules are not searched.
//  - In-memory files (tests) are keyed by their path relative to the root
//    and take precedence over the disk.
//  - An absolute name counts only under the root or a query folder.
//  - Deterministic: the same inputs find the same file, whatever the order
//    the file system lists folders in.
#pragma once

#include "core/facts.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cleave::sql {

struct SourceText;

class QueryFiles {
 public:
  QueryFiles() = default;
  QueryFiles(std::string root, std::vector<std::string> dirs, const std::vector<SourceText>& texts);

  // The text of the file `name` names; nullptr when it is not in the project.
  const std::string* find(const std::string& name) const;

 private:
  std::optional<std::string> lookup(const std::string& name) const;
  const std::map<std::string, std::vector<std::string>>& by_file_name() const;

  std::string root_;
  std::vector<std::string> dirs_;
  std::map<std::string, std::string> texts_;  // path relative to the root -> text
  mutable std::map<std::string, std::optional<std::string>> found_;
  mutable std::optional<std::map<std::string, std::vector<std::string>>> index_;  // file name -> paths
};

// The first File piece of `alt` (one not found in the project), or null.
const Piece* first_file(const StrAlternative& alt);
// Why a site reading `name` at run time is unresolved, and the .cleave.yaml
// line that would map it.
std::string unread_file_reason(const std::string& name);
inline constexpr const char* kQueryDirsSuggestion = "query_dirs: [FOLDER]";

}  // namespace cleave::sql
