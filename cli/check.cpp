// accept, check and baseline: placeholders until the check lands.
#include "cli/check.hpp"

#include "core/errors.hpp"

#include <ostream>

namespace cleave::cli {

int accept(const AcceptOptions&, std::ostream& out) {
  out << "cleave accept: not built yet\n";
  return static_cast<int>(ExitCode::Internal);
}
int check(const CheckOptions&, std::ostream& out, std::ostream&) {
  out << "cleave check: not built yet\n";
  return static_cast<int>(ExitCode::Internal);
}
int baseline(const CheckOptions&, std::ostream& out, std::ostream&) {
  out << "cleave baseline: not built yet\n";
  return static_cast<int>(ExitCode::Internal);
}

}  // namespace cleave::cli
