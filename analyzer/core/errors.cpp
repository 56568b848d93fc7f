#include "core/errors.hpp"

#include <algorithm>
#include <vector>

namespace cleave {
namespace {
std::string render(const std::string& file, unsigned line, const std::string& problem, const std::string& remedy) {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  if (!out.empty()) out += ": ";
  out += problem;
  if (!remedy.empty()) out += " (" + remedy + ")";
  return out;
}
}  // namespace

InputError::InputError(std::string file, unsigned line, std::string problem, std::string remedy)
    : std::runtime_error(render(file, line, problem, remedy)),
      file_(std::move(file)),
      line_(line),
      problem_(std::move(problem)),
      remedy_(std::move(remedy)) {}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace cleave
