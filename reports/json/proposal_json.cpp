#include "reports/json/proposal_json.hpp"

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/json_input.hpp"
#include "core/paths.hpp"

#include <algorithm>
#include <cmath>

namespace cleave::report {
namespace {

using json = nlohmann::ordered_json;

// Rounded so that floating noise below a millionth never changes the bytes.
double round6(double v) {
  double r = std::round(v * 1e6) / 1e6;
  return r == 0 ? 0.0 : r;
}

json metrics_json(const std::map<std::string, double>& m) {
  json out = json::object();
  for (const auto& [k, v] : m) out[k] = round6(v);
  return out;
}

json location(const Location& loc, const std::string& root) {
  return json{{"file", relative_to(loc.file, root)}, {"line", loc.line}};
}

// Optional keys (via, downstream) are left out when empty: most findings
// have neither, and a reader tells "none" from "absent" the same way.
json fitness_finding(const FitnessFinding& f, const std::string& root) {
  json out{{"rule", f.rule}, {"kind", f.kind}, {"what", f.what}, {"function", f.function}};
  if (!f.via.empty()) out["via"] = f.via;
  out["location"] = location(f.loc, root);
  out["conflict"] = f.conflict;
  out["replacement"] = f.replacement;
  if (!f.downstream.empty()) out["downstream"] = f.downstream;
  out["effort"] = f.effort;
  out["central"] = f.central;
  return out;
}

json fitness_findings(const std::vector<FitnessFinding>& findings, const std::string& root) {
  json out = json::array();
  for (const auto& f : findings) out.push_back(fitness_finding(f, root));
  return out;
}

FitnessFinding parse_fitness_finding(const nlohmann::json& j) {
  FitnessFinding f;
  f.rule = j.at("rule").get<std::string>();
  f.kind = j.at("kind").get<std::string>();
  f.what = j.value("what", "");
  f.function = j.value("function", "");
  f.via = j.value("via", "");
  if (j.contains("location")) {
    f.loc.file = j["location"].value("file", "");
    f.loc.line = j["location"].value("line", 0u);
  }
  f.conflict = j.value("conflict", "");
  f.replacement = j.value("replacement", "");
  f.downstream = j.value("downstream", "");
  f.effort = j.value("effort", 1u);
  f.central = j.value("central", false);
  return f;
}

// Where each unit landed, by which rule, and how certain (docs/metrics.md).
json placements_json(const std::vector<Placement>& placements) {
  json out = json::array();
  for (const auto& pl : placements) {
    out.push_back({{"unit", pl.unit},
                   {"service", pl.service},
                   {"rule", pl.rule},
                   {"reason", pl.reason},
                   {"runner_up", pl.runner_up},
                   {"pull", pl.pull},
                   {"runner_up_pull", pl.runner_up_pull},
                   {"stability", pl.stability},
                   {"confidence", pl.confidence}});
  }
  return out;
}

}  // namespace

json proposal_to_json(const Proposal& p, const std::string& root) {
  json out;
  json services = json::array();
  for (const auto& s : p.services) {
    json api = json::array();
    for (const auto& a : s.api) {
      api.push_back({{"symbol", a.symbol},
                     {"name", a.name},
                     {"style", a.style},
                     {"endpoint", a.endpoint},
                     {"callers", a.callers},
                     {"call_weight", a.call_weight}});
    }
    std::vector<std::string> files;  // relative to the root, like every location here
    for (const auto& f : s.files) files.push_back(relative_to(f, root));
    std::sort(files.begin(), files.end());
    json deps = json::array();
    for (const auto& d : s.depends_on)
      deps.push_back({{"service", d.service}, {"call_weight", d.call_weight}, {"style", d.style}});
    services.push_back({{"name", s.name},
                        {"classes", s.classes},
                        {"functions", s.functions},
                        {"files", files},
                        {"tables", s.tables},
                        {"api", api},
                        {"depends_on", deps},
                        {"ddl", s.ddl},
                        {"metrics", metrics_json(s.metrics)},
                        {"naming_evidence", s.naming_evidence},
                        {"folded", s.folded}});
    if (!s.databases.empty()) services.back()["databases"] = s.databases;
    if (!s.stateful_core.empty()) services.back()["stateful_core"] = s.stateful_core;
  }
  out["schema_version"] = kProposalSchemaVersion;
  out["services"] = services;
  json kernel_reasons = json::object();
  for (const auto& [k, v] : p.shared_kernel_reasons) kernel_reasons[k] = v;
  out["shared_kernel"] = {
      {"classes", p.shared_kernel_classes}, {"functions", p.shared_kernel_functions}, {"reasons", kernel_reasons}};
  json splits = json::array();
  for (const auto& sc : p.split_classes) {
    json methods = json::array();
    for (const auto& m : sc.methods) methods.push_back({{"method", m.method}, {"service", m.service}});
    splits.push_back({{"name", sc.name}, {"methods", methods}, {"reason", sc.reason}});
  }
  out["split_classes"] = splits;
  out["placements"] = placements_json(p.placements);
  json tables = json::array();
  for (const auto& t : p.tables) {
    json accesses = json::array();
    for (const auto& a : t.accesses) {
      accesses.push_back({{"service", a.service},
                          {"mode", a.mode},
                          {"resolution", a.resolution},
                          {"detail", a.detail},
                          {"statements", a.statements}});
    }
    tables.push_back({{"name", t.name},
                      {"owner", t.owner},
                      {"readers", t.readers},
                      {"writers", t.writers},
                      {"resolution", t.resolution},
                      {"accesses", accesses},
                      {"evidence", t.evidence},
                      {"entropy", round6(t.entropy)}});
    if (!t.database.empty()) tables.back()["database"] = t.database;
  }
  out["tables"] = tables;
  json fks = json::array();
  for (const auto& f : p.foreign_keys_to_cut) {
    fks.push_back({{"table", f.table},
                   {"ref_table", f.ref_table},
                   {"table_owner", f.table_owner},
                   {"ref_owner", f.ref_owner},
                   {"columns", f.columns}});
  }
  out["foreign_keys_to_cut"] = fks;
  json dtx = json::array();
  for (const auto& d : p.distributed_transactions) {
    json saga = json::array();
    for (const auto& s : d.saga) {
      saga.push_back(
          {{"service", s.service}, {"action", s.action}, {"compensation", s.compensation}, {"pivot", s.pivot}});
    }
    dtx.push_back({{"id", d.id},
                   {"function", d.function},
                   {"location", location(d.loc, root)},
                   {"services", d.services},
                   {"tables", d.tables},
                   {"saga", saga}});
  }
  out["distributed_transactions"] = dtx;
  json order = json::array();
  for (const auto& e : p.extraction_order) {
    order.push_back({{"rank", e.rank}, {"service", e.service}, {"score", round6(e.score)}, {"reasons", e.reasons}});
  }
  out["extraction_order"] = order;
  json fitness = json::array();
  for (const auto& f : p.fitness) {
    fitness.push_back({{"service", f.service},
                       {"verdict", f.verdict},
                       {"evidence", f.evidence},
                       {"downstream", f.downstream},
                       {"findings", fitness_findings(f.findings, root)}});
  }
  out["fitness"] = fitness;
  out["kernel_fitness"] = fitness_findings(p.kernel_fitness, root);
  out["metrics"] = metrics_json(p.metrics);
  json candidates = json::array();
  for (const auto& c : p.candidates) {
    json row{{"services", c.services}, {"chosen", c.chosen}, {"metrics", metrics_json(c.metrics)}};
    if (c.refined_from > 0) row["refined_from"] = c.refined_from;
    candidates.push_back(std::move(row));
  }
  out["candidates"] = candidates;
  out["warnings"] = json::array();
  for (const Finding& w : p.warnings) out["warnings"].push_back(w.message);
  out["config_file"] = p.config_file;
  return out;
}

std::string proposal_json_text(const Proposal& proposal, const std::string& root) {
  return proposal_to_json(proposal, root).dump(2) + "\n";
}

Proposal parse_proposal_json(const std::string& text, const std::string& source) {
  const nlohmann::json j = parse_json_input(text, source);
  if (!j.is_object() || !j.contains("services") || !j["services"].is_array()) {
    throw InputError(source, 0, "not a proposal.json: no 'services' array");
  }
  try {
    auto strings = [](const nlohmann::json& o, const char* key) {
      return o.contains(key) ? o.at(key).get<std::vector<std::string>>() : std::vector<std::string>{};
    };
    Proposal p;
    for (const auto& s : j["services"]) {
      Service svc;
      svc.name = s.at("name").get<std::string>();
      svc.classes = strings(s, "classes");
      svc.functions = strings(s, "functions");
      svc.files = strings(s, "files");
      svc.tables = strings(s, "tables");
      svc.folded = strings(s, "folded");
      svc.databases = strings(s, "databases");
      svc.stateful_core = s.value("stateful_core", "");
      if (s.contains("metrics")) svc.metrics = s["metrics"].get<std::map<std::string, double>>();
      p.services.push_back(std::move(svc));
    }
    if (j.contains("shared_kernel")) {
      p.shared_kernel_classes = strings(j["shared_kernel"], "classes");
      p.shared_kernel_functions = strings(j["shared_kernel"], "functions");
    }
    for (const auto& sc : j.value("split_classes", nlohmann::json::array())) {
      SplitClass split{sc.at("name").get<std::string>(), {}, sc.value("reason", "")};
      for (const auto& m : sc.at("methods"))
        split.methods.push_back({m.at("method").get<std::string>(), m.at("service").get<std::string>()});
      p.split_classes.push_back(std::move(split));
    }
    for (const auto& pl : j.value("placements", nlohmann::json::array())) {
      p.placements.push_back({pl.at("unit").get<std::string>(), pl.at("service").get<std::string>(),
                              pl.value("rule", ""), pl.value("reason", ""), pl.value("runner_up", ""),
                              pl.value("pull", 0.0), pl.value("runner_up_pull", 0.0), pl.value("stability", 1.0),
                              pl.at("confidence").get<double>()});
    }
    for (const auto& t : j.value("tables", nlohmann::json::array())) {
      TableOwnership own;
      own.name = t.at("name").get<std::string>();
      own.owner = t.value("owner", "");
      own.readers = strings(t, "readers");
      own.writers = strings(t, "writers");
      own.resolution = t.value("resolution", "");
      own.database = t.value("database", "");
      p.tables.push_back(std::move(own));
    }
    for (const auto& f : j.value("fitness", nlohmann::json::array())) {
      ServiceFitness sf;
      sf.service = f.at("service").get<std::string>();
      sf.verdict = f.at("verdict").get<std::string>();
      sf.evidence = strings(f, "evidence");
      sf.downstream = strings(f, "downstream");
      for (const auto& finding : f.value("findings", nlohmann::json::array()))
        sf.findings.push_back(parse_fitness_finding(finding));
      p.fitness.push_back(std::move(sf));
    }
    for (const auto& finding : j.value("kernel_fitness", nlohmann::json::array()))
      p.kernel_fitness.push_back(parse_fitness_finding(finding));
    if (j.contains("metrics")) p.metrics = j["metrics"].get<std::map<std::string, double>>();
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source, 0, std::string("not a proposal.json: ") + e.what());
  }
}

void write_proposal_json(const Proposal& proposal, const std::filesystem::path& path, const std::string& root) {
  write_file_atomic(path, proposal_json_text(proposal, root));
}

}  // namespace cleave::report
