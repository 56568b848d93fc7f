// SQL whose text lives elsewhere than the call (issue 15, item 5): arrays of
// statements indexed by an enum, statements pulled in by #include, .sql files
// the code reads at run time; and a generic repository whose table comes
// from a template argument (item 7). Parsed from source through the front
// end and the SQL stage together.
#include "tests/sql/source_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace cleave;
using cleave::test::analyze_source;
using cleave::test::analyze_sources;
using V = std::vector<std::string>;

// Item 5a: arrays of statements indexed by an enum.
TEST_CASE("a C array of statements indexed by an enumerator", "[sql][elsewhere][arrays]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
    enum Query { Q_FIND_USER, Q_DELETE_ORDER, QUERY_COUNT };
    static const char* const kQueries[] = {"SELECT * FROM users WHERE id = ?", "DELETE FROM orders WHERE id = ?"};
    static const char* q[QUERY_COUNT] = {"SELECT name FROM items", "UPDATE carts SET n = 0"};
    sqlite3* db;
    static void run(const char* sql) { sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
    void find_user() { run(kQueries[Q_FIND_USER]); }
    void delete_order() { run(kQueries[Q_DELETE_ORDER]); }
    void reset_cart() { run(q[1]); }
  )cpp");
  CHECK(run.accesses() == V{"delete_order orders write", "find_user users read", "reset_cart carts write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a constexpr std::array of statements indexed by an enum class", "[sql][elsewhere][arrays]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <array>
#include <cstddef>
    enum class Stmt : std::size_t { FindUser, DeleteOrder, Count };
    constexpr std::array<const char*, 2> kStatements{"SELECT * FROM users WHERE id = ?", "DELETE FROM orders"};
    sqlite3* db;
    void find_user() { sqlite3_exec(db, kStatements[static_cast<std::size_t>(Stmt::FindUser)], nullptr, nullptr, nullptr); }
    void delete_order() { sqlite3_exec(db, kStatements.at(1), nullptr, nullptr, nullptr); }
  )cpp");
  CHECK(run.accesses() == V{"delete_order orders write", "find_user users read"});
  CHECK(run.unresolved().empty());
}

// Item 5b: statements pulled into an initializer by #include.
TEST_CASE("an array whose statements come from an included .inc file", "[sql][elsewhere][include]") {
  auto run = analyze_sources({{"main.cpp", R"cpp(
#include <sqlite3.h>
                                 enum { FIND_USER, DELETE_ORDER };
                                 static const char* kSql[] = {
#include "queries.inc"
                                 };
                                 sqlite3* db;
                                 void find_user() { sqlite3_exec(db, kSql[FIND_USER], nullptr, nullptr, nullptr); }
                                 void delete_order() { sqlite3_exec(db, kSql[DELETE_ORDER], nullptr, nullptr, nullptr); }
                               )cpp"},
                              {"queries.inc",
                               "\"SELECT * FROM users WHERE id = ?\",\n"
                               "\"DELETE FROM orders \"\n  \"WHERE id = ?\",\n"}});
  CHECK(run.accesses() == V{"delete_order orders write", "find_user users read"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a generated .inc of QUERY(name, SQL) entries expanded into an enum and an array",
          "[sql][elsewhere][include]") {
  auto run = analyze_sources({{"main.cpp", R"cpp(
#include <sqlite3.h>
                                 enum QueryId {
#define QUERY(name, sql) name,
#include "queries.inc"
#undef QUERY
                                 };
                                 static const char* const kSql[] = {
#define QUERY(name, sql) sql,
#include "queries.inc"
#undef QUERY
                                 };
                                 sqlite3* db;
                                 void find_user() { sqlite3_exec(db, kSql[FIND_USER], nullptr, nullptr, nullptr); }
                                 void delete_order() { sqlite3_exec(db, kSql[DELETE_ORDER], nullptr, nullptr, nullptr); }
                               )cpp"},
                              {"queries.inc",
                               "QUERY(FIND_USER, \"SELECT * FROM users WHERE id = ?\")\n"
                               "QUERY(DELETE_ORDER, \"DELETE FROM orders WHERE id = ?\")\n"}});
  CHECK(run.accesses() == V{"delete_order orders write", "find_user users read"});
  CHECK(run.unresolved().empty());
}

// Item 5c: .sql files read at run time by a name written in the code.
namespace {

const char* const kReaders = R"cpp(
#include <sqlite3.h>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
  sqlite3* db;
  std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::string loadQuery(const std::string& name) { return readFile("queries/" + name + ".sql"); }
  void exec(const std::string& sql) { sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }
)cpp";

sql::SqlOptions in_project(std::map<std::string, std::string> files) {
  sql::SqlOptions options;
  options.project_root = "/virtual";
  for (auto& [name, text] : files) options.query_texts.push_back({name, text});
  return options;
}

}  // namespace

TEST_CASE("a .sql file read by the path the code names, relative to the project root", "[sql][elsewhere][files]") {
  auto run =
      analyze_sources({{"main.cpp", std::string(kReaders) + R"cpp(
                          void find_user() {
                            exec(readFile("sql/find_user.sql"));
                          }
                        )cpp"}},
                      {}, {}, in_project({{"sql/find_user.sql", "-- by id\nSELECT * FROM users WHERE id = ?;\n"}}));
  CHECK(run.accesses() == V{"find_user users read"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a query loaded by its name alone is the one .sql file of the project with that name",
          "[sql][elsewhere][files]") {
  auto run = analyze_sources(
      {{"main.cpp", std::string(kReaders) + R"cpp(
          void archive() { exec(loadQuery("archive_orders")); }
          void greet() { exec(loadQuery("hello")); }
        )cpp"}},
      {}, {},
      in_project({{"queries/archive_orders.sql", "INSERT INTO archive SELECT * FROM orders;\nDELETE FROM orders;\n"}}));
  // The file holds two statements; a name that names no file is no file read.
  CHECK(run.accesses() == V{"archive archive write", "archive orders read", "archive orders write"});
  CHECK(run.unresolved() == V{"greet: SQL is not a compile-time constant"});
}

TEST_CASE("a file stream opened on a .sql file and read whole into the statement", "[sql][elsewhere][files]") {
  auto run = analyze_sources(
      {{"main.cpp", std::string(kReaders) + R"cpp(
          void report() {
            std::ifstream f("db/report.sql");
            std::stringstream ss;
            ss << f.rdbuf();
            exec(ss.str());
          }
          void totals() {
            std::ifstream f("db/totals.sql");
            std::string sql((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
            exec(sql);
          }
        )cpp"}},
      {}, {}, in_project({{"db/report.sql", "SELECT * FROM sales"}, {"db/totals.sql", "UPDATE totals SET n = n + 1"}}));
  CHECK(run.accesses() == V{"report sales read", "totals totals write"});
  CHECK(run.unresolved().empty());
}

// Each line goes into the statement in turn: the statement is the file's
// whole text, as when it is read at once.
TEST_CASE("a .sql file read line by line into a string or a stream", "[sql][elsewhere][files]") {
  const char* const code = R"cpp(
    void report() {
      std::ifstream f("db/report.sql");
      std::string line, sql;
      while (std::getline(f, line)) sql += line + "\n";
      exec(sql);
    }
    void totals() {
      std::ifstream f("db/totals.sql");
      std::string line;
      std::string sql;
      while (std::getline(f, line)) sql.append(line);
      exec(sql);
    }
    void purge() {
      std::ifstream in;
      in.open("db/purge.sql");
      std::ostringstream os;
      for (std::string line; std::getline(in, line);) os << line << '\n';
      exec(os.str());
    }
  )cpp";
  auto run = analyze_sources({{"main.cpp", std::string(kReaders) + code}}, {}, {},
                             in_project({{"db/report.sql", "SELECT *\nFROM sales"},
                                         {"db/totals.sql", "UPDATE totals SET n = n + 1"},
                                         {"db/purge.sql", "DELETE FROM sessions\nWHERE idle > 3600;"}}));
  CHECK(run.accesses() == V{"purge sessions write", "report sales read", "totals totals write"});
  CHECK(run.unresolved().empty());
}

// As with a member the class sets to a literal, the statement runs where the
// class executes the member.
TEST_CASE("a class that reads a .sql file into a member and executes the member later", "[sql][elsewhere][files]") {
  const char* const code = R"cpp(
    class Report {
     public:
      Report() : totals_(readFile("queries/totals.sql")) { sql_ = readFile("queries/report.sql"); }
      void load() {
        std::ifstream f("queries/purge.sql");
        std::stringstream ss;
        ss << f.rdbuf();
        purge_ = ss.str();
      }
      void run() { exec(sql_); }
      void sum() { exec(totals_); }
      void purge() { exec(purge_); }

     private:
      std::string sql_;
      std::string totals_;
      std::string purge_;
    };
  )cpp";
  auto run = analyze_sources({{"main.cpp", std::string(kReaders) + code}}, {}, {},
                             in_project({{"queries/report.sql", "SELECT * FROM sales"},
                                         {"queries/totals.sql", "UPDATE totals SET n = n + 1"},
                                         {"queries/purge.sql", "DELETE FROM sessions"}}));
  CHECK(run.accesses() == V{"Report::purge sessions write", "Report::run sales read", "Report::sum totals write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a class that fills a member from a .sql file line by line", "[sql][elsewhere][files]") {
  const char* const code = R"cpp(
    class Report {
     public:
      void load() {
        std::ifstream f("queries/report.sql");
        std::string line;
        while (std::getline(f, line)) sql_ += line + "\n";
      }
      void loadTotals() {
        std::ifstream f("queries/totals.sql");
        totals_ = "";
        for (std::string line; std::getline(f, line);) totals_.append(line);
      }
      void loadPurge() {
        std::ifstream f("queries/purge.sql");
        std::getline(f, purge_, '\0');
      }
      void run() { exec(sql_); }
      void sum() { exec(totals_); }
      void purge() { exec(purge_); }

     private:
      std::string sql_;
      std::string totals_;
      std::string purge_;
    };
  )cpp";
  auto run = analyze_sources({{"main.cpp", std::string(kReaders) + code}}, {}, {},
                             in_project({{"queries/report.sql", "SELECT *\nFROM sales"},
                                         {"queries/totals.sql", "UPDATE totals SET n = n + 1"},
                                         {"queries/purge.sql", "DELETE FROM sessions"}}));
  CHECK(run.accesses() == V{"Report::purge sessions write", "Report::run sales read", "Report::sum totals write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a .sql file named by a constant, read whole or opened on a stream", "[sql][elsewhere][files]") {
  const std::string source = std::string(kReaders) + R"cpp(
    constexpr char kReport[] = "db/report.sql";
    static const char* const kPurge = "db/purge.sql";
    namespace paths {
    const std::string kTotals = "db/totals.sql";
    }
    void report() { exec(readFile(kReport)); }
    void purge() {
      std::ifstream f(kPurge);
      std::stringstream ss;
      ss << f.rdbuf();
      exec(ss.str());
    }
    void totals() {
      std::ifstream f;
      f.open(paths::kTotals);
      exec(std::string(std::istreambuf_iterator<char>(f), {}));
    }
  )cpp";
  auto run = analyze_sources({{"main.cpp", source}}, {}, {},
                             in_project({{"db/report.sql", "SELECT * FROM sales"},
                                         {"db/purge.sql", "DELETE FROM sessions"},
                                         {"db/totals.sql", "UPDATE totals SET n = n + 1"}}));
  CHECK(run.accesses() == V{"purge sessions write", "report sales read", "totals totals write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a .sql file that is not in the project is unresolved, naming it, with the query_dirs line",
          "[sql][elsewhere][files]") {
  auto run = analyze_sources({{"main.cpp", std::string(kReaders) + R"cpp(
                                 void find_user() {
                                   exec(readFile("find_user.sql"));
                                 }
                               )cpp"}},
                             {}, {}, in_project({}));
  CHECK(run.accesses().empty());
  CHECK(run.unresolved() ==
        V{"find_user: SQL is read at run time from find_user.sql, which is not under the project root or "
          "sql.query_dirs"});
  REQUIRE(run.data.unresolved.size() == 1);
  CHECK(run.data.unresolved[0].suggestion == "query_dirs: [FOLDER]");
  CHECK(run.data.unresolved_sites == 1);
}

TEST_CASE("a .sql file found in a query folder outside the project root", "[sql][elsewhere][files]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "cleave-elsewhere-query-dir";
  fs::create_directories(dir);
  std::ofstream(dir / "purge.sql") << "DELETE FROM sessions WHERE expired = 1";
  sql::SqlOptions options = in_project({});
  options.query_dirs = {dir.string()};
  auto run = analyze_sources({{"main.cpp", std::string(kReaders) + R"cpp(
                                 void purge() { exec(readFile("purge.sql")); }
                               )cpp"}},
                             {}, {}, options);
  fs::remove_all(dir);
  CHECK(run.accesses() == V{"purge sessions write"});
  CHECK(run.unresolved().empty());
}

// Item 7: a generic repository whose table comes from its template argument.
TEST_CASE("a repository template whose table is a static constexpr member of the entity type",
          "[sql][elsewhere][templates]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <string>
    class Db {
     public:
      void exec(const std::string& sql) { sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); }

     private:
      sqlite3* db_ = nullptr;
    };
    Db db;
    template <class T>
    struct Repository {
      void all() { db.exec(std::string("SELECT * FROM ") + T::table); }
    };
    struct Order {
      static constexpr const char* table = "orders";
    };
    struct Invoice {
      static constexpr const char* table = "invoices";
    };
    Repository<Order> orders;
    void list_orders() { orders.all(); }
    void list_invoices() {
      Repository<Invoice> invoices;
      invoices.all();
    }
  )cpp");
  // Each access belongs to the function calling the instantiated method, as
  // with any wrapper.
  CHECK(run.accesses() == V{"list_invoices invoices read", "list_orders orders read"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a repository template whose table is a non-type template argument", "[sql][elsewhere][templates]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <string>
    sqlite3* db;
    template <const char* Table>
    struct Repo {
      void purge() { sqlite3_exec(db, (std::string("DELETE FROM ") + Table).c_str(), nullptr, nullptr, nullptr); }
    };
    constexpr char kSessions[] = "sessions";
    void purge_sessions() {
      Repo<kSessions> r;
      r.purge();
    }
  )cpp");
  CHECK(run.accesses() == V{"purge_sessions sessions write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a repository template whose table is a C++20 structural non-type argument", "[sql][elsewhere][templates]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <cstddef>
#include <string>
                              sqlite3* db;
                              template <std::size_t N>
                              struct FixedString {
                                char text[N]{};
                                constexpr FixedString(const char (&s)[N]) {
                                  for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
                                }
                              };
                              template <FixedString Table>
                              struct Repo {
                                void purge() { sqlite3_exec(db, (std::string("DELETE FROM ") + Table.text).c_str(), nullptr, nullptr, nullptr); }
                              };
                              void purge_sessions() {
                                Repo<"sessions"> r;
                                r.purge();
                              }
                            )cpp",
                            {}, {"-std=c++20"});
  CHECK(run.accesses() == V{"purge_sessions sessions write"});
  CHECK(run.unresolved().empty());
}

// The repository's template argument is itself the caller's template
// parameter: a generic service over a generic repository.
TEST_CASE("a service template that forwards its entity type to a repository template", "[sql][elsewhere][templates]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <string>
    sqlite3* db;
    template <class T>
    struct Repository {
      void all() { sqlite3_exec(db, (std::string("SELECT * FROM ") + T::table).c_str(), nullptr, nullptr, nullptr); }
    };
    template <class Entity>
    struct Service {
      Repository<Entity> repo;
      void list() { repo.all(); }
    };
    struct Order {
      static constexpr const char* table = "orders";
    };
    struct Invoice {
      static constexpr const char* table = "invoices";
    };
    Service<Order> orders;
    void list_orders() { orders.list(); }
    void list_invoices() {
      Service<Invoice> invoices;
      invoices.list();
    }
  )cpp");
  CHECK(run.accesses() == V{"list_invoices invoices read", "list_orders orders read"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("a repository template whose members are defined out of line", "[sql][elsewhere][templates]") {
  auto run = analyze_source(R"cpp(
#include <sqlite3.h>
#include <string>
    sqlite3* db;
    template <class Key, class T>
    struct Repository {
      void all();
      void remove(Key id);
    };
    template <class Key, class T>
    void Repository<Key, T>::all() {
      sqlite3_exec(db, (std::string("SELECT * FROM ") + T::table).c_str(), nullptr, nullptr, nullptr);
    }
    template <class K, class E>
    void Repository<K, E>::remove(K) {
      sqlite3_exec(db, (std::string("DELETE FROM ") + E::table).c_str(), nullptr, nullptr, nullptr);
    }
    struct Order {
      static constexpr const char* table = "orders";
    };
    Repository<int, Order> orders;
    void list_orders() { orders.all(); }
    void cancel_order() { orders.remove(1); }
  )cpp");
  CHECK(run.accesses() == V{"cancel_order orders write", "list_orders orders read"});
  CHECK(run.unresolved().empty());
}
