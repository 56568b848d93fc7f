// The decomposition stage: from the model, propose services (bounded
// contexts) that own their code and their tables.
//
// Terminology
//  - unit: what gets assigned: a class (with its members and nested
//    classes), a free function, or one method of a split (god) class.
//  - service candidate: a community of units found by clustering.
//  - cohesion: edge weight inside a candidate; coupling: edge weight between
//    candidates; a boundary edge crosses candidates.
//  - shared kernel: units without table access that many services use; a
//    library, removed from the clustering graph so it never glues services.
//
// The objective: one undirected graph whose nodes are units, tables and weak
// "cohesion" nodes (namespace, directory, class-name token). Calls,
// inheritance, composition and type use link units; reads and writes link
// units to tables, tables written in one transaction are linked, foreign
// keys link tables (label propagation through table nodes, as in CARGO);
// cohesion nodes add a weaker pull. Louvain with a fixed visiting order and
// a refinement pass partitions it; a greedy agglomeration from that optimum
// gives the candidates for every smaller service count.
//
// Contract
//  - Deterministic and seedable: the same model gives the same proposal,
//    whatever the TU order or thread count (all input is re-sorted by id,
//    nothing iterates a hash map into a result).
//  - Every table accessed or defined gets exactly one owner when any service
//    reads or writes it.
//  - Config pins are obeyed: a pinned unit lands in its context, a pinned
//    kernel path is in the kernel, "apart" units never share a service.
//  - Does not: rename services the config names, or read the file system
//    beyond the config file.
#pragma once

#include "config/config.hpp"
#include "decompose/proposal.hpp"
#include "model/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cleave::decompose {

struct DecomposeOptions {
  // Command-line values; when unset the config file's, then the defaults.
  std::optional<unsigned> target_services;  // 0 = choose by quality
  std::optional<double> resolution;
  std::optional<unsigned> seed;
  std::string config_file;  // empty = search upward from the working directory
  // When set, used as is and no file is read (tests, embedding).
  std::optional<config::DecomposeConfig> config;
  std::string config_base_dir;  // anchors relative `paths:` globs of `config`
};

Proposal decompose(const Model& model, const DecomposeOptions& options);

// Cycles between services: each strongly connected component of more than
// one service in the service dependency graph (an edge per
// Service::depends_on entry: calls and table accesses across the boundary).
// Names sorted within a cycle, cycles sorted; empty when there is none. Not
// part of proposal.json: a cycle is a finding about the proposal.
std::vector<std::vector<std::string>> service_cycles(const Proposal& proposal);

// `cleave explain <symbol or table>`: the verdict (where it is, by which
// rule, the confidence, the runner-up and the margin; a split class's
// methods and their places), its pulls towards each service with their
// evidence (decompose/pull.hpp, with `weights`, the config's), what a move
// to the runner-up would change, the tables it touches, and the other
// services it reaches and is reached from through calls. A class, its
// constructors and its overloads are one entity. Throws InputError with
// close matches when `query` names nothing, or with the entities when it
// names several.
std::string explain(const Model& model, const Proposal& proposal, const std::string& query,
                    const config::DecomposeWeights& weights = {});

}  // namespace cleave::decompose
