#include "reports/sam/names.hpp"

#include <vector>

namespace cleave::sam {
namespace {

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool ascii_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
char lower(char c) { return ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

std::vector<std::string> words(std::string_view raw) {
  std::vector<std::string> out;
  std::string word;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (!ascii_alnum(c)) {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
      continue;
    }
    // "recordEvent" -> record|Event; "HTTPServer" -> HTTP|Server.
    const bool boundary =
        ascii_upper(c) && !word.empty() &&
        (ascii_lower(raw[i - 1]) || (i + 1 < raw.size() && ascii_lower(raw[i + 1]) && ascii_upper(raw[i - 1]) &&
                                     (raw[i + 1] < '0' || raw[i + 1] > '9')));
    if (boundary) {
      out.push_back(std::move(word));
      word.clear();
    }
    word += lower(c);
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

std::string joined(std::string_view raw, const char* sep, const char* fallback) {
  std::string out;
  for (const auto& w : words(raw)) out += (out.empty() ? "" : sep) + w;
  return out.empty() ? fallback : out;
}

}  // namespace

std::string pascal_case(std::string_view raw) {
  std::string out;
  for (auto w : words(raw)) {
    w[0] = static_cast<char>(w[0] >= 'a' && w[0] <= 'z' ? w[0] - 'a' + 'A' : w[0]);
    out += w;
  }
  return out.empty() ? "X" : out;
}

std::string snake_case(std::string_view raw) { return joined(raw, "_", "x"); }
std::string kebab_case(std::string_view raw) { return joined(raw, "-", "x"); }

std::string cpp_identifier(std::string_view raw) {
  static const std::set<std::string> keywords = {"alignas",      "alignof",      "and",           "and_eq",
                                                 "asm",          "auto",         "bitand",        "bitor",
                                                 "bool",         "break",        "case",          "catch",
                                                 "char",         "char8_t",      "char16_t",      "char32_t",
                                                 "class",        "compl",        "concept",       "const",
                                                 "consteval",    "constexpr",    "constinit",     "const_cast",
                                                 "continue",     "co_await",     "co_return",     "co_yield",
                                                 "decltype",     "default",      "delete",        "do",
                                                 "double",       "dynamic_cast", "else",          "enum",
                                                 "explicit",     "export",       "extern",        "false",
                                                 "float",        "for",          "friend",        "goto",
                                                 "if",           "inline",       "int",           "long",
                                                 "main",         "mutable",      "namespace",     "new",
                                                 "noexcept",     "not",          "not_eq",        "nullptr",
                                                 "operator",     "or",           "or_eq",         "private",
                                                 "protected",    "public",       "register",      "reinterpret_cast",
                                                 "requires",     "return",       "short",         "signed",
                                                 "sizeof",       "static",       "static_assert", "static_cast",
                                                 "struct",       "switch",       "template",      "this",
                                                 "thread_local", "throw",        "true",          "try",
                                                 "typedef",      "typeid",       "typename",      "union",
                                                 "unsigned",     "using",        "virtual",       "void",
                                                 "volatile",     "wchar_t",      "while",         "xor",
                                                 "xor_eq",       "final",        "override",      "import",
                                                 "module"};
  std::string out = snake_case(raw);
  if (out[0] >= '0' && out[0] <= '9') out = "op_" + out;
  if (keywords.count(out)) out += "_";
  return out;
}

std::string NameScope::claim(const std::string& base) {
  std::string name = base.substr(0, max_);
  for (unsigned n = 2; used_.count(name); ++n) {
    const std::string suffix = std::to_string(n);
    name = base.substr(0, max_ - suffix.size()) + suffix;
  }
  used_.insert(name);
  return name;
}

std::string last_component(std::string_view qualified) {
  // Skip template arguments and parameter lists: "a::f<b::c>" -> "f<b::c>".
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < qualified.size(); ++i) {
    const char c = qualified[i];
    if (c == '<' || c == '(') ++depth;
    if ((c == '>' || c == ')') && depth > 0) --depth;
    if (depth == 0 && c == ':' && i + 1 < qualified.size() && qualified[i + 1] == ':') start = i + 2;
  }
  return std::string(qualified.substr(start));
}

}  // namespace cleave::sam
