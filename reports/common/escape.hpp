// Escaping for every output format. Input text comes from the analysed code
// and may hold anything: markup, quotes, control characters, invalid UTF-8.
//
// Contract
//  - Each function returns text that the target format reads back as the
//    literal input (modulo invalid UTF-8, replaced by U+FFFD, and control
//    characters, replaced by a space or a visible escape).
//  - Nothing here is format-aware beyond its own format: compose, never nest.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cleave::report {

// Valid UTF-8, invalid sequences replaced by U+FFFD.
std::string sanitize_utf8(std::string_view text);

// Text content and attribute values (both quote kinds escaped).
std::string html_escape(std::string_view text);

// JSON to embed inside <script type="application/json">: additionally
// escapes '<', '>', '&', U+2028 and U+2029 so that no "</script>", "<!--" or
// line separator can end or confuse the script element.
std::string json_for_script(const nlohmann::json& value);

// A double-quoted DOT string (ID or label). Backslashes are doubled so that
// Graphviz's own escapes (\n, \l, \N) can only come from us.
std::string dot_quote(std::string_view text);

// A multi-line DOT label: each line escaped as by dot_quote, joined by
// Graphviz's centred line break.
std::string dot_quote_lines(const std::vector<std::string>& lines);

// Inline Markdown text (GitHub Flavored Markdown), safe in running text and
// in table cells: only what Markdown would read as markup is backslash-
// escaped, where it would: a backslash before punctuation, '`' '*' '[' ']' '|' '~'
// always, '_' unless inside a word, '<' before what could open a tag, '&'
// before what could be an entity, and a leading block marker ("#", "-",
// "1."). No HTML entities; line breaks and control characters become spaces.
std::string md_escape(std::string_view text);

// A code span for running text: the text verbatim between backtick fences
// one longer than its longest run of backticks ("" for empty text).
std::string md_code(std::string_view text);

// A code span inside a table cell: as md_code, with '|' escaped (GFM splits
// cells before it reads code spans).
std::string md_code_cell(std::string_view text);

// A CML (Context Mapper / Xtext) identifier: [A-Za-z_][A-Za-z0-9_]*, with a
// '^' prefix when it would collide with a keyword of the language.
std::string cml_identifier(std::string_view text, bool capitalise);
// A CML string literal, quotes included.
std::string cml_string(std::string_view text);

// A token safe in HTML ids and CSS selectors: [a-z0-9_-], with a short hash
// when the mapping lost information, so distinct names stay distinct.
std::string slug(std::string_view text);

}  // namespace cleave::report
