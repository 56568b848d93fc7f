#include "sql/table_names.hpp"

#include <algorithm>
#include <cctype>

namespace cleave::sql {
namespace {

// A placeholder glued to a letter or digit ("{?}list") makes the static part a
// fragment of a name, not a name.
bool glued(std::string_view pattern) {
  for (std::size_t at = pattern.find("{?}"); at != std::string_view::npos; at = pattern.find("{?}", at + 3)) {
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    if ((at > 0 && word(pattern[at - 1])) || (at + 3 < pattern.size() && word(pattern[at + 3]))) return true;
  }
  return false;
}

}  // namespace

// `pattern` with {?} standing for any text (possibly empty) matches `name`.
bool matches_pattern(std::string_view pattern, std::string_view name) {
  const std::string_view any = "{?}";
  std::size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (pattern.substr(p, any.size()) == any) {
      star = p += any.size();
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (pattern.substr(p, any.size()) == any) p += any.size();
  return p == pattern.size();
}

// The schema tables a name written with placeholders stands for (see the
// contract in sql.hpp); empty with `why` set when it stands for none.
std::vector<std::string> TableNames::names(const TableRef& t, std::string& why) {
  if (t.pattern.empty() || t.mode == AccessMode::Call) return {t.name};
  std::vector<std::string> found;
  for (const auto& [name, table] : schema_->tables) {
    if (matches_pattern(t.pattern, name)) found.push_back(name);
  }
  if (found.size() > 1 && !table_prefix_.empty()) {
    std::vector<std::string> prefixed;
    for (const auto& f : found) {
      if (f.rfind(table_prefix_, 0) == 0) prefixed.push_back(f);
    }
    if (!prefixed.empty()) found = std::move(prefixed);
  }
  if (t.pattern.rfind("{?}", 0) == 0) placeholder_matched_.insert(found.begin(), found.end());
  if (found.size() == 1 && t.pattern.rfind("{?}", 0) == 0) {
    // What the leading placeholder stood for: the prefix to report.
    const std::string rest = t.pattern.substr(3);
    if (rest.find("{?}") == std::string::npos && found[0].size() >= rest.size()) {
      placeholder_prefixes_[found[0].substr(0, found[0].size() - rest.size())].insert(found[0]);
    }
  }
  if (!found.empty()) return found;
  if (schema_->tables.count(t.name) || !glued(t.pattern)) return {t.name};
  why = "table name is partly dynamic (" + t.pattern + ") and no table of the schema matches it";
  return {};
}

// Names the code writes plainly, which the schema has only behind a prefix
// most of them agree on (or the configured one): renamed to the schema's.
void TableNames::apply_prefix(DataAccessFacts& facts) const {
  std::set<std::string> unmatched;
  for (const TableAccess& a : facts.accesses) {
    if (a.mode != AccessMode::Call && !schema_->tables.count(a.table)) unmatched.insert(a.table);
  }
  std::string prefix = table_prefix_;
  if (prefix.empty() && !unmatched.empty()) {
    std::map<std::string, unsigned> votes;
    for (const auto& [name, table] : schema_->tables) {
      for (const auto& u : unmatched) {
        if (name.size() > u.size() && name.compare(name.size() - u.size(), u.size(), u) == 0) {
          ++votes[name.substr(0, name.size() - u.size())];
        }
      }
    }
    unsigned best = 0;
    for (const auto& [p, n] : votes) {
      if (n > best) {
        best = n;
        prefix = p;
      }
    }
    if (best < 2 || 2 * best < unmatched.size()) prefix.clear();
  }
  std::set<std::string> renamed;
  if (!prefix.empty()) {
    for (TableAccess& a : facts.accesses) {
      if (unmatched.count(a.table) && schema_->tables.count(prefix + a.table)) {
        renamed.insert(a.table);
        a.table = prefix + a.table;
      }
    }
  }
  // Report what a placeholder stood for when it was consistent, else the
  // plain-name prefix.
  unsigned placeholder_best = 0;
  std::string placeholder;
  for (const auto& [p, tables] : placeholder_prefixes_) {
    if (tables.size() > placeholder_best) {
      placeholder_best = static_cast<unsigned>(tables.size());
      placeholder = p;
    }
  }
  if (placeholder_best > renamed.size()) {
    facts.table_prefix = placeholder;
    facts.prefixed_tables =
        static_cast<unsigned>(std::count_if(placeholder_matched_.begin(), placeholder_matched_.end(),
                                            [&](const std::string& n) { return n.rfind(placeholder, 0) == 0; }));
  } else if (!renamed.empty()) {
    facts.table_prefix = prefix;
    facts.prefixed_tables = static_cast<unsigned>(renamed.size());
  }
  // A transaction's tables come from its statements' accesses and from what
  // a LOCK names ("lock tables {prefix}_sessions write": "sessions"): a name
  // the schema has only behind the prefix is the schema's table.
  // A placeholder's prefix is reported without the separator after it.
  if (facts.table_prefix.empty()) return;
  for (auto& tx : facts.transactions) {
    for (auto* names : {&tx.reads, &tx.writes}) {
      for (auto& n : *names) {
        if (schema_->tables.count(n)) continue;
        for (const std::string& p : {facts.table_prefix, facts.table_prefix + "_"}) {
          if (schema_->tables.count(p + n)) {
            n = p + n;
            break;
          }
        }
      }
      std::sort(names->begin(), names->end());
      names->erase(std::unique(names->begin(), names->end()), names->end());
    }
  }
}

}  // namespace cleave::sql
