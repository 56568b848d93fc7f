#include "sql/lexer.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
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

// Items of a list of values kept before the rest is folded (tokenize()).
constexpr std::size_t kKeptItems = 16;

// One pass over the text. Each lex_* reads one kind of token at the cursor
// and returns false, consuming nothing, when the text there is not of its
// kind; run() tries them in an order that matters (E'..' is a string before
// it is a word).
class Lexer {
 public:
  // `split`: statements are handed out one at a time by next_statement(),
  // without their semicolons; otherwise run() returns every token.
  Lexer(std::string_view s, bool split) : s_(s), split_(split) {}

  std::vector<Token> run() {
    while (step()) {
    }
    return std::move(out_);
  }

  // The next statement's tokens, never empty; nullopt at the end of the text.
  std::optional<std::vector<Token>> next_statement() {
    while (!done_ && step()) {
    }
    if (done_) {
      done_ = false;
      return std::exchange(out_, {});
    }
    if (out_.empty()) return std::nullopt;
    return std::exchange(out_, {});
  }

  // Whether every token read so far was a placeholder or a word glued to one
  // (and there was one).
  bool wholly_unknown() const { return any_ && all_unknown_; }

 private:
  // Reads one token (or skips a blank); false at the end of the text.
  bool step() {
    if (i_ >= s_.size()) {
      // The text ends in a VALUES list: its last row is complete.
      if (!lists_.empty() && lists_.back().rows && lists_.back().depth == depth_) end_item(lists_.back(), out_.size());
      lists_.clear();
      return false;
    }
    if (skip_blank()) return true;
    if (lex_string() || lex_quoted_ident() || lex_dollar() || lex_bind_param() || lex_word() || lex_number()) {
      return true;
    }
    lex_punct();
    return true;
  }

  void push(TokKind kind, std::string text, std::size_t b, std::size_t e, bool placeholder = false) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.begin = b;
    t.end = e;
    t.has_placeholder = placeholder;
    any_ = true;
    all_unknown_ = all_unknown_ && (t.kind == TokKind::Placeholder || (t.kind == TokKind::Word && placeholder));
    out_.push_back(std::move(t));
    fold_lists();
    if (split_) split();
  }

  // Ends the statement at a top-level semicolon. BEGIN ... END blocks of
  // MySQL/SQLite routines and triggers hold inner semicolons; a statement
  // that opened one ends at its matching END (not END IF, END LOOP, ...).
  void split() {
    const Token& t = out_.back();
    if (pending_end_) {
      pending_end_ = false;
      if (!(t.is("IF") || t.is("LOOP") || t.is("WHILE") || t.is("REPEAT"))) --block_;
    }
    if (out_.size() == 1) routine_ = false;
    if (out_.size() <= 8 && (t.is("PROCEDURE") || t.is("FUNCTION") || t.is("TRIGGER")) && out_.size() > 1 &&
        out_.front().is("CREATE")) {
      routine_ = true;
    }
    const bool prev_end = std::exchange(after_end_, t.is("END"));
    if (routine_ && (t.is("BEGIN") || (t.is("CASE") && !prev_end))) ++block_;
    if (routine_ && block_ > 0 && t.is("END")) pending_end_ = true;
    if (t.punct(';') && block_ <= 0) {
      out_.pop_back();
      block_ = 0;
      depth_ = 0;
      lists_.clear();
      if (!out_.empty()) done_ = true;
    }
  }

  // A list being read: a parenthesised group, or the rows after VALUES.
  struct List {
    int depth = 0;         // paren depth of its items' separators
    bool rows = false;     // the rows of a VALUES list (not closed by a parenthesis)
    std::size_t sep = 0;   // index of the token before the item being read: '(', ',' or VALUES
    std::size_t kept = 0;  // items kept so far
  };

  static bool value_only(const Token& t) {
    switch (t.kind) {
      case TokKind::Number:
      case TokKind::String:
      case TokKind::BindParam:
      case TokKind::Placeholder:
      case TokKind::Punct:
        return true;
      case TokKind::Word:
        return t.is("NULL") || t.is("TRUE") || t.is("FALSE") || t.is("DEFAULT");
      case TokKind::QuotedIdent:
        return false;
    }
    return false;
  }

  // The item of `l` that ends before index `stop` is complete: past the
  // first kKeptItems, an item of nothing but values is dropped with the comma
  // before it, and the token before that comma counts it.
  void end_item(List& l, std::size_t stop) {
    const auto first = out_.begin() + static_cast<long>(l.sep) + 1, last = out_.begin() + static_cast<long>(stop);
    if (l.kept >= kKeptItems && first < last && out_[l.sep].punct(',') && std::all_of(first, last, value_only)) {
      out_.erase(first - 1, last);
      Token& before = out_[l.sep - 1];
      ++before.elided;
      before.elided_rows = l.rows;
      return;  // the separator that ended this item now stands at l.sep
    }
    ++l.kept;
    l.sep = stop;
  }

  // Called after each token: folds long lists of values as they are read, so
  // a list never holds more than kKeptItems items in memory.
  void fold_lists() {
    std::size_t k = out_.size() - 1;
    if (out_[k].punct(')')) {
      --depth_;
      while (!lists_.empty() && lists_.back().rows && lists_.back().depth > depth_) lists_.pop_back();
      if (!lists_.empty() && !lists_.back().rows && lists_.back().depth == depth_ + 1) {
        end_item(lists_.back(), k);
        lists_.pop_back();
      }
      return;
    }
    if (!lists_.empty() && lists_.back().rows && lists_.back().depth == depth_ && !out_[k].punct(',') &&
        !out_[k].punct('(') && !out_[k - 1].is("VALUES") && !out_[k - 1].punct(',')) {
      end_item(lists_.back(), k);  // ON CONFLICT, RETURNING, ';' after the last row
      lists_.pop_back();
      k = out_.size() - 1;
    }
    const Token& t = out_[k];
    if (t.punct('(')) {
      ++depth_;
      lists_.push_back(List{depth_, false, k, 0});
    } else if (t.is("VALUES")) {
      lists_.push_back(List{depth_, true, k, 0});
    } else if (t.punct(',') && !lists_.empty() && lists_.back().depth == depth_) {
      end_item(lists_.back(), k);
    }
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
      push(TokKind::Word, std::move(text), i_, j, ph);
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
  int depth_ = 0;            // parentheses open before the cursor
  std::vector<List> lists_;  // the lists open at the cursor, innermost last
  bool split_ = false;
  bool done_ = false;  // out_ holds a whole statement
  int block_ = 0;      // BEGIN ... END blocks open in a routine
  bool routine_ = false, after_end_ = false, pending_end_ = false;
  bool any_ = false, all_unknown_ = true;
};

}  // namespace

std::vector<Token> tokenize(std::string_view s) { return Lexer(s, false).run(); }

std::string source_text(std::string_view sql, const std::vector<Token>& tokens) {
  if (tokens.empty()) return {};
  std::string out;
  std::size_t from = tokens.front().begin;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.elided == 0) continue;
    out.append(sql.substr(from, t.end - from));
    out += " /* " + std::to_string(t.elided) + " more " + (t.elided_rows ? "row" : "value") +
           (t.elided == 1 ? "" : "s") + " */";
    if (i + 1 == tokens.size()) return out;
    out += ' ';
    from = tokens[i + 1].begin;
  }
  out.append(sql.substr(from, tokens.back().end - from));
  return out;
}

struct StatementReader::Impl {
  Lexer lexer;
};

StatementReader::StatementReader(std::string_view sql) : impl_(std::make_unique<Impl>(Impl{Lexer(sql, true)})) {}
StatementReader::~StatementReader() = default;
std::optional<std::vector<Token>> StatementReader::next() { return impl_->lexer.next_statement(); }
bool StatementReader::wholly_unknown() const { return impl_->lexer.wholly_unknown(); }

std::vector<std::vector<Token>> split_statements(std::string_view sql) {
  std::vector<std::vector<Token>> out;
  StatementReader reader(sql);
  while (auto statement = reader.next()) out.push_back(std::move(*statement));
  return out;
}

}  // namespace cleave::sql
