#include "sql/lexer.hpp"

#include <cctype>

namespace cleave::sql {
namespace {

bool ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

// Length of a format placeholder starting at s[i] ('{' or '%'), 0 if none.
// Covers fmt ({}, {0}, {:d}, {name}), Servatrice-style {prefix}, printf
// (%s, %lu, %08.3f), sqlite3_mprintf (%q, %Q, %w) and Qt's %1..%99.
std::size_t placeholder_len(std::string_view s, std::size_t i) {
  if (s[i] == '{') {
    std::size_t j = i + 1;
    while (j < s.size() && j - i <= 40) {
      unsigned char c = static_cast<unsigned char>(s[j]);
      if (c == '}') return j + 1 - i;
      if (std::isspace(c) || c == '{' || c == ';' || c == '\'' || c == '"') return 0;
      ++j;
    }
    return 0;
  }
  if (s[i] != '%' || i + 1 >= s.size()) return 0;
  std::size_t j = i + 1;
  if (std::isdigit(static_cast<unsigned char>(s[j])) && s[j] != '0') {
    // Qt's %1 .. %99, unless it is a printf width followed by a conversion.
    std::size_t k = j;
    while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
    if (k >= s.size() || !std::isalpha(static_cast<unsigned char>(s[k]))) return k - i <= 3 ? k - i : 0;
  }
  while (j < s.size() && std::string_view("-+ #0").find(s[j]) != std::string_view::npos && s[j] != ' ') ++j;
  while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.' || s[j] == '*')) ++j;
  while (j < s.size() && std::string_view("hlLqjzt").find(s[j]) != std::string_view::npos && j - i < 6) {
    // 'q' is both a length modifier (%qd) and sqlite's %q conversion.
    if (s[j] == 'q' && (j + 1 >= s.size() || !std::isalpha(static_cast<unsigned char>(s[j + 1])))) break;
    ++j;
  }
  if (j < s.size() && std::string_view("diouxXsScfFeEgGpqQwz").find(s[j]) != std::string_view::npos) return j + 1 - i;
  return 0;
}

}  // namespace

std::string Token::upper() const {
  std::string out = text;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool Token::is(std::string_view keyword) const {
  if (kind != TokKind::Word || text.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != std::toupper(static_cast<unsigned char>(keyword[i]))) return false;
  }
  return true;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto push = [&](TokKind kind, std::string text, std::size_t b, std::size_t e) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.begin = b;
    t.end = e;
    out.push_back(std::move(t));
  };
  // Quoted run with doubled-quote escapes; backslash escapes too when `backslash`.
  auto quoted = [&](char q, bool backslash, std::size_t start) {
    std::string text;
    std::size_t j = start;
    while (j < s.size()) {
      char c = s[j];
      if (backslash && c == '\\' && j + 1 < s.size()) {
        text += s[j + 1];
        j += 2;
        continue;
      }
      if (c == q) {
        if (j + 1 < s.size() && s[j + 1] == q) {
          text += q;
          j += 2;
          continue;
        }
        return std::pair{text, j + 1};
      }
      text += c;
      ++j;
    }
    return std::pair{text, j};  // unterminated: take the rest
  };

  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    // Comments: --, /* */, and MySQL's '# ' line comment.
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '#' && (i + 1 >= s.size() || s[i + 1] == ' ')) {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      std::size_t e = s.find("*/", i + 2);
      i = e == std::string_view::npos ? s.size() : e + 2;
      continue;
    }
    std::size_t b = i;
    // String prefixes: E'..' (backslash escapes), N'..', X'..', B'..'.
    if ((c == 'E' || c == 'e' || c == 'N' || c == 'n' || c == 'X' || c == 'x' || c == 'B' || c == 'b') &&
        i + 1 < s.size() && s[i + 1] == '\'') {
      auto [text, e] = quoted('\'', c == 'E' || c == 'e', i + 2);
      push(TokKind::String, std::move(text), b, e);
      i = e;
      continue;
    }
    if (c == '\'') {
      // Backslash escapes are MySQL's; PostgreSQL keeps them literal. Taking
      // them keeps a MySQL 'it\'s' in one piece and costs nothing elsewhere.
      auto [text, e] = quoted('\'', true, i + 1);
      push(TokKind::String, std::move(text), b, e);
      i = e;
      continue;
    }
    if (c == '"' || c == '`') {
      auto [text, e] = quoted(static_cast<char>(c), false, i + 1);
      push(TokKind::QuotedIdent, std::move(text), b, e);
      i = e;
      continue;
    }
    if (c == '[') {
      // SQLite/SQL Server [name]; PostgreSQL's a[1] keeps '[' as punctuation.
      std::size_t e = s.find(']', i + 1);
      if (e != std::string_view::npos && e > i + 1 && e - i < 130 && ident_start(static_cast<unsigned char>(s[i + 1]))) {
        bool ok = true;
        for (std::size_t k = i + 1; k < e; ++k) {
          unsigned char d = static_cast<unsigned char>(s[k]);
          if (!(ident_char(d) || d == ' ' || d == '-' || d == '#')) ok = false;
        }
        if (ok) {
          push(TokKind::QuotedIdent, std::string(s.substr(i + 1, e - i - 1)), b, e + 1);
          i = e + 1;
          continue;
        }
      }
    }
    if (c == '$') {
      // $1 / $name bind parameters, $$..$$ and $tag$..$tag$ bodies.
      std::size_t j = i + 1;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      if (j < s.size() && s[j] == '$') {
        std::string tag(s.substr(i, j + 1 - i));
        std::size_t e = s.find(tag, j + 1);
        std::size_t content_end = e == std::string_view::npos ? s.size() : e;
        std::size_t stop = e == std::string_view::npos ? s.size() : e + tag.size();
        push(TokKind::String, std::string(s.substr(j + 1, content_end - j - 1)), b, stop);
        i = stop;
        continue;
      }
      if (j > i + 1) {
        push(TokKind::BindParam, std::string(s.substr(i, j - i)), b, j);
        i = j;
        continue;
      }
    }
    if (c == '?') {
      std::size_t j = i + 1;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      push(TokKind::BindParam, std::string(s.substr(i, j - i)), b, j);
      i = j;
      continue;
    }
    if ((c == ':' || c == '@') && i + 1 < s.size() && ident_start(static_cast<unsigned char>(s[i + 1])) &&
        !(i > 0 && s[i - 1] == ':')) {
      std::size_t j = i + 1;
      while (j < s.size() && ident_char(static_cast<unsigned char>(s[j]))) ++j;
      push(TokKind::BindParam, std::string(s.substr(i, j - i)), b, j);
      i = j;
      continue;
    }
    // Words, glued to placeholders where they touch: {prefix}_bans, t_%s.
    if (ident_start(c) || ((c == '{' || c == '%') && placeholder_len(s, i) > 0)) {
      std::string text;
      bool ph = false;
      bool word_part = false;
      std::size_t j = i;
      while (j < s.size()) {
        unsigned char d = static_cast<unsigned char>(s[j]);
        std::size_t pl = (d == '{' || d == '%') ? placeholder_len(s, j) : 0;
        if (pl > 0) {
          text += kPlaceholderWord;
          ph = true;
          j += pl;
        } else if (ident_char(d) || (std::isdigit(d) && (word_part || ph))) {
          text += static_cast<char>(d);
          word_part = true;
          j += 1;
        } else {
          break;
        }
      }
      if (ph && !word_part) {
        push(TokKind::Placeholder, std::string(s.substr(i, j - i)), b, j);
      } else {
        push(TokKind::Word, std::move(text), b, j);
        out.back().has_placeholder = ph;
      }
      i = j;
      continue;
    }
    if (std::isdigit(c) || (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      push(TokKind::Number, std::string(s.substr(i, j - i)), b, j);
      i = j;
      continue;
    }
    static constexpr std::string_view kTwo[] = {"::", "<=", ">=", "<>", "!=", "||", "->", "=>"};
    bool two = false;
    for (auto op : kTwo) {
      if (s.substr(i, 2) == op) {
        push(TokKind::Punct, std::string(op), b, i + 2);
        i += 2;
        two = true;
        break;
      }
    }
    if (two) continue;
    push(TokKind::Punct, std::string(1, static_cast<char>(c)), b, i + 1);
    ++i;
  }
  return out;
}

std::vector<std::vector<Token>> split_statements(const std::vector<Token>& tokens) {
  std::vector<std::vector<Token>> out;
  std::vector<Token> cur;
  // BEGIN ... END blocks of MySQL/SQLite routines and triggers hold inner
  // semicolons; a statement that opened one ends at its matching END.
  int block = 0;
  bool routine = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (cur.empty()) routine = false;
    if (cur.size() < 8 && (t.is("PROCEDURE") || t.is("FUNCTION") || t.is("TRIGGER")) && !cur.empty() && cur.front().is("CREATE")) {
      routine = true;
    }
    bool after_end = i > 0 && tokens[i - 1].is("END");
    if (routine && (t.is("BEGIN") || (t.is("CASE") && !after_end))) ++block;
    if (routine && block > 0 && t.is("END") &&
        !(i + 1 < tokens.size() && (tokens[i + 1].is("IF") || tokens[i + 1].is("LOOP") || tokens[i + 1].is("WHILE") ||
                                     tokens[i + 1].is("REPEAT")))) {
      --block;
    }
    if (t.punct(';') && block <= 0) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      block = 0;
      continue;
    }
    cur.push_back(t);
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace cleave::sql
