#include "sql/template_args.hpp"

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

std::vector<StrAlternative> bound(const Piece& p, const std::vector<std::string>& args, const VarTable& vars) {
  if (p.index < 0 || static_cast<std::size_t>(p.index) >= args.size()) {
    return {unknown(p.text.empty() ? "template argument" : "T::" + p.text)};
  }
  std::string arg = args[static_cast<std::size_t>(p.index)];
  while (!arg.empty() && (arg.front() == '&' || arg.front() == ' ')) arg.erase(arg.begin());
  if (p.text.empty()) {
    std::string text;
    if (literal_in(arg, text)) return {{Piece{PieceKind::Literal, text, -1}}};
  }
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
