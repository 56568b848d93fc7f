// UTF-8, decoded and encoded in one place for every stage that reads text
// from the analysed code (string folding, escaping, the YAML emitter).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cleave {

struct Utf8Char {
  char32_t value = 0;
  std::size_t length = 0;  // bytes of the sequence; 1 for an invalid byte
  bool valid = true;
};

// The code point starting at text[i] (i < text.size()). An invalid sequence
// (a stray or truncated byte, an overlong form, a surrogate, anything above
// U+10FFFF) is U+FFFD for one byte, with valid = false.
Utf8Char decode_utf8(std::string_view text, std::size_t i);

// Appends `cp` (at most U+10FFFF) encoded as UTF-8.
void append_utf8(std::string& out, char32_t cp);

}  // namespace cleave
