// Validation of a document against one of the JSON Schemas cleave publishes
// in docs/ (model.schema.json, proposal.schema.json), shared by the tests
// that hold generated JSON to them. Needs CLEAVE_SOURCE_DIR.
#pragma once

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace cleave::test {

// The first ten errors ("<where>: <what>"), empty when `doc` is valid.
inline std::vector<std::string> docs_schema_errors(const std::string& schema_file, const nlohmann::json& doc) {
  const std::filesystem::path path = std::filesystem::path(CLEAVE_SOURCE_DIR) / "docs" / schema_file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the schema " + path.string());
  const nlohmann::json schema_doc = nlohmann::json::parse(in);
  valijson::Schema schema;
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
  parser.populateSchema(schema_adapter, schema);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  std::vector<std::string> errors;
  if (!validator.validate(schema, target, &results)) {
    valijson::ValidationResults::Error e;
    while (results.popError(e) && errors.size() < 10) {
      std::string where;
      for (const auto& c : e.context) where += c;
      errors.push_back(where + ": " + e.description);
    }
  }
  return errors;
}

}  // namespace cleave::test
