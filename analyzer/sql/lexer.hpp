// A dialect-tolerant SQL tokenizer shared by the normaliser, the statement
// splitter, the CREATE TABLE reader and the token fallback.
//
// It never fails: any byte sequence becomes tokens (unknown bytes become
// one-character punctuation), so callers can always fall back to it when
// libpg_query rejects a dialect.
#pragma once

#include <cstddef>
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
  std::string upper() const;                // text in upper case (for keyword tests)
  bool is(std::string_view keyword) const;  // case-insensitive Word test
  bool punct(char c) const { return kind == TokKind::Punct && text.size() == 1 && text[0] == c; }
};

// The marker the folder puts where a part of the SQL is not a compile-time
// constant. The lexer reads it as a Placeholder wherever it stands.
inline constexpr std::string_view kUnknownMarker = "{?}";

// The spelling of a placeholder inside a Word, once normalised for libpg_query.
inline constexpr std::string_view kPlaceholderWord = "cleave_ph__";

std::vector<Token> tokenize(std::string_view sql);

// Statements split at top-level semicolons; empty statements are dropped.
std::vector<std::vector<Token>> split_statements(const std::vector<Token>& tokens);

}  // namespace cleave::sql
