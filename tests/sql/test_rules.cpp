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
  CHECK(has("pqxx::transaction_base::exec_n", 1));
  CHECK(has("SQLite::Statement::Statement", 1));
  CHECK(has("Poco::Data::Session::operator<<", 0));
  CHECK(has("cppdb::session::operator<<", 0));
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

TEST_CASE("statements prepared under a name: name_arg, and no sql_arg for execute_named") {
  Rules r = parse_rules(R"({"sinks": [
    {"callee": "PQprepare", "name_arg": 1, "sql_arg": 2, "kind": "prepare_named"},
    {"callee": "PQexecPrepared", "name_arg": 1, "kind": "execute_named"}]})",
                        "named.json");
  REQUIRE(r.sinks.size() == 2);
  CHECK(r.sinks[0].kind == SinkKind::PrepareNamed);
  CHECK(r.sinks[0].name_arg == 1);
  CHECK(r.sinks[0].sql_arg == 2);
  CHECK(r.sinks[1].kind == SinkKind::ExecuteNamed);
  CHECK(r.sinks[1].name_arg == 1);
  auto message = [](const std::string& text) {
    try {
      parse_rules(text, "named.json");
    } catch (const cleave::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message(R"({"sinks": [{"callee": "f", "sql_arg": 1, "kind": "prepare_named"}]})")
            .find("sinks[0].name_arg: missing") != std::string::npos);
  CHECK(message(R"({"sinks": [{"callee": "f", "name_arg": 0, "sql_arg": 1, "kind": "execute_named"}]})")
            .find("sinks[0].sql_arg: an execute_named sink takes no SQL") != std::string::npos);
  CHECK(message(R"({"sinks": [{"callee": "f", "name_arg": 0, "sql_arg": 1}]})").find("sinks[0].name_arg: only for") !=
        std::string::npos);
  CHECK(message(R"({"sinks": [{"callee": "f", "sql_arg": 1, "kind": "run"}]})").find("sinks[0].kind") !=
        std::string::npos);
}

TEST_CASE("bulk copies name the table in sql_arg") {
  Rules r = parse_rules(R"({"sinks": [
    {"callee": "pqxx::stream_to::stream_to", "sql_arg": 1, "kind": "bulk_write"},
    {"callee": "pqxx::stream_from::stream_from", "sql_arg": 1, "kind": "bulk_read"}]})",
                        "bulk.json");
  REQUIRE(r.sinks.size() == 2);
  CHECK(r.sinks[0].kind == SinkKind::BulkWrite);
  CHECK(r.sinks[0].sql_arg == 1);
  CHECK(r.sinks[1].kind == SinkKind::BulkRead);
  CHECK_THROWS_WITH(parse_rules(R"({"sinks": [{"callee": "f", "sql_arg": 1, "kind": "copy"}]})", "bulk.json"),
                    Catch::Contains("\"bulk_write\" or \"bulk_read\""));
}

TEST_CASE("a transaction call may hold only for one literal argument") {
  Rules r = parse_rules(R"({"transaction_calls": [
    {"callee": "sql::Connection::setAutoCommit", "action": "begin", "arg": 0, "value": "false"},
    {"callee": "sql::Connection::commit", "action": "commit"}]})",
                        "tx.json");
  REQUIRE(r.tx_calls.size() == 2);
  CHECK(r.tx_calls[0].arg == 0);
  CHECK(r.tx_calls[0].value == "false");
  CHECK(r.tx_calls[1].arg == -1);
  try {
    parse_rules(R"({"transaction_calls": [{"callee": "f", "action": "begin", "arg": 0}]})", "tx.json");
    FAIL("a condition without its value was accepted");
  } catch (const cleave::InputError& e) {
    CHECK(std::string(e.what()).find("transaction_calls[0].value: missing") != std::string::npos);
  }
}

TEST_CASE("canonical names drop template arguments and leading ::") {
  CHECK(canonical_name("::pqxx::transaction<pqxx::isolation_level::serializable, x<y>>::exec") ==
        "pqxx::transaction::exec");
  CHECK(canonical_name("sqlite3_exec") == "sqlite3_exec");
}
