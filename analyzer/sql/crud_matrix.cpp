#include "sql/crud_matrix.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cleave::sql {

std::string render_crud_matrix(const DataAccessFacts& facts, const ComponentOf& component_of) {
  std::vector<std::string> rows;
  std::set<std::string> row_set;
  for (const Table& t : facts.tables) {
    if (row_set.insert(t.name).second) rows.push_back(t.name);
  }
  std::map<std::pair<std::string, std::string>, std::set<char>> cells;  // (table, component) -> letters
  std::set<std::string> columns;
  for (const TableAccess& a : facts.accesses) {
    std::string letters = crud_letters(a);
    if (letters.empty()) continue;
    std::string comp = component_of ? component_of(a.symbol) : std::string();
    if (comp.empty()) comp = "(none)";
    columns.insert(comp);
    cells[{a.table, comp}].insert(letters.begin(), letters.end());
    if (row_set.insert(a.table).second) rows.push_back(a.table);
  }
  std::sort(rows.begin(), rows.end());

  auto cell = [&](const std::string& table, const std::string& comp) {
    auto it = cells.find({table, comp});
    if (it == cells.end()) return std::string("-");
    std::string out;
    for (char c : std::string_view("CRUD")) {
      if (it->second.count(c)) out += c;
    }
    return out;
  };
  std::size_t first = std::string_view("table").size();
  for (const auto& r : rows) first = std::max(first, r.size());
  std::vector<std::string> cols(columns.begin(), columns.end());
  std::vector<std::size_t> widths;
  for (const auto& c : cols) widths.push_back(std::max<std::size_t>(c.size(), 4));

  auto pad = [](std::string s, std::size_t w) {
    s.resize(std::max(w, s.size()), ' ');
    return s;
  };
  std::string out = pad("table", first);
  for (std::size_t i = 0; i < cols.size(); ++i) out += " | " + pad(cols[i], widths[i]);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += '\n' + std::string(first, '-');
  for (std::size_t w : widths) out += "-+-" + std::string(w, '-');
  out += '\n';
  for (const auto& r : rows) {
    std::string line = pad(r, first);
    for (std::size_t i = 0; i < cols.size(); ++i) line += " | " + pad(cell(r, cols[i]), widths[i]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

}  // namespace cleave::sql
