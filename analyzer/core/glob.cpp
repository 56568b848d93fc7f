#include "core/glob.hpp"

namespace cleave {
namespace {

bool match_from(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      std::string_view rest = p.substr(2);
      if (!rest.empty() && rest.front() == '/') {
        // "**/" matches zero or more whole components.
        std::string_view after = rest.substr(1);
        if (match_from(after, s)) return true;
        for (std::size_t i = 0; i < s.size(); ++i) {
          if (s[i] == '/' && match_from(after, s.substr(i + 1))) return true;
        }
        return false;
      }
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (match_from(rest, s.substr(i))) return true;
      }
      return false;
    }
    const char c = p.front();
    if (c == '*') {
      std::string_view rest = p.substr(1);
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (match_from(rest, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') return false;
      }
      return false;
    }
    if (s.empty()) return false;
    if (c == '?') {
      if (s.front() == '/') return false;
    } else if (c != s.front()) {
      return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  if (pattern.empty()) return false;
  if (pattern.front() == '/') return match_from(pattern, path);
  // Relative pattern: match any suffix that starts at a component boundary.
  if (match_from(pattern, path)) return true;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && match_from(pattern, path.substr(i + 1))) return true;
  }
  return false;
}

PathFilter::PathFilter(std::vector<std::string> include, std::vector<std::string> exclude)
    : include_(std::move(include)), exclude_(std::move(exclude)) {}

bool PathFilter::selects(std::string_view path) const {
  bool included = include_.empty();
  for (const auto& p : include_) {
    if (glob_match(p, path)) {
      included = true;
      break;
    }
  }
  if (!included) return false;
  for (const auto& p : exclude_) {
    if (glob_match(p, path)) return false;
  }
  return true;
}

}  // namespace cleave
