// Pass: the database wrapper is kernel from the start.
// Reads: SQL accesses that flowed through a sink (`via`), unit groups, arcs,
//   which nodes touch or reach a table.
// Decides: the wrapper (SQL from two files or more flows through it, it
//   touches no table) and its companions (declared in its file, used with it,
//   leading to no table) join the shared kernel before any clustering.
// Introduced in 70b5c71: on The Forgotten Server one service had owned 31 of
//   32 tables; after it, TFS had 16 services with the tables split into
//   account, player, guild, guild-war, house, market, bans and server-config.
#include "decompose/partition/partitioner.hpp"

#include <algorithm>

namespace cleave::decompose::detail {

// The project's database wrapper (the class or function its SQL flows
// through, found by the SQL stage as a sink) is infrastructure every
// service uses: shared kernel from the start. Left in the graph, it glues
// every unit that talks to the database into one "persistence" service.
// A wrapper counts when SQL from more than one file flows through it (a
// file-local helper stays with its file) and it touches no table itself.
// The types declared beside it that it uses or that use it, and that lead
// to no table (its result set, statement and transaction types), travel
// with it.
void Partitioner::mark_database_wrapper() {
  std::map<std::string, std::set<std::string>> files_via;  // sink name -> files of the sites
  for (const auto& a : model_.data.accesses) {
    if (!a.via.empty()) files_via[a.via].insert(a.loc.file);
  }
  std::map<std::uint32_t, std::set<std::string>> wrappers;  // unit group -> files whose SQL flows through it
  for (const auto& s : model_.symbols) {
    auto f = files_via.find(s.name);
    if (f == files_via.end() || is_system_symbol(s)) continue;
    auto n = out_.node_of.find(s.id);
    if (n == out_.node_of.end() || group_of_[n->second] == kNoGroup) continue;
    wrappers[group_of_[n->second]].insert(f->second.begin(), f->second.end());
  }
  auto any_node = [&](std::uint32_t g, const std::vector<char>& flag) {
    return std::any_of(group_[g].begin(), group_[g].end(), [&](std::uint32_t n) { return flag[n] != 0; });
  };
  for (auto it = wrappers.begin(); it != wrappers.end();) {
    bool wrapper = it->second.size() >= 2 && !any_node(it->first, touches_table_);
    it = wrapper ? std::next(it) : wrappers.erase(it);
  }
  std::set<std::uint32_t> companions;
  for (const auto& a : out_.arcs) {
    auto gf = group_of_[a.from], gt = group_of_[a.to];
    if (gf == kNoGroup || gt == kNoGroup || gf == gt) continue;
    for (auto [w, other] : {std::pair{gf, gt}, std::pair{gt, gf}}) {
      if (!wrappers.count(w) || wrappers.count(other)) continue;
      const Node& head = out_.nodes[group_[other][0]];
      if (head.kind == NodeKind::Function || head.file != out_.nodes[group_[w][0]].file ||
          any_node(other, touches_table_) || any_node(other, reaches_table_)) {
        continue;
      }
      companions.insert(other);
    }
  }
  auto mark = [&](std::uint32_t g, const std::string& why) {
    const Node& head = out_.nodes[group_[g][0]];
    if (head.kernel || head.label >= 0) return;
    for (auto n : group_[g]) {
      out_.nodes[n].kernel = true;
      out_.kernel_reasons[out_.nodes[n].key] = why;
    }
  };
  for (const auto& [g, files] : wrappers) {
    mark(g, "the project's database wrapper: SQL from " + std::to_string(files.size()) + " files flows through " +
                out_.nodes[group_[g][0]].name);
  }
  for (auto g : companions) {
    mark(g, "declared beside the database wrapper and used with it; it leads to no table");
  }
}

}  // namespace cleave::decompose::detail
