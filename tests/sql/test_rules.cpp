#include "core/errors.hpp"
#include "sql/rules.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace cleave::sql;

TEST_CASE("the shipped rules load and cover every promised API") {
  Rules r = load_rules({std::string(CLEAVE_SOURCE_DIR) + "/rules/db_apis.json"});
  auto has = [&](const std::string& callee, int arg) {
    for (const auto& s : r.sinks) {
      if (s.callee == callee && s.sql_arg == arg) return true;
    }
    return false;
  };
  CHECK(has("sqlite3_prepare_v2", 1));
  CHECK(has("PQexec", 1));
  CHECK(has("PQprepare", 2));
  CHECK(has("mysql_real_query", 1));
  CHECK(has("SQLExecDirect", 1));
  CHECK(has("QSqlQuery::prepare", 0));
  CHECK(has("soci::session::operator<<", 0));
  CHECK(has("pqxx::transaction_base::exec", 0));
  CHECK(r.tx_types.size() >= 2);
  CHECK(r.tx_calls.size() >= 3);
}

TEST_CASE("rule errors name the file and the key") {
  auto message = [](const std::string& text) {
    try {
      parse_rules(text, "extra.json");
    } catch (const cleave::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message(R"({"sinks": [{"callee": "f", "sql_arg": "x"}]})").find("extra.json: sinks[0].sql_arg") == 0);
  CHECK(message(R"({"sinks": [{"calee": "f", "sql_arg": 0}]})").find("sinks[0].calee: unknown key") !=
        std::string::npos);
  CHECK(message(R"({"sinks": [{"sql_arg": 0}]})").find("sinks[0].callee: missing") != std::string::npos);
  CHECK(message(R"({"transaction_calls": [{"callee": "f", "action": "start"}]})").find("transaction_calls[0].action") !=
        std::string::npos);
  CHECK(message("{ nope").find("not valid JSON") != std::string::npos);
  CHECK(message(R"({"sinks": [{"callee": "f", "sql_arg": 0, "kind": "prepare"}]})") == "no error");
}

TEST_CASE("canonical names drop template arguments and leading ::") {
  CHECK(canonical_name("::pqxx::transaction<pqxx::isolation_level::serializable, x<y>>::exec") ==
        "pqxx::transaction::exec");
  CHECK(canonical_name("sqlite3_exec") == "sqlite3_exec");
}
