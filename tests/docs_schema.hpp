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

// The first ten errors of `doc` against the JSON Schema in `schema_path`
// ("<where>: <what>"), empty when `doc` is valid.
inline std::vector<std::string> schema_errors(
    const std::filesystem::path& schema_path, const nlohmann::json& doc,
    valijson::SchemaParser::Version version = valijson::SchemaParser::kDraft7) {
  std::ifstream in(schema_path);
  if (!in) throw std::runtime_error("cannot read the schema " + schema_path.string());
  const nlohmann::json schema_doc = nlohmann::json::parse(in);
  valijson::Schema schema;
  valijson::SchemaParser parser(version);
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

// The same against one of the schemas cleave publishes in docs/.
inline std::vector<std::string> docs_schema_errors(const std::string& schema_file, const nlohmann::json& doc) {
  return schema_errors(std::filesystem::path(CLEAVE_SOURCE_DIR) / "docs" / schema_file, doc);
}

}  // namespace cleave::test
