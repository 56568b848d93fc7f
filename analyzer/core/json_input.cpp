#include "core/json_input.hpp"

#include "core/errors.hpp"

namespace cleave {

nlohmann::json parse_json_input(const std::string& text, const std::string& source, const std::string& remedy) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(source, 0, std::string("not valid JSON: ") + e.what(), remedy);
  }
}

}  // namespace cleave
