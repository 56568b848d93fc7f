// Shapes of data-access code found in real monoliths (issue 15), each parsed
// from source through the front end and the SQL stage together.
#include "tests/sql/source_support.hpp"

#include <catch2/catch.hpp>

using namespace cleave;
using cleave::test::analyze_source;
using V = std::vector<std::string>;

TEST_CASE("a wrapper of sqlite3 is found across functions, with no configuration", "[sql][shapes]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
    static sqlite3* db;
    static void run(const char* sql) { sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
    void close_orders() { run("UPDATE orders SET closed = 1"); }
  )cpp");
  CHECK(run.accesses() == V{"close_orders orders write"});
  CHECK(run.data.resolved_sites == 1);
}

// Item 1: SQL that travels through an object.
TEST_CASE("a statement class keeps the SQL its constructor took and prepares it later", "[sql][shapes][fields]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <string>
#include <utility>
    class Statement {
     public:
      Statement(sqlite3* db, std::string sql) : db_(db), sql_(std::move(sql)) {}
      int step() {
        sqlite3_stmt* s = nullptr;
        return sqlite3_prepare_v2(db_, sql_.c_str(), -1, &s, nullptr);
      }

     private:
      sqlite3* db_;
      std::string sql_;
    };
    sqlite3* db;
    void list_orders() {
      Statement st(db, "SELECT id FROM orders");
      st.step();
    }
    void add_item(int n) {
      Statement st(db, "INSERT INTO items(id) VALUES (?)");
      st.step();
    }
  )cpp");
  CHECK(run.accesses() == V{"add_item items write", "list_orders orders read"});
  CHECK(run.data.resolved_sites == 2);
  CHECK(run.data.sql_sites == 2);
  CHECK(run.unresolved().empty());
}

// The Forgotten Server's task queue: the SQL reaches the constructor of a
// task through std::list::emplace_back (and elsewhere std::make_shared or
// std::make_unique), which construct it inside the standard library.
TEST_CASE("SQL handed to a constructor through emplace_back, make_shared and make_unique", "[sql][shapes][fields]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <list>
#include <memory>
#include <string>
#include <utility>
#include <vector>
    sqlite3* db;
    struct Task {
      Task(std::string&& query, bool store) : query(std::move(query)), store(store) {}
      std::string query;
      bool store;
    };
    class Tasks {
     public:
      void addTask(std::string query, bool store = false) { tasks.emplace_back(std::move(query), store); }
      void run() {
        for (const Task& t : tasks) sqlite3_exec(db, t.query.c_str(), nullptr, nullptr, nullptr);
      }

     private:
      std::list<Task> tasks;
    };
    Tasks queue;
    void save_guild() { queue.addTask("UPDATE guilds SET motd = 'x'"); }
    void run_shared(std::string q) {
      auto t = std::make_shared<Task>(std::move(q), true);
      sqlite3_exec(db, t->query.c_str(), nullptr, nullptr, nullptr);
    }
    void run_unique(std::string q) {
      auto t = std::make_unique<Task>(std::move(q), true);
      sqlite3_exec(db, t->query.c_str(), nullptr, nullptr, nullptr);
    }
    void drop_bans() { run_shared("DELETE FROM bans"); }
    void read_towns() { run_unique("SELECT name FROM towns"); }
  )cpp");
  CHECK(run.accesses() == V{"drop_bans bans write", "read_towns towns read", "save_guild guilds write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a query object whose setter stores the SQL in a pointer member", "[sql][shapes][fields]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
    class Query {
     public:
      explicit Query(sqlite3* db) : db_(db) {}
      void setSql(const char* s) { sql_ = s; }
      bool exec() { return sqlite3_exec(db_, sql_, nullptr, nullptr, nullptr) == 0; }

     private:
      sqlite3* db_;
      const char* sql_ = nullptr;
    };
    void purge(sqlite3* db) {
      Query q(db);
      q.setSql("DELETE FROM carts WHERE stale = 1");
      q.exec();
    }
  )cpp");
  CHECK(run.accesses() == V{"purge carts write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a class that sets its own statements runs them where it executes them", "[sql][shapes][fields]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <string>
    class OrderDao {
     public:
      explicit OrderDao(sqlite3* db) : db_(db), find_("SELECT * FROM orders WHERE id = ?") {
        purge_ = "DELETE FROM orders WHERE closed = 1";
      }
      void find() {
        sqlite3_stmt* s;
        sqlite3_prepare_v2(db_, find_.c_str(), -1, &s, nullptr);
      }
      void purge() { sqlite3_exec(db_, purge_.c_str(), nullptr, nullptr, nullptr); }

     private:
      sqlite3* db_;
      std::string find_;
      std::string purge_;
    };
  )cpp");
  CHECK(run.accesses() == V{"OrderDao::find orders read", "OrderDao::purge orders write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a member that reaches a database API but is never given a string is reported", "[sql][shapes][fields]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <string>
    class Runner {
     public:
      void run(sqlite3* db) { sqlite3_exec(db, sql_.c_str(), nullptr, nullptr, nullptr); }
      std::string sql_;
    };
  )cpp");
  CHECK(run.accesses().empty());
  REQUIRE(run.unresolved().size() == 1);
  CHECK(run.unresolved()[0].find("Runner::sql_") != std::string::npos);
}

// Item 4: printf-style SQL.
TEST_CASE("a project's own printf into a buffer, then the buffer executed", "[sql][shapes][printf]") {
  // Mmsg is only declared here, as when its definition lives in another
  // library: a variadic function whose last named parameter is the format
  // writes the format into its first argument.
  auto run = analyze_source(R"cpp(
#include <libpq-fe.h>
                              typedef char POOLMEM;
                              int Mmsg(POOLMEM*& msgbuf, const char* fmt, ...);
                              struct Db {
                                PGconn* conn;
                                POOLMEM* cmd;
                              };
                              bool QueryDb(Db* mdb, const char* cmd) { return PQexec(mdb->conn, cmd) != nullptr; }
                              int find_pool(Db* mdb, const char* name) {
                                Mmsg(mdb->cmd, "SELECT PoolId FROM Pool WHERE Name='%s'", name);
                                return QueryDb(mdb, mdb->cmd);
                              }
                              void count_jobs(Db* mdb) {
                                POOLMEM* cmd = nullptr;
                                Mmsg(cmd, "SELECT count(*) FROM Job");
                                QueryDb(mdb, cmd);
                              }
                            )cpp",
                            {}, {"-I/usr/include/postgresql"});
  CHECK(run.accesses() == V{"count_jobs job read", "find_pool pool read"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a variadic wrapper that formats with vsnprintf and executes the buffer", "[sql][shapes][printf]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <cstdarg>
#include <cstdio>
    class Database {
     public:
      bool Execute(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == 0; }
      bool PExecute(const char* format, ...) {
        char buf[1024];
        va_list ap;
        va_start(ap, format);
        vsnprintf(buf, sizeof(buf), format, ap);
        va_end(ap);
        return Execute(buf);
      }
      sqlite3* db_ = nullptr;
    };
    Database CharacterDatabase;
    void save_money(unsigned guid, unsigned money) {
      CharacterDatabase.PExecute("UPDATE characters SET money = '%u' WHERE guid = '%u'", money, guid);
    }
  )cpp");
  CHECK(run.accesses() == V{"save_money characters write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a project formatter that returns the string, and snprintf into a member", "[sql][shapes][printf]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <cstdio>
#include <string>
    std::string StringFormat(const char* fmt, ...);
    sqlite3* db;
    void delete_mail(unsigned id) {
      sqlite3_exec(db, StringFormat("DELETE FROM mail WHERE id = %u", id).c_str(), nullptr, nullptr, nullptr);
    }
    class Report {
     public:
      void build(int year) {
        snprintf(query_, sizeof query_, "SELECT total FROM sales WHERE year = %d", year);
        sqlite3_exec(db, query_, nullptr, nullptr, nullptr);
      }

     private:
      char query_[256];
    };
  )cpp");
  CHECK(run.accesses() == V{"Report::build sales read", "delete_mail mail write"});
  CHECK(run.unresolved().empty());
}

// Items 9 and 10: table names behind a prefix, and partly dynamic names.
TEST_CASE("a {prefix} placeholder matches the schema's prefixed tables; a fragment never becomes a table",
          "[sql][shapes][prefix]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <string>
                              sqlite3* db;
                              std::string list_kind(int which);
                              void exec(const std::string& sql) { sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }
                              void ban() { exec("INSERT INTO {prefix}_bans (user_name) VALUES ('x')"); }
                              void find_user() { exec("SELECT id FROM {prefix}_users WHERE name = 'x'"); }
                              void add_to_list(int which) {
                                std::string list = list_kind(which);
                                exec("INSERT INTO {prefix}_" + list + "list (id_user1) VALUES (1)");
                              }
                              void odd(int which) {
                                std::string k = list_kind(which);
                                exec("SELECT * FROM {prefix}_" + k + "stuff");
                              }
                            )cpp",
                            R"sql(
CREATE TABLE cockatrice_bans (user_name varchar(255));
CREATE TABLE cockatrice_users (id int, name varchar(255));
CREATE TABLE cockatrice_buddylist (id_user1 int);
CREATE TABLE cockatrice_ignorelist (id_user1 int);
)sql");
  CHECK(run.accesses() == V{"add_to_list cockatrice_buddylist write", "add_to_list cockatrice_ignorelist write",
                            "ban cockatrice_bans write", "find_user cockatrice_users read"});
  for (const auto& a : run.data.accesses) CHECK(a.one_of == (run.name_of(a.symbol) == "add_to_list" ? 2u : 0u));
  for (const auto& t : run.data.tables) CHECK(t.in_schema);  // neither "list" nor "stuff" invented
  REQUIRE(run.unresolved().size() == 1);
  CHECK(run.unresolved()[0] ==
        "odd: table name is partly dynamic ({?}_{?}stuff) and no table of the schema matches it");
  CHECK(run.data.table_prefix == "cockatrice");
  CHECK(run.data.prefixed_tables == 4);
  CHECK(run.data.unaccessed_tables.empty());
}

TEST_CASE("plain names the schema has behind a common prefix are matched, and the prefix is said",
          "[sql][shapes][prefix]") {
  auto run =
      analyze_source(R"cpp(
#include <sqlite3.h>
                       sqlite3* db;
                       void a() { sqlite3_exec(db, "SELECT * FROM users WHERE id = 1", nullptr, nullptr, nullptr); }
                       void b() { sqlite3_exec(db, "DELETE FROM bans WHERE id = 1", nullptr, nullptr, nullptr); }
                       void c() { sqlite3_exec(db, "UPDATE settings SET v = 1", nullptr, nullptr, nullptr); }
                     )cpp",
                     "CREATE TABLE app_users (id int); CREATE TABLE app_bans (id int); CREATE TABLE settings (v int);");
  CHECK(run.accesses() == V{"a app_users read", "b app_bans write", "c settings write"});
  CHECK(run.data.table_prefix == "app_");
  CHECK(run.data.prefixed_tables == 2);
  CHECK(run.data.undeclared_tables.empty());
}

TEST_CASE("SQL written as a user-defined string literal (\"...\"s, a project's \"...\"_sql)", "[sql][shapes][udl]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <cstddef>
#include <string>
    using namespace std::string_literals;
    // A project's literal operator (cgimap's _M unindents raw strings).
    constexpr const char* operator""_sql(const char* text, std::size_t) { return text; }
    sqlite3* db;
    void purge() {
      std::string q = "DELETE FROM carts WHERE stale = 1"s;
      sqlite3_exec(db, q.c_str(), nullptr, nullptr, nullptr);
    }
    void list() {
      sqlite3_exec(db, R"(
        SELECT id FROM orders
      )"_sql,
                   nullptr, nullptr, nullptr);
    }
  )cpp");
  CHECK(run.accesses() == V{"list orders read", "purge carts write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("SQL written as a C++20 string literal operator template", "[sql][shapes][udl]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <cstddef>
#include <string>
                              template <std::size_t N>
                              struct Text {
                                constexpr Text(const char (&s)[N]) {
                                  for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
                                }
                                char chars[N] = {};
                              };
                              template <Text t>
                              consteval const char* operator""_q() {
                                return t.chars;
                              }
                              sqlite3* db;
                              void run(const std::string& sql) { sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }
                              void close_all() { run("UPDATE orders SET closed = 1"_q); }
                              // The same text again: clang gives these literals' extent as the suffix alone.
                              void close_again() {
                                run("UPDATE orders SET closed = 1"_q);
                                run("DELETE FROM carts"_q);
                                run("DELETE FROM carts"_q);
                              }
                            )cpp",
                            {}, {"-std=c++20"});
  CHECK(run.accesses() == V{"close_again carts write", "close_again orders write", "close_all orders write"});
  CHECK(run.unresolved().empty());
}
