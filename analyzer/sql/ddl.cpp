#include "sql/ddl.hpp"

#include <algorithm>
#include <iterator>

namespace cleave::sql::detail {
namespace {

// (a, b, c) -> {"a", "b", "c"}; `i` moves past the closing parenthesis.
std::vector<std::string> name_list(const std::vector<Token>& t, std::size_t& i) {
  std::vector<std::string> out;
  if (i >= t.size() || !t[i].punct('(')) return out;
  ++i;
  while (i < t.size() && !t[i].punct(')')) {
    if (is_name(t[i])) out.push_back(lower(t[i].text));
    if (t[i].punct('(')) {  // MySQL key prefix lengths: KEY (name(10))
      while (i < t.size() && !t[i].punct(')')) ++i;
    }
    ++i;
  }
  if (i < t.size()) ++i;
  return out;
}

// REFERENCES table [(cols)], the foreign key of `columns`; `i` moves past it.
std::optional<ForeignKey> references(const std::vector<Token>& t, std::size_t& i, std::vector<std::string> columns) {
  if (i >= t.size() || !t[i].is("REFERENCES")) return std::nullopt;
  ++i;
  std::string last;
  while (i < t.size() && is_name(t[i])) {
    last = t[i].text;
    ++i;
    if (i < t.size() && t[i].punct('.')) ++i;
  }
  ForeignKey fk;
  fk.columns = std::move(columns);
  fk.ref_table = normalise_segment(last);
  fk.ref_columns = name_list(t, i);
  if (fk.ref_table.empty()) return std::nullopt;
  return fk;
}

// The last segment of the possibly qualified name at `i` (`schema.table` ->
// table), advancing `i` past it; a placeholder segment reads as
// kPlaceholderWord when `placeholders`, else as written.
std::string last_segment(const std::vector<Token>& t, std::size_t& i, bool placeholders = false) {
  std::string last;
  while (i < t.size() && is_name(t[i])) {
    last = placeholders && t[i].kind == TokKind::Placeholder ? std::string(kPlaceholderWord) : t[i].text;
    ++i;
    if (i < t.size() && t[i].punct('.'))
      ++i;
    else
      break;
  }
  return last;
}

// The last segment of a possibly qualified name after an optional IF NOT
// EXISTS (`schema.table` -> table), advancing `i` past it; a placeholder
// segment reads as kPlaceholderWord when `placeholders`, else as written.
std::string created_name(const std::vector<Token>& t, std::size_t& i, bool placeholders) {
  if (i + 2 < t.size() && t[i].is("IF") && t[i + 1].is("NOT") && t[i + 2].is("EXISTS")) i += 3;
  return last_segment(t, i, placeholders);
}

// LIKE source [INCLUDING|EXCLUDING option]... at `i`: PostgreSQL copies the
// primary key with INCLUDING INDEXES or INCLUDING ALL, the last word winning.
TableLike like_clause(const std::vector<Token>& t, std::size_t i, std::size_t position) {
  TableLike like;
  like.position = position;
  ++i;  // LIKE
  like.source = normalise_segment(last_segment(t, i));
  for (; i + 1 < t.size(); ++i) {
    const bool including = t[i].is("INCLUDING");
    if ((including || t[i].is("EXCLUDING")) && (t[i + 1].is("ALL") || t[i + 1].is("INDEXES"))) like.keys = including;
  }
  return like;
}

}  // namespace

std::string database_name(std::string_view raw) {
  std::string name = lower(raw);
  if (name == "public" || name == "dbo" || name == "main" || name.find(kPlaceholderWord) != std::string::npos ||
      name.find_first_of("{}%$:?") != std::string::npos)
    return {};
  return name;
}

std::optional<Table> read_create_table(const std::vector<Token>& t, std::vector<TableLike>* likes) {
  std::size_t i = 1;
  while (i < t.size() && !t[i].is("TABLE")) {
    if (!(t[i].is("TEMP") || t[i].is("TEMPORARY") || t[i].is("UNLOGGED") || t[i].is("GLOBAL") || t[i].is("LOCAL") ||
          t[i].is("OR") || t[i].is("REPLACE")))
      return std::nullopt;
    ++i;
  }
  if (i >= t.size()) return std::nullopt;
  ++i;
  if (i + 2 < t.size() && t[i].is("IF") && t[i + 1].is("NOT") && t[i + 2].is("EXISTS")) i += 3;
  const std::size_t first = i;
  const std::string last = last_segment(t, i, true);
  Table table;
  table.name = normalise_segment(last);
  // `schema.table` or `database.schema.table`: the segment before the name.
  // Kept as written (lower case): the schema reads a default schema's name
  // as "the qualifier names none", not as "none given".
  if (i >= first + 3 && t[i - 2].punct('.') && is_name(t[i - 3])) table.database = lower(t[i - 3].text);
  if (table.name.empty()) return std::nullopt;
  table.in_schema = true;
  if (i < t.size() && t[i].is("LIKE")) {  // MySQL: CREATE TABLE x LIKE y copies the indexes too
    TableLike like = like_clause(t, i, 0);
    like.keys = true;
    if (likes && !like.source.empty()) likes->push_back(std::move(like));
    return table;
  }
  if (i >= t.size() || !t[i].punct('(')) return table;  // CREATE TABLE ... AS SELECT
  ++i;
  // Elements separated by top-level commas.
  while (i < t.size() && !t[i].punct(')')) {
    std::size_t b = i;
    int depth = 0;
    while (i < t.size() && !(depth == 0 && (t[i].punct(',') || t[i].punct(')')))) {
      if (t[i].punct('(')) ++depth;
      if (t[i].punct(')')) --depth;
      ++i;
    }
    std::vector<Token> el(t.begin() + static_cast<long>(b), t.begin() + static_cast<long>(i));
    if (i < t.size() && t[i].punct(',')) ++i;
    if (el.empty()) continue;
    std::size_t k = 0;
    if (el[0].is("CONSTRAINT")) k = 2;
    if (k >= el.size()) continue;
    if (el[k].is("PRIMARY") && k + 1 < el.size() && el[k + 1].is("KEY")) {
      k += 2;
      table.primary_key = name_list(el, k);
    } else if (el[k].is("FOREIGN") && k + 1 < el.size() && el[k + 1].is("KEY")) {
      k += 2;
      while (k < el.size() && is_name(el[k])) ++k;  // MySQL: FOREIGN KEY name (cols)
      auto cols = name_list(el, k);
      if (auto fk = references(el, k, cols)) table.foreign_keys.push_back(*fk);
    } else if (el[k].is("LIKE")) {
      TableLike like = like_clause(el, k, table.columns.size());
      if (likes && !like.source.empty()) likes->push_back(std::move(like));
    } else if (el[k].is("UNIQUE") || el[k].is("KEY") || el[k].is("INDEX") || el[k].is("CHECK") ||
               el[k].is("FULLTEXT") || el[k].is("SPATIAL") || el[k].is("EXCLUDE") || el[k].is("PERIOD")) {
      continue;
    } else if (is_name(el[0])) {
      Column col;
      col.name = lower(el[0].text);
      std::size_t j = 1;
      static constexpr std::string_view kStop[] = {
          "NOT",       "NULL",           "DEFAULT",       "PRIMARY",    "REFERENCES",
          "UNIQUE",    "AUTO_INCREMENT", "AUTOINCREMENT", "CHECK",      "COLLATE",
          "CHARACTER", "COMMENT",        "GENERATED",     "CONSTRAINT", "ON",
          "CHARSET",   "IDENTITY"};
      while (j < el.size() &&
             !std::any_of(std::begin(kStop), std::end(kStop), [&](std::string_view s) { return el[j].is(s); })) {
        if (!col.type.empty() && !el[j].punct('(') && !el[j].punct(')') && !el[j].punct(',') &&
            col.type.back() != '(' && col.type.back() != ',')
          col.type += ' ';
        col.type += el[j].text;
        ++j;
      }
      col.type = lower(col.type);
      for (; j < el.size(); ++j) {
        if (el[j].is("PRIMARY") && j + 1 < el.size() && el[j + 1].is("KEY")) table.primary_key = {col.name};
        if (el[j].is("REFERENCES")) {
          std::size_t r = j;
          if (auto fk = references(el, r, {col.name})) table.foreign_keys.push_back(*fk);
        }
      }
      table.columns.push_back(std::move(col));
    }
  }
  return table;
}

std::vector<AddedForeignKey> read_alter_keys(const std::vector<Token>& t) {
  std::vector<AddedForeignKey> out;
  if (t.size() < 3 || !t[0].is("ALTER") || !t[1].is("TABLE")) return out;
  std::size_t i = 2;
  while (i < t.size() && (t[i].is("ONLY") || t[i].is("IF") || t[i].is("EXISTS"))) ++i;
  std::string table = normalise_segment(last_segment(t, i));
  for (; i < t.size(); ++i) {
    if (t[i].is("FOREIGN") && i + 1 < t.size() && t[i + 1].is("KEY")) {
      std::size_t k = i + 2;
      while (k < t.size() && is_name(t[k])) ++k;
      auto cols = name_list(t, k);
      if (auto fk = references(t, k, cols)) out.push_back({table, *fk});
      i = k - 1;
    }
  }
  return out;
}

std::optional<RoutineDef> read_routine(const std::vector<Token>& t, std::string_view text) {
  if (t.empty() || !t[0].is("CREATE")) return std::nullopt;
  std::size_t i = 1;
  while (i < t.size() && i < 8 && !(t[i].is("FUNCTION") || t[i].is("PROCEDURE"))) ++i;
  if (i >= t.size() || !(t[i].is("FUNCTION") || t[i].is("PROCEDURE"))) return std::nullopt;
  ++i;
  const std::string last = created_name(t, i, false);
  RoutineDef def;
  def.name = normalise_segment(last);
  if (def.name.empty()) return std::nullopt;
  // PostgreSQL: AS '...' / AS $$...$$. MySQL: the body from BEGIN (or RETURN) on.
  int depth = 0;
  for (std::size_t j = i; j < t.size(); ++j) {
    if (t[j].punct('(')) ++depth;
    if (t[j].punct(')')) --depth;
    if (depth != 0) continue;
    if (t[j].is("AS") && j + 1 < t.size() && t[j + 1].kind == TokKind::String) {
      def.body = t[j + 1].text;
      return def;
    }
    if (t[j].is("BEGIN") || t[j].is("RETURN") || t[j].is("SELECT") || t[j].is("INSERT") || t[j].is("UPDATE") ||
        t[j].is("DELETE")) {
      def.body = std::string(text.substr(t[j].begin - t[0].begin));
      return def;
    }
  }
  return def;
}

}  // namespace cleave::sql::detail
