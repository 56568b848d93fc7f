// SQL handed to functions whose body cleave did not read (issue 15, item 8),
// tables declared by hand in .cleave.yaml, and the config line every
// unresolved site suggests.
#include "tests/sql/source_support.hpp"

#include "config/config.hpp"

#include <catch2/catch.hpp>

using namespace cleave;
using cleave::test::analyze_source;
using cleave::test::analyze_sources;
using V = std::vector<std::string>;

namespace {

// The database layer of a TFS-like server, declared in a header whose
// implementation is not among the analysed TUs.
const char* kDatabaseHeader = R"cpp(
#include <string>
  class DBResult;
  class Database {
   public:
    static Database& getInstance();
    DBResult* storeQuery(const std::string& query);
    bool executeQuery(const std::string& query);
    std::string escapeString(const std::string& s) const;
  };
  void logInfo(const std::string& message);
)cpp";

bool has_note(const DataAccessFacts& data, const std::string& part) {
  for (const auto& n : data.notes) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("SQL handed to a function whose body was not analysed makes it a database API", "[sql][unread]") {
  auto run = analyze_sources({{"database.h", kDatabaseHeader}, {"players.cpp", R"cpp(
#include "database.h"
                                                                  void loadPlayer(int id) {
                                                                    Database::getInstance().storeQuery(
                                                                        "SELECT name, "
                                                                        "level FROM "
                                                                        "players WHERE "
                                                                        "id = " +
                                                                        std::to_string(id));
                                                                  }
                                                                  void clearBans() { Database::getInstance().executeQuery("DELETE FROM bans WHERE expires < 100"); }
                                                                  void touch(const std::string& name) {
                                                                    Database& db = Database::getInstance();
                                                                    db.executeQuery(
                                                                        "UPDATE accounts SET lastday = 1 "
                                                                        "WHERE name = " +
                                                                        db.escapeString(name));
                                                                  }
                                                                )cpp"}});
  CHECK(run.accesses() == V{"clearBans bans write", "loadPlayer players read", "touch accounts write"});
  CHECK(run.data.unresolved.empty());
  CHECK(run.data.resolved_sites == 3);
  CHECK(has_note(run.data, "Database::storeQuery is taken as a database API"));
  CHECK(has_note(run.data, "sql: apis: [{function: \"Database::executeQuery\", sql_arg: 0}]"));
}

TEST_CASE("a function that also receives text that is not SQL is reported, not assumed", "[sql][unread]") {
  auto run = analyze_sources({{"database.h", kDatabaseHeader}, {"admin.cpp", R"cpp(
#include "database.h"
                                                                  void purge() {
                                                                    logInfo("DELETE FROM sessions WHERE idle > 3600");
                                                                  }
                                                                  void hello() {
                                                                    logInfo(
                                                                        "server started, 4 worlds "
                                                                        "online");
                                                                  }
                                                                )cpp"}});
  CHECK(run.accesses().empty());
  REQUIRE(run.data.unresolved.size() == 1);
  const UnresolvedSql& u = run.data.unresolved.front();
  CHECK(run.name_of(u.symbol) == "purge");
  CHECK_THAT(u.reason, Catch::Contains("handed to logInfo, whose body was not analysed"));
  CHECK(u.suggestion == "apis: [{function: \"logInfo\", sql_arg: 0}]");
  CHECK(run.data.sql_sites == 1);
  CHECK(run.data.unresolved_sites == 1);
}

// The literal is one call further up: a project function hands its own
// parameter on, and its callers supply the SQL.
TEST_CASE("SQL a project function forwards to a function whose body was not analysed", "[sql][unread]") {
  const char* const bans = R"cpp(
#include "database.h"
    bool run(const std::string& q) { return Database::getInstance().executeQuery(q); }
    void clearBans() { run("DELETE FROM bans WHERE expires < 100"); }
    void renameTown(int id) { run("UPDATE towns SET name = 'x' WHERE id = " + std::to_string(id)); }
  )cpp";
  auto run = analyze_sources({{"database.h", kDatabaseHeader}, {"bans.cpp", bans}});
  CHECK(run.accesses() == V{"clearBans bans write", "renameTown towns write"});
  CHECK(run.data.unresolved.empty());
  CHECK(run.data.resolved_sites == 2);
  CHECK(has_note(run.data, "Database::executeQuery is taken as a database API"));
}

TEST_CASE("a forwarding function whose callers also pass text that is not SQL is reported, not assumed",
          "[sql][unread]") {
  const char* const admin = R"cpp(
#include "database.h"
    void note(const std::string& what) { logInfo(what); }
    void purge() { note("DELETE FROM sessions WHERE idle > 3600"); }
    void hello() { note("server started, 4 worlds online"); }
  )cpp";
  auto run = analyze_sources({{"database.h", kDatabaseHeader}, {"admin.cpp", admin}});
  CHECK(run.accesses().empty());
  CHECK(run.data.notes.empty());
  REQUIRE(run.data.unresolved.size() == 1);
  const UnresolvedSql& u = run.data.unresolved.front();
  CHECK(run.name_of(u.symbol) == "purge");
  CHECK_THAT(u.reason, Catch::Contains("handed to logInfo, whose body was not analysed (passed on by note)"));
  CHECK(u.suggestion == "apis: [{function: \"logInfo\", sql_arg: 0}]");
  CHECK(run.data.sql_sites == 1);
  CHECK(run.data.unresolved_sites == 1);
}

TEST_CASE("a wrapper that logs the SQL it runs does not make the logger a database API", "[sql][unread]") {
  const char* const main = R"cpp(
#include "database.h"
#include <sqlite3.h>
    sqlite3* db;
    void exec(const std::string& sql) {
      logInfo(sql);
      sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    }
    void purge() { exec("DELETE FROM sessions WHERE idle > 3600"); }
  )cpp";
  auto run = analyze_sources({{"database.h", kDatabaseHeader}, {"main.cpp", main}});
  CHECK(run.accesses() == V{"purge sessions write"});
  CHECK(run.data.unresolved.empty());
  CHECK(run.data.notes.empty());
}

// MaNGOS's Database::Query(sql) calls the pure virtual SqlConnection::Query,
// which the MySQL connection overrides: the body that runs was read, so the
// interface is no unread database API, and a caller passing other text is no
// unresolved site.
TEST_CASE("a pure virtual whose override was analysed is not an unread function", "[sql][unread]") {
  const char* const source = R"cpp(
#include <sqlite3.h>
#include <string>
    class Connection {
     public:
      virtual ~Connection() = default;
      virtual bool query(const std::string& sql) = 0;
    };
    class SqliteConnection : public Connection {
     public:
      bool query(const std::string& sql) override { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == 0; }

     private:
      sqlite3* db_ = nullptr;
    };
    class Database {
     public:
      bool run(const std::string& sql) { return conn_->query(sql); }

     private:
      Connection* conn_ = nullptr;
    };
    Database db;
    void clearBans() { db.run("DELETE FROM bans WHERE expires < 100"); }
    void hello() { db.run("hello"); }
  )cpp";
  auto run = analyze_sources({{"main.cpp", source}});
  CHECK(run.accesses() == V{"clearBans bans write"});
  CHECK(run.data.notes.empty());
  CHECK(run.unresolved() == V{"hello: not recognised as SQL (libpg_query: syntax error at or near \"hello\")"});
}

TEST_CASE("strings built, printed or compared are never taken for database calls", "[sql][unread]") {
  auto run = analyze_source(R"cpp(
#include <cstdio>
#include <cstring>
#include <string>
    int probe(const char* q) {
      std::string s("SELECT * FROM users");
      s.append(" WHERE id = 1");
      std::printf("SELECT * FROM users\n");
      return std::strcmp(q, "SELECT * FROM users") + static_cast<int>(s.find("FROM users"));
    }
  )cpp");
  CHECK(run.data.sql_sites == 0);
  CHECK(run.data.unresolved.empty());
  CHECK(run.data.notes.empty());
}

TEST_CASE("tables declared in .cleave.yaml resolve a site whose SQL is built at run time", "[sql][declared]") {
  const char* source = R"cpp(
#include <sqlite3.h>
#include <string>
    std::string tableFor(int kind);
    namespace shop {
    struct Repo {
      sqlite3* db;
      void load(int kind) { sqlite3_exec(db, ("SELECT * FROM " + tableFor(kind)).c_str(), nullptr, nullptr, nullptr); }
    };
    }  // namespace shop
  )cpp";
  auto before = analyze_source(source);
  REQUIRE(before.data.unresolved.size() == 1);
  CHECK(before.data.unresolved_sites == 1);
  CHECK(before.data.unresolved.front().suggestion ==
        "accesses: [{function: \"shop::Repo::load\", reads: [TABLE], writes: [TABLE]}]");

  sql::SqlOptions options;
  options.declared_accesses.push_back({"shop::Repo::load", {"orders", "Order_Lines"}, {}, {"/p/.cleave.yaml", 4, 0}});
  options.declared_accesses.push_back({"shop::Repo::gone", {"orders"}, {}, {"/p/.cleave.yaml", 7, 0}});
  auto after = analyze_sources({{"main.cpp", source}}, {}, {}, options);
  CHECK(after.accesses() == V{"shop::Repo::load order_lines read", "shop::Repo::load orders read"});
  CHECK(after.data.unresolved.empty());
  CHECK(after.data.resolved_sites == 1);
  CHECK(after.data.unresolved_sites == 0);
  CHECK(has_note(after.data, "/p/.cleave.yaml:7: sql.accesses names shop::Repo::gone, which is no function"));
}

TEST_CASE("every unresolved site suggests a .cleave.yaml line that the config reader accepts", "[sql][declared]") {
  auto run = analyze_sources({{"database.h", kDatabaseHeader}, {"main.cpp", R"cpp(
#include "database.h"
#include <sqlite3.h>
                                                                  std::string tableFor(int kind);
                                                                  sqlite3* db;
                                                                  void dynamic(int k) { sqlite3_exec(db, ("DELETE FROM " + tableFor(k)).c_str(), nullptr, nullptr, nullptr); }
                                                                  void opaque(const char* sql) { sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
                                                                  void mixed() {
                                                                    logInfo("UPDATE accounts SET x = 1");
                                                                    logInfo("just words here");
                                                                  }
                                                                  template <class T>
                                                                  void operator_like(T) {
                                                                    sqlite3_exec(db, tableFor(1).c_str(), nullptr, nullptr, nullptr);
                                                                  }
                                                                  void use() { operator_like(1); }
                                                                )cpp"}});
  REQUIRE(run.data.unresolved.size() >= 4);
  for (const UnresolvedSql& u : run.data.unresolved) {
    INFO(u.reason << " -> " << u.suggestion);
    REQUIRE(!u.suggestion.empty());
    std::string line = u.suggestion;
    for (std::size_t at = line.find("TABLE"); at != std::string::npos; at = line.find("TABLE")) {
      line.replace(at, 5, "orders");
    }
    const config::ProjectConfig cfg = config::parse_config("sql:\n  " + line + "\n", "/p/.cleave.yaml");
    CHECK(cfg.sql.apis.size() + cfg.sql.accesses.size() == 1);
  }
}
