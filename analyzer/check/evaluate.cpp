#include "check/check.hpp"

#include <stdexcept>

namespace cleave::check {

std::map<std::string, std::string> contexts_of(const Model&, const Architecture&, const std::string&) {
  throw std::logic_error("contexts_of: not built yet");
}

std::vector<Violation> evaluate(const Model&, const Architecture&, const std::string&) {
  throw std::logic_error("evaluate: not built yet");
}

}  // namespace cleave::check
