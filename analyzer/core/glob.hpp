// Path globs for --include/--exclude and config: `*` matches within a path
// component, `**` across components, `?` one character. A pattern without a
// slash matches the file name or any trailing part of the path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cleave {

bool glob_match(std::string_view pattern, std::string_view path);

class PathFilter {
 public:
  PathFilter() = default;
  PathFilter(std::vector<std::string> include, std::vector<std::string> exclude);
  // True when `path` is selected: it matches an include (or there are none)
  // and matches no exclude.
  bool selects(std::string_view path) const;

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
};

}  // namespace cleave
