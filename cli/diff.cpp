// `cleave diff`: placeholder until the diff lands (helper branch).
#include "cli/check.hpp"

#include "core/errors.hpp"

#include <ostream>

namespace cleave::cli {

int diff(const DiffOptions& options, std::ostream& out) {
  (void)options;
  out << "cleave diff: not built yet\n";
  return static_cast<int>(ExitCode::Internal);
}

}  // namespace cleave::cli
