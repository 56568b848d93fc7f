#include "config/config.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>

using namespace cleave;
using namespace cleave::config;

namespace {
// Returns the InputError a parse throws (fails the test when none).
InputError parse_error(const std::string& text) {
  try {
    parse_config(text, "/p/.cleave.yaml");
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no InputError for:\n" << text);
  return InputError("", 0, "");
}
}  // namespace

TEST_CASE("config: full decompose section") {
  auto cfg = parse_config(R"(version: 1
decompose:
  services: 4
  resolution: 1.5
  seed: 7
  contexts:
    scheduling:
      namespaces: [vet::scheduling]
      tables: appointments
    billing:
      classes: [vet::ClinicManager]
      paths: ["src/billing/**"]
  together: [[vet::A, vet::B]]
  apart: [[vet::C, vet::D]]
  shared_kernel:
    paths: ["src/util/**"]
    classes: [vet::Logger]
  god_classes:
    split: [vet::Front]
  weights:
    call: 2
    namespace: 0.25
)",
                          "/p/.cleave.yaml");
  const auto& d = cfg.decompose;
  CHECK(d.services == 4);
  CHECK(d.services_set);
  CHECK(d.resolution == 1.5);
  CHECK(d.seed == 7);
  REQUIRE(d.contexts.size() == 2);
  CHECK(d.contexts[0].name == "billing");  // sorted
  CHECK(d.contexts[0].classes == std::vector<std::string>{"vet::ClinicManager"});
  CHECK(d.contexts[1].tables == std::vector<std::string>{"appointments"});  // a scalar is a one-element list
  CHECK(d.contexts[1].line == 7);
  CHECK(d.together.size() == 1);
  CHECK(d.apart[0] == std::vector<std::string>{"vet::C", "vet::D"});
  CHECK(d.kernel_paths == std::vector<std::string>{"src/util/**"});
  CHECK(d.split_classes == std::vector<std::string>{"vet::Front"});
  CHECK(d.weights.call == 2);
  CHECK(d.weights.namespace_ == 0.25);
  CHECK(d.weights.write == DecomposeWeights{}.write);  // untouched default
}

TEST_CASE("config: empty file means defaults") {
  auto cfg = parse_config("", "/p/.cleave.yaml");
  CHECK(cfg.decompose.services == 0);
  CHECK_FALSE(cfg.decompose.services_set);
  CHECK(cfg.decompose.contexts.empty());
}

TEST_CASE("config: unknown top-level key names file, line and the known keys") {
  auto e = parse_error("version: 1\ndecompos:\n  services: 3\n");
  CHECK(e.file() == "/p/.cleave.yaml");
  CHECK(e.line() == 2);
  CHECK_THAT(e.problem(), Catch::Contains("'decompos'") && Catch::Contains("unknown key"));
  CHECK_THAT(e.remedy(), Catch::Contains("decompose") && Catch::Contains("version"));
}

TEST_CASE("config: nested errors carry the dotted key path and line") {
  auto e = parse_error("decompose:\n  weights:\n    call: lots\n");
  CHECK(e.line() == 3);
  CHECK_THAT(e.problem(), Catch::Contains("decompose.weights.call") && Catch::Contains("number"));

  e = parse_error("decompose:\n  contexts:\n    billing:\n      klasses: [a::B]\n");
  CHECK(e.line() == 4);
  CHECK_THAT(e.problem(), Catch::Contains("decompose.contexts.billing.klasses"));
  CHECK_THAT(e.remedy(), Catch::Contains("classes"));

  e = parse_error("decompose:\n  resolution: -1\n");
  CHECK_THAT(e.problem(), Catch::Contains("out of range"));

  e = parse_error("decompose:\n  together: [[only::One]]\n");
  CHECK_THAT(e.problem(), Catch::Contains("at least two"));

  e = parse_error("version: 2\n");
  CHECK_THAT(e.problem(), Catch::Contains("unsupported version"));
}

TEST_CASE("config: YAML syntax errors give a line") {
  auto e = parse_error("decompose:\n  services: [1, 2\n");
  CHECK(e.line() > 0);
  CHECK_THAT(e.problem(), Catch::Contains("not valid YAML"));
}

TEST_CASE("config: found upward from the start directory") {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("cleave-config-test-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "a" / "b" / "c");
  { std::ofstream(root / "a" / ".cleave.yaml") << "decompose:\n  services: 5\n"; }
  auto found = find_config(root / "a" / "b" / "c");
  REQUIRE(found);
  CHECK(*found == root / "a" / ".cleave.yaml");
  CHECK(resolve_config("", root / "a" / "b").decompose.services == 5);
  // An explicit file wins; a missing explicit file is an error naming it.
  { std::ofstream(root / "other.yaml") << "decompose:\n  services: 2\n"; }
  CHECK(resolve_config((root / "other.yaml").string(), root / "a" / "b").decompose.services == 2);
  CHECK_THROWS_AS(resolve_config((root / "missing.yaml").string(), root), InputError);
  fs::remove_all(root);
}

TEST_CASE("config: sql section adds rule and schema files relative to the config file") {
  auto cfg = parse_config("sql:\n  rules: [db/our_apis.json, /abs/more.json]\n  schema: [../schema.sql]\n",
                          "/p/app/.cleave.yaml");
  CHECK(cfg.sql.rule_files == std::vector<std::string>{"/p/app/db/our_apis.json", "/abs/more.json"});
  CHECK(cfg.sql.schema_files == std::vector<std::string>{"/p/schema.sql"});
  auto e = parse_error("sql:\n  rule: [x.json]\n");
  CHECK(e.line() == 2);
  CHECK_THAT(e.problem(), Catch::Contains("sql.rule"));
}

TEST_CASE("config: sql apis, accesses and query_dirs") {
  auto cfg = parse_config(R"(sql:
  apis:
    - {function: "Database::storeQuery", sql_arg: 0}
    - {function: Db::run, kind: execute_named, name_arg: 1, sql_arg: -1}
    - {function: Db::copy_in, kind: bulk_write, sql_arg: 0}
  accesses:
    - function: Repo::load
      reads: [orders, order_lines]
    - {function: Repo::save, writes: orders}
  query_dirs: [db/queries]
)",
                          "/p/app/.cleave.yaml");
  REQUIRE(cfg.sql.apis.size() == 3);
  CHECK(cfg.sql.apis[0].function == "Database::storeQuery");
  CHECK(cfg.sql.apis[0].sql_arg == 0);
  CHECK(cfg.sql.apis[0].kind == "execute");
  CHECK(cfg.sql.apis[1].kind == "execute_named");
  CHECK(cfg.sql.apis[1].name_arg == 1);
  CHECK(cfg.sql.apis[1].sql_arg == -1);
  CHECK(cfg.sql.apis[2].kind == "bulk_write");
  REQUIRE(cfg.sql.accesses.size() == 2);
  CHECK(cfg.sql.accesses[0].function == "Repo::load");
  CHECK(cfg.sql.accesses[0].reads == std::vector<std::string>{"orders", "order_lines"});
  CHECK(cfg.sql.accesses[0].line == 7);
  CHECK(cfg.sql.accesses[1].writes == std::vector<std::string>{"orders"});
  CHECK(cfg.sql.query_dirs == std::vector<std::string>{"/p/app/db/queries"});
}

TEST_CASE("config: a bad sql api or access names its line and what to write") {
  auto e = parse_error("sql:\n  apis:\n    - {function: Db::q, kind: run}\n");
  CHECK(e.line() == 3);
  CHECK_THAT(e.problem(), Catch::Contains("unknown kind 'run'"));
  e = parse_error("sql:\n  apis:\n    - {sql_arg: 0}\n");
  CHECK(e.line() == 3);
  CHECK_THAT(e.problem(), Catch::Contains("'function'"));
  e = parse_error("sql:\n  apis:\n    - {function: Db::q, kind: prepare_named}\n");
  CHECK_THAT(e.problem(), Catch::Contains("needs 'name_arg'"));
  e = parse_error("sql:\n  apis:\n    - {function: Db::q, name_arg: 1}\n");
  CHECK_THAT(e.problem(), Catch::Contains("'name_arg' needs a kind"));
  e = parse_error("sql:\n  apis: {function: Db::q}\n");
  CHECK(e.line() == 2);
  CHECK_THAT(e.problem(), Catch::Contains("expected a list"));
  e = parse_error("sql:\n  accesses:\n    - {function: Repo::load}\n");
  CHECK(e.line() == 3);
  CHECK_THAT(e.problem(), Catch::Contains("'reads' or 'writes'"));
  e = parse_error("sql:\n  accesses:\n    - {function: Repo::load, read: [orders]}\n");
  CHECK_THAT(e.problem(), Catch::Contains("read"));
}
