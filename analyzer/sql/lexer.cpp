#include "sql/lexer.hpp"

#include <cctype>
#include <utility>

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
    if (std::toupper(static_cast<unsigned char>(text[i])) != std::toupper(static_cast<unsigned char>(keyword[i])))
      return false;
  }
  return true;
}

namespace {

// One pass over the text. Each lex_* reads one kind of token at the cursor
// and returns false, consuming nothing, when the text there is not of its
// kind; run() tries them in an order that matters (E'..' is a string before
// it is a word).
class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Token> run() {
    while (i_ < s_.size()) {
      if (skip_blank()) continue;
      if (lex_string() || lex_quoted_ident() || lex_dollar() || lex_bind_param() || lex_word() || lex_number()) {
        continue;
      }
      lex_punct();
    }
    return std::move(out_);
  }

 private:
  void push(TokKind kind, std::string text, std::size_t b, std::size_t e) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.begin = b;
    t.end = e;
    out_.push_back(std::move(t));
  }

  // Quoted run with doubled-quote escapes; backslash escapes too when `backslash`.
  std::pair<std::string, std::size_t> quoted(char q, bool backslash, std::size_t start) const {
    std::string text;
    std::size_t j = start;
    while (j < s_.size()) {
      char c = s_[j];
      if (backslash && c == '\\' && j + 1 < s_.size()) {
        text += s_[j + 1];
        j += 2;
        continue;
      }
      if (c == q) {
        if (j + 1 < s_.size() && s_[j + 1] == q) {
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
  }

  unsigned char at(std::size_t i) const { return static_cast<unsigned char>(s_[i]); }

  // Whitespace and comments: --, /* */, and MySQL's '# ' line comment.
  bool skip_blank() {
    const unsigned char c = at(i_);
    if (std::isspace(c)) {
      ++i_;
      return true;
    }
    if ((c == '-' && i_ + 1 < s_.size() && s_[i_ + 1] == '-') ||
        (c == '#' && (i_ + 1 >= s_.size() || s_[i_ + 1] == ' '))) {
      while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      return true;
    }
    if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
      std::size_t e = s_.find("*/", i_ + 2);
      i_ = e == std::string_view::npos ? s_.size() : e + 2;
      return true;
    }
    return false;
  }

  // '..', and the prefixed forms E'..' (backslash escapes), N'..', X'..', B'..'.
  bool lex_string() {
    const unsigned char c = at(i_);
    const std::size_t b = i_;
    if ((c == 'E' || c == 'e' || c == 'N' || c == 'n' || c == 'X' || c == 'x' || c == 'B' || c == 'b') &&
        i_ + 1 < s_.size() && s_[i_ + 1] == '\'') {
      auto [text, e] = quoted('\'', c == 'E' || c == 'e', i_ + 2);
      push(TokKind::String, std::move(text), b, e);
      i_ = e;
      return true;
    }
    if (c == '\'') {
      // Backslash escapes are MySQL's; PostgreSQL keeps them literal. Taking
      // them keeps a MySQL 'it\'s' in one piece and costs nothing elsewhere.
      auto [text, e] = quoted('\'', true, i_ + 1);
      push(TokKind::String, std::move(text), b, e);
      i_ = e;
      return true;
    }
    return false;
  }

  // "x", `x`, and SQLite/SQL Server [x]; PostgreSQL's a[1] keeps '[' as
  // punctuation.
  bool lex_quoted_ident() {
    const unsigned char c = at(i_);
    const std::size_t b = i_;
    if (c == '"' || c == '`') {
      auto [text, e] = quoted(static_cast<char>(c), false, i_ + 1);
      push(TokKind::QuotedIdent, std::move(text), b, e);
      i_ = e;
      return true;
    }
    if (c != '[') return false;
    std::size_t e = s_.find(']', i_ + 1);
    if (e == std::string_view::npos || e <= i_ + 1 || e - i_ >= 130 || !ident_start(at(i_ + 1))) return false;
    for (std::size_t k = i_ + 1; k < e; ++k) {
      unsigned char d = at(k);
      if (!(ident_char(d) || d == ' ' || d == '-' || d == '#')) return false;
    }
    push(TokKind::QuotedIdent, std::string(s_.substr(i_ + 1, e - i_ - 1)), b, e + 1);
    i_ = e + 1;
    return true;
  }

  // $1 / $name bind parameters, $$..$$ and $tag$..$tag$ bodies.
  bool lex_dollar() {
    if (s_[i_] != '$') return false;
    const std::size_t b = i_;
    std::size_t j = i_ + 1;
    while (j < s_.size() && (std::isalnum(at(j)) || s_[j] == '_')) ++j;
    if (j < s_.size() && s_[j] == '$') {
      std::string tag(s_.substr(i_, j + 1 - i_));
      std::size_t e = s_.find(tag, j + 1);
      std::size_t content_end = e == std::string_view::npos ? s_.size() : e;
      std::size_t stop = e == std::string_view::npos ? s_.size() : e + tag.size();
      push(TokKind::String, std::string(s_.substr(j + 1, content_end - j - 1)), b, stop);
      i_ = stop;
      return true;
    }
    if (j > i_ + 1) {
      push(TokKind::BindParam, std::string(s_.substr(i_, j - i_)), b, j);
      i_ = j;
      return true;
    }
    return false;
  }

  // ?, ?1, :name, @name (not the second colon of a :: cast).
  bool lex_bind_param() {
    const unsigned char c = at(i_);
    std::size_t j = i_ + 1;
    if (c == '?') {
      while (j < s_.size() && std::isdigit(at(j))) ++j;
    } else if ((c == ':' || c == '@') && i_ + 1 < s_.size() && ident_start(at(i_ + 1)) &&
               !(i_ > 0 && s_[i_ - 1] == ':')) {
      while (j < s_.size() && ident_char(at(j))) ++j;
    } else {
      return false;
    }
    push(TokKind::BindParam, std::string(s_.substr(i_, j - i_)), i_, j);
    i_ = j;
    return true;
  }

  // Words, glued to placeholders where they touch: {prefix}_bans, t_%s.
  bool lex_word() {
    const unsigned char c = at(i_);
    if (!(ident_start(c) || ((c == '{' || c == '%') && placeholder_len(s_, i_) > 0))) return false;
    std::string text;
    bool ph = false;
    bool word_part = false;
    std::size_t j = i_;
    while (j < s_.size()) {
      unsigned char d = at(j);
      std::size_t pl = (d == '{' || d == '%') ? placeholder_len(s_, j) : 0;
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
      push(TokKind::Placeholder, std::string(s_.substr(i_, j - i_)), i_, j);
    } else {
      push(TokKind::Word, std::move(text), i_, j);
      out_.back().has_placeholder = ph;
    }
    i_ = j;
    return true;
  }

  bool lex_number() {
    const unsigned char c = at(i_);
    if (!(std::isdigit(c) || (c == '.' && i_ + 1 < s_.size() && std::isdigit(at(i_ + 1))))) return false;
    std::size_t j = i_;
    while (j < s_.size() && (std::isalnum(at(j)) || s_[j] == '.')) ++j;
    push(TokKind::Number, std::string(s_.substr(i_, j - i_)), i_, j);
    i_ = j;
    return true;
  }

  // Two-character operators, else any one byte.
  void lex_punct() {
    static constexpr std::string_view kTwo[] = {"::", "<=", ">=", "<>", "!=", "||", "->", "=>"};
    for (auto op : kTwo) {
      if (s_.substr(i_, 2) == op) {
        push(TokKind::Punct, std::string(op), i_, i_ + 2);
        i_ += 2;
        return;
      }
    }
    push(TokKind::Punct, std::string(1, s_[i_]), i_, i_ + 1);
    ++i_;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::vector<Token> out_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view s) { return Lexer(s).run(); }

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
    if (cur.size() < 8 && (t.is("PROCEDURE") || t.is("FUNCTION") || t.is("TRIGGER")) && !cur.empty() &&
        cur.front().is("CREATE")) {
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
