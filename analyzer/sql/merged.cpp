#include "sql/merged.hpp"

#include "sql/rules.hpp"

#include <set>

namespace cleave::sql {

Merged::Merged(const Program& p)
    : sites(p.call_sites), edges(p.call_and_override_sites()), locals(p.locals), symbols(p.symbols) {
  for (const VarValue& v : p.var_values) vars.add(v);
  add_member_constants();
}

void Merged::add_member_constants() {
  std::map<std::string, VarValue> constants;
  std::set<std::string> supplied;
  for (const CallSite& c : sites) {
    auto field = symbols.find(c.callee);
    if (field == symbols.end() || field->second.kind != SymbolKind::Field || c.args.empty()) continue;
    auto caller = symbols.find(c.caller);
    bool constant = caller != symbols.end() && caller->second.parent == field->second.parent;
    const auto values = vars.expand(c.args.front().value);
    for (const auto& alt : values) constant = constant && !has_param(alt) && !first_field(alt);
    if (!constant || values.empty()) {
      supplied.insert(c.callee);
      continue;
    }
    VarValue& v = constants[c.callee];
    v.var = c.callee;
    v.name = field->second.name;
    v.loc = field->second.loc;
    for (const auto& alt : values) {
      if (v.value.alternatives.size() < kMaxAlternatives) v.value.alternatives.push_back(alt);
    }
  }
  for (const auto& [usr, v] : constants) {
    if (!supplied.count(usr)) vars.add(v);
  }
}

// Best-effort qualified name from a clang USR, for callees the front end saw
// only as declarations in library headers: c:@S@QSqlDatabase@F@transaction# ->
// QSqlDatabase::transaction.
std::string decode_usr(const std::string& usr) {
  if (usr.rfind("c:", 0) != 0) return {};
  std::vector<std::string> parts;
  std::size_t pos = 2;
  while (pos <= usr.size()) {
    std::size_t at = usr.find('@', pos);
    parts.push_back(usr.substr(pos, at == std::string::npos ? std::string::npos : at - pos));
    if (at == std::string::npos) break;
    pos = at + 1;
  }
  std::string out;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& k = parts[i];
    if (k == "N" || k == "S" || k == "C" || k == "U" || k == "E" || k == "F" || k == "FI" || k.rfind("ST", 0) == 0 ||
        k.rfind("SP", 0) == 0 || k.rfind("FT", 0) == 0 || k == "CT") {
      std::string name = parts[i + 1].substr(0, parts[i + 1].find_first_of("#<>("));
      if (name.empty()) continue;
      if (!out.empty()) out += "::";
      out += name;
      ++i;
    }
  }
  return out;
}

std::string symbol_name(const Merged& m, const std::string& usr) {
  auto it = m.symbols.find(usr);
  if (it != m.symbols.end() && !it->second.name.empty()) return canonical_name(it->second.name);
  return canonical_name(decode_usr(usr));
}

std::string last_component(const std::string& qualified) {
  std::size_t p = qualified.rfind("::");
  return p == std::string::npos ? qualified : qualified.substr(p + 2);
}

std::vector<std::string> rule_keys(const Merged& m, const CallSite& c) {
  std::string name = canonical_name(c.callee_name);
  if (name.empty() && !c.callee.empty()) name = symbol_name(m, c.callee);
  std::vector<std::string> keys{name};
  if (!c.object_type.empty()) keys.push_back(canonical_name(c.object_type) + "::" + last_component(name));
  return keys;
}

}  // namespace cleave::sql
