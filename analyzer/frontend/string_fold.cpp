#include "frontend/string_fold.hpp"

#include "core/utf8.hpp"

#include <algorithm>

namespace cleave::frontend {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Merges adjacent literal pieces so consumers see "SELECT a FROM t" as one.
void compact(StrAlternative& alt) {
  StrAlternative out;
  for (auto& p : alt) {
    if (p.kind == PieceKind::Literal && !out.empty() && out.back().kind == PieceKind::Literal) {
      out.back().text += p.text;
    } else if (!(p.kind == PieceKind::Literal && p.text.empty())) {
      out.push_back(std::move(p));
    }
  }
  alt = std::move(out);
}

}  // namespace

std::optional<std::string> decode_string_literal(std::string_view tok) {
  std::size_t i = 0;
  if (tok.substr(0, 2) == "u8") {
    i = 2;
  } else if (!tok.empty() && (tok[0] == 'u' || tok[0] == 'U' || tok[0] == 'L')) {
    i = 1;
  }
  bool raw = false;
  if (i < tok.size() && tok[i] == 'R') {
    raw = true;
    ++i;
  }
  if (i >= tok.size() || tok[i] != '"') return std::nullopt;
  ++i;
  // A user-defined literal suffix (""s, ""sv) follows the closing quote.
  std::size_t end = tok.rfind('"');
  if (end == std::string_view::npos || end < i) return std::nullopt;

  if (raw) {
    const std::size_t open = tok.find('(', i);
    if (open == std::string_view::npos) return std::nullopt;
    const std::string_view delim = tok.substr(i, open - i);
    const std::string closing = ")" + std::string(delim) + "\"";
    const std::size_t close = tok.rfind(closing);
    if (close == std::string_view::npos || close < open) return std::nullopt;
    return std::string(tok.substr(open + 1, close - open - 1));
  }

  std::string out;
  for (; i < end; ++i) {
    const char c = tok[i];
    if (c != '\\' || i + 1 >= end) {
      out += c;
      continue;
    }
    const char e = tok[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        unsigned v = 0;
        int n = 0;
        while (n < 3 && i < end && tok[i] >= '0' && tok[i] <= '7') {
          v = v * 8 + static_cast<unsigned>(tok[i] - '0');
          ++i;
          ++n;
        }
        --i;
        out += static_cast<char>(v & 0xFF);
        break;
      }
      case 'x': {
        unsigned long v = 0;
        while (i + 1 < end && hex_value(tok[i + 1]) >= 0) v = v * 16 + static_cast<unsigned long>(hex_value(tok[++i]));
        if (v < 0x100) {
          out += static_cast<char>(v);
        } else {
          append_utf8(out, v <= 0x10FFFF ? static_cast<char32_t>(v) : char32_t{0xFFFD});
        }
        break;
      }
      case 'u':
      case 'U': {
        const int digits = e == 'u' ? 4 : 8;
        unsigned long v = 0;
        for (int n = 0; n < digits && i + 1 < end && hex_value(tok[i + 1]) >= 0; ++n) {
          v = v * 16 + static_cast<unsigned long>(hex_value(tok[++i]));
        }
        append_utf8(out, v <= 0x10FFFF ? static_cast<char32_t>(v) : char32_t{0xFFFD});
        break;
      }
      default:
        out += e;  // \" \' \\ \?
        break;
    }
  }
  return out;
}

StrValue literal_value(std::string text) {
  StrValue v;
  v.alternatives.push_back({Piece{PieceKind::Literal, std::move(text), -1}});
  return v;
}

StrValue unknown_value(std::string text) {
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  StrValue v;
  v.alternatives.push_back({Piece{PieceKind::Unknown, std::move(text), -1}});
  return v;
}

StrValue concat(const StrValue& a, const StrValue& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  StrValue out;
  for (const auto& x : a.alternatives) {
    for (const auto& y : b.alternatives) {
      if (out.alternatives.size() >= kMaxAlternatives) return out;
      StrAlternative alt = x;
      alt.insert(alt.end(), y.begin(), y.end());
      compact(alt);
      out.alternatives.push_back(std::move(alt));
    }
  }
  return out;
}

StrValue alternatives_of(const StrValue& a, const StrValue& b) {
  StrValue out = a;
  for (const auto& alt : b.alternatives) {
    if (out.alternatives.size() >= kMaxAlternatives) break;
    if (std::find(out.alternatives.begin(), out.alternatives.end(), alt) == out.alternatives.end()) {
      out.alternatives.push_back(alt);
    }
  }
  return out;
}

bool has_constant_part(const StrValue& value) {
  for (const auto& alt : value.alternatives) {
    for (const auto& p : alt) {
      if (p.kind != PieceKind::Unknown) return true;
    }
  }
  return false;
}

std::vector<std::string> split_template_args(std::string_view spelling) {
  std::vector<std::string> out;
  const std::size_t open = spelling.find('<');
  const std::size_t close = spelling.rfind('>');
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open) return out;
  int depth = 0;
  bool quoted = false;
  std::string current;
  auto flush = [&] {
    const std::size_t b = current.find_first_not_of(' ');
    const std::size_t e = current.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(current.substr(b, e - b + 1));
    current.clear();
  };
  for (std::size_t i = open + 1; i < close; ++i) {
    const char ch = spelling[i];
    if (quoted) {
      if (ch == '\\' && i + 1 < close) {
        current += spelling[i++];
      } else if (ch == '"') {
        quoted = false;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == '<' || ch == '(' || ch == '{' || ch == '[') {
      ++depth;
    } else if (ch == '>' || ch == ')' || ch == '}' || ch == ']') {
      --depth;
    } else if (ch == ',' && depth == 0) {
      flush();
      continue;
    }
    current += ch;
  }
  flush();
  return out;
}

}  // namespace cleave::frontend
