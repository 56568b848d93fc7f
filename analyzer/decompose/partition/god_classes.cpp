// Pass: god classes (run each clustering round, and again in finish).
// Reads: the current partition, each exploded class's methods, their arcs,
//   calls (a few hops deep) and table accesses; weights.god_max_dominance;
//   the config's god_classes.split.
// Decides: method affinity (where each method's work goes), each method's
//   preferred part and its share (`preferred_`), each class's core (the part
//   its methods together depend on most, `core_`), and which classes are
//   split, with the reason (`split_reasons`).
// Introduced in c64016b / cc3252f: vetclinic's twenty ClinicManager handlers
//   had formed a leftover service; judged over data-changing methods, a read
//   model (ReportBuilder) or a cohesive class (RoomAllocator) stays whole.
#include "decompose/partition/partitioner.hpp"

#include <algorithm>
#include <cmath>

namespace cleave::decompose::detail {

namespace {

// Per node: the part with the largest pull (ties to the first) and its share of the pull.
void argmax(const std::vector<std::map<int, double>>& pull, std::vector<int>& best_part, std::vector<double>& share) {
  best_part.assign(pull.size(), -1);
  share.assign(pull.size(), 0.0);
  for (std::size_t n = 0; n < pull.size(); ++n) {
    double best = 0, total = 0;
    for (const auto& [c, w] : pull[n]) {
      total += w;
      if (w > best + 1e-12) {
        best = w;
        best_part[n] = c;
      }
    }
    if (total > 0) share[n] = best / total;
  }
}

}  // namespace

// A split class's methods go where their affinity is; the class stays split
// when no part holds more than god_max_dominance of the methods that have an
// affinity outside the class.
//
// What a method works for is what it calls and the data it reaches, not who
// calls it (a utility class called from everywhere is no god class):
//  - structure: its arcs to units outside the class, each weighted by how
//    specific the target is among the class's methods (inverse document
//    frequency, idf = ln((M+1)/df) over the M methods): what nearly every
//    method calls (the argument parser, the audit hook) is the class's
//    plumbing and says nothing about any one method;
//  - helpers: half of what each sibling method it calls works for (private
//    helpers and command handlers that only delegate count where they
//    delegate);
//  - data: the tables it and its callees read and write, a few call hops
//    deep with the weight halved per hop, writes weighted above reads, also
//    by idf. A handler that calls AppointmentBook::checkIn changes the
//    diary even when its own SQL only reads.
// Whether a class is a god class is judged over the methods that change
// data (write a table, a few hops deep), each counted where all its
// evidence points (`Plain`, without idf): a god class changes data of
// several services. A class of queries that read across contexts is a read
// model, not a god class, and in a cohesive class the target all methods
// share is its very subject (RoomAllocator and rooms), not plumbing. Only once a class is split does what all its
// methods share stop telling them apart (`Specific`).
std::vector<std::map<int, double>> Partitioner::method_affinity(const std::vector<int>& part, Affinity mode) const {
  const bool specific = mode == Affinity::Specific;
  std::vector<std::map<int, double>> pull(out_.nodes.size());
  for (const auto& cls : exploded_) {
    const auto& group = group_[group_of_[out_.node_of.at(cls)]];
    std::vector<std::uint32_t> methods;
    for (auto n : group) {
      if (out_.nodes[n].kind == NodeKind::Method) methods.push_back(n);
    }
    const double m_count = static_cast<double>(methods.size());
    auto idf = [&](double df) { return !specific ? 1.0 : df > 0 ? std::log((m_count + 1) / df) : 0.0; };
    // Structure, before idf: per method, per outside target node.
    std::map<std::uint32_t, std::map<std::uint32_t, double>> direct;
    std::map<std::uint32_t, std::map<std::uint32_t, double>> siblings;
    std::map<std::uint32_t, double> df;
    for (auto n : methods) {
      for (auto ai = arcs_from_[n]; ai < arcs_from_[n + 1]; ++ai) {
        const Arc& a = out_.arcs[ai];
        const Node& to = out_.nodes[a.to];
        if (to.owner == cls) {
          if (to.kind == NodeKind::Method) siblings[n][a.to] += a.weight;
          continue;
        }
        if (to.kernel || to.kind == NodeKind::Cohesion || part[a.to] < 0) continue;
        if (direct[n][a.to] == 0) df[a.to] += 1;
        direct[n][a.to] += a.weight;
      }
    }
    // Data, through calls. Writes and reads are counted apart: a table
    // every handler reads (the patient register) may still be written by
    // only one of them.
    TableReach reach;
    reach_tables(methods, part, reach);
    auto& data = reach.data;
    auto& table_df = reach.df;
    std::map<std::uint32_t, std::map<int, double>> own;
    for (auto n : methods) {
      if (mode == Affinity::Writes) {
        for (const auto& [t, w] : data[{n, true}]) own[n][part[t]] += w;
        continue;
      }
      for (const auto& [t, w] : direct[n]) own[n][part[t]] += w * idf(df[t]);
      for (bool write : {false, true}) {
        for (const auto& [t, w] : data[{n, write}]) own[n][part[t]] += w * idf(table_df[{t, write}]);
      }
    }
    for (auto n : methods) {
      pull[n] = own[n];
      if (mode == Affinity::Writes) continue;  // sibling calls are already in the data walk
      for (const auto& [sib, w] : siblings[n]) {
        for (const auto& [c, v] : own[sib]) pull[n][c] += 0.5 * v;
      }
    }
  }
  return pull;
}

// Data, a few hops deep through calls (symbol level, so a call to one
// method of a large class brings only that method's tables), the mass
// halved per hop: per (method, write), the tables reached and their weight;
// per (table, write), how many methods reach it.
void Partitioner::reach_tables(const Nodes& methods, const std::vector<int>& part, TableReach& r) const {
  auto& data = r.data;
  auto& table_df = r.df;
  for (auto n : methods) {
    std::map<std::string, double> frontier{{out_.nodes[n].key, 1.0}};
    std::set<std::string> seen{out_.nodes[n].key};
    for (int hop = 0; hop < 3 && !frontier.empty(); ++hop) {
      std::map<std::string, double> next;
      for (const auto& [usr, mass] : frontier) {
        auto acc = accesses_of_.find(usr);
        if (acc != accesses_of_.end()) {
          for (const auto& a : acc->second) {
            if (part[a.table] < 0) continue;
            auto& d = data[{n, a.write}][a.table];
            if (d == 0) table_df[{a.table, a.write}] += 1;
            d += mass * a.weight;
          }
        }
        auto callees = calls_of_.find(usr);
        if (callees == calls_of_.end()) continue;
        for (const auto& callee : callees->second) {
          if (seen.insert(callee).second) next[callee] += mass * 0.5;
        }
      }
      frontier = std::move(next);
    }
  }
}

// Each exploded class's core: the part all its methods together depend on most.
void Partitioner::find_cores(const std::vector<int>& part) {
  auto all = method_affinity(part, Affinity::Plain);
  core_.clear();
  for (const auto& cls : exploded_) {
    std::map<int, double> sum;
    for (auto n : group_[group_of_[out_.node_of.at(cls)]]) {
      for (const auto& [c, w] : all[n]) sum[c] += w;
    }
    double best = 0;
    for (const auto& [c, w] : sum) {
      if (w > best + 1e-12) {
        best = w;
        core_[cls] = c;
      }
    }
  }
}

std::set<std::string> Partitioner::decide_gods(const std::vector<int>& part) {
  std::set<std::string> gods;
  std::set<std::string> forced(cfg_.split_classes.begin(), cfg_.split_classes.end());
  std::vector<int> plain, writes;
  std::vector<double> plain_share;
  argmax(method_affinity(part, Affinity::Plain), plain, plain_share);
  argmax(method_affinity(part, Affinity::Writes), writes, writes_share_);
  writes_ = writes;
  argmax(method_affinity(part, Affinity::Specific), preferred_, preferred_share_);
  for (std::size_t n = 0; n < out_.nodes.size(); ++n) {
    if (preferred_[n] < 0) preferred_[n] = plain[n];  // everything it uses is shared by all: fall back
  }
  find_cores(part);
  out_.split_reasons.clear();
  for (const auto& cls : exploded_) {
    auto g = group_of_[out_.node_of.at(cls)];
    std::map<int, std::size_t> parts;
    std::size_t with_affinity = 0;
    for (auto n : group_[g]) {
      if (out_.nodes[n].kind != NodeKind::Method || writes[n] < 0 || plain[n] < 0) continue;
      ++parts[plain[n]];
      ++with_affinity;
    }
    std::size_t top = 0;
    for (const auto& [c, k] : parts) top = std::max(top, k);
    // Two methods that disagree are no evidence of a spread; three are the least.
    bool spread = parts.size() >= 2 && with_affinity >= 3 &&
                  static_cast<double>(top) <= w_.god_max_dominance * static_cast<double>(with_affinity);
    const std::string& name = out_.nodes[group_[g][0]].name;
    if (forced.count(name)) {
      gods.insert(cls);
      out_.split_reasons[cls] = "split by the config file (god_classes.split)";
    } else if (spread) {
      gods.insert(cls);
      out_.split_reasons[cls] = "its " + std::to_string(with_affinity) + " methods that change data write tables of " +
                                std::to_string(parts.size()) + " services; the largest share is " +
                                std::to_string(top) + " of " + std::to_string(with_affinity);
    }
  }
  return gods;
}

}  // namespace cleave::decompose::detail
