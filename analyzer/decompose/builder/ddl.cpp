// Step: DDL per service.
// Reads: the schema, the table owners.
// Decides: each service's CREATE TABLE statements; a foreign key to a table
//   another service owns is cut and says which service to ask instead.
// Introduced with the first decomposition (a36c90a).
#include "decompose/builder/builder.hpp"

#include <sstream>

namespace cleave::decompose::detail {

void Builder::ddl() {
  std::map<std::string, std::string> owner;
  for (const auto& t : p_.tables) owner[t.name] = t.owner;
  for (auto& s : p_.services) {
    std::ostringstream out;
    for (const auto& name : s.tables) {
      auto it = schema_.find(name);
      if (it == schema_.end() || it->second->columns.empty()) {
        out << "-- " << name << ": no schema found; columns unknown\n";
        continue;
      }
      const Table& t = *it->second;
      out << "CREATE TABLE " << t.name << " (\n";
      std::vector<std::string> lines;
      for (const auto& c : t.columns) lines.push_back("  " + c.name + (c.type.empty() ? "" : " " + c.type));
      if (!t.primary_key.empty()) {
        std::string pk;
        for (const auto& c : t.primary_key) pk += (pk.empty() ? "" : ", ") + c;
        lines.push_back("  PRIMARY KEY (" + pk + ")");
      }
      std::vector<std::string> cut;
      for (const auto& fk : t.foreign_keys) {
        std::string cols, refs;
        for (const auto& c : fk.columns) cols += (cols.empty() ? "" : ", ") + c;
        for (const auto& c : fk.ref_columns) refs += (refs.empty() ? "" : ", ") + c;
        if (owner[fk.ref_table] == s.name) {
          lines.push_back("  FOREIGN KEY (" + cols + ") REFERENCES " + fk.ref_table +
                          (refs.empty() ? "" : " (" + refs + ")"));
        } else {
          cut.push_back("-- cut: (" + cols + ") referenced " + fk.ref_table + ", owned by " +
                        (owner[fk.ref_table].empty() ? "no service" : owner[fk.ref_table]) +
                        "; keep the id, check it through that service's API");
        }
      }
      for (std::size_t i = 0; i < lines.size(); ++i) out << lines[i] << (i + 1 < lines.size() ? ",\n" : "\n");
      out << ");\n";
      for (const auto& c : cut) out << c << "\n";
    }
    s.ddl = out.str();
  }
}

}  // namespace cleave::decompose::detail
