// Step: name the services.
// Reads: the clustering (each cluster's units, their namespaces,
//   directories, class and function names), SQL writes, the table owners by
//   write dominance (detail::dominant_writer), foreign keys, config pins.
// Decides: each service's name and its naming evidence: a pinned context's
//   name; else the strongest namespace or directory word (tf-idf across
//   services, no project root, no word for a layer of code); else the
//   aggregate root of the tables it owns; else class-name tokens (role
//   words such as the Functions of CreatureFunctions dropped).
// Figures: the root namespace rule (b225317) stopped TFS's item service
//   being called 'tf'; layer words (6d7d6f6) and role words (7025a36) fixed
//   canary's 'function' and TFS's 'tile-store'; naming by owned tables
//   (bba35dd) fixed canary's 'account-2' (docs/metrics.md, Names). The
//   code's spelling, abbreviations, initialisms, -ify verbs, tableless
//   services by folder and split methods' words (issue 16) took the names
//   matching the samples' expected contexts from 5/11, 5/8, 1/7 to 8/11,
//   7/8, 7/7 (vetclinic, logistics, library). The product's folder at any
//   depth and module words that hold under a third of a service with tables
//   took canary's grouping and house to players and accounts, Servatrice's
//   servatrice-report and servatrice-isl to reports and rooms.
#include "decompose/builder/builder.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <tuple>

namespace cleave::decompose::detail {

namespace {

// A module word that begins a longer module word of the same service is
// its abbreviation (namespace acq in directory acquisitions, circ in
// circulation): one word, spelled in full. A module named by a verb in
// -ify (notify) is named by what it makes when the service's own words
// have it (the table notification_log): the noun, plural, as a collection.
void spell_out(std::map<std::string, double>& tf, std::set<std::string>& scoped,
               std::map<std::string, std::map<std::string, double>>& spelled,
               std::map<std::string, unsigned>& covered) {
  std::map<std::string, std::string> into;
  for (const auto& a : scoped) {
    for (const auto& b : scoped) {
      if (b.size() > a.size() && b.compare(0, a.size(), a) == 0) {
        into.emplace(a, b);
      }
    }
    if (!into.count(a) && a.size() > 3 && a.compare(a.size() - 3, 3, "ify") == 0) {
      const std::string noun = a.substr(0, a.size() - 1) + "ication";
      if (tf.count(noun)) {
        into.emplace(a, noun);
        if (!scoped.count(noun)) spelled[noun][plural(noun)] += tf[a];
      }
    }
  }
  for (const auto& [a, b] : into) {
    std::string to = b;
    while (into.count(to)) to = into.at(to);
    tf[to] += tf[a];
    tf.erase(a);
    covered[to] += covered[a];  // a unit in both counts twice: an upper bound is enough
    covered.erase(a);
    scoped.erase(a);
    scoped.insert(to);
    spelled.erase(a);
  }
}

// A word without a vowel is an initialism (crm, wms, sql), the code's
// shorthand for words it spells elsewhere: it names no service.
bool initialism(const std::string& w) {
  return std::all_of(w.begin(), w.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) && std::string("aeiouy").find(c) == std::string::npos;
  });
}

// How the code spells a word: its most used spelling as a namespace or
// directory (patients, not patient), else the word.
std::string spelling(const std::map<std::string, std::map<std::string, double>>& spelled, const std::string& w) {
  auto it = spelled.find(w);
  if (it == spelled.end() || it->second.empty()) return w;
  auto best = std::max_element(it->second.begin(), it->second.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  return best->first;
}

// The service's table whose name starts with the initialism's first
// letter, the one its other tables reference most, then the most used
// (writes 4, reads 1), then the first by name; "" when none does.
std::string spelled_initialism(const std::string& initials, const std::set<std::string>& tables,
                               const std::map<std::string, double>& use, const std::vector<Table>& schema) {
  std::map<std::string, unsigned> refs;
  for (const auto& t : schema) {
    if (!tables.count(t.name)) continue;
    for (const auto& fk : t.foreign_keys) {
      if (fk.ref_table != t.name) refs[fk.ref_table] += 1;
    }
  }
  std::string best;
  std::pair<unsigned, double> best_key{0, -1.0};
  for (const auto& t : tables) {
    if (t.empty() || std::tolower(static_cast<unsigned char>(t[0])) != initials[0]) continue;
    auto u = use.find(t);
    std::pair<unsigned, double> key{refs[t], u == use.end() ? 0.0 : u->second};
    if (key > best_key) {
      best_key = key;
      best = t;
    }
  }
  return best;
}

}  // namespace

// Names in the domain's language: namespace components, directories, the
// tables the service writes and class-name tokens, weighted, and discounted
// by how many services share the word (a word every service has names none).
void Builder::name_services() {
  Naming naming{name_words(), table_evidence(), {}};
  NameWords& evidence = naming.words;
  std::set<std::string>& taken = naming.taken;
  std::map<std::string, double> scoped_df;  // services where the word is a namespace or directory
  for (const auto& [k, words] : evidence.scoped) {
    for (const auto& w : words) scoped_df[w] += 1;
  }
  std::map<std::string, double> df;
  for (const auto& [k, words] : evidence.tf) {
    for (const auto& [w, v] : words) df[w] += 1;
  }
  const double services = static_cast<double>(service_index_.size());
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
    Ranked ranked;
    for (const auto& [w, v] : evidence.tf[k]) {
      double idf = services > 1 ? std::log((1.0 + services) / df[w]) : 1.0;
      // A namespace or directory more than half the services share (the
      // project's root namespace, tfs::) names none of them.
      if (idf <= 0 || (services >= 2 && 2 * scoped_df[w] > services && evidence.scoped[k].count(w))) continue;
      // Nor does the folder that holds most of the code of most services
      // (servatrice/src): the product, at whatever depth.
      if (evidence.product.count(w) && evidence.scoped[k].count(w)) continue;
      ranked.emplace_back(-v * idf, w);
    }
    std::sort(ranked.begin(), ranked.end());
    name_service(s, k, ranked, naming);
  }
}

void Builder::name_service(Service& s, int k, const Ranked& words, Naming& n) const {
  auto& scoped = n.words.scoped;
  auto& accessors = n.tables.accessors;
  auto& tables_of = n.tables.tables_of;
  const auto& table_use = n.tables.table_use;
  auto& taken = n.taken;
  auto give = [&](const std::string& base) {
    std::string name = base;
    for (int i = 2; taken.count(name); ++i) name = base + "-" + std::to_string(i);
    taken.insert(name);
    s.name = name;
  };
  // An initialism (crm, wms) stands for words the code spells elsewhere,
  // the first of them starting with its first letter: the service's most
  // used table that does (customers for crm, warehouses for wms).
  if (!words.empty() && initialism(words[0].second)) {
    if (auto full = spelled_initialism(words[0].second, tables_of[k], table_use, model_.data.tables); !full.empty()) {
      give(kebab(table_word(full, model_.data.table_prefix)));
      s.naming_evidence.push_back(words[0].second + ", an initialism, spelled by its table " + full);
      return;
    }
  }
  Ranked ranked;
  for (const auto& w : words) {
    if (!initialism(w.second)) ranked.push_back(w);
  }
  // The project's own module name (a namespace or directory) wins when it
  // is the strongest word, or, for a service that owns no table (a front
  // desk that composes the others' commands), when it has one at all: the
  // class names of such a service say what its parts do (CommandArgs), the
  // folder what it is (desk). Otherwise a service that owns data is named
  // after its aggregate root: the table the service's other tables
  // reference most (players for player_items, player_spells), or its only
  // table; class-name tokens come last.
  // The data names a service only when the code that runs its SQL is a
  // real part of it (a twentieth of its classes and functions): the world
  // model of a game server that also saves one table of tile items is no
  // "tile-store".
  std::size_t pick = 0;
  for (std::size_t i = 0; tables_of[k].empty() && i < ranked.size(); ++i) {
    if (scoped[k].count(ranked[i].second)) {
      pick = i;
      break;
    }
  }
  bool module_word = !ranked.empty() && scoped[k].count(ranked[pick].second);
  // A module names a service that owns data only when it holds a third of
  // the service's units: canary's grouping/ folder (parties, guilds) beside
  // the whole Player class named the service that owns players.
  if (module_word && !tables_of[k].empty()) {
    auto cov = n.words.covered[k].find(ranked[pick].second);
    const unsigned held = cov == n.words.covered[k].end() ? 0 : cov->second;
    module_word = 3 * held >= n.words.units[k];
  }
  bool data_part = 20 * accessors[k].size() >= s.classes.size() + s.functions.size();
  if (auto root = aggregate_root(tables_of[k], table_use); !module_word && data_part && !root.first.empty()) {
    give(root.first);
    s.naming_evidence.push_back(root.second);
    return;
  }
  std::string name;
  if (!ranked.empty()) {
    name = spelling(n.words.spelled[k], ranked[pick].second);
    if (taken.count(name) && ranked.size() > 1) name += "-" + ranked[pick == 0 ? 1 : 0].second;
  }
  if (name.empty()) {
    std::string first = !s.classes.empty() ? s.classes.front() : !s.functions.empty() ? s.functions.front() : "unit";
    name = kebab(detail::last_component(first));
  }
  give(name);
  for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) {
    std::ostringstream ev;
    ev.precision(3);
    ev << ranked[i].second << " (score " << -ranked[i].first << ")";
    s.naming_evidence.push_back(ev.str());
  }
}

// A role word names what a class does, not what it is about: the last
// token of CreatureFunctions, ItemFunctions, InvoiceService, OrderRepository.
// A word that ends at least three class names after a modifier, and
// stands in four fifths of its uses in that place, names no service;
// its modifiers do. Item in DepotItem is no role: Item is a class too.
std::set<std::string> Builder::role_tokens() const {
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
  return roles;
}

// Collects the words each cluster is known by: tf per word, and which words
// come from namespaces and directories. A role word never counts as a word
// of a class name.
struct WordSink {
  Builder::NameWords& out;
  const std::set<std::string>& roles;
  std::map<std::string, int> home;     // class -> the service it lives in
  std::set<std::string> unit_modules;  // the module words of the unit being read

  void begin_unit(int k) {
    ++out.units[k];
    unit_modules.clear();
  }
  void add(int k, const std::string& word, double w, bool scope = false) {
    std::string t = lower(word);
    if (t.size() < 3 || stop_words().count(t) || std::all_of(t.begin(), t.end(), ::isdigit)) return;
    if (scope && (technical_words().count(t) || technical_words().count(detail::singular(t)))) return;
    const std::string word_of = detail::singular(t);
    out.tf[k][word_of] += w;
    if (scope) {
      out.scoped[k].insert(word_of);
      out.spelled[k][word_of][t] += w;
      if (unit_modules.insert(word_of).second) ++out.covered[k][word_of];
    }
  }
  void add_class(int k, const std::string& cls, double w) {
    for (const auto& t : detail::name_tokens(cls)) {
      if (!roles.count(t)) add(k, t, w);
    }
  }
};

Builder::NameWords Builder::name_words() const {
  NameWords out;
  const std::set<std::string> roles = role_tokens();
  WordSink sink{out, roles, class_homes(), {}};
  // Folders (at any depth) that hold at least half the units of a service.
  std::map<std::string, std::set<int>> holds_most;
  std::map<int, std::map<std::string, unsigned>> in_folder;
  for (std::uint32_t n = 0; n < c_.nodes.size(); ++n) {
    const auto& node = c_.nodes[n];
    int k = c_.cluster[n];
    if (node.kernel || !service_index_.count(k)) continue;
    if (node.kind == NodeKind::Table) continue;
    if (node.kind == NodeKind::Cohesion) continue;
    sink.begin_unit(k);
    node_words(sink, node, k);
    std::set<std::string> folders;
    for (const auto& part : std::filesystem::path(node.file).parent_path()) {
      folders.insert(detail::singular(lower(part.string())));
    }
    for (const auto& f : folders) ++in_folder[k][f];
  }
  for (const auto& [k, folders] : in_folder) {
    for (const auto& [f, n] : folders) {
      if (2 * n >= out.units[k]) holds_most[f].insert(k);
    }
  }
  for (const auto& [f, ks] : holds_most) {
    if (service_index_.size() >= 2 && 2 * ks.size() > service_index_.size()) out.product.insert(f);
  }
  // Tables the cluster writes most.
  for (const auto& a : model_.data.accesses) {
    if (a.mode != AccessMode::Write) continue;
    int k = cluster_of_symbol(a.symbol);
    if (k < 0) continue;
    std::string word;
    for (char ch : a.table + "_") {
      if (ch == '_') {
        sink.add(k, word, 1.5);
        word.clear();
      } else {
        word += ch;
      }
    }
  }
  for (auto& [k, words] : out.tf) spell_out(words, out.scoped[k], out.spelled[k], out.covered[k]);
  return out;
}

// The service each class lives in: where the clustering put the class, or,
// for a class in the shared kernel whose methods were split over services,
// the service that holds most of its methods (ties: the lower cluster).
std::map<std::string, int> Builder::class_homes() const {
  std::map<std::string, std::map<int, unsigned>> methods;  // class -> cluster -> its methods there
  for (std::uint32_t n = 0; n < c_.nodes.size(); ++n) {
    const auto& node = c_.nodes[n];
    if (node.kind == NodeKind::Method && !node.kernel && service_index_.count(c_.cluster[n])) {
      methods[node.owner][c_.cluster[n]] += 1;
    }
  }
  std::map<std::string, int> out;
  for (const auto& [cls, by] : methods) {
    auto u = c_.node_of.find(cls);
    if (u != c_.node_of.end() && !c_.nodes[u->second].kernel && service_index_.count(c_.cluster[u->second])) {
      out[cls] = c_.cluster[u->second];
      continue;
    }
    auto best =
        std::max_element(by.begin(), by.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    out[cls] = best->first;
  }
  return out;
}

// A method's own name is mostly a verb (sendPing, parseSay) and adds a
// little, verbs dropped.
void Builder::own_name_words(WordSink& sink, const Node& node, int k) {
  for (const auto& t : detail::name_tokens(detail::last_component(node.name))) {
    if (!verbs().count(t)) sink.add(k, t, 0.25);
  }
}

// A unit's words: its enclosing namespaces (or classes), its last two
// directories, and its own name. A method placed away from its class (a
// split god class: BranchDesk::cmdCheckout in circulation) keeps only its
// own name: its namespace, directory and class are where its class lives,
// and counted in every service the class was split over they made the
// desk's own folder a word most services share, so no service was named by
// it (library: "command" for the desk).
void Builder::node_words(WordSink& sink, const Node& node, int k) const {
  if (auto h = sink.home.find(node.owner); node.kind == NodeKind::Method && h != sink.home.end() && h->second != k) {
    own_name_words(sink, node, k);
    return;
  }
  std::string scope =
      detail::enclosing_scope(node.kind == NodeKind::Method ? c_.nodes[c_.node_of.at(node.owner)].name : node.name);
  std::size_t pos = 0;
  while (!scope.empty()) {
    pos = scope.find("::");
    std::string part = scope.substr(0, pos);
    if (!part.empty() && std::isupper(static_cast<unsigned char>(part[0]))) {
      sink.add_class(k, part, 1.0);  // an enclosing class
    } else {
      sink.add(k, part, 2.0, true);
    }
    if (pos == std::string::npos) break;
    scope = scope.substr(pos + 2);
  }
  std::filesystem::path dir = std::filesystem::path(node.file).parent_path();
  int depth = 0;
  for (auto it = dir.end(); it != dir.begin() && depth < 2; ++depth) {
    --it;
    sink.add(k, it->string(), 1.0, true);
  }
  if (node.kind == NodeKind::Method) {
    // A method speaks for its class; its own name is mostly a verb
    // (sendPing, parseSay) and adds a little, verbs dropped.
    sink.add_class(k, detail::last_component(c_.nodes[c_.node_of.at(node.owner)].name), 0.5);
    own_name_words(sink, node, k);
    return;
  }
  if (node.kind == NodeKind::Function) {
    for (const auto& t : detail::name_tokens(detail::last_component(node.name))) sink.add(k, t, 1.0);
  } else {
    sink.add_class(k, detail::last_component(node.name), 1.0);
  }
}

// For aggregate roots: each cluster's tables and each table's use. A
// service is named after the tables it will own, so by the rule
// own_tables applies: the cluster that writes a table in most statements,
// then reads it most, then the clustering's choice. Named by where the
// clustering put a table, a service on canary was called after accounts
// while another service owned it.
Builder::TableEvidence Builder::table_evidence() const {
  TableEvidence out;
  auto& table_use = out.table_use;
  std::map<std::string, std::map<int, std::pair<unsigned, unsigned>>> use_by;  // table -> cluster -> (writes, reads)
  auto& accessors = out.accessors;
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl || a.mode == AccessMode::Call) continue;  // a stored routine is no table
    if (auto u = c_.node_of.find(a.symbol); u != c_.node_of.end() && c_.cluster[u->second] >= 0) {
      accessors[c_.cluster[u->second]].insert(u->second);
    }
    table_use[a.table] += a.mode == AccessMode::Read ? 1.0 : 4.0;
    if (int k = cluster_of_symbol(a.symbol); k >= 0) {
      auto& u = use_by[a.table][k];
      (a.mode == AccessMode::Read ? u.second : u.first) += 1;
    }
  }
  auto& tables_of = out.tables_of;
  for (std::uint32_t n = 0; n < c_.nodes.size(); ++n) {
    if (c_.nodes[n].kind != NodeKind::Table) continue;
    int clustered = c_.cluster[n];
    const bool pinned = clustered >= 0 && static_cast<std::size_t>(clustered) < c_.cluster_pins.size() &&
                        !c_.cluster_pins[static_cast<std::size_t>(clustered)].empty();
    int owner = pinned ? clustered : detail::dominant_writer(use_by[c_.nodes[n].name], clustered);
    if (owner >= 0) tables_of[owner].insert(c_.nodes[n].name);
  }
  return out;
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
  // Spelled as the table is: the service keeps the collection (rooms).
  const std::string name = kebab(table_word(best, model_.data.table_prefix));
  if (name.empty()) return {};
  std::string why = weight.size() == 1 ? "its only table in use, " + best
                                       : "aggregate root " + best + ", referenced by " + std::to_string(refs) +
                                             " of its " + std::to_string(members.size()) + " tables";
  return {name, why};
}

}  // namespace cleave::decompose::detail
