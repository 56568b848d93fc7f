// The pipeline as a library: a small project on disk through every stage.
#include "pipeline/pipeline.hpp"

#include "core/errors.hpp"
#include "tests/pipeline/files.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;
using namespace cleave;

namespace {

using cleave::test::write;

// A project of two TUs: one runs constant and non-constant SQL through
// sqlite3, one does not parse. `pad` blank lines move the code down.
fs::path project(const std::string& name, int pad) {
  const fs::path dir = fs::temp_directory_path() / ("cleave-pipeline-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  write(dir / "CMakeLists.txt", "project(p)\n");
  write(dir / "schema.sql", "CREATE TABLE orders (id int);\nCREATE TABLE audit (id int);\n");
  write(dir / "src/sqlite3.h", "struct sqlite3; int sqlite3_exec(sqlite3*, const char*, void*, void*, char**);\n");
  write(dir / "src/repo.cpp",
        std::string(static_cast<std::size_t>(pad), '\n') +
            "#include \"sqlite3.h\"\n"
            "namespace shop {\n"
            "int load(sqlite3* db) { return sqlite3_exec(db, \"SELECT id FROM orders\", 0, 0, 0); }\n"
            "int dyn(sqlite3* db, const char* q) { return sqlite3_exec(db, q, 0, 0, 0); }\n"
            "int use(sqlite3* db, char** argv) { return dyn(db, argv[1]); }\n"
            "void keep(sqlite3* db) { sqlite3_exec(db, \"INSERT INTO ledger VALUES (1)\", 0, 0, 0); }\n"
            "}\n");
  write(dir / "src/broken.cpp", "int broken( { return 0; }\n");
  std::string db = "[";
  for (const char* tu : {"repo.cpp", "broken.cpp"}) {
    if (db.size() > 1) db += ",";
    db += R"({"directory":")" + (dir / "src").string() + R"(","file":")" + (dir / "src" / tu).string() +
          R"(","command":"c++ -std=c++17 -c )" + tu + "\"}";
  }
  write(dir / "build/compile_commands.json", db + "]");
  return dir;
}

pipeline::Result analyse(const fs::path& dir, unsigned jobs = 2) {
  pipeline::Request r;
  r.build_dir = (dir / "build").string();
  r.out_dir = (dir / "out").string();
  r.jobs = jobs;
  return pipeline::run(r, config::ProjectConfig{}, pipeline::DecomposeSettings{});
}

const Finding* find(const std::vector<Finding>& all, std::string_view rule) {
  auto it = std::find_if(all.begin(), all.end(), [&](const Finding& f) { return f.rule == rule; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("sources named like a clang tool's restrict the run, and must be in the database", "[pipeline]") {
  const fs::path dir = project("sources", 0);
  pipeline::Request r;
  r.build_dir = (dir / "build").string();
  r.sources = {(dir / "src/repo.cpp").string()};
  const pipeline::Plan p = pipeline::plan(r);
  REQUIRE(p.jobs.size() == 1);
  CHECK(p.jobs[0].file == (dir / "src/repo.cpp").string());
  // Relative to the working directory, as a shell passes them.
  const fs::path was = fs::current_path();
  fs::current_path(dir / "src");
  r.sources = {"./broken.cpp"};
  const pipeline::Plan relative = pipeline::plan(r);
  r.sources = {"missing.cpp"};
  std::string error;
  try {
    pipeline::plan(r);
  } catch (const InputError& e) {
    error = e.what();
  }
  fs::current_path(was);
  REQUIRE(relative.jobs.size() == 1);
  CHECK(relative.jobs[0].file == (dir / "src/broken.cpp").string());
  CHECK(error.find((dir / "src/missing.cpp").string()) != std::string::npos);
  CHECK(error.find("not in the compilation database") != std::string::npos);
}

TEST_CASE("entries that cannot be parsed are named with what to do, and the run goes on", "[pipeline]") {
  const fs::path dir = project("unusable", 0);
  write(dir / "src/notes.txt", "not code\n");
  write(dir / "src/other.cpp", "int other() { return 2; }\n");
  std::string db = "[";
  auto entry = [&](const fs::path& directory, const std::string& file) {
    if (db.size() > 1) db += ",";
    db += R"({"directory":")" + directory.string() + R"(","file":")" + file + R"(","command":"c++ -c )" + file + "\"}";
  };
  entry(dir / "src", (dir / "src/repo.cpp").string());
  entry(dir / "src", (dir / "src/gone.cpp").string());
  entry(dir / "src", (dir / "src/notes.txt").string());
  entry(dir / "nowhere", (dir / "src/other.cpp").string());
  write(dir / "build/compile_commands.json", db + "]");

  const pipeline::Result r = analyse(dir);
  REQUIRE(r.model.tus.size() == 4);
  std::map<std::string, std::string> failed;  // file -> first diagnostic
  unsigned clean = 0;
  for (const auto& tu : r.model.tus) {
    if (tu.status == ParseStatus::Clean) ++clean;
    if (tu.status == ParseStatus::Failed) {
      REQUIRE_FALSE(tu.diagnostics.empty());
      failed[fs::path(tu.file).filename().string()] = tu.diagnostics.front().message;
    }
  }
  CHECK(clean == 1);
  REQUIRE(failed.size() == 3);
  CHECK(failed["gone.cpp"] == "the file does not exist: the compilation database is out of date; regenerate it");
  CHECK(failed["notes.txt"] ==
        "not a C or C++ source (.txt): leave it out of the compilation database, or pass --exclude");
  CHECK(failed["other.cpp"] == "its directory " + (dir / "nowhere").string() +
                                   " does not exist: the compilation database is out of date; regenerate it");
  // What was parsed is all there.
  CHECK(std::any_of(r.model.symbols.begin(), r.model.symbols.end(),
                    [](const Symbol& s) { return s.name == "shop::load"; }));
}

TEST_CASE("every stage runs and what a person may act on comes out as findings", "[pipeline]") {
  const fs::path dir = project("stages", 0);
  const pipeline::Result r = analyse(dir);
  CHECK(r.plan.root == dir.string());
  CHECK(r.plan.jobs.size() == 2);
  CHECK(r.model.tus.size() == 2);
  CHECK(std::any_of(r.model.symbols.begin(), r.model.symbols.end(),
                    [](const Symbol& s) { return s.name == "shop::load"; }));
  CHECK(r.model.data.accesses.size() == 2);
  CHECK_FALSE(r.proposal.services.empty());

  const Finding* failed = find(r.findings, rules::kTuErrors);
  REQUIRE(failed);
  CHECK(failed->location.file == "src/broken.cpp");  // relative to the root
  REQUIRE_FALSE(failed->related.empty());
  CHECK(failed->related[0].location.file == "src/broken.cpp");
  CHECK(failed->related[0].message.rfind("error: ", 0) == 0);  // the diagnostic, with its severity
  CHECK(r.findings.front().severity >= failed->severity);      // errors and warnings first

  const Finding* sql = find(r.findings, rules::kSqlUnresolved);
  REQUIRE(sql);
  CHECK(sql->location.file == "src/repo.cpp");
  CHECK(sql->message.find("not a compile-time constant") != std::string::npos);

  const Finding* undeclared = find(r.findings, rules::kTableUndeclared);
  REQUIRE(undeclared);
  CHECK(undeclared->subject == "ledger");
  const Finding* unaccessed = find(r.findings, rules::kTableUnaccessed);
  REQUIRE(unaccessed);
  CHECK(unaccessed->subject == "audit");
  CHECK(unaccessed->location.file == "schema.sql");
  for (const Finding& f : r.findings) {
    CHECK(find_rule(f.rule));
    CHECK_FALSE(f.fingerprint.empty());
  }
}

TEST_CASE("a finding keeps its fingerprint when the code moves to another line", "[pipeline][findings]") {
  const pipeline::Result before = analyse(project("before", 0));
  const pipeline::Result after = analyse(project("after", 7));
  const Finding* a = find(before.findings, rules::kSqlUnresolved);
  const Finding* b = find(after.findings, rules::kSqlUnresolved);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->location.line + 7 == b->location.line);
  CHECK(a->fingerprint == b->fingerprint);
  REQUIRE(before.findings.size() == after.findings.size());
  for (std::size_t i = 0; i < before.findings.size(); ++i) {
    CHECK(before.findings[i].fingerprint == after.findings[i].fingerprint);
  }
}

TEST_CASE("the result does not depend on the number of workers", "[pipeline]") {
  const fs::path dir = project("workers", 0);
  const pipeline::Result one = analyse(dir, 1);
  const pipeline::Result two = analyse(dir, 2);
  CHECK(one.model.symbols.size() == two.model.symbols.size());
  CHECK(one.model.edges == two.model.edges);
  CHECK(one.findings == two.findings);
}

TEST_CASE("a bad compilation database is rejected before any parsing", "[pipeline]") {
  pipeline::Request r;
  r.build_dir = (fs::temp_directory_path() / "cleave-no-such-build").string();
  CHECK_THROWS_AS(pipeline::plan(r), InputError);
}

TEST_CASE("services that depend on each other in a cycle are one finding per cycle", "[pipeline][findings]") {
  Model model;
  Proposal p;
  for (const char* name : {"billing", "orders", "stock", "audit"}) p.services.push_back(Service{.name = name});
  auto dep = [&](int from, const char* to) { p.services[static_cast<std::size_t>(from)].depends_on.push_back({to}); };
  dep(0, "orders");
  dep(1, "stock");
  dep(2, "billing");
  dep(3, "billing");  // audit calls into the cycle but is not part of it
  const std::vector<Finding> f = pipeline::collect_findings(model, p, "/r");
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule == rules::kServiceCycle);
  CHECK(f[0].message == "3 services depend on each other in a cycle: billing, orders, stock");
  p.services[2].depends_on.clear();
  CHECK(pipeline::collect_findings(model, p, "/r").empty());
}

TEST_CASE("fitness findings are reported once: a service's own, and a kernel one with the services it reaches",
          "[pipeline][findings]") {
  Model model;
  Proposal p;
  FitnessFinding own{.rule = std::string(rules::kFitServer),
                     .kind = "server",
                     .what = "listen(...)",
                     .function = "net::Server::start",
                     .loc = {"/r/src/server.cpp", 12, 3},
                     .replacement = "Put API Gateway in front."};
  FitnessFinding kernel{.rule = std::string(rules::kFitState),
                        .kind = "state",
                        .what = "function-local static std::map<int, int> seen",
                        .function = "util::Log::info",
                        .loc = {"/r/src/log.cpp", 4, 1},
                        .replacement = "Keep it in ElastiCache."};
  FitnessFinding reached = kernel;
  reached.via = "net::Server::start";
  p.fitness.push_back({.service = "gateway", .verdict = "keep-long-running", .findings = {reached, own}});
  p.fitness.push_back({.service = "orders", .verdict = "ready"});
  p.kernel_fitness.push_back(kernel);
  const std::vector<Finding> f = pipeline::collect_findings(model, p, "/r");
  REQUIRE(f.size() == 2);
  const Finding* server = find(f, rules::kFitServer);
  const Finding* state = find(f, rules::kFitState);
  REQUIRE(server);
  REQUIRE(state);
  CHECK(server->location.file == "src/server.cpp");
  CHECK(server->message == "listen(...) in net::Server::start (service gateway): Put API Gateway in front.");
  CHECK(state->message ==
        "function-local static std::map<int, int> seen in util::Log::info (the shared kernel, used by gateway): Keep "
        "it in ElastiCache.");
}

TEST_CASE("the schema is the .sql files of the source tree that create tables or routines (issue 15)",
          "[pipeline][schema]") {
  const fs::path dir = fs::temp_directory_path() / ("cleave-pipeline-" + std::to_string(::getpid())) / "schema-search";
  fs::remove_all(dir);
  write(dir / "CMakeLists.txt", "project(p)\n");
  write(dir / "db/schema.sql", "-- the tables\nCREATE TABLE orders (id int);\n");
  write(dir / "db/routines.sql",
        "DELIMITER //\nCREATE PROCEDURE purge() BEGIN DELETE FROM orders; END //\nDELIMITER ;\n");
  write(dir / "db/migrations/002_total.sql", "alter table orders add column total int;\n");
  // Queries, seed rows and scratch work are not the schema, whatever their comments and strings say.
  write(dir / "scratch.sql",
        "-- CREATE TABLE tmp (id int) was here\nSELECT * FROM orders WHERE 'create table' <> '';\n");
  write(dir / "db/seed.sql", "INSERT INTO orders VALUES (1);\n");
  // Build trees, whatever their names: a CMake cache or a compilation database marks one.
  write(dir / "out-of-tree/CMakeCache.txt", "");
  write(dir / "out-of-tree/gen/schema.sql", "CREATE TABLE generated (id int);\n");
  write(dir / "tools/bin/compile_commands.json", "[]");
  write(dir / "tools/bin/copy.sql", "CREATE TABLE copied (id int);\n");
  write(dir / "build-debug/x.sql", "CREATE TABLE x (id int);\n");
  write(dir / "cleave-out/dump.sql", "CREATE TABLE dumped (id int);\n");
  // A compilation database linked into a source directory (the root's, or any) does not make it one.
  fs::create_symlink(dir / "tools/bin/compile_commands.json", dir / "compile_commands.json");
  fs::create_symlink(dir / "tools/bin/compile_commands.json", dir / "db/compile_commands.json");

  const pipeline::SchemaSearch found = pipeline::find_schema_files(dir.string(), (dir / "cleave-out").string());
  CHECK(found.files == std::vector<std::string>{(dir / "db/migrations/002_total.sql").string(),
                                                (dir / "db/routines.sql").string(), (dir / "db/schema.sql").string()});
  CHECK(found.not_schema == std::vector<std::string>{(dir / "db/seed.sql").string(), (dir / "scratch.sql").string()});
}

TEST_CASE("a run names the schema files it read and the .sql files it did not (issue 15)", "[pipeline][schema]") {
  const fs::path dir = project("schema-files", 0);
  write(dir / "queries/report.sql", "SELECT count(*) FROM orders;\n");
  const pipeline::Result r = analyse(dir);
  CHECK(r.model.data.schema_files == std::vector<std::string>{(dir / "schema.sql").string()});
  CHECK(r.model.data.sql_files_not_schema == std::vector<std::string>{(dir / "queries/report.sql").string()});
}
