// End to end for the decomposition: the cleave binary on each bundled
// sample, with no pinning, held to samples/<name>/expected/decomposition.json
// (issue 4), and proposal.json byte-identical whatever the worker count or
// the order of compile_commands.json.
#include "decompose/compare.hpp"
#include "decompose/decompose.hpp"
#include "reports/json/model_json.hpp"
#include "reports/json/proposal_json.hpp"

#include "e2e_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

namespace fs = std::filesystem;
using namespace cleave;

using cleave::e2e::slurp;

namespace {

fs::path scratch() {
  static const fs::path dir = e2e::fresh_dir("cleave-e2e-decompose");
  return dir;
}

fs::path sample_build(const std::string& sample) { return e2e::sample_build(sample, scratch()); }

// Runs `cleave analyze` and returns the bytes of proposal.json.
std::string analyze(const fs::path& db_dir, const std::string& tag, int jobs) {
  const fs::path out = scratch() / ("out-" + tag);
  const fs::path log = scratch() / ("log-" + tag);
  const std::string cmd = std::string(CLEAVE_BINARY) + " analyze --no-progress -j " + std::to_string(jobs) + " -p " +
                          db_dir.string() + " -o " + out.string() + " >" + log.string() + " 2>&1";
  int status = std::system(cmd.c_str());
  INFO(slurp(log));
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  REQUIRE(fs::exists(out / "proposal.json"));
  return slurp(out / "proposal.json");
}

const std::string& proposal_text(const std::string& sample, int jobs = 2) {
  static std::map<std::string, std::string> cache;
  const std::string tag = sample + "-j" + std::to_string(jobs);
  if (auto it = cache.find(tag); it != cache.end()) return it->second;
  return cache[tag] = analyze(sample_build(sample), tag, jobs);
}

void holds_to_expected(const std::string& sample) {
  const Proposal p = report::parse_proposal_json(proposal_text(sample), sample + "/proposal.json");
  const auto expected =
      decompose::load_expected(fs::path(CLEAVE_SOURCE_DIR) / "samples" / sample / "expected" / "decomposition.json");
  const auto a = decompose::compare(p, expected);
  WARN(sample << ": ARI " << a.ari << ", MoJoFM " << a.mojofm << ", " << p.services.size() << " services, tables "
              << a.tables_owned_as_expected << "/" << a.tables << " owned as expected");
  std::string misplaced;
  for (const auto& m : a.misplaced) misplaced += "  " + m + "\n";
  for (const auto& m : a.missing) misplaced += "  not placed: " + m + "\n";
  INFO("misplaced:\n" << misplaced);
  CHECK(a.items > 0);
  CHECK(a.ari >= 0.85);
  for (const auto& t : a.table_mismatches) {
    INFO("table " << t);
    CHECK(false);
  }
  CHECK(a.tables_owned_as_expected == a.tables);
}

}  // namespace

TEST_CASE("vetclinic: the proposal agrees with the architect's contexts", "[e2e][decompose]") {
  holds_to_expected("vetclinic");
}

// What stays of the split ClinicManager is the front desk: it owns no table
// and calls every service, by design. It is the future API gateway, not a
// stateless slice of one service, so it is never folded.
TEST_CASE("vetclinic: the front desk stays a service of its own", "[e2e][decompose]") {
  const Proposal p = report::parse_proposal_json(proposal_text("vetclinic"), "vetclinic/proposal.json");
  const Service* desk = nullptr;
  for (const auto& s : p.services) {
    for (const auto& f : s.functions) {
      if (f == "vet::ClinicManager::handleLine") desk = &s;
    }
  }
  REQUIRE(desk);
  CHECK(desk->tables.empty());
  CHECK(desk->folded.empty());
  for (const auto& s : p.services) {
    if (&s != desk) CHECK(s.folded.empty());
  }
}

TEST_CASE("logistics: the proposal agrees with the architect's contexts", "[e2e][decompose]") {
  holds_to_expected("logistics");
}

// Not yet held: the library sample's decomposition (samples/library/expected,
// written by its author). cleave gives ARI 0.80 there and puts `copies` in
// circulation, which updates the copies' status, where the architect puts it
// in catalogue, which creates and withdraws them; its fitness findings follow
// the placements. That is issue 16's work; the library's table access, calls,
// transactions, counts and determinism are held.

// The agreement is a property of the objective, not of one lucky visiting
// order: other Louvain seeds must keep every table's owner and the ARI bar.
TEST_CASE("the agreement does not depend on the clustering seed", "[e2e][decompose]") {
  for (const char* sample : {"vetclinic", "logistics"}) {
    proposal_text(sample);  // runs analyze, which writes model.json beside proposal.json
    const fs::path model_file = scratch() / (std::string("out-") + sample + "-j2") / "model.json";
    REQUIRE(fs::exists(model_file));
    const Model model = report::parse_model_json(slurp(model_file), model_file.string());
    const auto expected =
        decompose::load_expected(fs::path(CLEAVE_SOURCE_DIR) / "samples" / sample / "expected" / "decomposition.json");
    for (unsigned seed : {1u, 7u, 99u, 1234u}) {
      decompose::DecomposeOptions options;
      options.config = config::DecomposeConfig{};  // defaults, no .cleave.yaml lookup
      options.seed = seed;
      const auto a = decompose::compare(decompose::decompose(model, options), expected);
      INFO(sample << " seed " << seed << ": ARI " << a.ari);
      CHECK(a.ari >= 0.85);
      for (const auto& t : a.table_mismatches) {
        INFO("table " << t);
        CHECK(false);
      }
    }
  }
}

TEST_CASE("proposal.json is byte-identical with one worker and two", "[e2e][decompose][determinism]") {
  for (const char* sample : {"vetclinic", "logistics", "library"}) {
    INFO(sample);
    CHECK(proposal_text(sample, 1) == proposal_text(sample, 2));
  }
}

TEST_CASE("proposal.json does not depend on the order of compile_commands.json", "[e2e][decompose][determinism]") {
  for (const char* sample : {"vetclinic", "logistics", "library"}) {
    INFO(sample);
    auto db = nlohmann::json::parse(slurp(sample_build(sample) / "compile_commands.json"));
    REQUIRE(db.is_array());
    REQUIRE(db.size() > 2);
    // A fixed shuffle, and one that is certainly not the original order.
    std::vector<nlohmann::json> entries(db.begin(), db.end());
    std::mt19937 rng(20240917);
    std::shuffle(entries.begin(), entries.end(), rng);
    if (nlohmann::json(entries) == db) std::reverse(entries.begin(), entries.end());
    REQUIRE(nlohmann::json(entries) != db);
    const fs::path dir = scratch() / (std::string("shuffled-") + sample);
    fs::create_directories(dir);
    std::ofstream(dir / "compile_commands.json") << nlohmann::json(entries).dump(2);
    CHECK(analyze(dir, std::string("shuffled-") + sample, 2) == proposal_text(sample, 2));
  }
}

// `cleave explain` agrees with the placement for every class and function of
// each sample (issue 16): the verdict it prints is where proposal.json put
// the unit, and the class, its constructor and its overloads are one entity.
TEST_CASE("explain's verdict equals the placement of every class and function", "[e2e][explain]") {
  for (const char* sample : {"vetclinic", "logistics", "library"}) {
    SECTION(sample) {
      const nlohmann::json proposal = nlohmann::json::parse(proposal_text(sample));
      std::vector<std::pair<std::string, std::string>> expected;  // unit, verdict
      for (const auto& s : proposal["services"]) {
        for (const char* list : {"classes", "functions"}) {
          for (const auto& u : s[list])
            expected.emplace_back(u.get<std::string>(), "is in service " + s["name"].get<std::string>());
        }
      }
      for (const char* list : {"classes", "functions"}) {
        for (const auto& u : proposal["shared_kernel"][list])
          expected.emplace_back(u.get<std::string>(), "is in the shared kernel");
      }
      REQUIRE(expected.size() >= 20);
      std::string names;
      for (const auto& [unit, verdict] : expected) names += " '" + unit + "'";
      const fs::path out = scratch() / ("out-" + std::string(sample) + "-j2");
      const fs::path log = scratch() / ("explain-" + std::string(sample));
      const std::string cmd =
          std::string(CLEAVE_BINARY) + " explain -o " + out.string() + names + " >" + log.string() + " 2>&1";
      const int status = std::system(cmd.c_str());
      const std::string text = slurp(log);
      REQUIRE(WIFEXITED(status));
      INFO(text.substr(0, 2000));
      REQUIRE(WEXITSTATUS(status) == 0);
      std::vector<std::string> verdicts;  // the first line of each explanation
      for (std::size_t at = 0; at < text.size();) {
        verdicts.push_back(text.substr(at, text.find('\n', at) - at));
        auto next = text.find("\n\n", at);
        at = next == std::string::npos ? text.size() : next + 2;
      }
      REQUIRE(verdicts.size() == expected.size());
      for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(expected[i].first);
        CHECK(verdicts[i] == expected[i].first + " " + expected[i].second);
      }
      if (std::string(sample) == "vetclinic") {
        const fs::path money = scratch() / "explain-money";
        REQUIRE(std::system(
                    (std::string(CLEAVE_BINARY) + " explain -o " + out.string() + " Money >" + money.string() + " 2>&1")
                        .c_str()) == 0);
        CHECK(slurp(money).rfind("vet::billing::Money is in ", 0) == 0);
      }
    }
  }
}
