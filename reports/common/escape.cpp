#include "reports/common/escape.hpp"

#include "core/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>

namespace cleave::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence starting at text[i]; 0 when invalid.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const Utf8Char c = decode_utf8(text, i);
  return c.valid ? c.length : 0;
}

std::string hex32(std::uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

std::uint32_t fnv1a(std::string_view text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

// Words the CML grammar (Context Mapper and the Sculptor tactic DSL it
// embeds) reserves; an identifier equal to one is written with Xtext's '^'.
constexpr std::string_view kCmlKeywords[] = {"Aggregate",
                                             "Application",
                                             "BasicType",
                                             "BoundedContext",
                                             "Command",
                                             "CommandEvent",
                                             "Consumer",
                                             "ContextMap",
                                             "DataTransferObject",
                                             "Domain",
                                             "DomainEvent",
                                             "Entity",
                                             "Event",
                                             "Flow",
                                             "List",
                                             "Map",
                                             "Module",
                                             "Repository",
                                             "Resource",
                                             "Service",
                                             "Set",
                                             "Bag",
                                             "Collection",
                                             "Stakeholders",
                                             "Subdomain",
                                             "Trait",
                                             "UseCase",
                                             "UserStory",
                                             "ValueObject",
                                             "ValueRegister",
                                             "abstract",
                                             "aggregateLifecycle",
                                             "aggregateRoot",
                                             "assertFalse",
                                             "assertTrue",
                                             "auditable",
                                             "belongsTo",
                                             "cache",
                                             "cascade",
                                             "changeable",
                                             "contains",
                                             "creditCardNumber",
                                             "databaseColumn",
                                             "databaseTable",
                                             "databaseType",
                                             "decimalMax",
                                             "decimalMin",
                                             "def",
                                             "delegates",
                                             "description",
                                             "digits",
                                             "domainVisionStatement",
                                             "email",
                                             "emits",
                                             "enum",
                                             "eventBus",
                                             "exposedAggregates",
                                             "extends",
                                             "false",
                                             "fetch",
                                             "future",
                                             "gap",
                                             "hint",
                                             "implementationTechnology",
                                             "implements",
                                             "import",
                                             "index",
                                             "inject",
                                             "inverse",
                                             "key",
                                             "knowledgeLevel",
                                             "length",
                                             "max",
                                             "min",
                                             "nogap",
                                             "not",
                                             "notBlank",
                                             "notChangeable",
                                             "notEmpty",
                                             "nullable",
                                             "opposite",
                                             "optimisticLocking",
                                             "orderby",
                                             "owner",
                                             "package",
                                             "past",
                                             "pattern",
                                             "persistent",
                                             "private",
                                             "protected",
                                             "public",
                                             "publish",
                                             "range",
                                             "read",
                                             "readonly",
                                             "realizes",
                                             "refines",
                                             "required",
                                             "responsibilities",
                                             "scaffold",
                                             "size",
                                             "state",
                                             "subscribe",
                                             "throws",
                                             "to",
                                             "transient",
                                             "triggers",
                                             "true",
                                             "type",
                                             "url",
                                             "validate",
                                             "write",
                                             "operation",
                                             "name",
                                             "version",
                                             "id",
                                             "uuid",
                                             "value"};

}  // namespace

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = utf8_sequence(text, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string html_escape(std::string_view raw) {
  std::string text = sanitize_utf8(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // C0 controls other than tab/newline are not allowed in HTML text.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string json_for_script(const nlohmann::json& value) {
  std::string dumped = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(dumped.size() + dumped.size() / 16);
  for (std::size_t i = 0; i < dumped.size(); ++i) {
    char c = dumped[i];
    // '<', '>' and '&' only ever occur inside JSON strings, where \u escapes
    // are equivalent; so are U+2028/U+2029 (E2 80 A8/A9).
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < dumped.size() && dumped[i + 1] == '\x80' &&
               (dumped[i + 2] == '\xA8' || dumped[i + 2] == '\xA9')) {
      out += dumped[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string dot_quote(std::string_view raw) {
  std::string text = sanitize_utf8(raw);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n' || c == '\r' || c == '\t' || static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string dot_quote_lines(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string q = dot_quote(lines[i]);
    if (i > 0) out += "\\n";
    out.append(q, 1, q.size() - 2);
  }
  out += '"';
  return out;
}

namespace {

bool is_ascii_punct(char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Whether text[i] ('&') starts an entity or numeric character reference.
bool starts_entity(std::string_view text, std::size_t i) {
  std::size_t j = i + 1;
  if (j < text.size() && text[j] == '#') ++j;
  const std::size_t first = j;
  while (j < text.size() && is_alnum(text[j])) ++j;
  return j > first && j < text.size() && text[j] == ';';
}

// Whether text[i] ('<') could open an HTML tag, comment or autolink.
bool starts_tag(std::string_view text, std::size_t i) {
  if (i + 1 >= text.size()) return false;
  const char next = text[i + 1];
  return std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!' || next == '?';
}

// Whether '_' at text[i] may open or close emphasis: inside a word
// ("order_items") it never does.
bool emphasis_underscore(std::string_view text, std::size_t i) {
  const bool before = i > 0 && is_alnum(text[i - 1]);
  const bool after = i + 1 < text.size() && is_alnum(text[i + 1]);
  return !(before && after);
}

// Where the text starts a block (a heading, a quote, a list item, a
// thematic break or setext underline): the position of the character to
// escape, or npos.
std::size_t block_marker(std::string_view text) {
  if (text.empty()) return std::string_view::npos;
  if (std::string_view("#>+-=").find(text[0]) != std::string_view::npos) return 0;
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i > 0 && i < text.size() && (text[i] == '.' || text[i] == ')')) return i;
  return std::string_view::npos;
}

std::string one_line(std::string_view raw) {
  std::string text = sanitize_utf8(raw);
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return text;
}

}  // namespace

std::string md_escape(std::string_view raw) {
  const std::string text = one_line(raw);
  const std::size_t marker = block_marker(text);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    bool escape = i == marker;
    switch (c) {
      case '\\':
        escape = i + 1 == text.size() || is_ascii_punct(text[i + 1]);
        break;
      case '`':
      case '*':
      case '[':
      case ']':
      case '|':
      case '~':
        escape = true;
        break;
      case '_':
        escape = emphasis_underscore(text, i);
        break;
      case '<':
        escape = starts_tag(text, i);
        break;
      case '&':
        escape = starts_entity(text, i);
        break;
      default:
        break;
    }
    if (escape) out += '\\';
    out += c;
  }
  return out;
}

std::string md_code(std::string_view raw) {
  const std::string text = one_line(raw);
  if (text.empty()) return {};
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = text.front() == '`' || text.back() == '`' ||
                   (text.front() == ' ' && text.back() == ' ' && text.find_first_not_of(' ') != std::string::npos);
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

std::string md_code_cell(std::string_view raw) {
  std::string out;
  for (char c : md_code(raw)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string cml_identifier(std::string_view text, bool capitalise) {
  std::string out;
  bool upper_next = capitalise;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += upper_next ? static_cast<char>(std::toupper(u)) : c;
      upper_next = false;
    } else if (capitalise) {
      upper_next = true;  // snake_case and kebab-case become PascalCase
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) out = "Unnamed";
  if (std::isdigit(static_cast<unsigned char>(out.front()))) out.insert(0, capitalise ? "T" : "t");
  if (std::find(std::begin(kCmlKeywords), std::end(kCmlKeywords), out) != std::end(kCmlKeywords)) out.insert(0, "^");
  return out;
}

std::string cml_string(std::string_view raw) {
  std::string text = sanitize_utf8(raw);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string slug(std::string_view text) {
  std::string out;
  bool lossy = false;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      if (std::isupper(u)) lossy = true;
      out += static_cast<char>(std::tolower(u));
    } else if (c == '-' || c == '_') {
      out += c;
    } else {
      lossy = true;
      out += '-';
    }
  }
  if (out.empty() || lossy) out += "-" + hex32(fnv1a(text)).substr(0, 6);
  return out;
}

}  // namespace cleave::report
