#include "reports/common/fitness_words.hpp"

namespace cleave::report {

std::string verdict_words(const std::string& verdict) {
  if (verdict == "ready-after-changes") return "ready after changes";
  if (verdict == "keep-long-running") return "keep as a long-running service";
  return verdict.empty() ? "not judged" : verdict;
}

std::string effort_words(unsigned effort) {
  static const char* const words[] = {"small", "medium", "large"};
  return effort >= 1 && effort <= 3 ? words[effort - 1] : std::to_string(effort);
}

}  // namespace cleave::report
