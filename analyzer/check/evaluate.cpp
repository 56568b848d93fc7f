#include "check/check.hpp"

#include <stdexcept>

namespace cleave::check {

std::vector<Violation> evaluate(const Model&, const Architecture&, const std::string&) {
  throw std::logic_error("evaluate: not built yet");
}

}  // namespace cleave::check
