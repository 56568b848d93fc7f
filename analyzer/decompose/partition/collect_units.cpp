// Pass: collect units.
// Reads: the model's symbols; the config's god_classes.keep / .split and
//   the classes its contexts pin.
// Decides: which symbols are units (outermost project classes, free
//   functions; no system, implicit or anonymous symbol), each class's direct
//   methods, and which classes are examined method by method (`exploded_`):
//   those with at least weights.god_min_methods ordinary methods, unless
//   kept or pinned, and those the config splits; never a generated class
//   (generated_code.cpp), unless the config splits it.
// Introduced with the first decomposition (a36c90a); the god-class threshold
//   is what lets ClinicManager's handlers go where their work goes (cc3252f).
#include "decompose/partition/partitioner.hpp"

#include <algorithm>

namespace cleave::decompose::detail {

const Symbol* Partitioner::outermost_class(const Symbol& s) const {
  const Symbol* cls = nullptr;
  const Symbol* cur = s.kind == SymbolKind::Class ? &s : model_.find(s.parent);
  while (cur && cur->kind == SymbolKind::Class) {
    cls = cur;
    cur = model_.find(cur->parent);
  }
  return cls;
}

void Partitioner::collect() {
  for (const auto& g : model_.generated) generated_.emplace(g.file, g.kind);
  std::vector<const Symbol*> all;
  for (const auto& s : model_.symbols) all.push_back(&s);
  std::sort(all.begin(), all.end(),
            [](const Symbol* a, const Symbol* b) { return a->name != b->name ? a->name < b->name : a->id < b->id; });
  for (const Symbol* s : all) {
    if (s->is_implicit || is_system_symbol(*s) || s->name.empty()) continue;
    if (s->name.find('(') != std::string::npos) continue;  // (anonymous), (lambda at ...)
    if (s->kind == SymbolKind::Class && outermost_class(*s) == s) classes_.push_back(s);
    if (s->kind == SymbolKind::Function) functions_.push_back(s);
    if (s->kind == SymbolKind::Method || s->kind == SymbolKind::Constructor || s->kind == SymbolKind::Destructor) {
      const Symbol* parent = model_.find(s->parent);
      if (parent && parent->kind == SymbolKind::Class && outermost_class(*parent) == parent)
        methods_[parent->id].push_back(s);
    }
  }
  std::set<std::string> keep(cfg_.keep_classes.begin(), cfg_.keep_classes.end());
  std::set<std::string> split(cfg_.split_classes.begin(), cfg_.split_classes.end());
  std::set<std::string> pinned_classes;
  for (const auto& pin : cfg_.contexts) pinned_classes.insert(pin.classes.begin(), pin.classes.end());
  for (const Symbol* c : classes_) {
    if (generated_.count(c->loc.file) && !split.count(c->name)) continue;  // a contract is never split
    auto it = methods_.find(c->id);
    std::size_t ordinary = 0;
    if (it != methods_.end()) {
      for (const Symbol* m : it->second) ordinary += m->kind == SymbolKind::Method;
    }
    bool candidate =
        static_cast<double>(ordinary) >= w_.god_min_methods && !keep.count(c->name) && !pinned_classes.count(c->name);
    if (split.count(c->name) || candidate) exploded_.insert(c->id);
  }
}

}  // namespace cleave::decompose::detail
