// Step: confidence (after build, from decompose()).
// Reads: the built proposal, the model, the config and clustering parameters.
// Decides: per placement, the pull towards its service and the strongest
//   other one (pull.hpp), the rule behind a placement against its strongest
//   pull, its stability (the share of four alternative clusterings, two
//   other seeds and resolutions x0.8 and x1.25, that place it with the same
//   units), and its confidence = stability x (1 + margin) / 2 with
//   margin = (pull - runner-up pull) / (pull + runner-up pull), or 1 when a
//   rule (pin, kernel) and not a pull placed it or nothing pulls it at all
//   (docs/metrics.md, "Confidence").
// Cost: four more clusterings (no proposal building), only up to 5000
//   units; figures in docs/metrics.md.
#include "decompose/builder/builder.hpp"
#include "decompose/pull.hpp"

#include <cmath>

namespace cleave::decompose::detail {
namespace {

double round2(double x) { return std::round(x * 100.0) / 100.0; }

// Per placement: 1 when the alternative clustering puts the unit in the part
// that, by majority of units, corresponds to its service (the kernel to the kernel).
std::vector<int> agreement(const Proposal& p, const std::vector<std::string>& usr, const Clustering& alt) {
  std::vector<int> label(p.placements.size(), -1);
  for (std::size_t i = 0; i < usr.size(); ++i) {
    auto it = alt.node_of.find(usr[i]);
    if (it == alt.node_of.end() || alt.nodes[it->second].kernel) continue;
    label[i] = alt.cluster[it->second];
  }
  std::map<int, std::map<std::string, unsigned>> overlap;
  for (std::size_t i = 0; i < label.size(); ++i) {
    if (label[i] >= 0) ++overlap[label[i]][p.placements[i].service];
  }
  std::map<int, std::string> maps_to;
  for (const auto& [k, services] : overlap) {
    unsigned best = 0;
    for (const auto& [svc, n] : services) {
      if (n > best) {
        best = n;
        maps_to[k] = svc;
      }
    }
  }
  std::vector<int> same(label.size(), 0);
  for (std::size_t i = 0; i < label.size(); ++i) {
    const std::string& there = label[i] < 0 ? std::string() : maps_to[label[i]];
    same[i] = there == p.placements[i].service ? 1 : 0;
  }
  return same;
}

// Why a unit the pull does not explain is where it is.
void name_rule(Placement& pl, const Proposal& p) {
  for (const auto& s : p.services) {
    if (s.name != pl.service) continue;
    for (const auto& f : s.folded) {
      if (f.rfind(pl.unit + " with ", 0) == 0) {
        pl.rule = "fold";
        pl.reason = "folded into " + s.name + ": " + f;
        return;
      }
    }
  }
  if (pl.pull + 1e-9 >= pl.runner_up_pull) {
    pl.reason = "its strongest pull";
    return;
  }
  pl.rule = "community";
  pl.reason =
      "its community: the clustering weighs indirect ties too (through tables, namespaces and the units it is "
      "tied to), and the finishing passes fold small and stateless parts; its direct pull is stronger towards " +
      pl.runner_up;
}

}  // namespace

void add_confidence(const Model& model, const config::DecomposeConfig& cfg, const ClusterParams& params, Proposal& p) {
  std::map<std::string, std::string> first_id;  // name -> smallest placed USR
  for (const auto& s : model.symbols) {
    if (!p.assignment.count(s.id)) continue;
    auto [it, fresh] = first_id.emplace(s.name, s.id);
    if (!fresh && s.id < it->second) it->second = s.id;
  }
  std::vector<std::string> usr;
  for (const auto& pl : p.placements) usr.push_back(first_id[pl.unit]);
  std::vector<unsigned> same(p.placements.size(), 0);
  // Above kMaxUnitsForStability units the four clusterings would cost more
  // than the proposal itself (20 000 units: 1.8 s -> 4.7 s); stability is
  // then not measured (1) and the margin alone gives the confidence.
  constexpr std::size_t kMaxUnitsForStability = 5000;
  std::vector<ClusterParams> alternatives(p.placements.size() <= kMaxUnitsForStability ? 4 : 0, params);
  if (!alternatives.empty()) {
    alternatives[0].seed = params.seed + 1;
    alternatives[1].seed = params.seed + 2;
    alternatives[2].resolution = params.resolution * 0.8;
    alternatives[3].resolution = params.resolution * 1.25;
  }
  for (const auto& alt : alternatives) {
    auto agree = agreement(p, usr, cluster_model(model, cfg, alt));
    for (std::size_t i = 0; i < agree.size(); ++i) same[i] += static_cast<unsigned>(agree[i]);
  }
  PullIndex index(model, p, cfg.weights);
  for (std::size_t i = 0; i < p.placements.size(); ++i) {
    auto& pl = p.placements[i];
    for (const auto& pull : index.pulls(pl.unit)) {
      if (pull.service.empty()) continue;
      if (pull.service == pl.service) {
        pl.pull = round2(pull.weight);
      } else if (pl.runner_up.empty()) {
        pl.runner_up = pull.service;
        pl.runner_up_pull = round2(pull.weight);
      }
    }
    pl.stability =
        alternatives.empty() ? 1.0 : round2(static_cast<double>(same[i]) / static_cast<double>(alternatives.size()));
    double margin = 1;
    if (pl.rule == "pull" || pl.rule == "split") {
      if (pl.rule == "pull") name_rule(pl, p);
      if (pl.pull + pl.runner_up_pull > 0) margin = (pl.pull - pl.runner_up_pull) / (pl.pull + pl.runner_up_pull);
    }
    pl.confidence = round2(pl.stability * (1 + margin) / 2);
  }
}

}  // namespace cleave::decompose::detail
