#include "sql/schema.hpp"

#include "core/errors.hpp"
#include "sql/ddl.hpp"
#include "sql/lexer.hpp"
#include "sql/statement.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace cleave::sql {
namespace {

// MySQL dumps change the statement delimiter around routine bodies
// ("DELIMITER //" ... "END //" ... "DELIMITER ;"). Turn the custom delimiter
// back into ';' and drop the DELIMITER lines, keeping line numbers intact.
std::string undelimit(std::string_view text) {
  std::string out;
  std::string delim = ";";
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    std::size_t b = line.find_first_not_of(" \t");
    std::string_view trimmed = b == std::string_view::npos ? std::string_view() : line.substr(b);
    if (trimmed.size() > 10 && (trimmed.substr(0, 10) == "DELIMITER " || trimmed.substr(0, 10) == "delimiter ")) {
      std::string_view d = trimmed.substr(10);
      d = d.substr(0, d.find_first_of(" \t\r"));
      delim = d.empty() ? ";" : std::string(d);
    } else {
      std::string l(line);
      if (delim != ";") {
        for (std::size_t p; (p = l.find(delim)) != std::string::npos;) l.replace(p, delim.size(), ";");
      }
      out += l;
    }
    if (nl == std::string_view::npos) break;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

// USE db; SET search_path TO s, ...; SET SCHEMA 's': the database the
// CREATE TABLEs after it go to. Nothing when the statement is none of these.
std::optional<std::string> switched_database(const Statement& st) {
  const std::size_t b = st.text.find_first_not_of(" \t\r\n");
  const std::string lead = b == std::string::npos ? std::string() : detail::lower(st.text.substr(b, 4));
  if (lead != "use " && lead != "set ") return std::nullopt;
  const std::vector<Token> t = tokenize(st.text);
  std::size_t i = 1;
  if (t.size() > 1 && t[0].is("SET")) {
    if (i < t.size() && (t[i].is("SESSION") || t[i].is("LOCAL"))) ++i;
    if (i < t.size() && t[i].is("SCHEMA")) {
      ++i;
    } else if (i + 1 < t.size() && t[i].is("search_path") && (t[i + 1].is("TO") || t[i + 1].punct('='))) {
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  if (i >= t.size() || !(detail::is_name(t[i]) || t[i].kind == TokKind::String)) return std::nullopt;
  return detail::database_name(t[i].text);
}

// A file or folder named for a database: auth_database.sql, world_db.sql,
// db_characters/, database-logs/. The file first, then up to two folders.
std::string database_of_path(const std::string& file) {
  std::filesystem::path p(file);
  std::vector<std::string> names{p.stem().string()};
  for (auto dir = p.parent_path(); names.size() < 3 && dir.has_filename(); dir = dir.parent_path())
    names.push_back(dir.filename().string());
  for (const std::string& raw : names) {
    const std::string name = detail::lower(raw);
    for (std::string_view word : {"database", "db"}) {
      for (char sep : {'_', '-'}) {
        const std::string head = std::string(word) + sep, tail = sep + std::string(word);
        if (name.size() > head.size() && name.rfind(head, 0) == 0)
          return detail::database_name(name.substr(head.size()));
        if (name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0)
          return detail::database_name(name.substr(0, name.size() - tail.size()));
      }
    }
  }
  return {};
}

}  // namespace

// CREATE TABLE x (LIKE y): y's columns where the clause stands, and its
// primary key when the clause says so and x declares none.
void apply_likes(Table& table, const std::vector<TableLike>& likes, const std::map<std::string, Table>& known) {
  std::size_t inserted = 0;
  for (const TableLike& like : likes) {
    auto source = known.find(like.source);
    if (source == known.end()) continue;
    const auto& columns = source->second.columns;
    const auto at = table.columns.begin() + static_cast<long>(std::min(like.position + inserted, table.columns.size()));
    table.columns.insert(at, columns.begin(), columns.end());
    inserted += columns.size();
    if (like.keys && table.primary_key.empty()) table.primary_key = source->second.primary_key;
  }
}

void add_schema_text(Schema& schema, std::string_view raw, const std::string& file) {
  std::string text = undelimit(raw);
  ParsedSql parsed = parse_sql(text);
  std::size_t counted = 0;  // statements come in text order: lines are counted once
  unsigned line = 1;
  const std::string file_database = database_of_path(file);
  std::string database = file_database;
  for (const Statement& st : parsed.statements) {
    if (auto switched = switched_database(st)) database = switched->empty() ? file_database : *switched;
    line += static_cast<unsigned>(
        std::count(text.begin() + static_cast<long>(counted), text.begin() + static_cast<long>(st.offset), '\n'));
    counted = st.offset;
    if (st.created && !schema.tables.count(st.created->name)) {
      Table t = *st.created;
      apply_likes(t, st.created_like, schema.tables);
      t.defined_at = Location{file, line, 1};
      t.database = t.database.empty() ? database : detail::database_name(t.database);
      t.in_schema = true;
      schema.tables.emplace(t.name, std::move(t));
    }
    for (const auto& added : st.added_keys) {
      auto it = schema.tables.find(added.table);
      if (it != schema.tables.end()) it->second.foreign_keys.push_back(added.key);
    }
    if (st.routine && !schema.routines.count(st.routine->name))
      schema.routines.emplace(st.routine->name, st.routine->body);
  }
}

void add_schema_file(Schema& schema, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot read schema file");
  std::ostringstream text;
  text << in.rdbuf();
  add_schema_text(schema, text.str(), path);
}

namespace {

bool contains_word(std::string_view text, std::string_view lower_word) {
  auto it = std::search(text.begin(), text.end(), lower_word.begin(), lower_word.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != text.end();
}

// CREATE [OR REPLACE] [TEMP|DEFINER=...] TABLE|FUNCTION|PROCEDURE, ALTER TABLE.
bool schema_statement(const std::vector<Token>& t) {
  if (t.size() >= 2 && t[0].is("ALTER") && t[1].is("TABLE")) return true;
  if (t.empty() || !t[0].is("CREATE")) return false;
  for (std::size_t i = 1; i < t.size() && i < 10 && !t[i].punct('('); ++i) {
    if (t[i].is("TABLE") || t[i].is("FUNCTION") || t[i].is("PROCEDURE")) return true;
  }
  return false;
}

}  // namespace

bool defines_schema(std::string_view raw) {
  if (!contains_word(raw, "create") && !contains_word(raw, "alter")) return false;
  const std::string text = undelimit(raw);
  StatementReader reader(text);
  while (auto statement = reader.next()) {
    if (schema_statement(*statement)) return true;
  }
  return false;
}

}  // namespace cleave::sql
