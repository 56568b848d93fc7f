// Checks every SAM test runs on a generated template: read the YAML back as
// CloudFormation would, validate it against the SAM + CloudFormation subset
// schema, check policy templates, references and CloudFormation's limits.
//
// Contract
//  - yaml_to_json types only plain scalars (quoted and block scalars stay
//    strings), and throws on anything a YAML 1.1 reader (CloudFormation,
//    PyYAML) would read differently from a YAML 1.2 one (yes/no/on/off,
//    1_000, 010, 1e3, 12:30, timestamps, "<<"), on tags (short-form
//    intrinsics like !Ref), on non-string keys and on duplicate keys. So a
//    round trip through it proves the emitter's quoting.
//  - The schemas come from CLEAVE_SHARED_DIR "/schemas" (or a directory
//    given); when a file is missing the loaders throw std::runtime_error whose
//    message says ../shared/schemas/ must sit beside the checkout. Tests fail
//    on it, never skip.
//  - The checkers return problems as readable strings (with a JSON pointer
//    where there is one); an empty vector means the template passed.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace cleave::sam::test {

// The directory the checks read schemas from: CLEAVE_SHARED_DIR "/schemas".
std::filesystem::path default_schemas_dir();

// YAML text -> JSON, with the typing rules above. Throws std::runtime_error
// (with the line) or YAML::Exception on malformed YAML.
nlohmann::json yaml_to_json(const std::string& yaml);
nlohmann::ordered_json yaml_to_ordered_json(const std::string& yaml);  // same, key order kept

// Schema errors of a template against sam-plus-cfn-subset.schema.json
// (draft-04, parsed once per directory), each as "/json/pointer: description".
std::vector<std::string> validate_sam_schema(const nlohmann::json& doc);
std::vector<std::string> validate_sam_schema(const nlohmann::json& doc, const std::filesystem::path& schemas_dir);

// Policy-template entries of every Policies list (Functions, StateMachines,
// Globals) must name a template of policy_templates.json with exactly its
// parameter names.
std::vector<std::string> check_policy_templates(const nlohmann::json& doc);
std::vector<std::string> check_policy_templates(const nlohmann::json& doc, const std::filesystem::path& schemas_dir);

// Ref, Fn::GetAtt, Fn::Sub variables, Fn::FindInMap, DependsOn, Condition and
// Fn::If resolve within the template; a state machine's Definition is data
// whose ${...} keys must be in its DefinitionSubstitutions.
std::vector<std::string> check_references(const nlohmann::json& doc);

// CloudFormation's limits: <= 500 resources, <= 200 parameters, <= 200
// outputs, body <= 1 MiB, logical ids [A-Za-z0-9]{1,255}.
std::vector<std::string> check_limits(const nlohmann::json& doc, const std::string& yaml_text);

// All of the above on one template; each problem prefixed with the check
// ("yaml: ", "schema: ", "policy: ", "ref: ", "limits: ").
std::vector<std::string> check_template(const std::string& yaml_text);

}  // namespace cleave::sam::test
