#include "check/check.hpp"

#include <stdexcept>

namespace cleave::check {

Architecture accept(const Model&, const Proposal&, const std::string&, const Architecture*) {
  throw std::logic_error("accept: not built yet");
}

}  // namespace cleave::check
