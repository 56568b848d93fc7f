// A dialect-tolerant SQL tokenizer shared by the normaliser, the statement
// splitter, the CREATE TABLE reader and the token fallback.
//
// It never fails: any byte sequence becomes tokens (unknown bytes become
// one-character punctuation), so callers can always fall back to it when
// libpg_query rejects a dialect.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::sql {

enum class TokKind {
  Word,         // bare identifier or keyword; may contain placeholders ({prefix}_bans)
  QuotedIdent,  // "x", `x`, [x]: text is the unquoted name
  String,       // '...', E'...', N'...', $$...$$: text is the content
  Number,
  BindParam,    // ?, ?1, :name, @name, $1, $name: bound at run time, always a value
  Placeholder,  // {prefix}, {}, %s, %d, %1, or a folded non-constant part: unknown text
  Punct,        // operators and punctuation, ; included
};

struct Token {
  TokKind kind = TokKind::Punct;
  std::string text;       // see TokKind; Word keeps its spelling
  std::size_t begin = 0;  // byte offsets into the input
  std::size_t end = 0;
  bool has_placeholder = false;             // a Word glued to a placeholder: {prefix}_bans
  std::size_t elided = 0;                   // items of a long list of values dropped right after this token
  bool elided_rows = false;                 // ... and they were rows of a VALUES list
  std::string upper() const;                // text in upper case (for keyword tests)
  bool is(std::string_view keyword) const;  // case-insensitive Word test
  bool punct(char c) const { return kind == TokKind::Punct && text.size() == 1 && text[0] == c; }
};

// The marker the folder puts where a part of the SQL is not a compile-time
// constant. The lexer reads it as a Placeholder wherever it stands.
inline constexpr std::string_view kUnknownMarker = "{?}";

// The spelling of a placeholder inside a Word, once normalised for libpg_query.
inline constexpr std::string_view kPlaceholderWord = "cleave_ph__";

// Long lists of values are folded as they are read: past its first 16 items,
// a list (the rows after VALUES, or a parenthesised list such as IN (...))
// loses every item that holds nothing but values (no word other than NULL,
// TRUE, FALSE, DEFAULT: no column, call or subquery). Values name no table,
// and a seed statement of 40,000 rows would otherwise cost tokens by the
// million (a 5 MB literal took 980 MB). The token before the dropped items
// counts them in `elided`.
std::vector<Token> tokenize(std::string_view sql);

// The source text a run of tokens came from, each folded list written as a
// comment ("/* 41942 more rows */") so that the text still parses.
std::string source_text(std::string_view sql, const std::vector<Token>& tokens);

// Reads a text's statements one at a time, so that a script of many
// statements never holds all its tokens at once. Statements end at top-level
// semicolons (not those inside a routine's BEGIN ... END) and come without
// them; empty statements are dropped; long lists are folded as by tokenize().
class StatementReader {
 public:
  explicit StatementReader(std::string_view sql);  // `sql` must outlive the reader
  ~StatementReader();
  StatementReader(const StatementReader&) = delete;
  StatementReader& operator=(const StatementReader&) = delete;

  std::optional<std::vector<Token>> next();  // never an empty statement; nullopt at the end
  // After the end: the text held tokens and every one was a placeholder or
  // a word glued to one ({prefix}_bans).
  bool wholly_unknown() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every statement of a text (StatementReader, all at once).
std::vector<std::vector<Token>> split_statements(std::string_view sql);

}  // namespace cleave::sql
