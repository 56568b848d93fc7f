// Pass: the composition root is kernel.
// Reads: the unit groups' heads and their pins.
// Decides: the program's entry point (a free function named main, not
//   pinned) is shared kernel: it wires every service together and belongs to
//   none.
// Introduced in cc3252f (main had been left in a service on vetclinic).
#include "decompose/partition/partitioner.hpp"

namespace cleave::decompose::detail {

void Partitioner::mark_composition_root() {
  for (std::uint32_t g = 0; g < group_.size(); ++g) {
    Node& head = out_.nodes[group_[g][0]];
    if (head.kind == NodeKind::Function && head.name == "main" && !head.kernel && head.label < 0) {
      head.kernel = true;
      out_.kernel_reasons[head.key] = "the program's entry point (composition root) wires the services together";
    }
  }
}

}  // namespace cleave::decompose::detail
