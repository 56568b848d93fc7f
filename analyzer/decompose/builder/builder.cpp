// The proposal builder: the steps of builder.hpp in order, the lookups they
// share, and the stage's entry point, decompose().
#include "decompose/builder/builder.hpp"

#include "decompose/decompose.hpp"

#include <algorithm>
#include <filesystem>
#include <tuple>

namespace cleave::decompose::detail {

int Builder::cluster_of_symbol(const std::string& usr) const {
  auto it = c_.node_of.find(usr);
  if (it == c_.node_of.end()) return -1;
  const auto& node = c_.nodes[it->second];
  if (node.kind == NodeKind::Table || node.kind == NodeKind::Cohesion || node.kernel) return -1;
  int k = c_.cluster[it->second];
  return k >= 0 && static_cast<std::size_t>(k) < dense_.size() && dense_[static_cast<std::size_t>(k)] >= 0 ? k : -1;
}

const std::string& Builder::service_of_symbol(const std::string& usr) const {
  static const std::string none;
  int k = cluster_of_symbol(usr);
  return k < 0 ? none : p_.services[static_cast<std::size_t>(dense_[static_cast<std::size_t>(k)])].name;
}

Service* Builder::service(const std::string& name) {
  for (auto& s : p_.services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

void Builder::place_units() {
  open_services();
  list_members();
}

// A cluster is a service when it holds at least one unit.
void Builder::open_services() {
  for (std::uint32_t n = 0; n < c_.nodes.size(); ++n) {
    const auto& node = c_.nodes[n];
    int k = c_.cluster[n];
    bool unit = node.kind == NodeKind::Class || node.kind == NodeKind::Function || node.kind == NodeKind::Method ||
                node.kind == NodeKind::Anchor;
    if (!unit || node.kernel || k < 0 || service_index_.count(k)) continue;
    service_index_[k] = p_.services.size();
    p_.services.emplace_back();
  }
  for (const auto& [k, idx] : service_index_) {
    if (dense_.size() <= static_cast<std::size_t>(k)) dense_.resize(static_cast<std::size_t>(k) + 1, -1);
    dense_[static_cast<std::size_t>(k)] = static_cast<int>(idx);
    if (static_cast<std::size_t>(k) < c_.cluster_folded.size())
      p_.services[idx].folded = c_.cluster_folded[static_cast<std::size_t>(k)];
  }
}

// Each service's (or the kernel's) classes, functions and files; the split
// classes with their methods, whose service is filled in after naming.
void Builder::list_members() {
  std::map<std::string, SplitClass> splits;
  for (const auto& [cls, reason] : c_.split_reasons) {
    const Symbol* s = model_.find(cls);
    splits[cls] = SplitClass{s ? s->name : cls, {}, reason};
  }
  // Every project symbol that maps to a unit node: classes (with nested
  // ones), functions, split methods; members only feed `assignment` and files.
  std::vector<const Symbol*> symbols;
  for (const auto& s : model_.symbols) symbols.push_back(&s);
  std::sort(symbols.begin(), symbols.end(), [](const Symbol* a, const Symbol* b) { return a->id < b->id; });
  for (const Symbol* s : symbols) {
    auto it = c_.node_of.find(s->id);
    if (it == c_.node_of.end()) continue;
    const auto& node = c_.nodes[it->second];
    if (node.kind == NodeKind::Table || node.kind == NodeKind::Cohesion) continue;
    int k = c_.cluster[it->second];
    bool kernel = node.kernel || !service_index_.count(k);
    Service* svc = kernel ? nullptr : &p_.services[service_index_.at(k)];
    bool split = node.kind == NodeKind::Method || (node.kind == NodeKind::Anchor && splits.count(node.owner));
    if (s->kind == SymbolKind::Class && !s->is_implicit && s->name.find('(') == std::string::npos) {
      bool god = splits.count(s->id) > 0;
      if (!god && !(node.kind == NodeKind::Anchor && splits.count(node.owner))) {
        (kernel ? p_.shared_kernel_classes : svc->classes).push_back(s->name);
      }
    } else if (s->kind == SymbolKind::Function && node.kind == NodeKind::Function) {
      (kernel ? p_.shared_kernel_functions : svc->functions).push_back(s->name);
    } else if (node.kind == NodeKind::Method && s->id == node.key && splits.count(node.owner)) {
      // Constructors and destructors are listed too: the remainder of a
      // split class (its constructor, its dispatcher) lands somewhere.
      if (!s->is_implicit) {
        (kernel ? p_.shared_kernel_functions : svc->functions).push_back(s->name);
        splits[node.owner].methods.push_back({s->name, ""});  // service filled after naming
      }
    }
    (void)split;
    if (svc && !s->loc.file.empty() && !s->is_implicit) svc->files.push_back(s->loc.file);
  }
  for (auto& [cls, sc] : splits) {
    if (!sc.methods.empty()) p_.split_classes.push_back(std::move(sc));
  }
  for (auto& s : p_.services) {
    sort_unique(s.classes);
    sort_unique(s.functions);
    sort_unique(s.files);
  }
  sort_unique(p_.shared_kernel_classes);
  sort_unique(p_.shared_kernel_functions);
}

Proposal Builder::build() {
  place_units();
  name_services();
  own_tables();
  mark_stateful_cores();
  cut_foreign_keys();
  distributed_transactions();
  apis();
  ddl();
  fitness();
  extraction_order();
  compute_metrics();
  assign_split_methods();
  assign_symbols();
  list_placements();
  for (const auto& [usr, why] : c_.kernel_reasons) {
    const Symbol* s = model_.find(usr);
    auto it = c_.node_of.find(usr);
    if (s && it != c_.node_of.end() && c_.nodes[it->second].kernel) p_.shared_kernel_reasons[s->name] = why;
  }
  p_.candidates = c_.candidates;
  p_.warnings = c_.warnings;
  // Without SQL the tables' owners are a guess: that comes first.
  if (!model_.tus.empty() && model_.data.sql_sites == 0) {
    const std::size_t tables = model_.data.tables.size();
    p_.warnings.insert(p_.warnings.begin(),
                       make_finding(rules::kNoSql,
                                    "no call in the " + std::to_string(model_.tus.size()) +
                                        " translation units read reaches a database API cleave knows, so no table "
                                        "access was seen" +
                                        (tables == 0 ? std::string()
                                                     : "; the owners of the " + std::to_string(tables) +
                                                           " tables of the schema are a guess from names and keys"),
                                    "no-sql"));
  }
  std::sort(p_.services.begin(), p_.services.end(), [](const Service& a, const Service& b) { return a.name < b.name; });
  std::sort(p_.tables.begin(), p_.tables.end(),
            [](const TableOwnership& a, const TableOwnership& b) { return a.name < b.name; });
  std::sort(p_.foreign_keys_to_cut.begin(), p_.foreign_keys_to_cut.end(),
            [](const CrossServiceForeignKey& a, const CrossServiceForeignKey& b) {
              return std::tie(a.table, a.ref_table, a.columns) < std::tie(b.table, b.ref_table, b.columns);
            });
  return std::move(p_);
}
// Split methods learn their service.
void Builder::assign_split_methods() {
  std::map<std::string, std::string> first_id;  // name -> smallest placed USR
  for (const auto& s : model_.symbols) {
    if (!c_.node_of.count(s.id)) continue;
    auto [it, fresh] = first_id.emplace(s.name, s.id);
    if (!fresh && s.id < it->second) it->second = s.id;
  }
  for (auto& sc : p_.split_classes) {
    for (auto& m : sc.methods) m.service = service_of_symbol(first_id[m.method]);
    std::sort(sc.methods.begin(), sc.methods.end(),
              [](const SplitMethod& a, const SplitMethod& b) { return a.method < b.method; });
    sc.methods.erase(std::unique(sc.methods.begin(), sc.methods.end(),
                                 [](const SplitMethod& a, const SplitMethod& b) { return a.method == b.method; }),
                     sc.methods.end());
  }
  std::sort(p_.split_classes.begin(), p_.split_classes.end(),
            [](const SplitClass& a, const SplitClass& b) { return a.name < b.name; });
}

// Assignment covers every placed symbol.
void Builder::assign_symbols() {
  for (const auto& s : model_.symbols) {
    auto it = c_.node_of.find(s.id);
    if (it == c_.node_of.end() || s.is_implicit) continue;
    auto kind = c_.nodes[it->second].kind;
    if (kind == NodeKind::Table || kind == NodeKind::Cohesion) continue;
    p_.assignment[s.id] = service_of_symbol(s.id);
  }
}

// One placement per listed unit, with the rule that decided it when a rule
// did; "pull" is refined by confidence.cpp, which has the pulls.
void Builder::list_placements() {
  std::map<std::string, std::string> first_id;  // name -> smallest placed USR
  for (const auto& s : model_.symbols) {
    if (!c_.node_of.count(s.id) || s.is_implicit) continue;
    auto [it, fresh] = first_id.emplace(s.name, s.id);
    if (!fresh && s.id < it->second) it->second = s.id;
  }
  std::set<std::string> units;
  for (const auto& svc : p_.services) {
    units.insert(svc.classes.begin(), svc.classes.end());
    units.insert(svc.functions.begin(), svc.functions.end());
  }
  units.insert(p_.shared_kernel_classes.begin(), p_.shared_kernel_classes.end());
  units.insert(p_.shared_kernel_functions.begin(), p_.shared_kernel_functions.end());
  for (const auto& name : units) {
    auto id = first_id.find(name);
    if (id == first_id.end()) continue;
    const Node& node = c_.nodes[c_.node_of.at(id->second)];
    Placement pl{name, service_of_symbol(id->second), "pull", "", "", 0, 0, 1, 1};
    if (node.label >= 0 && node.label < c_.context_labels) {
      pl.rule = "pin";
      pl.reason = "pinned by the config file's contexts";
    } else if (pl.service.empty()) {
      pl.rule = "kernel";
      auto why = c_.kernel_reasons.find(node.kind == NodeKind::Method ? node.key : id->second);
      pl.reason = why != c_.kernel_reasons.end() ? why->second : "no service holds it";
    } else if (node.kind == NodeKind::Method) {
      auto why = c_.split_reasons.find(node.owner);
      auto rule = c_.method_reasons.find(node.key);
      pl.rule = "split";
      pl.reason = "a method of a split class: " +
                  (rule != c_.method_reasons.end() ? rule->second : std::string("placed where its work goes")) +
                  (why != c_.split_reasons.end() ? " (the class: " + why->second + ")" : std::string());
    }
    p_.placements.push_back(std::move(pl));
  }
}

}  // namespace cleave::decompose::detail

namespace cleave::decompose {

using detail::add_confidence;
using detail::Builder;
using detail::cluster_model;
using detail::ClusterParams;

Proposal decompose(const Model& model, const DecomposeOptions& options) {
  config::DecomposeConfig cfg;
  std::string config_file;
  std::string base = options.config_base_dir;
  if (options.config) {
    cfg = *options.config;
  } else {
    auto project = config::resolve_config(options.config_file, std::filesystem::current_path());
    cfg = project.decompose;
    config_file = project.file;
    if (!project.file.empty()) base = std::filesystem::path(project.file).parent_path().string();
  }
  ClusterParams params;
  params.target = options.target_services.value_or(cfg.services);
  params.resolution = options.resolution.value_or(cfg.resolution);
  params.seed = options.seed.value_or(cfg.seed);
  params.base_dir = base;
  Proposal p = Builder(model, cluster_model(model, cfg, params)).build();
  add_confidence(model, cfg, params, p);
  p.config_file = config_file;
  return p;
}

}  // namespace cleave::decompose
