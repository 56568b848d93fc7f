// Pass: generated code is a contract.
// Reads: the unit groups' heads and the model's generated files
//   (Model::generated: protobuf, Qt moc/rcc/uic output, files under the
//   build directory or whose header says they are generated).
// Decides: every unit defined in a generated file is shared kernel: a wire
//   contract that the services exchange, never a service member and so
//   never an API operation; out of the clustering graph, its type uses glue
//   no services together. A config pin still wins.
// Introduced for issue 16 item 8: on Servatrice 17 of 28 proposed services
//   were bundles of generated protobuf messages (docs/real-code.md).
#include "decompose/partition/partitioner.hpp"

namespace cleave::decompose::detail {

void Partitioner::mark_generated_code() {
  for (std::uint32_t g = 0; g < group_.size(); ++g) {
    const Node& head = out_.nodes[group_[g][0]];
    auto kind = generated_.find(head.file);
    if (kind == generated_.end() || head.kernel || head.label >= 0) continue;
    for (auto n : group_[g]) {
      out_.nodes[n].kernel = true;
      out_.kernel_reasons[out_.nodes[n].key] =
          "generated code (" + kind->second + "): a wire contract the services share, not a service of its own";
    }
  }
}

}  // namespace cleave::decompose::detail
