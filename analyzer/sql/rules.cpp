#include "sql/rules.hpp"

#include "core/errors.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace cleave::sql {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& origin, const std::string& key, const std::string& problem) {
  throw InputError(origin, 0, key + ": " + problem, "see rules/README.md for the rule format");
}

void check_keys(const json& obj, const std::string& origin, const std::string& where,
                const std::set<std::string>& allowed) {
  if (!obj.is_object()) fail(origin, where, "expected an object");
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (!allowed.count(it.key())) fail(origin, where + "." + it.key(), "unknown key");
  }
}

std::string get_string(const json& obj, const std::string& origin, const std::string& where, const char* key,
                       bool required) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) fail(origin, where + "." + key, "missing");
    return {};
  }
  if (!it->is_string() || it->get<std::string>().empty())
    fail(origin, where + "." + key, "expected a non-empty string");
  return it->get<std::string>();
}

// A required argument index, at least `min`.
int get_index(const json& obj, const std::string& origin, const std::string& where, const char* key, int min) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(origin, where + "." + key, "missing");
  if (!it->is_number_integer() || it->get<int>() < min)
    fail(origin, where + "." + key, "expected an integer >= " + std::to_string(min));
  return it->get<int>();
}

const json* array_of(const json& root, const char* key, const std::string& origin) {
  auto it = root.find(key);
  if (it == root.end()) return nullptr;
  if (!it->is_array()) fail(origin, key, "expected an array");
  return &*it;
}

}  // namespace

std::string canonical_name(std::string_view q) {
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    char c = q[i];
    // operator<<, operator<=> ... are names, not template brackets.
    if (depth == 0 && q.substr(i, 8) == "operator") {
      std::size_t j = i + 8;
      while (j < q.size() && std::string_view("<>=!+-*/%^&|~[]()").find(q[j]) != std::string_view::npos) ++j;
      out += q.substr(i, j - i);
      i = j - 1;
      continue;
    }
    if (c == '<')
      ++depth;
    else if (c == '>')
      depth = depth > 0 ? depth - 1 : 0;
    else if (depth == 0 && c != ' ')
      out += c;
  }
  if (out.rfind("::", 0) == 0) out.erase(0, 2);
  return out;
}

Rules parse_rules(std::string_view text, const std::string& origin) {
  json root = json::parse(text, nullptr, false, /*ignore_comments=*/true);
  if (root.is_discarded()) fail(origin, "(document)", "not valid JSON");
  check_keys(root, origin, "(document)",
             {"schema_version", "description", "sinks", "transaction_calls", "transaction_types"});
  if (auto v = root.find("schema_version"); v != root.end() && (!v->is_number_integer() || v->get<int>() != 1)) {
    fail(origin, "schema_version", "expected 1");
  }
  Rules rules;
  if (const json* sinks = array_of(root, "sinks", origin)) {
    for (std::size_t i = 0; i < sinks->size(); ++i) {
      const json& s = (*sinks)[i];
      std::string where = "sinks[" + std::to_string(i) + "]";
      check_keys(s, origin, where, {"api", "callee", "sql_arg", "name_arg", "kind", "note"});
      SinkRule r;
      r.api = get_string(s, origin, where, "api", false);
      r.callee = canonical_name(get_string(s, origin, where, "callee", true));
      std::string kind = get_string(s, origin, where, "kind", false);
      if (kind.empty() || kind == "execute")
        r.kind = SinkKind::Execute;
      else if (kind == "prepare")
        r.kind = SinkKind::Prepare;
      else if (kind == "prepare_named")
        r.kind = SinkKind::PrepareNamed;
      else if (kind == "execute_named")
        r.kind = SinkKind::ExecuteNamed;
      else if (kind == "bulk_write")
        r.kind = SinkKind::BulkWrite;
      else if (kind == "bulk_read")
        r.kind = SinkKind::BulkRead;
      else
        fail(origin, where + ".kind",
             "expected \"execute\", \"prepare\", \"prepare_named\", \"execute_named\", \"bulk_write\" or "
             "\"bulk_read\"");
      const bool named = r.kind == SinkKind::PrepareNamed || r.kind == SinkKind::ExecuteNamed;
      if (r.kind != SinkKind::ExecuteNamed) r.sql_arg = get_index(s, origin, where, "sql_arg", -1);
      if (s.count("sql_arg") && r.kind == SinkKind::ExecuteNamed)
        fail(origin, where + ".sql_arg", "an execute_named sink takes no SQL: it names a prepared statement");
      if (named) r.name_arg = get_index(s, origin, where, "name_arg", 0);
      if (!named && s.count("name_arg"))
        fail(origin, where + ".name_arg", "only for kinds \"prepare_named\" and \"execute_named\"");
      rules.sinks.push_back(std::move(r));
    }
  }
  if (const json* calls = array_of(root, "transaction_calls", origin)) {
    for (std::size_t i = 0; i < calls->size(); ++i) {
      const json& c = (*calls)[i];
      std::string where = "transaction_calls[" + std::to_string(i) + "]";
      check_keys(c, origin, where, {"api", "callee", "action", "arg", "value", "note"});
      TxCallRule r;
      r.api = get_string(c, origin, where, "api", false);
      r.callee = canonical_name(get_string(c, origin, where, "callee", true));
      std::string action = get_string(c, origin, where, "action", true);
      if (action == "begin")
        r.action = TxAction::Begin;
      else if (action == "commit")
        r.action = TxAction::Commit;
      else if (action == "rollback")
        r.action = TxAction::Rollback;
      else
        fail(origin, where + ".action", "expected \"begin\", \"commit\" or \"rollback\"");
      if (c.count("arg") || c.count("value")) {
        r.arg = get_index(c, origin, where, "arg", 0);
        r.value = get_string(c, origin, where, "value", true);
      }
      rules.tx_calls.push_back(std::move(r));
    }
  }
  if (const json* types = array_of(root, "transaction_types", origin)) {
    for (std::size_t i = 0; i < types->size(); ++i) {
      const json& t = (*types)[i];
      std::string where = "transaction_types[" + std::to_string(i) + "]";
      check_keys(t, origin, where, {"api", "type", "note"});
      rules.tx_types.push_back(
          {get_string(t, origin, where, "api", false), canonical_name(get_string(t, origin, where, "type", true))});
    }
  }
  return rules;
}

Rules load_rules(const std::vector<std::string>& files) {
  Rules all;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file, 0, "cannot read rule file", "check the path given for the SQL rules");
    std::ostringstream text;
    text << in.rdbuf();
    Rules r = parse_rules(text.str(), file);
    all.sinks.insert(all.sinks.end(), r.sinks.begin(), r.sinks.end());
    all.tx_calls.insert(all.tx_calls.end(), r.tx_calls.begin(), r.tx_calls.end());
    all.tx_types.insert(all.tx_types.end(), r.tx_types.begin(), r.tx_types.end());
  }
  return all;
}

}  // namespace cleave::sql
