#include "core/errors.hpp"

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

}  // namespace cleave
