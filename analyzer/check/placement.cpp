#include "check/placement.hpp"

#include "core/glob.hpp"
#include "core/paths.hpp"
#include "decompose/partition.hpp"

#include <algorithm>

namespace cleave::check::detail {
namespace {

const std::string kNone;

// Globs of architecture.yaml are anchored at the project root: "src/*" is
// the files directly in src/, "*" those directly in the root.
bool anchored_match(const std::string& glob, const std::string& file) { return glob_match("/" + glob, "/" + file); }

// The outermost class around `s` (itself when it is one at namespace scope);
// `s` itself for a free function or a namespace-scope variable.
const Symbol* unit_symbol(const Model& model, const Symbol& s) {
  switch (s.kind) {
    case SymbolKind::Function:
      return &s;
    case SymbolKind::Variable: {
      const Symbol* parent = model.find(s.parent);
      if (!parent || parent->kind != SymbolKind::Class) return &s;
      break;
    }
    case SymbolKind::Class:
      break;
    case SymbolKind::Method:
    case SymbolKind::Constructor:
    case SymbolKind::Destructor:
    case SymbolKind::Field:
      break;
    default:
      return nullptr;
  }
  const Symbol* cls = s.kind == SymbolKind::Class ? &s : model.find(s.parent);
  if (!cls || cls->kind != SymbolKind::Class) return nullptr;
  for (const Symbol* up = model.find(cls->parent); up && up->kind == SymbolKind::Class; up = model.find(up->parent)) {
    cls = up;
  }
  return cls;
}

bool reported(const Symbol& s) {
  return !s.is_implicit && !s.name.empty() && s.name.find('(') == std::string::npos &&
         !decompose::detail::is_system_symbol(s);
}

}  // namespace

Placement::Placement(const Model& model, const Architecture& architecture, const std::string& root)
    : model_(model), architecture_(architecture) {
  std::vector<const Context*> all{&architecture.shared_kernel};
  for (const Context& c : architecture.contexts) all.push_back(&c);
  for (const Context* c : all) {
    for (const auto& s : c->symbols) symbol_entry_.emplace(s, c->name);
    for (const auto& n : c->namespaces) namespace_entry_.emplace(n, c->name);
    for (const auto& p : c->paths) path_entry_.emplace_back(p, c->name);
    for (const auto& t : c->tables) table_owner_.emplace(t, c->name);
  }
  // The longest glob is the most specific; ties in file order.
  std::stable_sort(path_entry_.begin(), path_entry_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

  for (const Symbol& s : model.symbols) {
    if (!s.loc.file.empty()) files_.insert(relative_to(s.loc.file, root));
    if (!reported(s)) continue;
    const Symbol* u = unit_symbol(model, s);
    if (!u || !reported(*u)) continue;
    unit_.emplace(s.id, u->id);
    if (u == &s && s.kind != SymbolKind::Variable) units_.push_back({&s, relative_to(s.loc.file, root)});
  }
  std::sort(units_.begin(), units_.end(), [](const Unit& a, const Unit& b) {
    return a.symbol->name != b.symbol->name ? a.symbol->name < b.symbol->name : a.symbol->id < b.symbol->id;
  });
  std::unordered_map<std::string, std::string> unit_context;
  for (const Symbol& s : model.symbols) {
    auto it = unit_.find(s.id);
    if (it == unit_.end() || it->second != s.id) continue;
    if (std::string c = match(s.name, relative_to(s.loc.file, root)); !c.empty()) unit_context.emplace(s.id, c);
  }
  for (const auto& [usr, unit] : unit_) {
    if (auto own = symbol_entry_.find(model.find(usr)->name); own != symbol_entry_.end() && usr != unit) {
      context_.emplace(usr, own->second);
    } else if (auto it = unit_context.find(unit); it != unit_context.end()) {
      context_.emplace(usr, it->second);
    }
  }
}

const std::string& Placement::unit_of(const std::string& usr) const {
  auto it = unit_.find(usr);
  return it == unit_.end() ? kNone : it->second;
}

const std::string& Placement::context_of(const std::string& usr) const {
  auto it = context_.find(usr);
  return it == context_.end() ? kNone : it->second;
}

std::string Placement::match(const std::string& name, const std::string& file) const {
  if (auto it = symbol_entry_.find(name); it != symbol_entry_.end()) return it->second;
  const std::string* best = nullptr;
  std::size_t best_size = 0;
  for (const auto& [ns, context] : namespace_entry_) {
    if (ns.size() > best_size && name.size() > ns.size() + 2 && name.compare(0, ns.size(), ns) == 0 &&
        name.compare(ns.size(), 2, "::") == 0) {
      best = &context;
      best_size = ns.size();
    }
  }
  if (best) return *best;
  if (file.empty()) return {};
  for (const auto& [glob, context] : path_entry_) {
    if (anchored_match(glob, file)) return context;
  }
  return {};
}

std::vector<std::pair<std::string, std::string>> Placement::unmatched() const {
  std::set<std::string> names, tables;
  for (const Symbol& s : model_.symbols) names.insert(s.name);
  for (const Table& t : model_.data.tables) tables.insert(t.name);
  for (const TableAccess& a : model_.data.accesses) tables.insert(a.table);
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<const Context*> all{&architecture_.shared_kernel};
  for (const Context& c : architecture_.contexts) all.push_back(&c);
  for (const Context* c : all) {
    for (const auto& p : c->paths) {
      if (std::none_of(files_.begin(), files_.end(), [&p](const std::string& f) { return anchored_match(p, f); }))
        out.emplace_back(c->name, "path " + p);
    }
    for (const auto& n : c->namespaces) {
      auto it = names.lower_bound(n + "::");
      if (it == names.end() || it->compare(0, n.size() + 2, n + "::") != 0) out.emplace_back(c->name, "namespace " + n);
    }
    for (const auto& s : c->symbols) {
      if (!names.count(s)) out.emplace_back(c->name, "symbol " + s);
    }
    for (const auto& t : c->tables) {
      if (!tables.count(t)) out.emplace_back(c->name, "table " + t);
    }
  }
  return out;
}

bool is_query(const Symbol& callee) {
  const std::string name = decompose::detail::last_component(callee.name);
  for (const char* event : {"on", "notify", "publish", "emit", "raise", "signal"}) {
    const std::size_t n = std::char_traits<char>::length(event);
    if (name.size() > n && name.compare(0, n, event) == 0 &&
        (std::isupper(static_cast<unsigned char>(name[n])) || name[n] == '_')) {
      return false;
    }
    if (name == event) return false;
  }
  if (callee.kind == SymbolKind::Constructor) return true;
  if (callee.kind != SymbolKind::Function && callee.kind != SymbolKind::Method) return false;
  return callee.signature.rfind("void", 0) != 0;
}

std::string verb_of(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::Call:
      return "calls";
    case EdgeKind::Inherits:
      return "inherits from";
    case EdgeKind::FieldType:
      return "holds a field of";
    case EdgeKind::TypeUse:
      return "uses the type";
    case EdgeKind::Reference:
      return "refers to";
    default:
      return "depends on";
  }
}

Observed observe(const Model& model, const Placement& placement) {
  Observed out;
  auto depend = [&out](const std::string& from, const std::string& to, const Location& site) {
    auto [it, fresh] = out.depends[from].emplace(to, site);
    if (!fresh && site < it->second) it->second = site;
  };
  for (const ModelEdge& e : model.edges) {
    if (e.kind != EdgeKind::Call && e.kind != EdgeKind::TypeUse && e.kind != EdgeKind::FieldType &&
        e.kind != EdgeKind::Inherits && e.kind != EdgeKind::Reference) {
      continue;
    }
    // Reading a field of another context's type is that type's use, seen
    // already as a type use; one violation per field would only repeat it.
    if (e.kind == EdgeKind::Reference) {
      const Symbol* target = model.find(e.to);
      if (target && target->kind == SymbolKind::Field) continue;
    }
    const std::string& from = placement.context_of(e.from);
    const std::string& to = placement.context_of(e.to);
    if (from.empty() || to.empty() || from == to) continue;
    out.edges.push_back({&e, from, to});
    depend(from, to, e.first_site);
  }
  for (const TableAccess& a : model.data.accesses) {
    if (a.mode != AccessMode::Read && a.mode != AccessMode::Write) continue;
    const std::string& context = placement.context_of(a.symbol);
    if (context.empty()) continue;
    auto owner = placement.table_owner().find(a.table);
    const std::string owner_name = owner == placement.table_owner().end() ? "" : owner->second;
    if (owner_name == context) continue;
    out.accesses.push_back({&a, context, owner_name});
    if (!owner_name.empty()) depend(context, owner_name, a.loc);
  }
  return out;
}

}  // namespace cleave::check::detail
