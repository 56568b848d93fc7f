#include "check/architecture.hpp"

#include <stdexcept>

namespace cleave::check {

std::string_view to_string(DependencyKind kind) { return kind == DependencyKind::Async ? "async" : "sync"; }

const Context* Architecture::find(std::string_view name) const {
  if (name == kKernelName) return &shared_kernel;
  for (const Context& c : contexts) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Architecture parse_architecture(std::string_view, const std::string&) {
  throw std::logic_error("parse_architecture: not built yet");
}
Architecture load_architecture(const std::filesystem::path&) {
  throw std::logic_error("load_architecture: not built yet");
}
std::string write_architecture(const Architecture&, std::string_view) {
  throw std::logic_error("write_architecture: not built yet");
}

}  // namespace cleave::check
