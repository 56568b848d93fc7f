// String values as data: decoding C++ literal tokens and combining folded
// values. No libclang here, so it is tested on its own.
#pragma once

#include "core/facts.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::frontend {

// Decodes one string-literal token as written (prefixes u8/u/U/L, raw strings
// R"d(...)d", escapes). Non-ASCII code points are emitted as UTF-8. Returns
// nullopt when the token is not a string literal.
std::optional<std::string> decode_string_literal(std::string_view token);

// The most alternatives a value may hold; past it, the value keeps the first
// ones and ends each with an Unknown piece, so nothing pretends to be complete.
inline constexpr std::size_t kMaxAlternatives = 16;

StrValue literal_value(std::string text);
StrValue unknown_value(std::string text);
StrValue concat(const StrValue& a, const StrValue& b);
StrValue alternatives_of(const StrValue& a, const StrValue& b);
// True when the value holds at least one piece that is not Unknown.
bool has_constant_part(const StrValue& value);

// The top-level template arguments of a type as clang spells it:
// `const Repo<shop::Order, FixedString<3>{"a,b"}>` gives shop::Order and
// FixedString<3>{"a,b"}. Empty when the spelling has no argument list.
std::vector<std::string> split_template_args(std::string_view spelling);

}  // namespace cleave::frontend
