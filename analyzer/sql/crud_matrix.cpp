#include "sql/crud_matrix.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace cleave::sql {
namespace {

bool writes(const std::string& letters) { return letters.find_first_of("CUD") != std::string::npos; }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string render_text(const CrudMatrix& m) {
  const bool owned = !m.owners.empty();
  auto cell = [&](const std::string& t, const std::string& c) {
    const std::string l = m.letters(t, c);
    return l.empty() ? std::string("-") : l + (m.conflict(t, c) ? "!" : "");
  };
  std::vector<std::string> head{"table"};
  if (owned) head.push_back("owner");
  head.insert(head.end(), m.components.begin(), m.components.end());
  std::vector<std::vector<std::string>> rows;
  bool any_conflict = false;
  for (const auto& t : m.tables) {
    std::vector<std::string> row{t};
    if (owned) row.push_back(m.owners.count(t) ? m.owners.at(t) : "-");
    for (const auto& c : m.components) {
      row.push_back(cell(t, c));
      any_conflict = any_conflict || m.conflict(t, c);
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> widths(head.size());
  for (std::size_t i = 0; i < head.size(); ++i) widths[i] = std::max<std::size_t>(head[i].size(), i == 0 ? 0 : 4);
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) widths[i] = std::max(widths[i], r[i].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      std::string c = cells[i];
      c.resize(std::max(widths[i], c.size()), ' ');
      out += (i ? " | " : "") + c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + '\n';
  };
  std::string out = line(head) + std::string(widths[0], '-');
  for (std::size_t i = 1; i < widths.size(); ++i) out += "-+-" + std::string(widths[i], '-');
  out += '\n';
  for (const auto& r : rows) out += line(r);
  if (any_conflict) {
    out += owned ? "\n! writes rows of a table another service owns\n"
                 : "\n! writes rows of a table another component writes too\n";
  }
  return out;
}

std::string render_csv(const CrudMatrix& m) {
  const bool owned = !m.owners.empty();
  std::string out = "table";
  if (owned) out += ",owner";
  for (const auto& c : m.components) out += "," + csv_field(c);
  out += "\r\n";
  for (const auto& t : m.tables) {
    out += csv_field(t);
    if (owned) out += "," + csv_field(m.owners.count(t) ? m.owners.at(t) : "");
    for (const auto& c : m.components) {
      const std::string l = m.letters(t, c);
      out += "," + l + (!l.empty() && m.conflict(t, c) ? "!" : "");
    }
    out += "\r\n";
  }
  return out;
}

std::string render_json(const CrudMatrix& m) {
  nlohmann::json tables = nlohmann::json::array();
  for (const auto& t : m.tables) {
    nlohmann::json access = nlohmann::json::object();
    nlohmann::json conflicts = nlohmann::json::array();
    for (const auto& c : m.components) {
      if (const std::string l = m.letters(t, c); !l.empty()) access[c] = l;
      if (m.conflict(t, c)) conflicts.push_back(c);
    }
    nlohmann::json row = {{"name", t}, {"access", access}, {"conflicts", conflicts}};
    if (!m.owners.empty()) row["owner"] = m.owners.count(t) ? nlohmann::json(m.owners.at(t)) : nlohmann::json();
    tables.push_back(std::move(row));
  }
  return nlohmann::json{{"components", m.components}, {"tables", tables}}.dump(2) + "\n";
}

}  // namespace

std::string CrudMatrix::letters(const std::string& table, const std::string& component) const {
  auto it = cells.find({table, component});
  return it == cells.end() ? std::string() : it->second;
}

bool CrudMatrix::conflict(const std::string& table, const std::string& component) const {
  if (!writes(letters(table, component))) return false;
  if (!owners.empty()) {
    auto it = owners.find(table);
    return it != owners.end() && !it->second.empty() && it->second != component;
  }
  return std::any_of(components.begin(), components.end(),
                     [&](const std::string& other) { return other != component && writes(letters(table, other)); });
}

CrudMatrix crud_matrix(const DataAccessFacts& facts, const ComponentOf& component_of,
                       std::map<std::string, std::string> owners) {
  CrudMatrix m;
  m.owners = std::move(owners);
  std::set<std::string> rows, columns;
  for (const Table& t : facts.tables) rows.insert(t.name);
  std::map<std::pair<std::string, std::string>, std::set<char>> letters;
  for (const TableAccess& a : facts.accesses) {
    const std::string l = crud_letters(a);
    if (l.empty()) continue;
    std::string comp = component_of ? component_of(a.symbol) : std::string();
    if (comp.empty()) comp = "(none)";
    columns.insert(comp);
    rows.insert(a.table);
    letters[{a.table, comp}].insert(l.begin(), l.end());
  }
  m.tables.assign(rows.begin(), rows.end());
  m.components.assign(columns.begin(), columns.end());
  for (const auto& [key, set] : letters) {
    std::string out;
    for (char c : std::string_view("CRUD")) {
      if (set.count(c)) out += c;
    }
    m.cells[key] = out;
  }
  return m;
}

std::string render_crud_matrix(const CrudMatrix& m, std::string_view format) {
  if (format == "csv") return render_csv(m);
  if (format == "json") return render_json(m);
  return render_text(m);
}

}  // namespace cleave::sql
