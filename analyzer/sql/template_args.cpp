#include "sql/template_args.hpp"

#include <algorithm>
#include <string_view>

namespace cleave::sql {
namespace {

StrAlternative unknown(std::string text) { return {Piece{PieceKind::Unknown, std::move(text), -1}}; }

// The string literal a non-type argument spells, whole (`"orders"`) or inside
// a structural type's value (`FixedString<7>{"orders"}`), without escapes.
bool literal_in(const std::string& arg, std::string& out) {
  const std::size_t open = arg.find('"');
  if (open == std::string::npos) return false;
  const std::size_t close = arg.find('"', open + 1);
  if (close == std::string::npos) return false;
  out = arg.substr(open + 1, close - open - 1);
  return out.find('\\') == std::string::npos;
}

// clang's canonical spelling of the enclosing class template's own
// parameter: `type-parameter-0-N`.
bool enclosing_parameter(const std::string& arg, int& index) {
  static constexpr std::string_view kPrefix = "type-parameter-0-";
  if (arg.size() <= kPrefix.size() || arg.compare(0, kPrefix.size(), kPrefix) != 0) return false;
  const std::string digits = arg.substr(kPrefix.size());
  if (digits.size() > 3 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  index = std::stoi(digits);
  return true;
}

std::vector<StrAlternative> bound(const Piece& p, const std::vector<std::string>& args, const VarTable& vars) {
  if (p.index < 0 || static_cast<std::size_t>(p.index) >= args.size()) {
    return {unknown(p.text.empty() ? "template argument" : "T::" + p.text)};
  }
  std::string arg = args[static_cast<std::size_t>(p.index)];
  while (!arg.empty() && (arg.front() == '&' || arg.front() == ' ')) arg.erase(arg.begin());
  // A type-parameter of the calling template (`Repository<Entity>` inside
  // `Service<Entity>`): still open, bound where the caller is instantiated.
  if (int caller_index = -1; enclosing_parameter(arg, caller_index)) {
    return {{Piece{PieceKind::TemplateArg, p.text, caller_index}}};
  }
  // A literal is the value itself (`Table`) or the structural value's only
  // text (`Table.text` of a `FixedString<9>{"sessions"}`).
  if (std::string text; literal_in(arg, text)) return {{Piece{PieceKind::Literal, text, -1}}};
  const std::string name = p.text.empty() ? arg : arg + "::" + p.text;
  auto v = vars.value_named(name);
  if (v.empty()) return {unknown(name)};
  return v;
}

}  // namespace

std::vector<StrAlternative> bind_template_args(const StrAlternative& alt, const std::vector<std::string>& args,
                                               const VarTable& vars) {
  // A call from inside the template (`this->all()`): its parameters stay
  // open, and the calling member forwards them.
  if (args.empty()) return {alt};
  std::vector<std::vector<StrAlternative>> parts;
  for (const Piece& p : alt) {
    parts.push_back(p.kind == PieceKind::TemplateArg ? bound(p, args, vars) : std::vector<StrAlternative>{{p}});
  }
  return product(parts);
}

}  // namespace cleave::sql
