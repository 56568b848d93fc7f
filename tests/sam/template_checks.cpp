// The template checks (contract in template_checks.hpp): schema, policy
// templates, references, limits.
#include "template_checks.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace cleave::sam::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json read_schema_file(const fs::path& dir, const std::string& name) {
  const fs::path file = dir / name;
  std::ifstream in(file);
  if (!in) {
    throw std::runtime_error(file.string() +
                             " is missing: the schemas directory ../shared/schemas/ must sit beside the checkout "
                             "(shared/ next to the project directory, as in CI; see NOTICE.md there)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// Parsed once per directory: the SAM schema is 750 KB.
template <class T, class Make>
const T& cached(const fs::path& dir, Make make) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<T>> cache;
  const std::lock_guard lock(mutex);
  auto& slot = cache[dir.lexically_normal().string()];
  if (!slot) slot = make();
  return *slot;
}

const valijson::Schema& sam_schema(const fs::path& dir) {
  return cached<valijson::Schema>(dir, [&] {
    const json doc = read_schema_file(dir, "sam-plus-cfn-subset.schema.json");
    auto schema = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *schema);
    return schema;
  });
}

const json& policy_templates(const fs::path& dir) {
  return cached<json>(
      dir, [&] { return std::make_unique<json>(read_schema_file(dir, "policy_templates.json").at("Templates")); });
}

std::string pointer_token(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// valijson's context ("<root>", "[Resources]", "[0]") as a JSON pointer.
std::string context_pointer(const std::vector<std::string>& context) {
  std::string out;
  for (const auto& part : context) {
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
      out += '/' + pointer_token(std::string_view(part).substr(1, part.size() - 2));
    }
  }
  return out.empty() ? "/" : out;
}

void append_prefixed(std::vector<std::string>& out, const std::string& prefix, const std::vector<std::string>& in) {
  for (const auto& s : in) out.push_back(prefix + s);
}

// --- policies -------------------------------------------------------------

void check_policy_entry(const json& entry, const std::string& where, const json& templates,
                        std::vector<std::string>& problems) {
  if (!entry.is_object() || entry.size() != 1) return;  // a managed policy name or an inline document
  const std::string& name = entry.begin().key();
  const json& params = entry.begin().value();
  if (name == "Statement" || name == "Ref" || name.starts_with("Fn::")) return;
  if (!templates.contains(name)) {
    problems.push_back(where + ": unknown policy template '" + name + "'");
    return;
  }
  std::set<std::string> expected;
  const json declared = templates[name].value("Parameters", json::object());
  for (const auto& [p, _] : declared.items()) expected.insert(p);
  if (!params.is_object()) {
    problems.push_back(where + ": " + name + " takes an object of parameters");
    return;
  }
  std::set<std::string> given;
  for (const auto& [p, _] : params.items()) given.insert(p);
  for (const auto& p : given) {
    if (!expected.contains(p)) problems.push_back(where + ": " + name + " has no parameter '" + p + "'");
  }
  for (const auto& p : expected) {
    if (!given.contains(p)) problems.push_back(where + ": " + name + " needs parameter '" + p + "'");
  }
}

void check_policies(const json& policies, const std::string& where, const json& templates,
                    std::vector<std::string>& problems) {
  if (policies.is_array()) {
    for (std::size_t i = 0; i < policies.size(); ++i) {
      check_policy_entry(policies[i], where + "/" + std::to_string(i), templates, problems);
    }
  } else {
    check_policy_entry(policies, where, templates, problems);
  }
}

// --- references -----------------------------------------------------------

bool is_pseudo(const std::string& name) {
  static const std::set<std::string> pseudo = {"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
                                               "AWS::Partition", "AWS::Region",           "AWS::StackId",
                                               "AWS::StackName", "AWS::URLSuffix"};
  return pseudo.contains(name);
}

std::set<std::string> keys_of(const json& doc, const char* section) {
  std::set<std::string> out;
  if (doc.contains(section) && doc[section].is_object()) {
    for (const auto& [k, _] : doc[section].items()) out.insert(k);
  }
  return out;
}

// ${Name} and ${Name.Attr} of an Fn::Sub string or a state machine
// definition; ${!Literal} is text.
std::vector<std::string> sub_variables(std::string_view s) {
  std::vector<std::string> vars;
  for (std::size_t pos = s.find("${"); pos != std::string_view::npos; pos = s.find("${", pos)) {
    if (pos + 2 < s.size() && s[pos + 2] == '!') {
      pos += 3;
      continue;
    }
    const std::size_t end = s.find('}', pos + 2);
    if (end == std::string_view::npos) break;
    vars.emplace_back(s.substr(pos + 2, end - pos - 2));
    pos = end + 1;
  }
  return vars;
}

class References {
 public:
  explicit References(const json& doc)
      : resources_(keys_of(doc, "Resources")),
        parameters_(keys_of(doc, "Parameters")),
        conditions_(keys_of(doc, "Conditions")),
        mappings_(keys_of(doc, "Mappings")) {
    add_sam_implicit(doc);
  }

  std::vector<std::string> check(const json& doc) {
    if (doc.contains("Resources") && doc["Resources"].is_object()) {
      for (const auto& [id, res] : doc["Resources"].items()) resource(id, res);
    }
    if (doc.contains("Outputs") && doc["Outputs"].is_object()) {
      for (const auto& [id, out] : doc["Outputs"].items()) {
        const std::string where = "/Outputs/" + pointer_token(id);
        if (out.is_object() && out.contains("Condition")) condition(out["Condition"], where + "/Condition");
        walk(out, where, false);
      }
    }
    if (doc.contains("Conditions")) walk(doc["Conditions"], "/Conditions", true);
    if (doc.contains("Globals")) walk(doc["Globals"], "/Globals", false);
    return std::move(problems_);
  }

 private:
  // Resources SAM's transform creates, which templates may reference.
  void add_sam_implicit(const json& doc) {
    if (!doc.contains("Resources") || !doc["Resources"].is_object()) return;
    for (const auto& [id, res] : doc["Resources"].items()) {
      if (!res.is_object()) continue;
      const std::string type = res.value("Type", "");
      const json props = res.value("Properties", json::object());
      if (type != "AWS::Serverless::Function" && type != "AWS::Serverless::StateMachine") continue;
      if (!props.contains("Role")) implicit_.insert(id + "Role");
      if (props.contains("AutoPublishAlias")) implicit_.insert({id + ".Alias", id + ".Version"});
      const json events = props.value("Events", json::object());
      for (const auto& [_, event] : events.items()) {
        const std::string event_type = event.value("Type", "");
        const json event_props = event.value("Properties", json::object());
        if (event_type == "HttpApi" && !event_props.contains("ApiId")) implicit_.insert("ServerlessHttpApi");
        if (event_type == "Api" && !event_props.contains("RestApiId")) implicit_.insert("ServerlessRestApi");
      }
    }
  }

  bool is_resource(const std::string& name) const { return resources_.contains(name) || implicit_.contains(name); }

  void ref(const json& target, const std::string& where) {
    if (!target.is_string()) {
      problems_.push_back(where + ": Ref takes a logical id");
      return;
    }
    const std::string name = target.get<std::string>();
    if (!is_resource(name) && !parameters_.contains(name) && !is_pseudo(name)) {
      problems_.push_back(where + ": Ref to '" + name + "', which is no resource, parameter or pseudo parameter");
    }
  }

  void get_att(const std::string& name, const std::string& where) {
    if (!is_resource(name)) problems_.push_back(where + ": Fn::GetAtt of '" + name + "', which is no resource");
  }

  void condition(const json& target, const std::string& where) {
    if (!target.is_string() || !conditions_.contains(target.get<std::string>())) {
      problems_.push_back(where + ": condition " + target.dump() + " is not in Conditions");
    }
  }

  void sub(const json& arg, const std::string& where) {
    std::set<std::string> locals;
    const json* text = &arg;
    if (arg.is_array() && arg.size() == 2 && arg[1].is_object()) {
      for (const auto& [k, v] : arg[1].items()) {
        locals.insert(k);
        walk(v, where + "/1/" + pointer_token(k), false);
      }
      text = &arg[0];
    }
    if (!text->is_string()) {
      problems_.push_back(where + ": Fn::Sub takes a string or [string, {variables}]");
      return;
    }
    for (const auto& var : sub_variables(text->get<std::string>())) {
      if (locals.contains(var)) continue;
      const std::size_t dot = var.find('.');
      if (dot != std::string::npos) {
        get_att(var.substr(0, dot), where + " (${" + var + "})");
      } else if (!is_resource(var) && !parameters_.contains(var) && !is_pseudo(var)) {
        problems_.push_back(where + ": Fn::Sub variable ${" + var +
                            "} is no resource, parameter, pseudo parameter or local variable");
      }
    }
  }

  void intrinsic(const std::string& key, const json& arg, const std::string& where, bool in_conditions) {
    if (key == "Ref") {
      ref(arg, where);
    } else if (key == "Fn::GetAtt") {
      if (arg.is_array() && arg.size() == 2 && arg[0].is_string()) {
        get_att(arg[0].get<std::string>(), where);
        walk(arg[1], where + "/1", in_conditions);
      } else if (arg.is_string() && arg.get<std::string>().find('.') != std::string::npos) {
        const std::string s = arg.get<std::string>();
        get_att(s.substr(0, s.find('.')), where);
      } else {
        problems_.push_back(where + ": Fn::GetAtt takes [Resource, Attribute] or \"Resource.Attribute\"");
      }
    } else if (key == "Fn::Sub") {
      sub(arg, where);
    } else if (key == "Fn::If") {
      if (arg.is_array() && arg.size() == 3) {
        condition(arg[0], where + "/0");
        walk(arg[1], where + "/1", in_conditions);
        walk(arg[2], where + "/2", in_conditions);
      } else {
        problems_.push_back(where + ": Fn::If takes [Condition, then, else]");
      }
    } else if (key == "Fn::FindInMap") {
      if (arg.is_array() && !arg.empty() && arg[0].is_string() && !mappings_.contains(arg[0].get<std::string>())) {
        problems_.push_back(where + ": Fn::FindInMap of '" + arg[0].get<std::string>() + "', which is no mapping");
      }
      walk(arg, where, in_conditions);
    } else if (key == "Condition" && in_conditions) {
      condition(arg, where);
    }
  }

  void walk(const json& v, const std::string& where, bool in_conditions) {
    if (v.is_object()) {
      for (const auto& [k, child] : v.items()) {
        const std::string at = where + "/" + pointer_token(k);
        if (k == "Ref" || k == "Fn::GetAtt" || k == "Fn::Sub" || k == "Fn::If" || k == "Fn::FindInMap" ||
            (k == "Condition" && in_conditions)) {
          intrinsic(k, child, at, in_conditions);
        } else {
          walk(child, at, in_conditions);
        }
      }
    } else if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) walk(v[i], where + "/" + std::to_string(i), in_conditions);
    }
  }

  void resource(const std::string& id, const json& res) {
    const std::string where = "/Resources/" + pointer_token(id);
    if (!res.is_object()) return;
    for (const auto& [k, v] : res.items()) {
      const std::string at = where + "/" + pointer_token(k);
      if (k == "DependsOn") {
        for (const json& dep : v.is_array() ? v : json::array({v})) {
          if (!dep.is_string() || !resources_.contains(dep.get<std::string>())) {
            problems_.push_back(at + ": DependsOn " + dep.dump() + " is no resource of this template");
          }
        }
      } else if (k == "Condition") {
        condition(v, at);
      } else if (k == "Properties" && res.value("Type", "") == "AWS::Serverless::StateMachine" && v.is_object()) {
        state_machine(v, at);
      } else {
        walk(v, at, false);
      }
    }
  }

  // A state machine's Definition is Step Functions data, not CloudFormation:
  // its ${key}s are filled from DefinitionSubstitutions, whose values are the
  // template's intrinsics.
  void state_machine(const json& props, const std::string& where) {
    std::set<std::string> substitutions;
    if (props.contains("DefinitionSubstitutions") && props["DefinitionSubstitutions"].is_object()) {
      for (const auto& [k, _] : props["DefinitionSubstitutions"].items()) substitutions.insert(k);
    }
    for (const auto& [k, v] : props.items()) {
      if (k == "Definition") {
        definition_keys(v, where + "/Definition", substitutions);
      } else {
        walk(v, where + "/" + pointer_token(k), false);
      }
    }
  }

  void definition_keys(const json& v, const std::string& where, const std::set<std::string>& substitutions) {
    if (v.is_string()) {
      for (const auto& key : sub_variables(v.get<std::string>())) {
        if (!substitutions.contains(key)) {
          problems_.push_back(where + ": ${" + key + "} is not in DefinitionSubstitutions");
        }
      }
    } else if (v.is_object()) {
      for (const auto& [k, child] : v.items()) definition_keys(child, where + "/" + pointer_token(k), substitutions);
    } else if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) definition_keys(v[i], where + "/" + std::to_string(i), substitutions);
    }
  }

  std::set<std::string> resources_, parameters_, conditions_, mappings_, implicit_;
  std::vector<std::string> problems_;
};

}  // namespace

fs::path default_schemas_dir() { return fs::path(CLEAVE_SHARED_DIR) / "schemas"; }

std::vector<std::string> validate_sam_schema(const json& doc) {
  return validate_sam_schema(doc, default_schemas_dir());
}

std::vector<std::string> validate_sam_schema(const json& doc, const fs::path& schemas_dir) {
  const valijson::Schema& schema = sam_schema(schemas_dir);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  std::vector<std::string> errors;
  if (validator.validate(schema, target, &results)) return errors;
  std::set<std::string> seen;  // anyOf over resource types repeats itself
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    std::string line = context_pointer(e.context) + ": " + e.description;
    if (seen.insert(line).second) errors.push_back(std::move(line));
  }
  return errors;
}

std::vector<std::string> check_policy_templates(const json& doc) {
  return check_policy_templates(doc, default_schemas_dir());
}

std::vector<std::string> check_policy_templates(const json& doc, const fs::path& schemas_dir) {
  const json& templates = policy_templates(schemas_dir);
  std::vector<std::string> problems;
  if (doc.contains("Resources") && doc["Resources"].is_object()) {
    for (const auto& [id, res] : doc["Resources"].items()) {
      if (!res.is_object() || !res.contains("Properties") || !res["Properties"].is_object()) continue;
      const std::string type = res.value("Type", "");
      if (type != "AWS::Serverless::Function" && type != "AWS::Serverless::StateMachine") continue;
      if (res["Properties"].contains("Policies")) {
        check_policies(res["Properties"]["Policies"], "/Resources/" + pointer_token(id) + "/Properties/Policies",
                       templates, problems);
      }
    }
  }
  if (doc.contains("Globals") && doc["Globals"].is_object()) {
    for (const auto& [kind, globals] : doc["Globals"].items()) {
      if (globals.is_object() && globals.contains("Policies")) {
        check_policies(globals["Policies"], "/Globals/" + pointer_token(kind) + "/Policies", templates, problems);
      }
    }
  }
  return problems;
}

std::vector<std::string> check_references(const json& doc) { return References(doc).check(doc); }

std::vector<std::string> check_limits(const json& doc, const std::string& yaml_text) {
  std::vector<std::string> problems;
  constexpr std::size_t kMaxBody = 1'048'576;
  if (yaml_text.size() > kMaxBody) {
    problems.push_back("template body is " + std::to_string(yaml_text.size()) + " bytes, over 1 MiB");
  }
  const std::pair<const char*, std::size_t> limits[] = {
      {"Resources", 500}, {"Parameters", 200}, {"Outputs", 200}, {"Conditions", 0}, {"Mappings", 200}};
  for (const auto& [section, max] : limits) {
    if (!doc.contains(section) || !doc[section].is_object()) continue;
    const json& entries = doc[section];
    if (max != 0 && entries.size() > max) {
      problems.push_back(std::string(section) + " has " + std::to_string(entries.size()) + " entries, over " +
                         std::to_string(max));
    }
    for (const auto& [id, _] : entries.items()) {
      const bool alnum = !id.empty() && id.find_first_not_of(
                                            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                            "0123456789") == std::string::npos;
      if (!alnum || id.size() > 255) {
        problems.push_back("/" + std::string(section) + "/" + pointer_token(id) +
                           ": logical id must be [A-Za-z0-9], 1 to 255 characters");
      }
    }
  }
  return problems;
}

std::vector<std::string> check_template(const std::string& yaml_text) {
  json doc;
  try {
    doc = yaml_to_json(yaml_text);
  } catch (const std::exception& e) {
    return {std::string("yaml: ") + e.what()};
  }
  std::vector<std::string> problems;
  append_prefixed(problems, "schema: ", validate_sam_schema(doc));
  append_prefixed(problems, "policy: ", check_policy_templates(doc));
  append_prefixed(problems, "ref: ", check_references(doc));
  append_prefixed(problems, "limits: ", check_limits(doc, yaml_text));
  return problems;
}

}  // namespace cleave::sam::test
