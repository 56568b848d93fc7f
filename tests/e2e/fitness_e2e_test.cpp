// End to end for serverless fitness (issue 17): the cleave binary on each
// bundled sample, its model decomposed in process, and Proposal::fitness held
// to samples/<name>/expected/fitness.json: every expected finding present
// with its rule in the expected service, every verdict as expected, and no
// state, local-file, background or server finding (CLV-FIT-001..004) that
// the file does not list. The sample's README says why each verdict is what
// an architect would say.
//
// fitness.json: "kernel" lists the findings in shared-kernel code;
// "services" maps each architect's context to its anchor (a table it owns
// or a unit it holds, which finds the proposal's service whatever its name),
// its verdict and its findings {rule, function, file} with optional "what"
// (a substring of the finding's `what`), "kernel" (reached through kernel
// code, so `via` is set) and "central". "architect_only" and
// "architect_verdict" record where the architect goes further than cleave;
// they are documentation, not asserted.
#include "decompose/decompose.hpp"
#include "reports/json/model_json.hpp"

#include "e2e_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace cleave;
using nlohmann::json;

using cleave::e2e::slurp;

namespace {

fs::path scratch() {
  static const fs::path dir = e2e::fresh_dir("cleave-e2e-fitness");
  return dir;
}

// Runs `cleave analyze` on the sample and decomposes its model.json in
// process with the default configuration.
const Proposal& proposal_of(const std::string& sample) {
  static std::map<std::string, Proposal> cache;
  if (auto it = cache.find(sample); it != cache.end()) return it->second;
  const fs::path build = e2e::sample_build(sample, scratch());
  const fs::path out = scratch() / ("out-" + sample);
  const fs::path log = scratch() / ("log-" + sample);
  const std::string cmd = std::string(CLEAVE_BINARY) + " analyze --no-progress -j 2 -p " + build.string() + " -o " +
                          out.string() + " >" + log.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  INFO(slurp(log));
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  REQUIRE(fs::exists(out / "model.json"));
  const Model model = report::parse_model_json(slurp(out / "model.json"), (out / "model.json").string());
  decompose::DecomposeOptions options;
  options.config = config::DecomposeConfig{};  // defaults, no .cleave.yaml lookup
  return cache[sample] = decompose::decompose(model, options);
}

json expected_fitness(const std::string& sample) {
  const fs::path file = fs::path(CLEAVE_SOURCE_DIR) / "samples" / sample / "expected" / "fitness.json";
  REQUIRE(fs::exists(file));
  return json::parse(slurp(file));
}

bool same_file(const std::string& actual, const std::string& expected) {
  return actual == expected || (actual.size() > expected.size() &&
                                actual.compare(actual.size() - expected.size(), std::string::npos, expected) == 0 &&
                                actual[actual.size() - expected.size() - 1] == '/');
}

// Rule, function and file: what identifies a finding, whatever its line.
bool same_place(const FitnessFinding& f, const json& e) {
  return f.rule == e.at("rule").get<std::string>() && f.function == e.at("function").get<std::string>() &&
         same_file(f.loc.file, e.at("file").get<std::string>());
}

// Also the optional details an expected finding states.
bool matches(const FitnessFinding& f, const json& e) {
  if (!same_place(f, e)) return false;
  if (e.contains("what") && f.what.find(e["what"].get<std::string>()) == std::string::npos) return false;
  if (e.contains("central") && f.central != e["central"].get<bool>()) return false;
  const bool through_kernel = e.value("kernel", false);
  return through_kernel ? !f.via.empty() : f.via.empty();
}

std::string describe(const FitnessFinding& f) {
  std::ostringstream s;
  s << f.rule << " " << (f.function.empty() ? "(namespace scope)" : f.function) << " " << f.loc.file << ":"
    << f.loc.line << " [" << f.what << "]" << (f.via.empty() ? "" : " via " + f.via) << (f.central ? " central" : "");
  return s.str();
}

std::string describe(const std::vector<FitnessFinding>& findings) {
  std::string out;
  for (const auto& f : findings) out += "  " + describe(f) + "\n";
  return out.empty() ? "  (none)\n" : out;
}

bool hazard_rule(const std::string& rule) {
  return rule == rules::kFitState || rule == rules::kFitLocalFile || rule == rules::kFitBackground ||
         rule == rules::kFitServer;
}

// The proposal's service holding the context's anchor; null when none does.
const Service* anchored(const Proposal& p, const json& anchor) {
  for (const auto& s : p.services) {
    if (anchor.contains("table")) {
      if (std::count(s.tables.begin(), s.tables.end(), anchor["table"].get<std::string>())) return &s;
    } else {
      const std::string unit = anchor.at("unit").get<std::string>();
      if (std::count(s.functions.begin(), s.functions.end(), unit) ||
          std::count(s.classes.begin(), s.classes.end(), unit))
        return &s;
    }
  }
  return nullptr;
}

const ServiceFitness* fitness_of(const Proposal& p, const std::string& service) {
  for (const auto& f : p.fitness) {
    if (f.service == service) return &f;
  }
  return nullptr;
}

void holds_to_expected(const std::string& sample) {
  const Proposal& p = proposal_of(sample);
  const json expected = expected_fitness(sample);
  REQUIRE(expected.at("services").size() > 0);
  INFO(sample);
  CHECK(p.fitness.size() == p.services.size());

  // Kernel findings: each expected one present, no unlisted hazard.
  for (const auto& e : expected.at("kernel")) {
    INFO("kernel: expected " << e.dump() << "\nfound:\n" << describe(p.kernel_fitness));
    CHECK(std::any_of(p.kernel_fitness.begin(), p.kernel_fitness.end(),
                      [&](const FitnessFinding& f) { return matches(f, e); }));
  }
  for (const auto& f : p.kernel_fitness) {
    if (!hazard_rule(f.rule)) continue;
    INFO("kernel: not in fitness.json: " << describe(f));
    CHECK(std::any_of(expected["kernel"].begin(), expected["kernel"].end(),
                      [&](const json& e) { return same_place(f, e); }));
  }

  // Each context: its service, its verdict, its findings, nothing unlisted.
  std::map<std::string, const json*> expected_of;  // proposal service -> expected findings
  for (const auto& [context, e] : expected["services"].items()) {
    INFO("context " << context << ", anchor " << e.at("anchor").dump());
    const Service* s = anchored(p, e["anchor"]);
    REQUIRE(s);
    const ServiceFitness* fit = fitness_of(p, s->name);
    REQUIRE(fit);
    INFO("service " << s->name << " (" << fit->verdict << "), findings:\n" << describe(fit->findings));
    CHECK(fit->verdict == e.at("verdict").get<std::string>());
    if (fit->verdict == "keep-long-running") CHECK_FALSE(fit->evidence.empty());
    for (const auto& want : e.at("findings")) {
      INFO("expected " << want.dump());
      CHECK(std::any_of(fit->findings.begin(), fit->findings.end(),
                        [&](const FitnessFinding& f) { return matches(f, want); }));
    }
    expected_of[s->name] = &e["findings"];
  }
  for (const auto& fit : p.fitness) {
    const auto it = expected_of.find(fit.service);
    for (const auto& f : fit.findings) {
      if (!hazard_rule(f.rule)) continue;
      INFO("service " << fit.service << ": not in fitness.json: " << describe(f));
      bool listed = false;
      if (it != expected_of.end()) {
        listed = std::any_of(it->second->begin(), it->second->end(), [&](const json& e) { return same_place(f, e); });
      } else {  // a service no context anchors: listed under some context
        for (const auto& [context, e] : expected["services"].items()) {
          for (const auto& want : e["findings"]) listed = listed || same_place(f, want);
        }
      }
      CHECK(listed);
    }
  }
}

}  // namespace

TEST_CASE("logistics: fitness findings and verdicts agree with expected/fitness.json", "[e2e][fitness]") {
  holds_to_expected("logistics");
}

TEST_CASE("vetclinic: fitness findings and verdicts agree with expected/fitness.json", "[e2e][fitness]") {
  holds_to_expected("vetclinic");
}

// The three hazards the samples were given to show, stated on their own so a
// failure names the story that broke: a resident cache keeps pricing
// resident, one night-run thread does not keep dispatch, a CSV export is a
// change, not a reason to stay.
TEST_CASE("logistics: the resident tariff cache is central, the night-run thread is not", "[e2e][fitness]") {
  const Proposal& p = proposal_of("logistics");
  const Service* pricing = anchored(p, json{{"table", "tariffs"}});
  const Service* dispatch = anchored(p, json{{"table", "shipments"}});
  const Service* billing = anchored(p, json{{"table", "invoices"}});
  REQUIRE(pricing);
  REQUIRE(dispatch);
  REQUIRE(billing);
  const ServiceFitness* fp = fitness_of(p, pricing->name);
  const ServiceFitness* fd = fitness_of(p, dispatch->name);
  const ServiceFitness* fb = fitness_of(p, billing->name);
  REQUIRE(fp);
  REQUIRE(fd);
  REQUIRE(fb);
  INFO("pricing:\n" << describe(fp->findings) << "dispatch:\n" << describe(fd->findings));
  CHECK(fp->verdict == "keep-long-running");
  CHECK(std::any_of(fp->findings.begin(), fp->findings.end(), [](const FitnessFinding& f) {
    return f.rule == rules::kFitState && f.central && f.what.find("tariffCache_") != std::string::npos;
  }));
  CHECK(fd->verdict == "ready-after-changes");
  CHECK(std::none_of(fd->findings.begin(), fd->findings.end(), [](const FitnessFinding& f) { return f.central; }));
  CHECK(fb->verdict == "ready-after-changes");
  CHECK(std::none_of(fb->findings.begin(), fb->findings.end(), [](const FitnessFinding& f) { return f.central; }));
}
