// The fact cache (pipeline/fact_cache.hpp) on a small project on disk: what
// is a hit, what is a miss, and what is never trusted; and how a plan is
// split into shards (pipeline/shards.hpp).
#include "pipeline/fact_cache.hpp"

#include "core/errors.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/shards.hpp"
#include "tests/pipeline/files.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace cleave;

namespace {

using cleave::test::slurp;
using cleave::test::write;

// The compilation database of project(); `flags_of_a` is added to a.cpp's command.
void write_database(const fs::path& dir, const std::string& flags_of_a = "") {
  std::string db = "[";
  for (const char* tu : {"a.cpp", "b.cpp", "c.cpp"}) {
    if (db.size() > 1) db += ",";
    const std::string flags = std::string(tu) == "a.cpp" ? flags_of_a : "";
    db += R"({"directory":")" + (dir / "src").string() + R"(","file":")" + (dir / "src" / tu).string() +
          R"(","command":"c++ -std=c++17 )" + flags + " -c " + tu + "\"}";
  }
  write(dir / "build/compile_commands.json", db + "]");
}

// Three TUs: a.cpp and b.cpp include common.hpp, b.cpp also only_b.hpp,
// c.cpp includes no project header.
fs::path project(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("cleave-cache-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  write(dir / "CMakeLists.txt", "project(p)\n");
  write(dir / "src/common.hpp", "#pragma once\nstruct Money { long cents; long get() const { return cents; } };\n");
  write(dir / "src/only_b.hpp",
        "#pragma once\n#include \"common.hpp\"\ninline long twice(Money m) { return 2 * m.get(); }\n");
  write(dir / "src/a.cpp", "#include \"common.hpp\"\nlong a(Money m) { return m.get(); }\n");
  write(dir / "src/b.cpp", "#include \"only_b.hpp\"\nlong b(Money m) { return twice(m); }\n");
  write(dir / "src/c.cpp", "int c() { return 3; }\nint d() { return c(); }\n");
  write_database(dir);
  return dir;
}

struct Run {
  Program program;
  pipeline::ParseReport report;
};

Run parse(const fs::path& dir, const std::string& cache, unsigned jobs = 2) {
  pipeline::Request r;
  r.build_dir = (dir / "build").string();
  r.jobs = jobs;
  r.cache_dir = cache;
  const pipeline::Plan plan = pipeline::plan(r);
  Run run;
  run.program = pipeline::parse(plan.jobs, plan.root, r, run.report);
  return run;
}

void check_same(const Program& got, const Program& want) {
  REQUIRE(got.tus.size() == want.tus.size());
  for (std::size_t i = 0; i < got.tus.size(); ++i) CHECK(got.tus[i].file == want.tus[i].file);
  CHECK(got.symbols.size() == want.symbols.size());
  for (const auto& [usr, s] : want.symbols) {
    auto it = got.symbols.find(usr);
    REQUIRE(it != got.symbols.end());
    CHECK(it->second.name == s.name);
    CHECK(it->second.loc == s.loc);
    CHECK(it->second.is_definition == s.is_definition);
  }
  CHECK(got.edge_sites == want.edge_sites);
  REQUIRE(got.call_sites.size() == want.call_sites.size());
  for (std::size_t i = 0; i < got.call_sites.size(); ++i) {
    CHECK(got.call_sites[i].caller == want.call_sites[i].caller);
    CHECK(got.call_sites[i].callee == want.call_sites[i].callee);
    CHECK(got.call_sites[i].site == want.call_sites[i].site);
  }
  CHECK(got.locals.size() == want.locals.size());
}

std::vector<fs::path> entries(const fs::path& cache) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(cache)) {
    if (e.path().extension() == ".entry") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool has_note(const pipeline::ParseReport& r, const std::string& part) {
  return std::any_of(r.notes.begin(), r.notes.end(),
                     [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

}  // namespace

TEST_CASE("a second run with nothing changed parses nothing and gives the same program", "[cache]") {
  const fs::path dir = project("hit");
  const std::string cache = (dir / "cache").string();
  const Run fresh = parse(dir, "");
  CHECK(fresh.report.cache_dir.empty());
  const Run cold = parse(dir, cache);
  CHECK(cold.report.tus == 3);
  CHECK(cold.report.from_cache == 0);
  CHECK(entries(cache).size() == 3);
  CHECK(fs::exists(fs::path(cache) / "CACHEDIR.TAG"));
  const Run warm = parse(dir, cache);
  CHECK(warm.report.from_cache == 3);
  CHECK(warm.report.notes.empty());
  check_same(warm.program, fresh.program);
  check_same(cold.program, fresh.program);
}

TEST_CASE("a changed TU or header re-parses exactly the TUs that read it", "[cache]") {
  const fs::path dir = project("miss");
  const std::string cache = (dir / "cache").string();
  parse(dir, cache);
  // Only b.cpp includes only_b.hpp.
  write(dir / "src/only_b.hpp",
        "#pragma once\n#include \"common.hpp\"\ninline long twice(Money m) { return m.get() * 2; }\n");
  CHECK(parse(dir, cache).report.from_cache == 2);
  CHECK(parse(dir, cache).report.from_cache == 3);
  // a.cpp and b.cpp include common.hpp (b.cpp through only_b.hpp).
  write(dir / "src/common.hpp", "#pragma once\nstruct Money { long cents; long get() const { return cents + 0; } };\n");
  const Run header = parse(dir, cache);
  CHECK(header.report.from_cache == 1);
  // The TU itself: a new function is in the facts.
  write(dir / "src/c.cpp", "int c() { return 3; }\nint d() { return c(); }\nint e() { return d(); }\n");
  const Run tu = parse(dir, cache);
  CHECK(tu.report.from_cache == 2);
  check_same(tu.program, parse(dir, "").program);
  // Same content, newer time stamp: still a hit (content decides, not mtime).
  fs::last_write_time(dir / "src/a.cpp", fs::file_time_type::clock::now());
  CHECK(parse(dir, cache).report.from_cache == 3);
}

TEST_CASE("a changed compile command re-parses the TUs whose flags changed", "[cache]") {
  const fs::path dir = project("flags");
  const std::string cache = (dir / "cache").string();
  parse(dir, cache);
  write_database(dir, "-DWITH_AUDIT=1");
  CHECK(parse(dir, cache).report.from_cache == 2);
  CHECK(parse(dir, cache).report.from_cache == 3);
}

TEST_CASE("another libclang, cleave build or front-end setting is a miss", "[cache]") {
  const fs::path dir = project("version");
  const fs::path cache = dir / "cache";
  frontend::ParseJob job{(dir / "src/a.cpp").string(), {"-std=c++17"}, {}, {}};
  frontend::FrontendOptions options;
  options.project_root = dir.string();
  const TuFacts facts = frontend::parse_tu(job, options);
  REQUIRE(facts.includes.size() >= 2);
  CHECK(std::count(facts.includes.begin(), facts.includes.end(), (dir / "src/common.hpp").string()) == 1);
  const pipeline::CacheSalt base{"clang 16", "build-1", dir.string(), {"**/vendor/**"}, false};
  pipeline::FactCache(cache.string(), base).store(job, facts);
  REQUIRE(pipeline::FactCache(cache.string(), base).lookup(job).has_value());
  auto changed = [&](auto&& edit) {
    pipeline::CacheSalt salt = base;
    edit(salt);
    return !pipeline::FactCache(cache.string(), salt).lookup(job).has_value();
  };
  CHECK(changed([](pipeline::CacheSalt& s) { s.libclang_version = "clang 17"; }));
  CHECK(changed([](pipeline::CacheSalt& s) { s.cleave_build = "build-2"; }));
  CHECK(changed([](pipeline::CacheSalt& s) { s.project_root = "/elsewhere"; }));
  CHECK(changed([](pipeline::CacheSalt& s) { s.third_party.push_back("**/dep/**"); }));
  CHECK(changed([](pipeline::CacheSalt& s) { s.skip_function_bodies = true; }));
  CHECK(changed([](pipeline::CacheSalt& s) { s.skip_system_bodies = false; }));
  job.args.push_back("-DX");
  CHECK(!pipeline::FactCache(cache.string(), base).lookup(job).has_value());
  // The build id of this binary is found, and stable within a process.
  CHECK(pipeline::executable_build_id().size() >= 16);
  CHECK(pipeline::executable_build_id() == pipeline::executable_build_id());
}

TEST_CASE("a corrupt or truncated entry is reported once, parsed again and replaced", "[cache]") {
  const fs::path dir = project("corrupt");
  const std::string cache = (dir / "cache").string();
  const Program want = parse(dir, cache).program;
  const auto files = entries(cache);
  REQUIRE(files.size() == 3);
  std::string bytes = slurp(files[0]);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
  write(files[0], bytes);
  write(files[1], slurp(files[1]).substr(0, 40));
  const Run run = parse(dir, cache);
  CHECK(run.report.from_cache == 1);
  CHECK(run.report.notes.size() == 2);
  CHECK(has_note(run.report, files[0].string() + " rejected (checksum mismatch)"));
  CHECK(has_note(run.report, files[1].string() + " rejected (truncated)"));
  check_same(run.program, want);
  const Run again = parse(dir, cache);
  CHECK(again.report.from_cache == 3);
  CHECK(again.report.notes.empty());
}

TEST_CASE("concurrent runs on one cache all get whole entries", "[cache]") {
  const fs::path dir = project("concurrent");
  const std::string cache = (dir / "cache").string();
  const Program want = parse(dir, "").program;
  std::vector<Run> runs(4);
  std::vector<std::thread> threads;
  for (auto& run : runs) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) run = parse(dir, cache, 1);
    });
  }
  for (auto& t : threads) t.join();
  for (const Run& run : runs) {
    CHECK(run.report.notes.empty());
    check_same(run.program, want);
  }
  const Run after = parse(dir, cache);
  CHECK(after.report.from_cache == 3);
  CHECK(after.report.notes.empty());
  // No temporary file is left behind.
  std::size_t others = 0;
  for (const auto& e : fs::recursive_directory_iterator(cache)) {
    if (e.is_regular_file() && e.path().extension() != ".entry" && e.path().filename() != "CACHEDIR.TAG") ++others;
  }
  CHECK(others == 0);
}

TEST_CASE("a cache that cannot be written still serves its hits, with one note", "[cache]") {
  const fs::path dir = project("readonly");
  const std::string cache = (dir / "cache").string();
  parse(dir, cache);
  write(dir / "src/c.cpp", "int c() { return 4; }\n");
  const bool root = ::geteuid() == 0;
  if (!root) fs::permissions(cache, fs::perms::owner_write, fs::perm_options::remove);
  // As root nothing is read-only to us: the run drops to nobody, for whom the
  // cache (owned by root, 0755) is.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (root && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(10);
    const Run run = parse(dir, cache, 1);
    int status = 0;
    if (run.report.from_cache != 2) status |= 1;
    if (!has_note(run.report, "cannot be written")) status |= 2;
    if (run.report.notes.size() != 1) status |= 4;
    if (run.program.tus.size() != 3) status |= 8;
    ::_exit(status);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  if (!root) fs::permissions(cache, fs::perms::owner_write, fs::perm_options::add);
  REQUIRE(WIFEXITED(status));
  INFO("child status bits: 1 hits, 2 note, 4 note count, 8 TUs, 10 setuid");
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("prune removes the least recently used entries first", "[cache]") {
  const fs::path dir = project("prune");
  const std::string cache = (dir / "cache").string();
  parse(dir, cache);
  const auto files = entries(cache);
  std::uintmax_t total = 0;
  for (const auto& f : files) total += fs::file_size(f);
  CHECK(pipeline::cache_stats(cache).entries == 3);
  CHECK(pipeline::cache_stats(cache).bytes == total);
  // The first entry was used long ago.
  fs::last_write_time(files[0], fs::file_time_type::clock::now() - std::chrono::hours(24 * 40));
  pipeline::PruneLimits old;
  old.older_than_days = 30;
  const pipeline::PruneResult r = pipeline::prune_cache(cache, old);
  CHECK(r.removed == 1);
  CHECK(!fs::exists(files[0]));
  pipeline::PruneLimits small;
  small.max_bytes = fs::file_size(files[1]) + fs::file_size(files[2]) - 1;
  CHECK(pipeline::prune_cache(cache, small).left.entries == 1);
  CHECK(pipeline::parse_size("2G", "x") == 2ull * 1024 * 1024 * 1024);
  CHECK(pipeline::parse_size("512k", "x") == 512ull * 1024);
  CHECK(pipeline::parse_size("1000", "x") == 1000);
  CHECK_THROWS_AS(pipeline::parse_size("lots", "--max-size"), InputError);
  CHECK_THROWS_AS(pipeline::cache_stats((dir / "src").string()), InputError);  // not a cache
}

TEST_CASE("a header reached through a symbolic link and '..' is recorded by its real path", "[cache]") {
  // As gcc's headers are found from clang: ".../bin/../lib/gcc/x86_64-linux-gnu/12/../../../../include".
  const fs::path dir = project("symlink");
  write(dir / "real/inc/h.hpp", "inline int h() { return 1; }\n");
  fs::create_directories(dir / "real/deep");
  fs::create_directory_symlink(dir / "real/deep", dir / "src/alias");
  write(dir / "src/a.cpp", "#include \"alias/../inc/h.hpp\"\nint a() { return h(); }\n");
  const std::string cache = (dir / "cache").string();
  const Run cold = parse(dir, cache);
  CHECK(cold.report.from_cache == 0);
  CHECK(entries(cache).size() == 3);  // every TU kept: each file it read could be hashed
  CHECK(parse(dir, cache).report.from_cache == 3);
  write(dir / "real/inc/h.hpp", "inline int h() { return 2; }\n");
  CHECK(parse(dir, cache).report.from_cache == 2);
}

TEST_CASE("shards split the plan once, balanced by size, and know their plan", "[shards]") {
  const fs::path dir = project("shards");
  pipeline::Request r;
  r.build_dir = (dir / "build").string();
  const pipeline::Plan plan = pipeline::plan(r);
  for (unsigned n = 1; n <= 4; ++n) {
    std::vector<std::string> all;
    for (unsigned k = 1; k <= n; ++k) {
      for (const auto& job : pipeline::shard_jobs(plan, {k, n})) all.push_back(job.file);
    }
    std::sort(all.begin(), all.end());
    CHECK(all.size() == plan.jobs.size());  // each TU in exactly one shard
    CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
  }
  // Three TUs on two shards: the largest alone, the two others together.
  CHECK(pipeline::shard_jobs(plan, {1, 2}).size() + pipeline::shard_jobs(plan, {2, 2}).size() == 3);
  const std::string before = pipeline::plan_fingerprint(plan);
  CHECK(pipeline::plan_fingerprint(pipeline::plan(r)) == before);
  write(dir / "src/c.cpp", "int c() { return 3; }\nint d() { return c(); }\n// a longer file splits otherwise\n");
  CHECK(pipeline::plan_fingerprint(pipeline::plan(r)) != before);
  CHECK(pipeline::parse_shard_spec("2/3").index == 2);
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "1/3x"}) {
    CHECK_THROWS_AS(pipeline::parse_shard_spec(bad), InputError);
  }
}
