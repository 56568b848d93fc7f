// The findings stage: what the model and the proposal hold that a person may
// act on, as Findings of the one catalogue (core/findings.hpp). A pure
// function of (model, proposal, root), so `cleave report` and `cleave
// analyze` find the same from the same model.
#include "pipeline/pipeline.hpp"

#include "core/paths.hpp"
#include "decompose/decompose.hpp"

#include <algorithm>
#include <set>

namespace cleave::pipeline {
namespace {

class Collector {
 public:
  Collector(const Model& model, std::string root) : model_(model), root_(std::move(root)) {}

  Location rel(Location loc) const {
    loc.file = relative_to(loc.file, root_);
    return loc;
  }
  std::string name_of(const std::string& usr) const {
    const Symbol* s = model_.find(usr);
    return s ? s->name : usr;
  }

  void tus() {
    std::set<std::string> flags;
    for (const TuSummary& tu : model_.tus) {
      const std::string file = relative_to(tu.file, root_);
      for (const auto& flag : tu.dropped_flags) flags.insert(flag);
      if (tu.status == ParseStatus::Clean) continue;
      const bool failed = tu.status == ParseStatus::Failed;
      Finding f = make_finding(failed ? rules::kTuFailed : rules::kTuErrors,
                               failed ? "failed to parse; no facts from this translation unit"
                                      : std::to_string(tu.error_count) + " error(s); facts from it may be incomplete",
                               file, Location{file, 0, 0});
      for (const auto& d : tu.diagnostics) {
        if (f.related.empty()) f.message += " (first: " + d.message + ")";
        f.related.push_back({rel(d.loc), d.severity + ": " + d.message});
      }
      out.push_back(std::move(f));
    }
    for (const auto& flag : flags) {
      out.push_back(make_finding(rules::kFlagDropped, "dropped '" + flag + "' (libclang cannot take it)", flag));
    }
  }

  void sql() {
    for (const UnresolvedSql& u : model_.data.unresolved) {
      std::string message = u.reason + ": " + u.excerpt;
      if (!u.suggestion.empty()) message += " (to resolve, in .cleave.yaml: sql: " + u.suggestion + ")";
      Finding f = make_finding(rules::kSqlUnresolved, message, name_of(u.symbol) + "|" + u.excerpt, rel(u.loc));
      out.push_back(std::move(f));
    }
    for (const auto& t : model_.data.unaccessed_tables) {
      out.push_back(make_finding(rules::kTableUnaccessed, "table '" + t + "' is declared but no code accesses it", t,
                                 table_location(t)));
    }
    for (const auto& t : model_.data.undeclared_tables) {
      Finding f = make_finding(rules::kTableUndeclared, "table '" + t + "' is accessed but declared in no schema", t);
      for (const TableAccess& a : model_.data.accesses) {
        if (a.table != t) continue;
        if (f.location.file.empty()) {
          f.location = rel(a.loc);
        } else if (f.related.size() < 8) {
          f.related.push_back({rel(a.loc), "also accessed here"});
        }
      }
      out.push_back(std::move(f));
    }
  }

  void proposal(const Proposal& p) {
    for (Finding w : p.warnings) {
      if (w.rule == rules::kConfigUnmatched) w.location = Location{relative_to(p.config_file, root_), 0, 0};
      out.push_back(std::move(w));
    }
    // A cycle of services cannot be extracted one at a time (Boost.Graph's
    // strongly connected components of the dependency graph).
    for (const auto& cycle : decompose::service_cycles(p)) {
      std::string names;
      for (const auto& s : cycle) names += (names.empty() ? "" : ", ") + s;
      out.push_back(make_finding(rules::kServiceCycle,
                                 std::to_string(cycle.size()) + " services depend on each other in a cycle: " + names,
                                 names));
    }
    for (const auto& tx : p.distributed_transactions) {
      std::string services;
      for (const auto& s : tx.services) services += (services.empty() ? "" : ", ") + s;
      out.push_back(make_finding(rules::kDistributedTx,
                                 tx.function + " writes tables of " + std::to_string(tx.services.size()) +
                                     " services (" + services + ") in one transaction",
                                 tx.function, rel(tx.loc)));
    }
  }

  // A fitness finding once: a service's own under that service, a kernel
  // one under the kernel with the services it reaches (the ones reached
  // through the kernel are not repeated per service).
  void fitness(const Proposal& p) {
    auto in_kernel = [&](const FitnessFinding& f) {
      return std::any_of(p.kernel_fitness.begin(), p.kernel_fitness.end(), [&](const FitnessFinding& k) {
        return k.rule == f.rule && k.loc == f.loc && k.what == f.what;
      });
    };
    for (const auto& sf : p.fitness) {
      for (const auto& f : sf.findings) {
        if (f.via.empty() && !in_kernel(f)) out.push_back(fitness_finding(f, "service " + sf.service, sf.service));
      }
    }
    for (const auto& f : p.kernel_fitness) {
      std::string services;
      for (const auto& sf : p.fitness) {
        const bool reaches = std::any_of(sf.findings.begin(), sf.findings.end(), [&](const FitnessFinding& g) {
          return g.rule == f.rule && g.loc == f.loc && g.what == f.what;
        });
        if (reaches) services += (services.empty() ? "" : ", ") + sf.service;
      }
      out.push_back(fitness_finding(
          f, services.empty() ? "the shared kernel" : "the shared kernel, used by " + services, "kernel"));
    }
  }

  std::vector<Finding> out;

 private:
  Finding fitness_finding(const FitnessFinding& f, const std::string& whose, const std::string& owner) const {
    std::string message =
        f.what + (f.function.empty() ? "" : " in " + f.function) + " (" + whose + "): " + f.replacement;
    return make_finding(f.rule, std::move(message), owner + "|" + f.function + "|" + f.what, rel(f.loc));
  }

  Location table_location(const std::string& table) const {
    for (const Table& t : model_.data.tables) {
      if (t.name == table) return rel(t.defined_at);
    }
    return {};
  }

  const Model& model_;
  std::string root_;
};

}  // namespace

std::vector<Finding> collect_findings(const Model& model, const Proposal& proposal, const std::string& root) {
  Collector c(model, root);
  c.tus();
  c.sql();
  c.proposal(proposal);
  c.fitness(proposal);
  assign_fingerprints(c.out);
  return std::move(c.out);
}

}  // namespace cleave::pipeline
