// The YAML emitter for generated templates (contract in yaml.hpp). Hand
// written rather than on YAML::Emitter so every quoting decision is ours and
// visible: the rules below are what YAML 1.1 readers (CloudFormation, PyYAML
// in the SAM CLI and cfn-lint) and YAML 1.2 readers (yaml-cpp) agree on.
#include "reports/sam/yaml.hpp"

#include "core/utf8.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string_view>

namespace cleave::sam {
namespace {

using json = nlohmann::ordered_json;

// Implicit keys longer than this are not allowed by YAML (1024 characters);
// such a key is written in the explicit "? key" form.
constexpr std::size_t kMaxImplicitKey = 1000;

// Code points written only as escapes: controls (C0, DEL, C1), what YAML 1.1
// treats as line breaks (NEL, LS, PS), the BOM, non-characters, and the bidi
// controls that would make a line read differently from what it holds.
bool needs_escape(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0xFEFF ||
         c == 0xFFFE || c == 0xFFFF || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

// Whether any code point of s (besides '\n' when allowed) needs an escape or
// is a tab.
bool has_escapes(std::string_view s, bool newline_ok) {
  for (std::size_t i = 0; i < s.size();) {
    const Utf8Char c = decode_utf8(s, i);
    i += c.length;
    if (c.value == '\n' && newline_ok) continue;
    if (needs_escape(c.value)) return true;
  }
  return false;
}

// Strings a YAML 1.1 or 1.2 reader would resolve to something else: null,
// booleans (1.1's yes/no/on/off/y/n included), numbers in any notation
// (1e3, 0x1F, .5, 1_000, 1:30), timestamps, ".inf"/".nan", the merge key "<<"
// and 1.1's value key "=". Deliberately broad: anything starting with a digit
// or a sign/dot before a digit, or made only of number characters, is quoted.
bool looks_typed(std::string_view s) {
  std::string lower(s);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (std::string_view word : {"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "+.inf",
                                "-.inf", ".nan", "=", "<<"}) {
    if (lower == word) return true;
  }
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = s.front() == '+' || s.front() == '-' ? 1 : 0;
  if (i < s.size() && s[i] == '.') ++i;
  if (i < s.size() && digit(s[i])) return true;
  // SnakeYAML takes "_" for a digit: "_", "_1", "_.5" are floats to it.
  return s.find_first_of("0123456789_") != std::string_view::npos &&
         s.find_first_not_of("0123456789_.:+-eE") == std::string_view::npos;
}

bool plain_ok(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) return false;
  if (s.starts_with("---") || s.starts_with("...") || looks_typed(s)) return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return false;
  return !has_escapes(s, false);
}

// A literal block keeps the text exactly when: it has a line break, at most
// one trailing line break, no tabs, carriage returns or other escapes, no
// trailing spaces on any line, and its first non-empty line does not start
// with a space (the reader detects the indentation from that line).
bool literal_ok(std::string_view s) {
  if (s.find('\n') == std::string_view::npos || has_escapes(s, true)) return false;
  std::string_view body = s.ends_with('\n') ? s.substr(0, s.size() - 1) : s;
  if (body.empty() || body.ends_with('\n')) return false;
  bool seen_text = false;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = body.substr(start, end - start);
    if (!line.empty() && line.back() == ' ') return false;
    if (!line.empty() && !seen_text) {
      if (line.front() == ' ') return false;
      seen_text = true;
    }
    start = end + 1;
  }
  return seen_text;
}

// s as valid UTF-8: each invalid byte becomes U+FFFD.
void append_clean(std::string& out, std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const Utf8Char c = decode_utf8(s, i);
    i += c.length;
    append_utf8(out, c.value);
  }
}

void write_quoted(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const Utf8Char c = decode_utf8(s, i);
    i += c.length;
    switch (c.value) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (needs_escape(c.value)) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c.value));
          out += buf;
        } else {
          append_utf8(out, c.value);
        }
    }
  }
  out += '"';
}

// A scalar string on one line: plain when safe, else double-quoted.
void write_inline_string(std::string& out, std::string_view s) {
  if (plain_ok(s)) {
    append_clean(out, s);
  } else {
    write_quoted(out, s);
  }
}

// Floats always carry a '.' and a signed exponent, the one notation both
// YAML 1.1 and 1.2 read as a float; the digits are the shortest that round-trip.
std::string float_text(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
  std::string text = json(d).dump();
  const std::size_t e = text.find_first_of("eE");
  const std::string_view mantissa = std::string_view(text).substr(0, e);
  if (mantissa.find('.') == std::string_view::npos) text.insert(e == std::string::npos ? text.size() : e, ".0");
  return text;
}

void pad(std::string& out, int indent) { out.append(static_cast<std::size_t>(indent), ' '); }

void write_literal(std::string& out, std::string_view s, int indent) {
  out += s.ends_with('\n') ? "|\n" : "|-\n";
  std::string_view body = s.ends_with('\n') ? s.substr(0, s.size() - 1) : s;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = body.substr(start, end - start);
    if (!line.empty()) {
      pad(out, indent);
      append_clean(out, line);
    }
    out += '\n';
    start = end + 1;
  }
}

void write_block(std::string& out, const json& v, int indent, bool first_inline);

// What follows "key:" or "-": a scalar on the same line, a literal block, an
// empty collection, or a nested collection (on the next line after a key, on
// the same line after a dash).
void write_value(std::string& out, const json& v, int indent, bool after_dash) {
  switch (v.type()) {
    case json::value_t::null:
      out += " null\n";
      return;
    case json::value_t::boolean:
      out += v.get<bool>() ? " true\n" : " false\n";
      return;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      out += ' ' + v.dump() + '\n';
      return;
    case json::value_t::number_float:
      out += ' ' + float_text(v.get<double>()) + '\n';
      return;
    case json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      out += ' ';
      if (literal_ok(s)) {
        write_literal(out, s, indent + 2);
      } else {
        write_inline_string(out, s);
        out += '\n';
      }
      return;
    }
    case json::value_t::object:
    case json::value_t::array:
      if (v.empty()) {
        out += v.is_object() ? " {}\n" : " []\n";
      } else if (after_dash) {
        out += ' ';
        write_block(out, v, indent + 2, true);
      } else {
        out += '\n';
        write_block(out, v, indent + 2, false);
      }
      return;
    default:
      throw std::invalid_argument("to_yaml: binary or discarded JSON values have no YAML form");
  }
}

// A non-empty object or array at `indent`; with first_inline the first line's
// indentation is already written (it follows "- ").
void write_block(std::string& out, const json& v, int indent, bool first_inline) {
  bool first = true;
  if (v.is_object()) {
    for (const auto& [key, value] : v.items()) {
      if (!(first && first_inline)) pad(out, indent);
      first = false;
      if (key.size() > kMaxImplicitKey) {
        out += "? ";
        write_quoted(out, key);
        out += '\n';
        pad(out, indent);
      } else {
        write_inline_string(out, key);
      }
      out += ':';
      write_value(out, value, indent, false);
    }
  } else {
    for (const auto& item : v) {
      if (!(first && first_inline)) pad(out, indent);
      first = false;
      out += '-';
      write_value(out, item, indent, true);
    }
  }
}

}  // namespace

std::string to_yaml(const nlohmann::ordered_json& doc) {
  std::string out;
  if ((doc.is_object() || doc.is_array()) && !doc.empty()) {
    write_block(out, doc, 0, false);
  } else {
    write_value(out, doc, 0, false);
    out.erase(0, 1);  // the separating space write_value puts after "key:"
  }
  return out;
}

}  // namespace cleave::sam
