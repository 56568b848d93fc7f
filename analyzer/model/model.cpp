#include "model/model.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace cleave {
namespace {

// Symbol-level edges count distinct sites (a header seen from many TUs gives
// the same site each time, counted once), and among them the sites inside a
// loop of the caller. Roll-ups sum the weights below them.
struct EdgeAcc {
  std::set<Location> sites;
  std::set<Location> loop_sites;  // a subset of sites
  unsigned summed = 0;
  std::optional<Location> first;
  unsigned loop_summed = 0;
  std::optional<Location> first_loop;

  void add_weight(const ModelEdge& below) {
    summed += below.weight;
    if (!first || below.first_site < *first) first = below.first_site;
    if (below.loop_weight == 0) return;
    loop_summed += below.loop_weight;
    if (!first_loop || below.first_loop_site < *first_loop) first_loop = below.first_loop_site;
  }
};

std::vector<ModelEdge> finish(std::map<EdgeKey, EdgeAcc>& acc) {
  std::vector<ModelEdge> out;
  out.reserve(acc.size());
  for (auto& [key, value] : acc) {
    ModelEdge e;
    e.from = std::get<0>(key);
    e.to = std::get<1>(key);
    e.kind = std::get<2>(key);
    if (value.summed > 0) {
      e.weight = value.summed;
      e.first_site = *value.first;
      e.loop_weight = value.loop_summed;
      if (value.first_loop) e.first_loop_site = *value.first_loop;
    } else {
      e.weight = static_cast<unsigned>(std::max<std::size_t>(1, value.sites.size()));
      if (!value.sites.empty()) e.first_site = *value.sites.begin();
      e.loop_weight = static_cast<unsigned>(value.loop_sites.size());
      if (!value.loop_sites.empty()) e.first_loop_site = *value.loop_sites.begin();
    }
    out.push_back(std::move(e));
  }
  return out;
}

// A call to a virtual method may land in any override: add a Dispatch edge
// from the caller to each (transitive) override, weighted like the call and
// in a loop where the call is.
void add_dispatch_edges(const Model& model, std::map<EdgeKey, EdgeAcc>& edges) {
  std::map<std::string, std::vector<std::string>> overriders;  // base method -> direct overrides
  for (const auto& [key, acc] : edges) {
    if (std::get<2>(key) == EdgeKind::Override) overriders[std::get<1>(key)].push_back(std::get<0>(key));
  }
  if (overriders.empty()) return;
  std::vector<std::pair<EdgeKey, const EdgeAcc*>> derived;  // `edges` gains keys only after the walk
  for (const auto& [key, acc] : edges) {
    if (std::get<2>(key) != EdgeKind::Call) continue;
    const Symbol* callee = model.find(std::get<1>(key));
    if (!callee || overriders.count(callee->id) == 0) continue;
    std::set<std::string> seen;
    std::vector<std::string> todo{callee->id};
    while (!todo.empty()) {
      std::string m = std::move(todo.back());
      todo.pop_back();
      auto it = overriders.find(m);
      if (it == overriders.end()) continue;
      for (const auto& o : it->second) {
        if (seen.insert(o).second) {
          todo.push_back(o);
          derived.push_back({{std::get<0>(key), o, EdgeKind::Dispatch}, &acc});
        }
      }
    }
  }
  for (auto& [key, call] : derived) {
    EdgeAcc& to = edges[key];  // std::map: inserting keeps `call` valid
    to.sites.insert(call->sites.begin(), call->sites.end());
    to.loop_sites.insert(call->loop_sites.begin(), call->loop_sites.end());
  }
}

}  // namespace

void Model::index() {
  by_id.clear();
  by_id.reserve(symbols.size());
  for (std::size_t i = 0; i < symbols.size(); ++i) by_id.emplace(symbols[i].id, i);
}

const Symbol* Model::find(const std::string& id) const {
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : &symbols[it->second];
}

std::optional<std::string> Model::unit_of(const std::string& id) const {
  const Symbol* s = find(id);
  if (!s) return std::nullopt;
  switch (s->kind) {
    case SymbolKind::Class:
    case SymbolKind::Function:
      return s->id;
    case SymbolKind::Method:
    case SymbolKind::Constructor:
    case SymbolKind::Destructor:
    case SymbolKind::Field: {
      // Nested classes roll up to their outermost enclosing class.
      const Symbol* owner = find(s->parent);
      if (!owner || owner->kind != SymbolKind::Class) return std::nullopt;
      while (true) {
        const Symbol* up = find(owner->parent);
        if (!up || up->kind != SymbolKind::Class) break;
        owner = up;
      }
      return owner->id;
    }
    default:
      return std::nullopt;
  }
}

Model build_model(Program&& program, DataAccessFacts data) {
  Model model;
  model.tus = std::move(program.tus);
  model.symbols.reserve(program.symbols.size());
  for (auto& [id, s] : program.symbols) model.symbols.push_back(std::move(s));
  program.symbols.clear();
  std::sort(model.symbols.begin(), model.symbols.end(),
            [](const Symbol& a, const Symbol& b) { return std::tie(a.name, a.id) < std::tie(b.name, b.id); });
  model.index();

  // Both maps are sorted by the same key: moved over in one ordered pass
  // (hinted inserts, keys moved, not copied), not looked up edge by edge.
  std::map<EdgeKey, EdgeAcc> edges;
  while (!program.edge_sites.empty()) {
    auto node = program.edge_sites.extract(program.edge_sites.begin());
    edges.emplace_hint(edges.end(), std::move(node.key()), EdgeAcc{})->second.sites = std::move(node.mapped());
  }
  auto at = edges.begin();
  while (!program.loop_sites.empty()) {
    auto node = program.loop_sites.extract(program.loop_sites.begin());
    while (at != edges.end() && at->first < node.key()) ++at;
    if (at == edges.end() || node.key() < at->first) at = edges.emplace_hint(at, std::move(node.key()), EdgeAcc{});
    at->second.loop_sites = std::move(node.mapped());
  }
  model.unresolved_calls = std::move(program.unresolved_calls);
  model.data = std::move(data);
  model.hazards = std::move(program.hazards);

  // Drop edges whose endpoints are not project symbols (system headers,
  // excluded third-party code): the model only speaks of the project.
  for (auto it = edges.begin(); it != edges.end();) {
    const auto& [from, to, kind] = it->first;
    if (!model.find(from) || !model.find(to)) {
      it = edges.erase(it);
    } else {
      ++it;
    }
  }
  add_dispatch_edges(model, edges);
  model.edges = finish(edges);

  // Roll-ups. Class level: lift both ends to their unit; skip self-loops and
  // structural member_of edges, which only restate the lift.
  std::map<EdgeKey, EdgeAcc> class_edges;
  std::map<EdgeKey, EdgeAcc> file_edges;
  for (const auto& e : model.edges) {
    if (e.kind == EdgeKind::Include) {
      file_edges[{e.from, e.to, e.kind}].add_weight(e);
      continue;
    }
    if (e.kind != EdgeKind::MemberOf) {
      auto from = model.unit_of(e.from);
      auto to = model.unit_of(e.to);
      if (from && to && *from != *to) {
        class_edges[{*from, *to, e.kind}].add_weight(e);
      }
    }
    const Symbol* a = model.find(e.from);
    const Symbol* b = model.find(e.to);
    if (a && b && a->kind != SymbolKind::File && !a->loc.file.empty() && !b->loc.file.empty() &&
        a->loc.file != b->loc.file && e.kind != EdgeKind::MemberOf) {
      file_edges[{"file:" + a->loc.file, "file:" + b->loc.file, e.kind}].add_weight(e);
    }
  }
  model.class_edges = finish(class_edges);
  model.file_edges = finish(file_edges);
  return model;
}

Model merge(std::vector<TuFacts> tus) { return build_model(build_program(std::move(tus))); }

}  // namespace cleave
