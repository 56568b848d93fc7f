// The proposal builder: turns the clustering into services with names, table
// owners, APIs, sagas, DDL, an extraction order and metrics.
#include "decompose/decompose.hpp"

#include "decompose/metrics.hpp"
#include "decompose/partition.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

namespace cleave::decompose {
namespace {

using detail::Clustering;
using detail::NodeKind;

template <typename T>
void sort_unique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string kebab(const std::string& identifier) {
  std::string out;
  for (std::size_t i = 0; i < identifier.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(identifier[i]);
    if (std::isupper(u) && i > 0 && !out.empty() && out.back() != '-') out += '-';
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string plural(const std::string& w) {
  if (w.empty()) return w;
  if (w.back() == 'y' && w.size() > 1 && std::string("aeiou").find(w[w.size() - 2]) == std::string::npos) {
    return w.substr(0, w.size() - 1) + "ies";
  }
  if (w.back() == 's' || w.back() == 'x' || (w.size() > 1 && (w.substr(w.size() - 2) == "ch" || w.substr(w.size() - 2) == "sh"))) {
    return w + "es";
  }
  return w + "s";
}

bool starts_with_any(const std::string& s, std::initializer_list<const char*> prefixes) {
  for (const char* p : prefixes) {
    std::string pre(p);
    if (s.size() >= pre.size() && s.compare(0, pre.size(), pre) == 0 &&
        (s.size() == pre.size() || !std::islower(static_cast<unsigned char>(s[pre.size()])))) {
      return true;
    }
  }
  return false;
}

// Words that describe a class's technical role, not its domain: dropped from
// REST resource names (InvoiceRepository -> invoices).
const std::set<std::string>& role_words() {
  static const std::set<std::string> words = {"service", "manager", "repository", "repo", "controller", "handler",
                                              "dao", "store", "impl", "helper", "util", "facade", "gateway",
                                              "provider", "processor", "engine", "client", "server", "adapter"};
  return words;
}

// Directory and namespace words that say nothing about the domain.
// Words that name an action, not a thing: no service is called "send".
const std::set<std::string>& verbs() {
  static const std::set<std::string> words = {
      "add",    "apply",   "build",  "can",     "check",   "clear",  "close",  "compute", "create",   "delete",
      "do",     "execute", "find",   "handle",  "has",     "init",   "insert", "internal", "is",      "load",
      "make",   "on",      "open",   "parse",   "pop",     "process", "push",  "read",    "register", "remove",
      "reset",  "run",     "save",   "send",    "start",   "stop",   "try",    "unregister", "update", "write"};
  return words;
}

const std::set<std::string>& stop_words() {
  static const std::set<std::string> words = {"src", "source", "include", "inc", "lib", "detail", "details", "impl",
                                              "internal", "test", "tests", "app", "main", "cpp", "hpp", "the",
                                              "and", "get", "set", "anonymous", "namespace"};
  return words;
}

// Words for a layer or mechanism of code, not for a domain: a directory or
// namespace so named (src/lib/thread, lua/functions, utils, services) says
// how the code is built, not what it is about, so it never names a service
// as a module word. The same word in a class name (ThreadPool) still counts.
const std::set<std::string>& technical_words() {
  static const std::set<std::string> words = {
      "util",      "utils",      "utility",   "utilities", "helper",    "helpers",   "common",     "core",
      "base",      "thread",     "threads",   "threading", "function",  "functions", "service",    "services",
      "component", "components", "manager",   "managers",  "management", "handler",  "handlers",   "stdext",
      "std",       "ext",        "extension", "extensions", "module",   "modules",   "system",     "systems",
      "engine",    "framework",  "server",    "client",    "api",       "interface", "interfaces", "wrapper",
      "wrappers",  "factory",    "misc",      "shared",    "support",   "tool",      "tools",      "platform",
      "infra",     "infrastructure", "libs",  "library",   "pkg",       "package",   "packages",   "io",
      "scheduling", "scheduler", "generic",   "global",    "globals"};
  return words;
}

class Builder {
 public:
  Builder(const Model& model, Clustering c) : model_(model), c_(std::move(c)) {}
  Proposal build();

 private:
  void place_units();
  void name_services();
  std::pair<std::string, std::string> aggregate_root(const std::set<std::string>& members,
                                                     const std::map<std::string, double>& use) const;
  void own_tables();
  void cut_foreign_keys();
  void distributed_transactions();
  void apis();
  void ddl();
  void extraction_order();
  void compute_metrics();
  const std::string& service_of_symbol(const std::string& usr) const;  // "" kernel/none, else name
  int cluster_of_symbol(const std::string& usr) const;
  Service* service(const std::string& name);

  const Model& model_;
  Clustering c_;
  Proposal p_;
  std::map<int, std::size_t> service_index_;  // cluster -> index in p_.services
  std::vector<int> dense_;                    // the same as a vector (-1 = no service), for hot lookups
  std::map<int, std::map<std::string, double>> tokens_;  // cluster -> naming evidence
  std::map<std::string, const Table*> schema_;
};

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
  // A cluster is a service when it holds at least one unit.
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
    if (static_cast<std::size_t>(k) < c_.cluster_folded.size()) p_.services[idx].folded = c_.cluster_folded[static_cast<std::size_t>(k)];
  }
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

// Names in the domain's language: namespace components, directories, the
// tables the service writes and class-name tokens, weighted, and discounted
// by how many services share the word (a word every service has names none).
void Builder::name_services() {
  std::map<int, std::map<std::string, double>> tf;
  std::map<int, std::set<std::string>> scoped;  // words from namespaces and directories: the project's own modules
  auto add = [&](int k, const std::string& word, double w, bool scope = false) {
    std::string t = lower(word);
    if (t.size() < 3 || stop_words().count(t) || std::all_of(t.begin(), t.end(), ::isdigit)) return;
    if (scope && (technical_words().count(t) || technical_words().count(detail::singular(t)))) return;
    tf[k][detail::singular(t)] += w;
    if (scope) scoped[k].insert(detail::singular(t));
  };
  // A role word names what a class does, not what it is about: the last
  // token of CreatureFunctions, ItemFunctions, InvoiceService, OrderRepository.
  // A word that ends at least three class names after a modifier, and
  // stands in four fifths of its uses in that place, names no service;
  // its modifiers do. Item in DepotItem is no role: Item is a class too.
  std::map<std::string, std::pair<unsigned, unsigned>> place;  // word -> (as suffix, elsewhere)
  for (const auto& node : c_.nodes) {
    if (node.kind != NodeKind::Class && node.kind != NodeKind::Anchor) continue;
    auto tokens = detail::name_tokens(detail::last_component(node.name));
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      auto& [suffix, elsewhere] = place[tokens[i]];
      (i + 1 == tokens.size() && i > 0 ? suffix : elsewhere) += 1;
    }
  }
  std::set<std::string> roles;
  for (const auto& [word, count] : place) {
    if (count.first >= 3 && 5 * count.first >= 4 * (count.first + count.second)) roles.insert(word);
  }
  auto add_class = [&](int k, const std::string& cls, double w) {
    for (const auto& t : detail::name_tokens(cls)) {
      if (!roles.count(t)) add(k, t, w);
    }
  };
  for (std::uint32_t n = 0; n < c_.nodes.size(); ++n) {
    const auto& node = c_.nodes[n];
    int k = c_.cluster[n];
    if (node.kernel || !service_index_.count(k)) continue;
    if (node.kind == NodeKind::Table) continue;
    if (node.kind == NodeKind::Cohesion) continue;
    std::string scope = detail::enclosing_scope(node.kind == NodeKind::Method ? c_.nodes[c_.node_of.at(node.owner)].name : node.name);
    std::size_t pos = 0;
    while (!scope.empty()) {
      pos = scope.find("::");
      std::string part = scope.substr(0, pos);
      if (!part.empty() && std::isupper(static_cast<unsigned char>(part[0]))) {
        add_class(k, part, 1.0);  // an enclosing class
      } else {
        add(k, part, 2.0, true);
      }
      if (pos == std::string::npos) break;
      scope = scope.substr(pos + 2);
    }
    std::filesystem::path dir = std::filesystem::path(node.file).parent_path();
    int depth = 0;
    for (auto it = dir.end(); it != dir.begin() && depth < 2; ++depth) {
      --it;
      add(k, it->string(), 1.0, true);
    }
    if (node.kind == NodeKind::Method) {
      // A method speaks for its class; its own name is mostly a verb
      // (sendPing, parseSay) and adds a little, verbs dropped.
      add_class(k, detail::last_component(c_.nodes[c_.node_of.at(node.owner)].name), 0.5);
      for (const auto& t : detail::name_tokens(detail::last_component(node.name))) {
        if (!verbs().count(t)) add(k, t, 0.25);
      }
      continue;
    }
    if (node.kind == NodeKind::Function) {
      for (const auto& t : detail::name_tokens(detail::last_component(node.name))) add(k, t, 1.0);
    } else {
      add_class(k, detail::last_component(node.name), 1.0);
    }
  }
  // Tables the cluster writes most.
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Read || a.mode == AccessMode::Ddl) continue;
    int k = cluster_of_symbol(a.symbol);
    if (k < 0) continue;
    std::string word;
    for (char ch : a.table + "_") {
      if (ch == '_') {
        add(k, word, 1.5);
        word.clear();
      } else {
        word += ch;
      }
    }
  }
  // For aggregate roots: each cluster's tables and each table's use. A
  // service is named after the tables it will own, so by the rule
  // own_tables applies: the cluster that writes a table in most statements,
  // then reads it most, then the clustering's choice. Named by where the
  // clustering put a table, a service on canary was called after accounts
  // while another service owned it.
  std::map<std::string, double> table_use;  // writes 4, reads 1
  std::map<std::string, std::map<int, std::pair<unsigned, unsigned>>> use_by;  // table -> cluster -> (writes, reads)
  std::map<int, std::set<std::uint32_t>> accessors;  // cluster -> its units that run SQL
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl) continue;
    if (auto u = c_.node_of.find(a.symbol); u != c_.node_of.end() && c_.cluster[u->second] >= 0) {
      accessors[c_.cluster[u->second]].insert(u->second);
    }
    table_use[a.table] += a.mode == AccessMode::Read ? 1.0 : 4.0;
    if (int k = cluster_of_symbol(a.symbol); k >= 0) {
      auto& u = use_by[a.table][k];
      (a.mode == AccessMode::Read ? u.second : u.first) += 1;
    }
  }
  std::map<int, std::set<std::string>> tables_of;
  for (std::uint32_t n = 0; n < c_.nodes.size(); ++n) {
    if (c_.nodes[n].kind != NodeKind::Table) continue;
    int clustered = c_.cluster[n];
    const bool pinned = clustered >= 0 && static_cast<std::size_t>(clustered) < c_.cluster_pins.size() &&
                        !c_.cluster_pins[static_cast<std::size_t>(clustered)].empty();
    int owner = pinned ? clustered : detail::dominant_writer(use_by[c_.nodes[n].name], clustered);
    if (owner >= 0) tables_of[owner].insert(c_.nodes[n].name);
  }

  std::map<std::string, double> scoped_df;  // services where the word is a namespace or directory
  for (const auto& [k, words] : scoped) {
    for (const auto& w : words) scoped_df[w] += 1;
  }
  std::map<std::string, double> df;
  for (const auto& [k, words] : tf) {
    for (const auto& [w, v] : words) df[w] += 1;
  }
  const double services = static_cast<double>(service_index_.size());
  std::set<std::string> taken;
  for (const auto& pin : c_.cluster_pins) {
    if (!pin.empty()) taken.insert(pin);
  }
  for (const auto& [k, idx] : service_index_) {
    Service& s = p_.services[idx];
    if (static_cast<std::size_t>(k) < c_.cluster_pins.size() && !c_.cluster_pins[static_cast<std::size_t>(k)].empty()) {
      s.name = c_.cluster_pins[static_cast<std::size_t>(k)];
      s.naming_evidence.push_back("pinned by the config file");
      continue;
    }
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& [w, v] : tf[k]) {
      double idf = services > 1 ? std::log((1.0 + services) / df[w]) : 1.0;
      // A namespace or directory more than half the services share (the
      // project's root namespace, tfs::) names none of them.
      if (idf <= 0 || (services >= 2 && 2 * scoped_df[w] > services && scoped[k].count(w))) continue;
      ranked.emplace_back(-v * idf, w);
    }
    std::sort(ranked.begin(), ranked.end());
    // The project's own module name (a namespace or directory) wins when it
    // is the strongest word. Otherwise a service that owns data is named
    // after its aggregate root: the table the service's other tables
    // reference most (players for player_items, player_spells), or its only
    // table; class-name tokens come last.
    // The data names a service only when the code that runs its SQL is a
    // real part of it (a twentieth of its classes and functions): the world
    // model of a game server that also saves one table of tile items is no
    // "tile-store".
    bool module_word = !ranked.empty() && scoped[k].count(ranked[0].second);
    bool data_part = 20 * accessors[k].size() >= s.classes.size() + s.functions.size();
    if (auto root = aggregate_root(tables_of[k], table_use); !module_word && data_part && !root.first.empty()) {
      std::string name = root.first;
      for (int i = 2; taken.count(name); ++i) name = root.first + "-" + std::to_string(i);
      taken.insert(name);
      s.name = name;
      s.naming_evidence.push_back(root.second);
      continue;
    }
    std::string name;
    if (!ranked.empty()) {
      name = ranked[0].second;
      if (taken.count(name) && ranked.size() > 1) name += "-" + ranked[1].second;
    }
    if (name.empty()) {
      std::string first = !s.classes.empty() ? s.classes.front() : !s.functions.empty() ? s.functions.front() : "unit";
      name = kebab(detail::last_component(first));
    }
    std::string base = name;
    for (int i = 2; taken.count(name); ++i) name = base + "-" + std::to_string(i);
    taken.insert(name);
    s.name = name;
    for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) {
      std::ostringstream ev;
      ev.precision(3);
      ev << ranked[i].second << " (score " << -ranked[i].first << ")";
      s.naming_evidence.push_back(ev.str());
    }
  }
}

// The aggregate root among a cluster's tables, as a service name and the
// evidence for it; empty when the cluster holds no accessed table or its
// tables reference none of each other (then the words decide).
std::pair<std::string, std::string> Builder::aggregate_root(const std::set<std::string>& members,
                                                            const std::map<std::string, double>& use) const {
  std::map<std::string, double> weight;  // the cluster's accessed tables -> writes*4 + reads
  for (const auto& t : members) {
    auto u = use.find(t);
    if (u != use.end()) weight.emplace(t, u->second);
  }
  if (weight.empty()) return {};
  std::map<std::string, std::set<std::string>> referenced_by;
  for (const auto& t : model_.data.tables) {
    if (!members.count(t.name)) continue;
    for (const auto& fk : t.foreign_keys) {
      if (fk.ref_table != t.name && weight.count(fk.ref_table)) referenced_by[fk.ref_table].insert(t.name);
    }
  }
  std::string best;
  std::tuple<std::size_t, double> best_key{0, -1.0};
  for (const auto& [t, w] : weight) {
    std::tuple<std::size_t, double> key{referenced_by[t].size(), w};
    if (key > best_key) {
      best_key = key;
      best = t;
    }
  }
  const std::size_t refs = std::get<0>(best_key);
  if (weight.size() > 1 && refs == 0) return {};
  std::string name;
  for (const auto& word : detail::name_tokens(best)) name += (name.empty() ? "" : "-") + word;
  if (name.empty()) return {};
  std::string why = weight.size() == 1 ? "its only table in use, " + best
                                       : "aggregate root " + best + ", referenced by " + std::to_string(refs) + " of its " +
                                             std::to_string(members.size()) + " tables";
  return {name, why};
}

void Builder::own_tables() {
  for (const auto& t : model_.data.tables) schema_[t.name] = &t;
  struct Use {
    std::map<std::string, unsigned> writes, reads, tx_writes;
    std::set<std::string> joined_readers;
  };
  std::map<std::string, Use> uses;
  for (const auto& n : c_.nodes) {
    if (n.kind == NodeKind::Table) uses[n.name];
  }
  // Statements that touch several tables at one site: a reader joining a
  // foreign table with its own needs a local copy (read model), not an API.
  std::map<std::pair<std::string, Location>, std::set<std::string>> per_site;
  for (const auto& a : model_.data.accesses) per_site[{a.symbol, a.loc}].insert(a.table);
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl) continue;
    std::string svc = service_of_symbol(a.symbol);
    if (svc.empty()) continue;
    auto& u = uses[a.table];
    if (a.mode == AccessMode::Read) {
      ++u.reads[svc];
      if (per_site[{a.symbol, a.loc}].size() > 1) u.joined_readers.insert(svc);
    } else {
      ++u.writes[svc];
    }
  }
  for (const auto& tx : model_.data.transactions) {
    std::string svc = service_of_symbol(tx.function);
    if (svc.empty()) continue;
    for (const auto& t : tx.writes) ++uses[t].tx_writes[svc];
  }
  for (const auto& [table, u] : uses) {
    TableOwnership own;
    own.name = table;
    for (const auto& [s, n] : u.writes) own.writers.push_back(s);
    for (const auto& [s, n] : u.reads) {
      if (!u.writes.count(s)) own.readers.push_back(s);
    }
    // Owner: a pin, else write dominance, then transaction evidence, then
    // the service the clustering put the table in, then the top reader.
    std::string pinned;
    auto node = c_.node_of.find("table:" + table);
    int k = node == c_.node_of.end() ? -1 : c_.cluster[node->second];
    std::string clustered = service_index_.count(k) ? p_.services[service_index_.at(k)].name : "";
    if (node != c_.node_of.end()) {
      int label = c_.nodes[node->second].label;
      if (label >= 0 && label < c_.context_labels) pinned = clustered;  // seeded data contexts are no pin
    }
    // Among writers: most write statements; then the one that also reads
    // it most (it keeps the table as its own store, where another writer
    // only appends to it); then the clustering's choice; then transactions.
    std::vector<std::tuple<unsigned, unsigned, int, unsigned, std::string>> ranking;
    for (const auto& [s, n] : u.writes) {
      unsigned tx = u.tx_writes.count(s) ? u.tx_writes.at(s) : 0;
      unsigned reads = u.reads.count(s) ? u.reads.at(s) : 0;
      ranking.emplace_back(n, reads, s == clustered ? 1 : 0, tx, s);
    }
    std::sort(ranking.begin(), ranking.end(), [](const auto& a, const auto& b) {
      if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
      if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) > std::get<1>(b);
      if (std::get<2>(a) != std::get<2>(b)) return std::get<2>(a) > std::get<2>(b);
      if (std::get<3>(a) != std::get<3>(b)) return std::get<3>(a) > std::get<3>(b);
      return std::get<4>(a) < std::get<4>(b);
    });
    if (!pinned.empty()) {
      own.owner = pinned;
      own.evidence.push_back("pinned to " + pinned + " by the config file");
    } else if (!ranking.empty()) {
      own.owner = std::get<4>(ranking.front());
      own.evidence.push_back("written by " + own.owner + " in " + std::to_string(std::get<0>(ranking.front())) +
                             " statement(s)" +
                             (std::get<1>(ranking.front()) ? ", read in " + std::to_string(std::get<1>(ranking.front())) +
                                                                 " statement(s)"
                                                           : std::string()) +
                             (std::get<3>(ranking.front()) ? ", " + std::to_string(std::get<3>(ranking.front())) +
                                                                 " transaction(s)"
                                                           : std::string()));
      if (ranking.size() > 1) {
        own.evidence.push_back("also written by " + std::to_string(ranking.size() - 1) + " other service(s)");
      }
    } else if (!clustered.empty()) {
      own.owner = clustered;
      own.evidence.push_back("no writer; placed with " + clustered + " by its links (keys, names, readers)");
    } else if (!u.reads.empty()) {
      unsigned best = 0;
      for (const auto& [s, n] : u.reads) {
        if (n > best) {
          best = n;
          own.owner = s;
        }
      }
      own.evidence.push_back("no writer; read most by " + own.owner);
    }
    // Per non-owner access, a way to keep working once the database is split.
    std::vector<std::string> summary;
    for (const auto& [s, n] : u.writes) {
      if (s == own.owner || own.owner.empty()) continue;
      own.accesses.push_back({s, "write", "command", "send a command to " + own.owner + " (it owns " + table + ")", n});
    }
    for (const auto& [s, n] : u.reads) {
      if (s == own.owner || own.owner.empty() || u.writes.count(s)) continue;
      bool model = u.joined_readers.count(s) > 0;
      own.accesses.push_back({s, "read", model ? "read-model" : "api-query",
                              model ? "keep a read model fed by " + own.owner + "'s events (joined with its own data)"
                                    : "query " + own.owner + "'s API: GET /" + kebab(table) + "/{id}",
                              n});
    }
    for (const auto& a : own.accesses) summary.push_back(a.service + ": " + a.resolution);
    if (own.owner.empty()) {
      own.resolution = "unused by any service";
    } else if (summary.empty()) {
      own.resolution = "private to " + own.owner;
    } else {
      own.resolution = "owned by " + own.owner + "; ";
      for (std::size_t i = 0; i < summary.size(); ++i) own.resolution += (i ? ", " : "") + summary[i];
    }
    std::vector<double> counts;
    std::map<std::string, double> all;
    for (const auto& [s, n] : u.writes) all[s] += n;
    for (const auto& [s, n] : u.reads) all[s] += n;
    for (const auto& [s, n] : all) counts.push_back(n);
    own.entropy = metrics::entropy(counts);
    p_.tables.push_back(std::move(own));
  }
  for (const auto& t : p_.tables) {
    if (Service* s = service(t.owner)) s->tables.push_back(t.name);
  }
  for (auto& s : p_.services) sort_unique(s.tables);
}

void Builder::cut_foreign_keys() {
  std::map<std::string, std::string> owner;
  for (const auto& t : p_.tables) owner[t.name] = t.owner;
  for (const auto& [name, t] : schema_) {
    for (const auto& fk : t->foreign_keys) {
      const std::string& a = owner[name];
      const std::string& b = owner[fk.ref_table];
      if (a != b) p_.foreign_keys_to_cut.push_back({name, fk.ref_table, a, b, fk.columns});
    }
  }
}

void Builder::distributed_transactions() {
  std::map<std::string, std::string> owner;
  for (const auto& t : p_.tables) owner[t.name] = t.owner;
  std::vector<const Transaction*> txs;
  for (const auto& t : model_.data.transactions) txs.push_back(&t);
  std::sort(txs.begin(), txs.end(), [](const Transaction* a, const Transaction* b) { return a->id < b->id; });
  for (const Transaction* tx : txs) {
    std::map<std::string, std::vector<std::string>> by_service;
    for (const auto& t : tx->writes) {
      if (!owner[t].empty()) by_service[owner[t]].push_back(t);
    }
    if (by_service.size() < 2) continue;
    DistributedTransaction d;
    d.id = tx->id;
    const Symbol* f = model_.find(tx->function);
    d.function = f ? f->name : tx->function;
    d.loc = tx->loc;
    d.tables = tx->writes;
    // Saga outline: the initiating service's local step first, the others in
    // name order; the last step is the pivot (after it the saga cannot be
    // undone), every earlier step gets a compensation.
    std::string initiator = service_of_symbol(tx->function);
    std::vector<std::string> order;
    if (by_service.count(initiator)) order.push_back(initiator);
    for (const auto& [s, t] : by_service) {
      if (s != initiator) order.push_back(s);
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
      SagaStep step;
      step.service = order[i];
      std::string tables;
      for (const auto& t : by_service[order[i]]) tables += (tables.empty() ? "" : ", ") + t;
      step.action = "write " + tables;
      step.pivot = i + 1 == order.size();
      if (!step.pivot) step.compensation = "undo the write to " + tables + " (delete inserted rows, restore updated ones)";
      d.saga.push_back(std::move(step));
      d.services.push_back(order[i]);
    }
    sort_unique(d.services);
    p_.distributed_transactions.push_back(std::move(d));
  }
}

// The API of a service: its members called from other services. A member
// that writes tables is a command (asynchronous); one that only reads, or
// reads by its name (get/find/list...), is a query (synchronous HTTP);
// on/notify/publish names are events.
void Builder::apis() {
  std::map<std::string, std::pair<bool, bool>> rw;  // symbol -> (reads, writes)
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Read) rw[a.symbol].first = true;
    if (a.mode == AccessMode::Write || a.mode == AccessMode::Call) rw[a.symbol].second = true;
  }
  struct Key {
    std::string service, symbol;
    bool operator<(const Key& o) const { return std::tie(service, symbol) < std::tie(o.service, o.symbol); }
  };
  std::map<Key, ApiMember> members;
  std::map<std::pair<std::string, std::string>, std::pair<unsigned, std::set<std::string>>> deps;
  for (const auto& e : model_.edges) {
    if (e.kind != EdgeKind::Call) continue;
    int kf = cluster_of_symbol(e.from), kt = cluster_of_symbol(e.to);
    if (kf < 0 || kt < 0 || kf == kt) continue;
    const std::string& from = service_of_symbol(e.from);
    const std::string& to = service_of_symbol(e.to);
    const Symbol* callee = model_.find(e.to);
    if (!callee) continue;
    auto& m = members[{to, e.to}];
    if (m.symbol.empty()) {
      m.symbol = e.to;
      m.name = callee->name;
      std::string fn = detail::last_component(callee->name);
      bool writes = rw[e.to].second, reads = rw[e.to].first;
      if (starts_with_any(fn, {"on", "notify", "publish", "emit", "raise", "signal"})) {
        m.style = "event";
      } else if (writes) {
        m.style = "command";
      } else if (reads || starts_with_any(fn, {"get", "find", "list", "query", "search", "is", "has", "count", "fetch",
                                               "load", "read", "lookup", "check", "calc", "compute"})) {
        m.style = "query";
      } else {
        m.style = callee->signature.rfind("void", 0) == 0 ? "command" : "query";
      }
      // Resource: the class name without its role word, plural, kebab case;
      // for free functions, the service name.
      std::string resource = to;
      const Symbol* cls = model_.find(callee->parent);
      if (cls && cls->kind == SymbolKind::Class) {
        std::vector<std::string> toks;
        for (const auto& t : detail::name_tokens(detail::last_component(cls->name))) {
          if (!role_words().count(t)) toks.push_back(t);
        }
        if (!toks.empty()) {
          resource.clear();
          for (std::size_t i = 0; i < toks.size(); ++i) resource += (i ? "-" : "") + (i + 1 == toks.size() ? plural(toks[i]) : toks[i]);
        }
      }
      bool has_args = callee->signature.find("()") == std::string::npos;
      std::string id = has_args ? "/{id}" : "";
      std::string verb = kebab(fn);
      if (m.style == "event") {
        m.endpoint = to + "." + verb;
      } else if (m.style == "query") {
        bool list = starts_with_any(fn, {"list", "all", "search", "query"});
        m.endpoint = "GET /" + resource + (list ? "" : id) +
                     (starts_with_any(fn, {"get", "find", "fetch", "load", "read", "lookup", "list", "search", "query"}) ? ""
                                                                                                                          : "/" + verb);
      } else if (starts_with_any(fn, {"create", "add", "insert", "register", "place", "book", "new", "open", "record", "save"})) {
        m.endpoint = "POST /" + resource;
      } else if (starts_with_any(fn, {"update", "set", "change", "modify", "edit"})) {
        m.endpoint = "PUT /" + resource + id;
      } else if (starts_with_any(fn, {"delete", "remove", "erase"})) {
        m.endpoint = "DELETE /" + resource + id;
      } else {
        m.endpoint = "POST /" + resource + id + "/" + verb;
      }
    }
    m.callers.push_back(from);
    m.call_weight += e.weight;
    auto& d = deps[{from, to}];
    d.first += e.weight;
    d.second.insert(m.style == "query" ? "sync" : "async");
  }
  for (auto& [key, m] : members) {
    sort_unique(m.callers);
    service(key.service)->api.push_back(std::move(m));
  }
  for (const auto& [pair, d] : deps) {
    std::string style = d.second.size() > 1 ? "mixed" : *d.second.begin();
    service(pair.first)->depends_on.push_back({pair.second, d.first, style});
  }
  // Table access across services is a dependency too (until resolved).
  for (const auto& t : p_.tables) {
    for (const auto& a : t.accesses) {
      Service* s = service(a.service);
      if (!s || t.owner.empty()) continue;
      bool found = false;
      for (auto& d : s->depends_on) {
        if (d.service == t.owner) {
          found = true;
          if (a.resolution != "api-query" && d.style == "sync") d.style = "mixed";
        }
      }
      if (!found) s->depends_on.push_back({t.owner, 0, a.resolution == "api-query" ? "sync" : "async"});
    }
  }
  for (auto& s : p_.services) {
    std::sort(s.api.begin(), s.api.end(), [](const ApiMember& a, const ApiMember& b) {
      return a.name != b.name ? a.name < b.name : a.symbol < b.symbol;
    });
    std::sort(s.depends_on.begin(), s.depends_on.end(),
              [](const ServiceDependency& a, const ServiceDependency& b) { return a.service < b.service; });
  }
}

void Builder::ddl() {
  std::map<std::string, std::string> owner;
  for (const auto& t : p_.tables) owner[t.name] = t.owner;
  for (auto& s : p_.services) {
    std::ostringstream out;
    for (const auto& name : s.tables) {
      auto it = schema_.find(name);
      if (it == schema_.end() || it->second->columns.empty()) {
        out << "-- " << name << ": no schema found; columns unknown\n";
        continue;
      }
      const Table& t = *it->second;
      out << "CREATE TABLE " << t.name << " (\n";
      std::vector<std::string> lines;
      for (const auto& c : t.columns) lines.push_back("  " + c.name + (c.type.empty() ? "" : " " + c.type));
      if (!t.primary_key.empty()) {
        std::string pk;
        for (const auto& c : t.primary_key) pk += (pk.empty() ? "" : ", ") + c;
        lines.push_back("  PRIMARY KEY (" + pk + ")");
      }
      std::vector<std::string> cut;
      for (const auto& fk : t.foreign_keys) {
        std::string cols, refs;
        for (const auto& c : fk.columns) cols += (cols.empty() ? "" : ", ") + c;
        for (const auto& c : fk.ref_columns) refs += (refs.empty() ? "" : ", ") + c;
        if (owner[fk.ref_table] == s.name) {
          lines.push_back("  FOREIGN KEY (" + cols + ") REFERENCES " + fk.ref_table + (refs.empty() ? "" : " (" + refs + ")"));
        } else {
          cut.push_back("-- cut: (" + cols + ") referenced " + fk.ref_table + ", owned by " +
                        (owner[fk.ref_table].empty() ? "no service" : owner[fk.ref_table]) +
                        "; keep the id, check it through that service's API");
        }
      }
      for (std::size_t i = 0; i < lines.size(); ++i) out << lines[i] << (i + 1 < lines.size() ? ",\n" : "\n");
      out << ");\n";
      for (const auto& c : cut) out << c << "\n";
    }
    s.ddl = out.str();
  }
}

// Least entangled first: few services depend on it, it shares few tables,
// takes part in few distributed transactions, and is small.
void Builder::extraction_order() {
  std::map<std::string, double> incoming, shared_tables, dtx;
  for (const auto& s : p_.services) {
    for (const auto& d : s.depends_on) incoming[d.service] += 1;
  }
  for (const auto& t : p_.tables) {
    for (const auto& a : t.accesses) {
      shared_tables[a.service] += 1;
      shared_tables[t.owner] += 1;
    }
  }
  for (const auto& d : p_.distributed_transactions) {
    for (const auto& s : d.services) dtx[s] += 1;
  }
  std::vector<ExtractionStep> steps;
  for (const auto& s : p_.services) {
    double size = static_cast<double>(s.classes.size() + s.functions.size());
    ExtractionStep step;
    step.service = s.name;
    step.score = 3 * incoming[s.name] + 2 * shared_tables[s.name] + 4 * dtx[s.name] + std::log2(1 + size);
    step.reasons.push_back(std::to_string(static_cast<int>(incoming[s.name])) + " service(s) depend on it");
    step.reasons.push_back(std::to_string(static_cast<int>(shared_tables[s.name])) + " table access(es) cross its boundary");
    step.reasons.push_back(std::to_string(static_cast<int>(dtx[s.name])) + " distributed transaction(s)");
    step.reasons.push_back(std::to_string(static_cast<int>(size)) + " unit(s)");
    steps.push_back(std::move(step));
  }
  std::sort(steps.begin(), steps.end(), [](const ExtractionStep& a, const ExtractionStep& b) {
    return a.score != b.score ? a.score < b.score : a.service < b.service;
  });
  for (std::size_t i = 0; i < steps.size(); ++i) steps[i].rank = static_cast<unsigned>(i + 1);
  p_.extraction_order = std::move(steps);
}

void Builder::compute_metrics() {
  // Nodes: classes (incl. non-split anchors), functions, split methods.
  std::vector<int> part(c_.nodes.size(), -1);
  std::vector<int> class_part;
  for (std::uint32_t n = 0; n < c_.nodes.size(); ++n) {
    const auto& node = c_.nodes[n];
    bool unit = node.kind == NodeKind::Class || node.kind == NodeKind::Function || node.kind == NodeKind::Method ||
                node.kind == NodeKind::Anchor;
    if (!unit || node.kernel || !service_index_.count(c_.cluster[n])) continue;
    part[n] = c_.cluster[n];
    bool split_anchor = node.kind == NodeKind::Anchor && c_.split_reasons.count(node.owner);
    bool non_split_method = node.kind == NodeKind::Method && !c_.split_reasons.count(node.owner);
    if (node.kind == NodeKind::Class || (node.kind == NodeKind::Anchor && !split_anchor)) class_part.push_back(part[n]);
    (void)non_split_method;
  }
  // Collapse non-split classes' methods onto their anchor for call metrics.
  auto unit_node = [&](std::uint32_t n) {
    const auto& node = c_.nodes[n];
    if (node.kind == NodeKind::Method && !c_.split_reasons.count(node.owner)) return c_.node_of.at(node.owner);
    return n;
  };
  std::vector<metrics::Arc> calls, all;
  for (const auto& a : c_.arcs) {
    std::uint32_t f = unit_node(a.from), t = unit_node(a.to);
    if (f == t) continue;
    all.push_back({f, t, a.weight});
    if (a.kind == EdgeKind::Call) calls.push_back({f, t, static_cast<double>(a.count)});
  }
  p_.metrics["services"] = static_cast<double>(p_.services.size());
  p_.metrics["sm"] = metrics::structural_modularity(all, part);
  p_.metrics["icp"] = metrics::inter_call_percentage(calls, part);
  p_.metrics["ifn"] = metrics::interface_number(calls, part);
  p_.metrics["ned"] = metrics::non_extreme_distribution(class_part, 5, 20);
  p_.metrics["modularity_q"] = metrics::newman_modularity(all, part);
  p_.metrics["turbo_mq"] = metrics::turbo_mq(all, part);
  double sum = 0, max = 0;
  for (const auto& t : p_.tables) {
    sum += t.entropy;
    max = std::max(max, t.entropy);
  }
  p_.metrics["table_entropy_mean"] = p_.tables.empty() ? 0 : sum / static_cast<double>(p_.tables.size());
  p_.metrics["table_entropy_max"] = max;
  p_.metrics["distributed_transactions"] = static_cast<double>(p_.distributed_transactions.size());
  p_.metrics["foreign_keys_to_cut"] = static_cast<double>(p_.foreign_keys_to_cut.size());
  p_.metrics["shared_kernel_units"] = static_cast<double>(p_.shared_kernel_classes.size() + p_.shared_kernel_functions.size());
  p_.metrics["split_classes"] = static_cast<double>(p_.split_classes.size());
  for (auto& s : p_.services) {
    s.metrics["classes"] = static_cast<double>(s.classes.size());
    s.metrics["functions"] = static_cast<double>(s.functions.size());
    s.metrics["tables"] = static_cast<double>(s.tables.size());
    s.metrics["api"] = static_cast<double>(s.api.size());
  }
  std::map<int, double> in, cross;
  for (const auto& a : calls) {
    if (part[a.from] < 0 || part[a.to] < 0) continue;
    (part[a.from] == part[a.to] ? in : cross)[part[a.from]] += a.weight;
  }
  for (const auto& [k, idx] : service_index_) {
    double i = in[k], x = cross[k];
    p_.services[idx].metrics["cohesion"] = i + x > 0 ? i / (i + x) : 1.0;
  }
}

Proposal Builder::build() {
  place_units();
  name_services();
  own_tables();
  cut_foreign_keys();
  distributed_transactions();
  apis();
  ddl();
  extraction_order();
  compute_metrics();
  // Split methods learn their service; assignment covers every placed symbol.
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
  for (const auto& s : model_.symbols) {
    auto it = c_.node_of.find(s.id);
    if (it == c_.node_of.end() || s.is_implicit) continue;
    auto kind = c_.nodes[it->second].kind;
    if (kind == NodeKind::Table || kind == NodeKind::Cohesion) continue;
    p_.assignment[s.id] = service_of_symbol(s.id);
  }
  for (const auto& [usr, why] : c_.kernel_reasons) {
    const Symbol* s = model_.find(usr);
    auto it = c_.node_of.find(usr);
    if (s && it != c_.node_of.end() && c_.nodes[it->second].kernel) p_.shared_kernel_reasons[s->name] = why;
  }
  p_.candidates = c_.candidates;
  p_.warnings = c_.warnings;
  std::sort(p_.services.begin(), p_.services.end(), [](const Service& a, const Service& b) { return a.name < b.name; });
  std::sort(p_.tables.begin(), p_.tables.end(), [](const TableOwnership& a, const TableOwnership& b) { return a.name < b.name; });
  std::sort(p_.foreign_keys_to_cut.begin(), p_.foreign_keys_to_cut.end(),
            [](const CrossServiceForeignKey& a, const CrossServiceForeignKey& b) {
              return std::tie(a.table, a.ref_table, a.columns) < std::tie(b.table, b.ref_table, b.columns);
            });
  return std::move(p_);
}

}  // namespace

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
  detail::ClusterParams params;
  params.target = options.target_services.value_or(cfg.services);
  params.resolution = options.resolution.value_or(cfg.resolution);
  params.seed = options.seed.value_or(cfg.seed);
  params.base_dir = base;
  Proposal p = Builder(model, detail::cluster_model(model, cfg, params)).build();
  p.config_file = config_file;
  return p;
}

}  // namespace cleave::decompose
