// Reading a JSON document the user handed us (model.json, proposal.json, an
// expected decomposition): a parse failure becomes an InputError naming the
// file, with the parser's line and column.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace cleave {

nlohmann::json parse_json_input(const std::string& text, const std::string& source, const std::string& remedy = {});

}  // namespace cleave
