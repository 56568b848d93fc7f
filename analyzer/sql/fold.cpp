#include "sql/fold.hpp"

#include "sql/lexer.hpp"
#include "sql/query_files.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace cleave::sql {
namespace {

constexpr int kMaxDepth = 12;

}  // namespace

std::vector<StrAlternative> product(const std::vector<std::vector<StrAlternative>>& parts) {
  std::vector<StrAlternative> acc{StrAlternative{}};
  for (const auto& choices : parts) {
    std::vector<StrAlternative> next;
    for (const auto& prefix : acc) {
      for (const auto& c : choices) {
        if (next.size() >= kMaxAlternatives) break;
        StrAlternative joined = prefix;
        joined.insert(joined.end(), c.begin(), c.end());
        next.push_back(std::move(joined));
      }
    }
    acc = std::move(next);
  }
  return acc;
}

namespace {

StrAlternative unknown(const std::string& text) { return {Piece{PieceKind::Unknown, text, -1}}; }

}  // namespace

void VarTable::add(const VarValue& value) {
  auto it = vars_.find(value.var);
  if (it == vars_.end() || value.loc < it->second.loc) vars_[value.var] = value;
  auto named = by_name_.find(value.name);
  if (named == by_name_.end() || value.var < named->second) by_name_[value.name] = value.var;
}

std::vector<StrAlternative> VarTable::value_named(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? std::vector<StrAlternative>{} : value_of(it->second, 0);
}

std::vector<StrAlternative> VarTable::value_of(const std::string& usr, int depth, int index) const {
  auto it = vars_.find(usr);
  if (it == vars_.end() || depth > kMaxDepth) return {};
  std::vector<StrAlternative> out;
  // kStatements[Stmt::Find]: exactly that element, when the index is known.
  if (index >= 0 && static_cast<std::size_t>(index) < it->second.elements.size()) {
    for (const auto& alt : it->second.elements[static_cast<std::size_t>(index)].alternatives) {
      for (auto& e : expand(alt, depth + 1)) {
        if (out.size() < kMaxAlternatives) out.push_back(std::move(e));
      }
    }
    return out;
  }
  // A scalar value wins; an array referenced as a whole stands for any of its
  // elements (kQueries[kind] with a run-time index).
  if (!it->second.value.empty()) {
    for (const auto& alt : it->second.value.alternatives) {
      for (auto& e : expand(alt, depth + 1)) {
        if (out.size() < kMaxAlternatives) out.push_back(std::move(e));
      }
    }
  } else {
    for (const auto& element : it->second.elements) {
      for (const auto& alt : element.alternatives) {
        for (auto& e : expand(alt, depth + 1)) {
          if (out.size() < kMaxAlternatives) out.push_back(std::move(e));
        }
      }
    }
  }
  return out;
}

std::vector<StrAlternative> VarTable::expand(const StrAlternative& alt, int depth) const {
  std::vector<std::vector<StrAlternative>> parts;
  for (const Piece& p : alt) {
    if (p.kind == PieceKind::File) {
      parts.push_back({file_text(p)});
      continue;
    }
    // A member its class sets to constants expands like a constant; any
    // other member stays a Field piece, resolved where the code stores in it.
    if (p.kind != PieceKind::VarRef && !(p.kind == PieceKind::Field && vars_.count(p.text))) {
      parts.push_back({StrAlternative{p}});
      continue;
    }
    auto v = value_of(p.text, depth, p.index);
    auto it = vars_.find(p.text);
    if (v.empty()) v.push_back(unknown(it != vars_.end() ? it->second.name : p.text));
    parts.push_back(std::move(v));
  }
  return product(parts);
}

StrAlternative VarTable::file_text(const Piece& p) const {
  if (const std::string* text = files_ ? files_->find(p.text) : nullptr) return {Piece{PieceKind::Literal, *text, -1}};
  if (std::filesystem::path(p.text).has_extension()) return {p};
  return unknown(p.text);
}

std::vector<StrAlternative> VarTable::expand(const StrAlternative& alt) const { return expand(alt, 0); }

std::vector<StrAlternative> VarTable::expand(const StrValue& value) const {
  std::vector<StrAlternative> out;
  for (const auto& alt : value.alternatives) {
    for (auto& e : expand(alt, 0)) {
      if (out.size() < kMaxAlternatives) out.push_back(std::move(e));
    }
  }
  return out;
}

bool has_param(const StrAlternative& alt) {
  return std::any_of(alt.begin(), alt.end(),
                     [](const Piece& p) { return p.kind == PieceKind::Param || p.kind == PieceKind::TemplateArg; });
}

const Piece* first_field(const StrAlternative& alt) {
  auto it = std::find_if(alt.begin(), alt.end(), [](const Piece& p) { return p.kind == PieceKind::Field; });
  return it == alt.end() ? nullptr : &*it;
}

StrAlternative field_template(const StrAlternative& alt, const std::string& field) {
  StrAlternative out;
  bool taken = false;
  for (const Piece& p : alt) {
    if (p.kind == PieceKind::Field && p.text == field && !taken) {
      out.push_back(Piece{PieceKind::Param, {}, 0});
      taken = true;
    } else if (p.kind == PieceKind::Field) {
      out.push_back(Piece{PieceKind::Unknown, "member", -1});
    } else {
      out.push_back(p);
    }
  }
  return out;
}

std::vector<StrAlternative> substitute(const StrAlternative& tmpl,
                                       const std::map<int, std::vector<StrAlternative>>& args) {
  std::vector<std::vector<StrAlternative>> parts;
  for (const Piece& p : tmpl) {
    if (p.kind != PieceKind::Param) {
      parts.push_back({StrAlternative{p}});
      continue;
    }
    auto it = args.find(p.index);
    if (it == args.end() || it->second.empty()) {
      parts.push_back({unknown("argument " + std::to_string(p.index))});
    } else {
      parts.push_back(it->second);
    }
  }
  return product(parts);
}

std::string sql_text(const StrAlternative& alt) {
  std::string out;
  for (const Piece& p : alt) {
    if (p.kind == PieceKind::Literal) {
      out += p.text;
    } else {
      // Keep the marker apart from neighbouring words only where the literal
      // itself separates them: "{prefix}_bans" must stay glued.
      out += kUnknownMarker;
    }
  }
  return out;
}

std::string shorten(const std::string& text, std::size_t max) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() <= max) return out;
  std::size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return out.substr(0, cut) + "...";
}

std::string excerpt(const StrAlternative& alt) {
  std::string out;
  for (const Piece& p : alt) {
    if (p.kind == PieceKind::Literal)
      out += p.text;
    else if (p.kind == PieceKind::Param)
      out += "<param " + std::to_string(p.index) + ">";
    else if (p.kind == PieceKind::Field)
      out += "<member>";
    else if (p.kind == PieceKind::File)
      out += "<file " + shorten(p.text, 60) + ">";
    else if (p.kind == PieceKind::TemplateArg)
      out += "<template argument " + std::to_string(p.index) + (p.text.empty() ? "" : "::" + p.text) + ">";
    else
      out += "<" + shorten(p.text, 40) + ">";
  }
  return shorten(out);
}

}  // namespace cleave::sql
