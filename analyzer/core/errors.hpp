// Tool failures as typed exceptions, caught once in the CLI and mapped to an
// exit code with an actionable message. Findings are never exceptions.
#pragma once

#include <stdexcept>
#include <string>

namespace cleave {

enum class ExitCode : int {
  Ok = 0,
  Findings = 1,  // check: violations found
  BadInput = 2,  // missing/malformed input, invalid config, unwritable output
  Internal = 3,
};

// Bad input from the user: names the file (and line when known), the problem
// and what to do about it.
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, unsigned line, std::string problem, std::string remedy = {});
  const std::string& file() const { return file_; }
  unsigned line() const { return line_; }
  const std::string& problem() const { return problem_; }
  const std::string& remedy() const { return remedy_; }

 private:
  std::string file_;
  unsigned line_;
  std::string problem_;
  std::string remedy_;
};

// Levenshtein distance, for the close matches an error message suggests
// ("did you mean ...").
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace cleave
