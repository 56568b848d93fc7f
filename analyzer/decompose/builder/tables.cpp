// Step: own the tables, and the foreign keys the split cuts.
// Reads: SQL accesses (not DDL) per service, joins at one site,
//   transactions, the clustering's placement of each table, config pins.
// Decides: each table's owner with its evidence (a pin; else most write
//   statements, then most reads, then the clustering's choice, then
//   transactions; with no writer the top reader; with no access, once those
//   owners are settled, the clustering's placement only through a foreign
//   key to a table that service owns, else no owner),
//   how each other service keeps working (command, API query or read model),
//   the table's access entropy, which services are stateful cores (no table
//   once owners are settled, state in their classes' fields), and the
//   foreign keys between owners.
// Figures: the tie-break by reads (36ae304) moved audit_log to AuditTrail's
//   service on vetclinic; seeded data contexts are no pin (d710f96: TFS's
//   accounts table had been reported as pinned). Agreement: vetclinic 23 of
//   23 tables, logistics 21 of 21 (docs/metrics.md).
#include "decompose/builder/builder.hpp"

#include "decompose/metrics.hpp"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace cleave::decompose::detail {

void Builder::own_tables() {
  for (const auto& t : model_.data.tables) schema_[t.name] = &t;
  const std::map<std::string, TableUse> uses = table_uses();
  std::vector<std::size_t> unused;  // tables no code reads or writes and no pin places
  for (const auto& [table, u] : uses) {
    TableOwnership own;
    own.name = table;
    if (auto t = schema_.find(table); t != schema_.end()) own.database = t->second->database;
    for (const auto& [s, n] : u.writes) own.writers.push_back(s);
    for (const auto& [s, n] : u.reads) {
      if (!u.writes.count(s)) own.readers.push_back(s);
    }
    if (!choose_owner(own, u)) unused.push_back(p_.tables.size());
    p_.tables.push_back(std::move(own));
  }
  // Second pass: data no code uses, by the owners the evidence settled.
  std::map<std::string, std::string> owners;
  for (const auto& t : p_.tables) owners[t.name] = t.owner;
  for (auto i : unused) own_unused(p_.tables[i], owners);
  for (auto& t : p_.tables) resolve_accesses(t, uses.at(t.name));
  for (const auto& t : p_.tables) {
    if (Service* s = service(t.owner)) {
      s->tables.push_back(t.name);
      if (!t.database.empty()) s->databases.push_back(t.database);
    }
  }
  for (auto& s : p_.services) {
    sort_unique(s.tables);
    sort_unique(s.databases);
  }
}

// Per table in the clustering, per service: its write and read statements,
// writes in transactions, and whether it reads the table joined with others.
std::map<std::string, Builder::TableUse> Builder::table_uses() const {
  std::map<std::string, TableUse> uses;
  for (const auto& n : c_.nodes) {
    if (n.kind == NodeKind::Table) uses[n.name];
  }
  // Statements that touch several tables at one site: a reader joining a
  // foreign table with its own needs a local copy (read model), not an API.
  std::map<std::pair<std::string, Location>, std::set<std::string>> per_site;
  for (const auto& a : model_.data.accesses) per_site[{a.symbol, a.loc}].insert(a.table);
  for (const auto& a : model_.data.accesses) {
    if (a.mode == AccessMode::Ddl || a.mode == AccessMode::Call) continue;  // a stored routine is no table
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
  return uses;
}

// The service the clustering put `table` in, or "".
std::string Builder::clustered_service(const std::string& table) const {
  auto node = c_.node_of.find("table:" + table);
  int k = node == c_.node_of.end() ? -1 : c_.cluster[node->second];
  return service_index_.count(k) ? p_.services[service_index_.at(k)].name : "";
}

// Owner: a pin, else write dominance, then transaction evidence; with no
// writer, the top reader (the clustering's choice breaking a tie). False,
// with no owner, when no code reads or writes the table: own_unused decides
// once the other owners are settled.
bool Builder::choose_owner(TableOwnership& own, const TableUse& u) const {
  const std::string& table = own.name;
  std::string pinned;
  const std::string clustered = clustered_service(table);
  if (auto node = c_.node_of.find("table:" + table); node != c_.node_of.end()) {
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
    own.evidence.push_back(
        "written by " + own.owner + " in " + std::to_string(std::get<0>(ranking.front())) + " statement(s)" +
        (std::get<1>(ranking.front()) ? ", read in " + std::to_string(std::get<1>(ranking.front())) + " statement(s)"
                                      : std::string()) +
        (std::get<3>(ranking.front()) ? ", " + std::to_string(std::get<3>(ranking.front())) + " transaction(s)"
                                      : std::string()));
    if (ranking.size() > 1) {
      own.evidence.push_back("also written by " + std::to_string(ranking.size() - 1) + " other service(s)");
    }
  } else if (!u.reads.empty()) {
    // No writer: its readers are the evidence, the clustering breaking ties.
    unsigned best = 0;
    for (const auto& [s, n] : u.reads) {
      if (n > best || (n == best && s == clustered)) {
        best = n;
        own.owner = s;
      }
    }
    own.evidence.push_back("no writer; read most by " + own.owner + " (" + std::to_string(best) + " statement(s))");
  } else {
    return false;
  }
  return true;
}

// A table no code reads or writes goes to the service the clustering put it
// in only when that service owns (as settled by the evidence: `owners`) a
// table of the same database that shares a foreign key with it, either way;
// else to nobody: a name like another table's is no evidence of who owns
// data no code uses, and writing a table another service owns is no claim
// on what hangs off it.
void Builder::own_unused(TableOwnership& own, const std::map<std::string, std::string>& owners) const {
  const std::string& table = own.name;
  const std::string clustered = clustered_service(table);
  auto owned = [&](const std::string& other) {
    auto it = owners.find(other);
    auto a = schema_.find(table), b = schema_.find(other);
    return !clustered.empty() && other != table && it != owners.end() && it->second == clustered &&
           a != schema_.end() && b != schema_.end() && a->second->database == b->second->database;
  };
  std::string keyed;
  for (const auto& [name, t] : schema_) {
    for (const auto& fk : t->foreign_keys) {
      if (keyed.empty() && name == table && owned(fk.ref_table)) keyed = fk.ref_table;
      if (keyed.empty() && fk.ref_table == table && owned(name)) keyed = name;
    }
  }
  if (!keyed.empty()) {
    own.owner = clustered;
    own.evidence.push_back("no code reads or writes it; kept with " + clustered + ", which owns " + keyed +
                           ", a table it shares a foreign key with");
  } else {
    own.evidence.push_back(
        "no code reads or writes it and no foreign key ties it to a table of its cluster's service: left "
        "unowned (a similar name is no evidence)");
  }
}

// The stateful core, decided from the owners just settled: a service that
// owns no table and whose classes (those it holds, and the classes of the
// split-class methods it holds) have fields keeps what it knows in memory:
// one long-running process to keep together, not stateless functions, the
// services with tables carved around it. The clustering may have joined
// tableless parts into it (join_stateful_core); that is said too.
void Builder::mark_stateful_cores() {
  std::map<std::string, std::size_t> fields;  // class USR -> its fields
  for (const Symbol& sym : model_.symbols) {
    if (sym.kind == SymbolKind::Field) ++fields[sym.parent];
  }
  std::map<int, std::set<std::string>> classes;  // cluster -> class USRs
  for (std::uint32_t n = 0; n < c_.nodes.size(); ++n) {
    const Node& node = c_.nodes[n];
    const int k = c_.cluster[n];
    if (node.kernel || !service_index_.count(k)) continue;
    if (node.kind == NodeKind::Class) classes[k].insert(node.key);
    if (node.kind == NodeKind::Method) classes[k].insert(node.owner);
  }
  for (const auto& [k, idx] : service_index_) {
    Service& s = p_.services[idx];
    s.stateful_core.clear();
    if (!s.tables.empty()) continue;
    std::size_t state = 0;
    for (const auto& c : classes[k]) state += fields.count(c) ? fields.at(c) : 0;
    if (state == 0) continue;
    const std::size_t joined =
        static_cast<std::size_t>(k) < c_.cluster_joined.size() ? c_.cluster_joined[static_cast<std::size_t>(k)] : 0;
    std::ostringstream why;
    why << "owns no table, yet its " << classes[k].size() << " classes keep state in memory (" << state << " fields)";
    if (joined > 1) why << "; joined from " << joined << " parts tied to each other";
    why << ": keep it together as one long-running process, not stateless functions";
    s.stateful_core = why.str();
  }
}

// Per non-owner access, a way to keep working once the database is split;
// the access entropy says how spread the table's use is.
void Builder::resolve_accesses(TableOwnership& own, const TableUse& u) const {
  const std::string& table = own.name;
  std::vector<std::string> summary;
  for (const auto& [s, n] : u.writes) {
    if (s == own.owner || own.owner.empty()) continue;
    own.accesses.push_back({s, "write", "command", "send a command to " + own.owner + " (it owns " + table + ")", n});
  }
  for (const auto& [s, n] : u.reads) {
    if (s == own.owner || own.owner.empty() || u.writes.count(s)) continue;
    bool model = u.joined_readers.count(s) > 0;
    own.accesses.push_back(
        {s, "read", model ? "read-model" : "api-query",
         model ? "keep a read model fed by " + own.owner + "'s events (joined with its own data)"
               : "query " + own.owner + "'s API: GET /" + kebab(table_word(table, model_.data.table_prefix)) + "/{id}",
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

}  // namespace cleave::decompose::detail
