// End to end: the cleave binary on the bundled samples, held to expected/.
#include "e2e_support.hpp"
#include "tests/docs_schema.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

using cleave::e2e::slurp;

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

fs::path scratch() {
  static const fs::path dir = cleave::e2e::fresh_dir("cleave-e2e");
  return dir;
}

Run run(const std::string& args) {
  static int n = 0;
  const fs::path out = scratch() / ("run" + std::to_string(++n) + ".out");
  const fs::path err = scratch() / ("run" + std::to_string(n) + ".err");
  const std::string cmd = std::string(CLEAVE_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  return Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

fs::path sample_build(const std::string& sample) { return cleave::e2e::sample_build(sample, scratch()); }

// model.json of a sample, analysed once per -j value.
const json& model_of(const std::string& sample, int jobs = 2) {
  static std::map<std::string, json> cache;
  const std::string key = sample + "/" + std::to_string(jobs);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  const fs::path out = scratch() / ("out-" + sample + "-j" + std::to_string(jobs));
  // The tests share one fact cache (tests/CMakeLists.txt); one worker parses
  // afresh, for the determinism test that compares it with two.
  Run r = run("analyze --no-progress -j " + std::to_string(jobs) + (jobs == 1 ? " --no-cache" : "") + " -p " +
              sample_build(sample).string() + " -o " + out.string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return cache[key] = json::parse(slurp(out / "model.json"));
}

json expected(const std::string& sample, const std::string& file) {
  return json::parse(slurp(fs::path(CLEAVE_SOURCE_DIR) / "samples" / sample / "expected" / file));
}

bool is_function_kind(const std::string& k) {
  return k == "function" || k == "method" || k == "constructor" || k == "destructor";
}

struct Score {
  double precision = 0;
  double recall = 0;
};

template <typename T>
Score score(const std::set<T>& truth, const std::set<T>& found) {
  std::size_t tp = 0;
  for (const auto& t : truth) tp += found.count(t);
  return Score{found.empty() ? 0.0 : double(tp) / double(found.size()),
               truth.empty() ? 1.0 : double(tp) / double(truth.size())};
}

const char* kSamples[] = {"vetclinic", "logistics", "library"};

}  // namespace

TEST_CASE("every expected class and function is in model.json once, with its qualified name", "[e2e]") {
  for (const char* sample : kSamples) {
    SECTION(sample) {
      const json& model = model_of(sample);
      std::multiset<std::string> classes, functions;
      for (const auto& s : model["symbols"]) {
        const std::string kind = s["kind"];
        if (kind == "class") classes.insert(s["name"].get<std::string>());
        if (is_function_kind(kind)) functions.insert(s["name"].get<std::string>());
      }
      const json exp = expected(sample, "decomposition.json");
      std::vector<std::string> want_classes, want_functions;
      auto take = [&](const json& group) {
        const json classes_of = group.value("classes", json::array());
        const json functions_of = group.value("functions", json::array());
        for (const auto& c : classes_of) want_classes.push_back(c);
        for (const auto& f : functions_of) want_functions.push_back(f);
      };
      for (const auto& [name, ctx] : exp["contexts"].items()) take(ctx);
      take(exp["shared_kernel"]);
      const json split = exp.value("split_classes", json::object());
      for (const auto& [cls, methods] : split.items()) want_classes.push_back(cls);
      REQUIRE(want_classes.size() > 10);
      for (const auto& c : want_classes) {
        INFO(sample << ": class " << c);
        CHECK(classes.count(c) == 1);
      }
      for (const auto& f : want_functions) {
        INFO(sample << ": function " << f);
        // Overloads share a name; each must be present.
        CHECK(functions.count(f) >= 1);
      }
    }
  }
}

TEST_CASE("call edges between the sample's functions: recall against an independent extraction", "[e2e][calls]") {
  for (const char* sample : kSamples) {
    SECTION(sample) {
      const json& model = model_of(sample);
      std::map<std::string, std::string> name_of;
      for (const auto& s : model["symbols"]) name_of[s["id"]] = s["name"];
      std::set<std::pair<std::string, std::string>> found, truth;
      for (const auto& e : model["edges"]) {
        if (e["kind"] == "call") found.emplace(name_of[e["from"]], name_of[e["to"]]);
      }
      const json calls = expected(sample, "calls.json");
      for (const auto& c : calls["calls"]) truth.emplace(c["from"], c["to"]);
      REQUIRE(truth.size() > 50);
      const Score s = score(truth, found);
      std::size_t shown = 0;
      for (const auto& t : truth) {
        if (!found.count(t) && shown++ < 10) WARN(sample << ": missing call " << t.first << " -> " << t.second);
      }
      WARN(sample << ": call-edge recall " << s.recall << " (" << truth.size() << " expected edges), precision "
                  << s.precision);
      CHECK(s.recall >= 0.95);
    }
  }
}

TEST_CASE("table access matches expected/ with precision and recall of at least 0.97", "[e2e][sql]") {
  for (const char* sample : kSamples) {
    SECTION(sample) {
      const json& model = model_of(sample);
      std::set<std::tuple<std::string, std::string, std::string>> found, truth;
      for (const auto& a : model["accesses"]) {
        const std::string mode = a["mode"];
        if (mode == "read" || mode == "write") found.emplace(a.value("symbol_name", ""), a["table"], mode);
      }
      const json accesses = expected(sample, "table_access.json");
      for (const auto& a : accesses["accesses"]) {
        const std::string mode = a["mode"];
        if (mode == "read" || mode == "write") truth.emplace(a["function"], a["table"], mode);
      }
      REQUIRE(truth.size() > 20);
      const Score s = score(truth, found);
      for (const auto& t : truth) {
        if (!found.count(t))
          WARN(sample << ": missing " << std::get<0>(t) << " " << std::get<2>(t) << " " << std::get<1>(t));
      }
      for (const auto& f : found) {
        if (!truth.count(f))
          WARN(sample << ": extra " << std::get<0>(f) << " " << std::get<2>(f) << " " << std::get<1>(f));
      }
      WARN(sample << ": table access precision " << s.precision << ", recall " << s.recall);
      CHECK(s.precision >= 0.97);
      CHECK(s.recall >= 0.97);
    }
  }
}

TEST_CASE("model.json is byte-identical with one worker and two", "[e2e][determinism]") {
  model_of("vetclinic", 1);
  model_of("vetclinic", 2);
  const std::string one = slurp(scratch() / "out-vetclinic-j1" / "model.json");
  const std::string two = slurp(scratch() / "out-vetclinic-j2" / "model.json");
  REQUIRE_FALSE(one.empty());
  CHECK(one == two);
}

TEST_CASE("a malformed compilation database is exit code 2 with the file and line, nothing written", "[e2e][errors]") {
  const fs::path dir = scratch() / "bad-db";
  fs::create_directories(dir);
  std::ofstream(dir / "compile_commands.json") << "[\n  {\"directory\": \"/x\",\n   \"file\": }\n]\n";
  const fs::path out = scratch() / "bad-db-out";
  Run r = run("analyze -p " + dir.string() + " -o " + out.string());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find((dir / "compile_commands.json").string() + ":3") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "model.json"));
}

TEST_CASE("a missing database and an unusable output directory are exit code 2", "[e2e][errors]") {
  Run missing = run("analyze -p " + (scratch() / "nowhere").string() + " -o " + (scratch() / "o1").string());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("CMAKE_EXPORT_COMPILE_COMMANDS") != std::string::npos);

  const fs::path file = scratch() / "a-file";
  std::ofstream(file) << "x";
  Run bad_out = run("analyze -p " + sample_build("vetclinic").string() + " -o " + file.string());
  CHECK(bad_out.exit_code == 2);
  CHECK(bad_out.err.find(file.string()) != std::string::npos);
}

TEST_CASE("a failed run leaves the last good model.json in place", "[e2e][errors]") {
  const fs::path out = scratch() / "keep";
  const fs::path db = scratch() / "keep-db";
  fs::create_directories(out);
  fs::create_directories(db);
  std::ofstream(out / "model.json") << "{\"last\": \"good\"}";
  std::ofstream(db / "compile_commands.json") << "not json";
  Run r = run("analyze -p " + db.string() + " -o " + out.string());
  CHECK(r.exit_code == 2);
  CHECK(slurp(out / "model.json") == "{\"last\": \"good\"}");
}

TEST_CASE("a TU that does not parse is reported and the run goes on", "[e2e][errors]") {
  const fs::path proj = scratch() / "broken";
  fs::create_directories(proj);
  std::ofstream(proj / "good.cpp") << "int good() { return 1; }\n";
  std::ofstream(proj / "bad.cpp") << "int bad() { return undeclared; }\n";
  std::ofstream(proj / "compile_commands.json")
      << "[{\"directory\": \"" << proj.string() << "\", \"command\": \"c++ -c good.cpp\", \"file\": \"good.cpp\"},"
      << " {\"directory\": \"" << proj.string() << "\", \"command\": \"c++ -c bad.cpp\", \"file\": \"bad.cpp\"}]";
  const fs::path out = scratch() / "broken-out";
  Run r = run("analyze -p " + proj.string() + " -o " + out.string());
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("bad.cpp") != std::string::npos);
  CHECK(r.err.find("undeclared") != std::string::npos);
  CHECK(r.out.find("1 clean, 1 with errors, 0 failed") != std::string::npos);
  const json model = json::parse(slurp(out / "model.json"));
  bool good = false;
  for (const auto& s : model["symbols"]) good = good || s["name"] == "good";
  CHECK(good);
}

TEST_CASE("help and version flags", "[e2e][cli]") {
  Run help = run("--help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("analyze") != std::string::npos);
  Run version = run("--version");
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("cleave ", 0) == 0);
  Run bad = run("analyze --no-such-flag");
  CHECK(bad.exit_code == 2);
}

TEST_CASE("transactions match expected/transactions.json, through calls and virtual dispatch",
          "[e2e][sql][transactions]") {
  for (const char* sample : {"logistics", "library"}) {
    SECTION(sample) {
      const json& model = model_of(sample);
      std::map<std::string, std::string> name_of;
      for (const auto& s : model["symbols"]) name_of[s["id"]] = s["name"];
      std::map<std::string, std::set<std::string>> writes_of;
      for (const auto& t : model["transactions"]) {
        auto& w = writes_of[name_of[t["function"]]];
        for (const auto& table : t["writes"]) w.insert(table.get<std::string>());
      }
      const json expected_tx = expected(sample, "transactions.json");
      REQUIRE(expected_tx["transactions"].size() >= 5);
      for (const auto& e : expected_tx["transactions"]) {
        const std::string fn = e["function"];
        INFO(sample << ": transaction in " << fn);
        REQUIRE(writes_of.count(fn) == 1);
        std::set<std::string> want;
        for (const auto& table : e["writes"]) want.insert(table.get<std::string>());
        CHECK(writes_of[fn] == want);
      }
    }
  }
}

TEST_CASE("a project's own database API declared in its config is a sink", "[e2e][sql][config]") {
  const fs::path proj = scratch() / "own-api";
  fs::create_directories(proj);
  // legacy_exec comes from a closed library: no body to find the SQL through.
  std::ofstream(proj / "app.cpp") << "extern \"C\" int legacy_exec(int handle, const char* sql);\n"
                                     "void archive(int h) { legacy_exec(h, \"DELETE FROM old_orders\"); }\n";
  std::ofstream(proj / "compile_commands.json")
      << "[{\"directory\": \"" << proj.string() << "\", \"command\": \"c++ -c app.cpp\", \"file\": \"app.cpp\"}]";
  std::ofstream(proj / "legacy.json")
      << R"({"schema_version": 1, "sinks": [{"api": "legacy", "callee": "legacy_exec", "sql_arg": 1, "kind": "execute"}]})";
  std::ofstream(proj / ".cleave.yaml") << "version: 1\nsql:\n  rules: [legacy.json]\n";

  const fs::path out = scratch() / "own-api-out";
  Run without = run("analyze --no-progress -p " + proj.string() + " -o " + out.string());
  REQUIRE(without.exit_code == 0);
  // Unconfigured, legacy_exec is assumed to be a database API (its argument 1
  // receives SQL and nothing else), and the run says so.
  const json assumed = json::parse(slurp(out / "model.json"));
  CHECK(assumed["accesses"].size() == 1);
  REQUIRE(assumed["sql_notes"].size() == 1);
  CHECK_THAT(assumed["sql_notes"][0].get<std::string>(), Catch::Contains("legacy_exec is taken as a database API"));
  CHECK_THAT(slurp(out / "report.md"), Catch::Contains("legacy_exec is taken as a database API"));

  Run with = run("analyze --no-progress --config " + (proj / ".cleave.yaml").string() + " -p " + proj.string() +
                 " -o " + out.string());
  INFO(with.err);
  REQUIRE(with.exit_code == 0);
  const json accesses = json::parse(slurp(out / "model.json"))["accesses"];
  REQUIRE(accesses.size() == 1);
  CHECK(accesses[0]["table"] == "old_orders");
  CHECK(accesses[0]["mode"] == "write");
  CHECK(json::parse(slurp(out / "model.json"))["sql_notes"].empty());

  // The same API named inline, as the note suggests.
  std::ofstream(proj / "inline.yaml") << "version: 1\nsql:\n  apis: [{function: \"legacy_exec\", sql_arg: 1}]\n";
  Run named = run("analyze --no-progress --config " + (proj / "inline.yaml").string() + " -p " + proj.string() +
                  " -o " + out.string());
  REQUIRE(named.exit_code == 0);
  const json inline_model = json::parse(slurp(out / "model.json"));
  CHECK(inline_model["accesses"].size() == 1);
  CHECK(inline_model["sql_notes"].empty());

  std::ofstream(proj / "bad.yaml") << "version: 1\nsql:\n  rulez: [legacy.json]\n";
  Run bad = run("analyze --no-progress --config " + (proj / "bad.yaml").string() + " -p " + proj.string() + " -o " +
                out.string());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("bad.yaml:3") != std::string::npos);
}

using cleave::test::docs_schema_errors;

TEST_CASE("model.json and proposal.json follow their JSON Schemas in docs/", "[e2e][schema]") {
  for (const char* sample : kSamples) {
    SECTION(sample) {
      const json& model = model_of(sample);
      CHECK(docs_schema_errors("model.schema.json", model).empty());
      for (const auto& e : docs_schema_errors("model.schema.json", model)) WARN(e);
      const json proposal = json::parse(slurp(scratch() / ("out-" + std::string(sample) + "-j2") / "proposal.json"));
      CHECK(proposal["schema_version"] == 1);
      const auto errors = docs_schema_errors("proposal.schema.json", proposal);
      for (const auto& e : errors) WARN(e);
      CHECK(errors.empty());
      // Every placement carries a confidence; one outside [0, 1] is rejected.
      REQUIRE_FALSE(proposal["placements"].empty());
      json unsure = proposal;
      unsure["placements"][0]["confidence"] = 1.5;
      CHECK_FALSE(docs_schema_errors("proposal.schema.json", unsure).empty());
      // The schema has teeth: a wrong mode is rejected.
      json broken = model;
      if (!broken["accesses"].empty()) {
        broken["accesses"][0]["mode"] = "sideways";
        CHECK_FALSE(docs_schema_errors("model.schema.json", broken).empty());
      }
    }
  }
}
