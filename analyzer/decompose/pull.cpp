// Pull (pull.hpp): the ties of a placed unit to each service, after the
// clustering's own weights.
#include "decompose/pull.hpp"

#include "decompose/partition.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cleave::decompose {

using detail::enclosing_scope;
using detail::kind_weight;
using detail::last_component;
using detail::name_tokens;
using detail::table_token_keys;

namespace {

std::string times(unsigned n) { return n > 1 ? " x" + std::to_string(n) : ""; }

}  // namespace

// A pull being summed: evidence with the same words adds up.
struct PullIndex::Acc {
  ServicePull pull;
  std::map<std::string, std::size_t> at;  // evidence words -> index
};

namespace {

void add(std::map<std::string, PullIndex::Acc>& out, const std::string& service, const std::string& kind,
         const std::string& what, double weight) {
  if (weight <= 0) return;
  auto& acc = out[service];
  auto& p = acc.pull;
  p.service = service;
  p.weight += weight;
  auto [it, fresh] = acc.at.emplace(what, p.evidence.size());
  if (fresh) {
    p.evidence.push_back({kind, what, weight});
  } else {
    p.evidence[it->second].weight += weight;
  }
}

}  // namespace

PullIndex::PullIndex(const Model& model, const Proposal& proposal, const config::DecomposeWeights& weights)
    : model_(model), proposal_(proposal), w_(weights) {
  for (const auto& t : proposal.tables) owner_[t.name] = t.owner;
  for (std::size_t i = 0; i < model.edges.size(); ++i) {
    const auto& e = model.edges[i];
    if (e.kind == EdgeKind::Include || e.kind == EdgeKind::MemberOf) continue;
    edges_of_[e.from].push_back(i);
    if (e.to != e.from) edges_of_[e.to].push_back(i);
  }
  for (std::size_t i = 0; i < model.data.accesses.size(); ++i) accesses_of_[model.data.accesses[i].symbol].push_back(i);
  for (std::size_t i = 0; i < model.data.transactions.size(); ++i)
    transactions_of_[model.data.transactions[i].function].push_back(i);
  for (const auto& s : model.symbols) {
    if (s.is_implicit) continue;
    by_name_[s.name].push_back(s.id);
    auto u = model.unit_of(s.id);
    if (u && *u != s.id) members_[*u].push_back(s.id);
  }
  for (const auto& sc : proposal.split_classes) {
    for (const auto& m : sc.methods) split_methods_.insert(m.method);
  }
  // Cohesion groups over the classes and functions placed in a service or
  // the kernel, and the tables by name token (build_graph.cpp).
  std::vector<std::pair<std::string, std::string>> units;  // name, service
  for (const auto& s : proposal.services) {
    for (const auto& c : s.classes) units.emplace_back(c, s.name);
    for (const auto& f : s.functions) {
      if (!split_methods_.count(f)) units.emplace_back(f, s.name);
    }
  }
  for (const auto& c : proposal.shared_kernel_classes) units.emplace_back(c, "");
  for (const auto& f : proposal.shared_kernel_functions) {
    if (!split_methods_.count(f)) units.emplace_back(f, "");
  }
  for (const auto& sc : proposal.split_classes) units.emplace_back(sc.name, "");  // the anchor is in no service
  std::sort(units.begin(), units.end());
  for (const auto& [name, service] : units) {
    unit_service_[name] = service;
    std::set<std::string> keys;
    if (auto scope = enclosing_scope(name); !scope.empty()) keys.insert("ns:" + scope);
    auto ids = by_name_.find(name);
    if (ids != by_name_.end()) {
      const Symbol* s = model.find(ids->second.front());
      auto slash = s ? s->loc.file.rfind('/') : std::string::npos;
      if (slash != std::string::npos) keys.insert("dir:" + s->loc.file.substr(0, slash));
    }
    for (const auto& t : name_tokens(last_component(name))) keys.insert("tok:" + t);
    for (const auto& k : keys) {
      cohesion_[k].push_back(name);
      groups_of_[name].push_back(k);
    }
  }
  std::set<std::string> tables;
  for (const auto& t : proposal.tables) tables.insert(t.name);
  for (const auto& t : tables) {
    for (const auto& k : table_token_keys(t)) cohesion_[k].push_back("table " + t);
    unit_service_["table " + t] = owner_[t];
  }
  const double limit = std::max(2.0, 0.2 * static_cast<double>(units.size()));
  for (auto it = cohesion_.begin(); it != cohesion_.end();) {
    it = it->second.size() < 2 || static_cast<double>(it->second.size()) > limit ? cohesion_.erase(it) : std::next(it);
  }
  for (const auto& [key, members] : cohesion_) {
    auto& count = group_services_[key];
    for (const auto& m : members) ++count[unit_service_.at(m)];
  }
}

std::set<std::string> PullIndex::unit_symbols(const std::string& name) const {
  std::set<std::string> ids;
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return ids;
  for (const auto& id : it->second) {
    ids.insert(id);
    if (split_methods_.count(name)) continue;  // one method of a split class: itself only
    auto m = members_.find(id);
    if (m == members_.end()) continue;
    for (const auto& member : m->second) {
      const Symbol* s = model_.find(member);
      if (s && !split_methods_.count(s->name)) ids.insert(member);
    }
  }
  return ids;
}

const std::string* PullIndex::service_of(const std::string& usr) const {
  auto it = proposal_.assignment.find(usr);
  if (it == proposal_.assignment.end()) {
    auto u = model_.unit_of(usr);
    if (!u) return nullptr;
    it = proposal_.assignment.find(*u);
    if (it == proposal_.assignment.end()) return nullptr;
  }
  return &it->second;
}

// Dependencies both ways, per (direction, kind, other symbol), by the kind's weight.
void PullIndex::add_edges(const std::set<std::string>& ids, std::map<std::string, Acc>& out) const {
  std::set<std::size_t> edges;  // in model order, each once
  for (const auto& id : ids) {
    if (auto it = edges_of_.find(id); it != edges_of_.end()) edges.insert(it->second.begin(), it->second.end());
  }
  for (auto i : edges) {
    const auto& e = model_.edges[i];
    const bool out_edge = ids.count(e.from) > 0, in_edge = ids.count(e.to) > 0;
    if (out_edge == in_edge) continue;
    const std::string& other = out_edge ? e.to : e.from;
    const std::string* svc = service_of(other);
    if (!svc) continue;
    const Symbol* o = model_.find(other);
    std::string kind(to_string(e.kind));
    add(out, *svc, kind, std::string(out_edge ? "-> " : "<- ") + kind + " " + (o ? o->name : other),
        kind_weight(e.kind, w_) * e.weight);
    if (e.kind == EdgeKind::Call || e.kind == EdgeKind::Dispatch) out[*svc].pull.call_sites += e.weight;
  }
}

// Tables towards their owners; transactions towards the owners of what they write.
void PullIndex::add_data(const std::set<std::string>& ids, std::map<std::string, Acc>& out) const {
  std::map<std::pair<std::string, bool>, std::pair<double, unsigned>> use;  // (table, write) -> weight, statements
  std::set<std::size_t> accesses, transactions;                             // in model order
  for (const auto& id : ids) {
    if (auto it = accesses_of_.find(id); it != accesses_of_.end())
      accesses.insert(it->second.begin(), it->second.end());
    if (auto it = transactions_of_.find(id); it != transactions_of_.end())
      transactions.insert(it->second.begin(), it->second.end());
  }
  for (auto i : accesses) {
    const auto& a = model_.data.accesses[i];
    if (a.mode == AccessMode::Ddl || a.mode == AccessMode::Call) continue;
    const bool write = a.mode != AccessMode::Read;
    const double share = a.one_of > 1 ? 1.0 / a.one_of : 1.0;
    auto& u = use[{a.table, write}];
    u.first += share * (write ? w_.write : w_.read);
    ++u.second;
  }
  for (const auto& [key, u] : use) {
    auto o = owner_.find(key.first);
    if (o == owner_.end()) continue;
    add(out, o->second, "table", std::string(key.second ? "writes" : "reads") + " table " + key.first + times(u.second),
        u.first);
  }
  for (auto i : transactions) {
    const auto& tx = model_.data.transactions[i];
    if (tx.writes.empty()) continue;
    const double share = w_.transaction / static_cast<double>(tx.writes.size());
    for (const auto& t : tx.writes) {
      auto o = owner_.find(t);
      if (o != owner_.end()) add(out, o->second, "transaction", "transaction writing " + t, share);
    }
  }
}

// Namespace, directory and name token: the share of the group's other members in each service.
void PullIndex::add_cohesion(const std::string& name, std::map<std::string, Acc>& out) const {
  auto keys = groups_of_.find(name);
  if (keys == groups_of_.end() || split_methods_.count(name)) return;
  for (const auto& key : keys->second) {
    auto group = cohesion_.find(key);
    if (group == cohesion_.end()) continue;
    const std::string kind = key.rfind("ns:", 0) == 0 ? "namespace" : key.rfind("dir:", 0) == 0 ? "directory" : "name";
    const double w = kind == "namespace" ? w_.namespace_ : kind == "directory" ? w_.directory : w_.name;
    std::map<std::string, unsigned> there = group_services_.at(key);
    --there[unit_service_.at(name)];  // the others
    const auto others = static_cast<double>(group->second.size() - 1);
    for (const auto& [svc, n] : there) {
      if (n == 0) continue;
      std::ostringstream what;
      what << kind << " " << key.substr(key.find(':') + 1) << " (" << n << " of its " << others << " other members)";
      add(out, svc, kind, what.str(), w * n / others);
    }
  }
}

std::vector<ServicePull> PullIndex::pulls(const std::string& name) const {
  std::map<std::string, Acc> by_service;
  auto ids = unit_symbols(name);
  add_edges(ids, by_service);
  add_data(ids, by_service);
  add_cohesion(name, by_service);
  std::vector<ServicePull> out;
  for (auto& [svc, acc] : by_service) {
    auto& p = acc.pull;
    std::sort(p.evidence.begin(), p.evidence.end(), [](const PullEvidence& a, const PullEvidence& b) {
      return a.weight != b.weight ? a.weight > b.weight : a.what < b.what;
    });
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const ServicePull& a, const ServicePull& b) {
    if (a.service.empty() != b.service.empty()) return b.service.empty();
    return a.weight != b.weight ? a.weight > b.weight : a.service < b.service;
  });
  return out;
}

}  // namespace cleave::decompose
