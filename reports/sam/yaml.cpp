// Placeholder emitter (replaced by the real one).
#include "reports/sam/yaml.hpp"

namespace cleave::sam {

std::string to_yaml(const nlohmann::ordered_json& doc) { return doc.dump(2) + "\n"; }

}  // namespace cleave::sam
