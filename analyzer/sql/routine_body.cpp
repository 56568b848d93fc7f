#include "sql/routine_body.hpp"

#include "sql/ddl.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>

namespace cleave::sql::detail {
namespace {

// Words that open an SQL statement of its own.
bool statement_lead(const Token& t) {
  static constexpr std::string_view kLeads[] = {
      "SELECT", "INSERT",  "UPDATE", "DELETE",    "WITH",    "MERGE",  "CALL",   "TRUNCATE", "VALUES", "REPLACE",
      "UPSERT", "COPY",    "LOCK",   "UNLOCK",    "CREATE",  "ALTER",  "DROP",   "START",    "COMMIT", "ROLLBACK",
      "TABLE",  "ANALYZE", "VACUUM", "SAVEPOINT", "RELEASE", "NOTIFY", "LISTEN", "GRANT",    "REVOKE"};
  return t.kind == TokKind::Word &&
         std::any_of(std::begin(kLeads), std::end(kLeads), [&](std::string_view w) { return t.is(w); });
}

// PostgreSQL's format(): %s, %I and %L (with an optional position `%1$I`
// and width) are values only known at run time; %% is a percent sign.
std::string format_text(std::string_view f) {
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') {
      out += f[i];
      continue;
    }
    if (i + 1 < f.size() && f[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < f.size() &&
           (std::isdigit(static_cast<unsigned char>(f[j])) || f[j] == '$' || f[j] == '-' || f[j] == '*'))
      ++j;
    if (j < f.size() && (f[j] == 's' || f[j] == 'I' || f[j] == 'L')) {
      out += kUnknownMarker;
      i = j;
    } else {
      out += f[i];
    }
  }
  return out;
}

// Statements with no SQL of their own.
bool no_sql(const Token& t) {
  static constexpr std::string_view kWords[] = {"RAISE", "SIGNAL", "RESIGNAL", "LEAVE", "ITERATE", "EXIT",  "CONTINUE",
                                                "NULL",  "CLOSE",  "FETCH",    "MOVE",  "GET",     "ASSERT"};
  return std::any_of(std::begin(kWords), std::end(kWords), [&](std::string_view w) { return t.is(w); });
}

Token word_at(std::string_view w, const Token& at) {
  Token k;
  k.kind = TokKind::Word;
  k.text = std::string(w);
  k.begin = at.begin;
  k.end = at.begin;
  return k;
}

// INTO targets that are variables: after a select list, RETURNING or FETCH,
// not after INSERT/REPLACE/MERGE (and their modifiers).
void drop_into_targets(std::vector<Token>& t) {
  static constexpr std::string_view kTableInto[] = {"INSERT",  "REPLACE",       "MERGE",       "IGNORE",
                                                    "DELAYED", "HIGH_PRIORITY", "LOW_PRIORITY"};
  for (std::size_t i = 1; i < t.size(); ++i) {
    if (!t[i].is("INTO")) continue;
    if (std::any_of(std::begin(kTableInto), std::end(kTableInto), [&](std::string_view w) { return t[i - 1].is(w); }))
      continue;
    std::size_t j = i + 1;
    if (j < t.size() && (t[j].is("OUTFILE") || t[j].is("DUMPFILE"))) {
      ++j;
      if (j < t.size() && t[j].kind == TokKind::String) ++j;
    } else {
      if (j < t.size() && t[j].is("STRICT")) ++j;
      while (j < t.size() && (is_name(t[j]) || t[j].kind == TokKind::BindParam)) {
        ++j;
        while (j + 1 < t.size() && t[j].punct('.') && is_name(t[j + 1])) j += 2;
        if (j + 1 < t.size() && t[j].punct(',')) {
          ++j;
          continue;
        }
        break;
      }
    }
    t.erase(t.begin() + static_cast<long>(i), t.begin() + static_cast<long>(j));
    --i;
  }
}

class Unwrapper {
 public:
  explicit Unwrapper(const std::vector<Token>& t) : t_(t) {}

  std::vector<BodyStatement> run() && {
    block(0, t_.size());
    return std::move(out_);
  }

 private:
  // The first index in [b, e) at parenthesis depth 0 holding one of `words`; e if none.
  std::size_t find_word(std::size_t b, std::size_t e, std::initializer_list<std::string_view> words) const {
    int depth = 0;
    for (std::size_t i = b; i < e; ++i) {
      if (t_[i].punct('(')) ++depth;
      if (t_[i].punct(')')) --depth;
      if (depth == 0 && std::any_of(words.begin(), words.end(), [&](std::string_view w) { return t_[i].is(w); }))
        return i;
    }
    return e;
  }

  // The first '=' at depth 0 (also the second half of :=); e if none.
  std::size_t find_equals(std::size_t b, std::size_t e) const {
    int depth = 0;
    for (std::size_t i = b; i < e; ++i) {
      if (t_[i].punct('(')) ++depth;
      if (t_[i].punct(')')) --depth;
      if (depth == 0 && t_[i].punct('=')) return i;
    }
    return e;
  }

  // One statement of the procedural language, which may wrap SQL.
  void block(std::size_t b, std::size_t e) {
    while (b < e) {
      const Token& k = t_[b];
      if (k.punct('<') && b + 4 < e && t_[b + 1].punct('<') && t_[b + 3].punct('>') && t_[b + 4].punct('>')) {
        b += 5;  // <<label>>
      } else if (k.kind == TokKind::Word && b + 1 < e && t_[b + 1].punct(':') && !(b + 2 < e && t_[b + 2].punct('='))) {
        b += 2;  // MySQL's label:
      } else if (k.is("BEGIN")) {
        ++b;
        if (b < e && t_[b].is("ATOMIC")) ++b;
      } else if (k.is("ELSE") || k.is("LOOP") || k.is("REPEAT") || k.is("DO") || k.is("EXCEPTION")) {
        ++b;
      } else if (k.is("IF") || k.is("ELSIF") || k.is("ELSEIF") || k.is("WHEN") || k.is("WHILE")) {
        const std::size_t then = find_word(b + 1, e, {"THEN", "LOOP", "DO"});
        expression(b + 1, then);
        b = then + 1;
      } else if (k.is("CASE")) {
        b = find_word(b + 1, e, {"WHEN"});
      } else if (k.is("FOR") || k.is("FOREACH")) {
        const std::size_t in = find_word(b + 1, e, {"IN"});
        const std::size_t loop = in < e ? find_word(in + 1, e, {"LOOP"}) : e;
        if (in < e) block(in + 1, loop);  // the query (or a range) it iterates over
        b = loop + 1;
      } else if (k.is("RETURN")) {
        ++b;
        if (b < e && t_[b].is("QUERY")) {
          ++b;
          continue;
        }
        if (b < e && t_[b].is("NEXT")) ++b;
        if (b < e && statement_lead(t_[b])) continue;
        expression(b, e);
        return;
      } else if (k.is("UNTIL")) {
        expression(b + 1, find_word(b + 1, e, {"END"}));
        return;
      } else if (k.is("OPEN")) {
        const std::size_t f = find_word(b + 1, e, {"FOR"});
        if (f < e) block(f + 1, e);
        return;
      } else if (k.is("DECLARE")) {
        declaration(b + 1, e);
        return;
      } else if (k.is("PERFORM")) {
        statement(b, e, "SELECT");
        return;
      } else if (k.is("EXECUTE")) {
        execute(b, e);
        return;
      } else if (k.is("SET")) {
        const std::size_t eq = find_equals(b + 1, e);
        if (eq < e) expression(eq + 1, e);
        return;
      } else if (statement_lead(k) || k.punct('(')) {
        statement(b, e, {});
        return;
      } else if (k.is("END") || no_sql(k)) {
        return;
      } else {
        declaration(b, e);  // a declaration in a DECLARE section, or an assignment
        return;
      }
    }
  }

  // name [CONSTANT] type [NOT NULL] [DEFAULT | := | =] expression; a cursor;
  // MySQL's handler; or an assignment `target := expression`.
  void declaration(std::size_t b, std::size_t e) {
    if (b >= e) return;
    if (b + 1 < e && t_[b + 1].is("HANDLER")) {
      for (std::size_t i = find_word(b + 2, e, {"FOR"}) + 1; i < e; ++i) {
        if (statement_lead(t_[i]) || t_[i].is("BEGIN") || t_[i].is("SET") || t_[i].is("IF")) {
          block(i, e);
          return;
        }
      }
      return;
    }
    if (const std::size_t cursor = find_word(b, e, {"CURSOR"}); cursor < e) {
      const std::size_t f = find_word(cursor + 1, e, {"FOR", "IS"});
      if (f < e) block(f + 1, e);
      return;
    }
    const std::size_t value = std::min(find_word(b, e, {"DEFAULT"}), find_equals(b, e));
    if (value < e) expression(value + 1, e);
  }

  // EXECUTE 'constant SQL' [INTO ...] [USING ...]: the text is SQL too.
  // EXECUTE format('... %I ...', ...): the format's text, each placeholder
  // unknown (a table named by %I is then not statically known). A text built
  // otherwise at run time (EXECUTE stmt, 'a' || b) is not known.
  void execute(std::size_t b, std::size_t e) {
    std::string text;
    if (b + 1 < e && t_[b + 1].kind == TokKind::String) {
      if (b + 2 < e && !t_[b + 2].is("INTO") && !t_[b + 2].is("USING")) return;
      text = t_[b + 1].text;
    } else if (b + 3 < e && t_[b + 1].is("format") && t_[b + 2].punct('(') && t_[b + 3].kind == TokKind::String) {
      text = format_text(t_[b + 3].text);
    } else {
      return;
    }
    for (const auto& inner : split_statements(text)) {
      for (BodyStatement& s : Unwrapper(inner).run()) {
        s.offset = t_[b].begin;
        out_.push_back(std::move(s));
      }
    }
  }

  void statement(std::size_t b, std::size_t e, std::string_view lead) {
    BodyStatement s;
    s.offset = t_[b].begin;
    s.tokens.assign(t_.begin() + static_cast<long>(b), t_.begin() + static_cast<long>(e));
    if (!lead.empty()) s.tokens.front() = word_at(lead, t_[b]);
    drop_into_targets(s.tokens);
    out_.push_back(std::move(s));
  }

  void expression(std::size_t b, std::size_t e) {
    if (b >= e) return;
    BodyStatement s;
    s.offset = t_[b].begin;
    s.tokens.push_back(word_at("SELECT", t_[b]));
    s.tokens.insert(s.tokens.end(), t_.begin() + static_cast<long>(b), t_.begin() + static_cast<long>(e));
    out_.push_back(std::move(s));
  }

  const std::vector<Token>& t_;
  std::vector<BodyStatement> out_;
};

}  // namespace

std::vector<BodyStatement> body_statements(const std::vector<Token>& t) { return Unwrapper(t).run(); }

}  // namespace cleave::sql::detail
