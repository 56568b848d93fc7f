// Never parse twice (issue 14), through the command line, on both samples:
// a warm run reads every TU from the cache and writes the same bytes; shards
// 1..N extracted separately and merged give exactly a single run's outputs;
// a missing, doubled or foreign shard is refused with exit 2 before any work.
#include "e2e_support.hpp"

#include <sys/wait.h>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using cleave::e2e::cleave_cmd;
using cleave::e2e::Run;
using cleave::e2e::slurp;

namespace {

// Every file under `a` is under `b` with the same bytes, and nothing more.
void same_tree(const fs::path& a, const fs::path& b) {
  std::vector<std::string> in_a, in_b;
  for (const auto& e : fs::recursive_directory_iterator(a)) {
    if (e.is_regular_file()) in_a.push_back(fs::relative(e.path(), a).string());
  }
  for (const auto& e : fs::recursive_directory_iterator(b)) {
    if (e.is_regular_file()) in_b.push_back(fs::relative(e.path(), b).string());
  }
  std::sort(in_a.begin(), in_a.end());
  std::sort(in_b.begin(), in_b.end());
  REQUIRE(in_a == in_b);
  REQUIRE(in_a.size() > 3);
  for (const auto& f : in_a) {
    INFO(f << " differs between " << a << " and " << b);
    CHECK((slurp(a / f) == slurp(b / f)));
  }
}

unsigned number(const std::string& text, const std::string& pattern) {
  std::smatch m;
  INFO(text << "\nshould match: " << pattern);
  REQUIRE(std::regex_search(text, m, std::regex(pattern)));
  return static_cast<unsigned>(std::stoul(m[1].str()));
}

void sharded_equals_single(const std::string& sample) {
  const fs::path scratch = cleave::e2e::fresh_dir("cleave-e2e-scale-" + sample);
  const std::string build = cleave::e2e::sample_build(sample, scratch).string();
  const std::string cache = (scratch / "cache").string();
  const std::string common = " --no-progress -j 2 -p " + build;

  const Run cold = cleave_cmd(scratch, "analyze" + common + " --cache " + cache + " -o single --timings");
  INFO(cold.out << cold.err);
  REQUIRE(cold.status == 0);
  const unsigned tus = number(cold.out, R"((\d+) TUs:)");
  CHECK(number(cold.out, R"((\d+) from the cache)") == 0);
  CHECK(std::regex_search(cold.err, std::regex(R"(timings: plan=[0-9.]+ parse=[0-9.]+ sql=[0-9.]+ model=[0-9.]+ )"
                                               R"(decompose=[0-9.]+ findings=[0-9.]+ reports=[0-9.]+ total=[0-9.]+)")));

  // Warm: nothing parsed, the same bytes.
  const Run warm = cleave_cmd(scratch, "analyze" + common + " --cache " + cache + " -o warm");
  REQUIRE(warm.status == 0);
  CHECK(number(warm.out, R"((\d+) from the cache)") == tus);
  same_tree(scratch / "single", scratch / "warm");

  // Shards: N = 1, 2, 3; the first N without the cache, so the facts are
  // parsed in the shard, the others through it.
  for (unsigned n = 1; n <= 3; ++n) {
    const std::string facts = (scratch / ("facts-" + std::to_string(n))).string();
    unsigned parsed = 0;
    for (unsigned k = 1; k <= n; ++k) {
      const std::string cache_flag = n == 2 ? " --no-cache" : " --cache " + cache;
      const Run e = cleave_cmd(scratch, "extract" + common + cache_flag + " --shard " + std::to_string(k) + "/" +
                                            std::to_string(n) + " -o " + facts);
      INFO(e.out << e.err);
      REQUIRE(e.status == 0);
      parsed += number(e.out, R"(: (\d+) of \d+ TUs)");
      CHECK(fs::exists(fs::path(facts) / ("shard-" + std::to_string(k) + "-of-" + std::to_string(n) + ".facts")));
    }
    CHECK(parsed == tus);  // every TU in exactly one shard
    const std::string out = "merged-" + std::to_string(n);
    const Run m = cleave_cmd(scratch, "merge " + facts + " -o " + out);
    INFO(m.out << m.err);
    REQUIRE(m.status == 0);
    same_tree(scratch / "single", scratch / out);
  }
}

}  // namespace

TEST_CASE("vetclinic: cached and sharded runs write a single run's bytes", "[e2e][scale]") {
  sharded_equals_single("vetclinic");
}

TEST_CASE("logistics: cached and sharded runs write a single run's bytes", "[e2e][scale]") {
  sharded_equals_single("logistics");
}

// Below the floor: system headers' function bodies are skipped (they yield
// no facts); parsing them too must not change a byte.
TEST_CASE("skipping system headers' bodies changes no output", "[e2e][scale]") {
  for (const std::string sample : {"vetclinic", "logistics"}) {
    const fs::path scratch = cleave::e2e::fresh_dir("cleave-e2e-bodies-" + sample);
    const std::string common =
        " --no-progress -j 2 --no-cache -p " + cleave::e2e::sample_build(sample, scratch).string();
    REQUIRE(cleave_cmd(scratch, "analyze" + common + " -o skipped").status == 0);
    REQUIRE(cleave_cmd(scratch, "analyze" + common + " --parse-system-bodies -o parsed").status == 0);
    same_tree(scratch / "skipped", scratch / "parsed");
  }
}

TEST_CASE("a missing, doubled or foreign shard is refused before any work", "[e2e][scale]") {
  const fs::path scratch = cleave::e2e::fresh_dir("cleave-e2e-shards");
  const std::string build = cleave::e2e::sample_build("vetclinic", scratch).string();
  const std::string common = " --no-progress -j 2 -p " + build;  // through the tests' shared cache
  REQUIRE(cleave_cmd(scratch, "extract" + common + " --shard 1/3 -o three").status == 0);
  REQUIRE(cleave_cmd(scratch, "extract" + common + " --shard 3/3 -o three").status == 0);
  REQUIRE(cleave_cmd(scratch, "extract" + common + " --shard 1/2 -o two").status == 0);

  const Run missing = cleave_cmd(scratch, "merge three -o out");
  CHECK(missing.status == 2);
  CHECK(missing.err.find("shard(s) 2 of 3 missing") != std::string::npos);
  CHECK(!fs::exists(scratch / "out" / "model.json"));

  fs::create_directories(scratch / "copy");
  fs::copy_file(scratch / "three/shard-1-of-3.facts", scratch / "copy/shard-1-of-3.facts");
  const Run doubled = cleave_cmd(scratch, "merge three copy -o out");
  CHECK(doubled.status == 2);
  CHECK(doubled.err.find("given twice: 1") != std::string::npos);
  CHECK(doubled.err.find("copy/shard-1-of-3.facts") != std::string::npos);

  const Run mixed = cleave_cmd(scratch, "merge three two -o out");
  CHECK(mixed.status == 2);
  CHECK(mixed.err.find("is a shard of 2, but") != std::string::npos);

  // Another facts format: named, with what to do.
  std::string bytes = slurp(scratch / "two/shard-1-of-2.facts");
  bytes = std::regex_replace(bytes, std::regex(R"("facts_format":\d+)"), R"("facts_format":1)");
  fs::create_directories(scratch / "old");
  std::ofstream(scratch / "old/shard-1-of-2.facts", std::ios::binary) << bytes;
  const Run old = cleave_cmd(scratch, "merge old -o out");
  CHECK(old.status == 2);
  CHECK(old.err.find("facts format version 1") != std::string::npos);

  // Another plan (other flags): refused.
  REQUIRE(cleave_cmd(scratch, "extract" + common + " --extra-arg -DOTHER --shard 2/3 -o three").status == 0);
  const Run foreign = cleave_cmd(scratch, "merge three -o out");
  CHECK(foreign.status == 2);
  CHECK(foreign.err.find("another plan") != std::string::npos);

  const Run bad = cleave_cmd(scratch, "extract" + common + " --shard 4/3 -o x");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("'4/3' is not a shard") != std::string::npos);
}

TEST_CASE("cleave cache stats and prune", "[e2e][scale]") {
  const fs::path scratch = cleave::e2e::fresh_dir("cleave-e2e-cache");
  const std::string build = cleave::e2e::sample_build("vetclinic", scratch).string();
  ::unsetenv("CLEAVE_CACHE_DIR");  // the tests' shared cache (tests/CMakeLists.txt) is not the default
  REQUIRE(cleave_cmd(scratch, "analyze --no-progress -j 2 -p " + build + " -o out").status == 0);
  // The default cache sits beside the compilation database.
  const Run stats = cleave_cmd(scratch, "cache stats -p " + build);
  INFO(stats.out << stats.err);
  REQUIRE(stats.status == 0);
  const unsigned entries = number(stats.out, R"(: (\d+) entr)");
  CHECK(entries > 5);
  const Run prune = cleave_cmd(scratch, "cache prune -p " + build + " --max-size 0");
  CHECK(prune.status == 0);
  CHECK(number(prune.out, R"(removed (\d+) entr)") == entries);
  CHECK(cleave_cmd(scratch, "cache prune -p " + build).status == 2);                  // by what?
  CHECK(cleave_cmd(scratch, "cache stats --cache " + scratch.string()).status == 2);  // not a cache
}

// CLEAVE_CACHE_DIR moves the default cache (one cache for every build
// directory, as a CI job keeps between runs); --cache and --no-cache win.
TEST_CASE("CLEAVE_CACHE_DIR names the default cache", "[e2e][scale]") {
  const fs::path scratch = cleave::e2e::fresh_dir("cleave-e2e-cache-env");
  const std::string build = cleave::e2e::sample_build("vetclinic", scratch).string();
  const fs::path shared = scratch / "shared-cache";
  ::setenv("CLEAVE_CACHE_DIR", shared.c_str(), 1);
  const std::string common = "analyze --no-progress -j 2 -p " + build;

  const Run cold = cleave_cmd(scratch, common + " -o cold");
  INFO(cold.out << cold.err);
  REQUIRE(cold.status == 0);
  const unsigned tus = number(cold.out, R"((\d+) TUs:)");
  CHECK(number(cold.out, R"((\d+) from the cache)") == 0);
  CHECK(!fs::exists(fs::path(build) / ".cleave-cache"));
  const Run stats = cleave_cmd(scratch, "cache stats");  // no -p, no --cache: the variable's
  INFO(stats.out << stats.err);
  REQUIRE(stats.status == 0);
  CHECK(stats.out.find(shared.string()) != std::string::npos);
  CHECK(number(stats.out, R"(: (\d+) entr)") >= tus);

  CHECK(number(cleave_cmd(scratch, common + " -o warm").out, R"((\d+) from the cache)") == tus);
  const Run fresh = cleave_cmd(scratch, common + " --no-cache -o fresh");
  CHECK(fresh.status == 0);
  CHECK(fresh.out.find("from the cache") == std::string::npos);
  const std::string own = (scratch / "own").string();
  CHECK(number(cleave_cmd(scratch, common + " --cache " + own + " -o own").out, R"((\d+) from the cache)") == 0);
  CHECK(fs::exists(own));
  same_tree(scratch / "cold", scratch / "warm");
}
