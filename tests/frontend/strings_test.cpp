// What the front end folds of strings that reach calls: the raw material of
// the SQL stage.
#include "frontend_support.hpp"

using namespace cleave;
using cleave::test::parse;
using cleave::test::parse_one;
using cleave::test::render;

namespace {
const char* kDb = R"CPP(
#include <string>
#include <cstdio>
#include <sstream>
  struct Db {
    void exec(const std::string& sql);
    void run(const char* sql);
  };
)CPP";

std::vector<std::string> sql_at(const test::Parsed& p, const std::string& callee) {
  std::vector<std::string> out;
  for (const auto& c : p.calls_to(callee)) {
    for (const auto& a : c.args) out.push_back(render(a.value));
  }
  return out;
}
}  // namespace

TEST_CASE("adjacent literals are joined and raw strings kept verbatim", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
    void f(Db& db) {
      db.run(
          "SELECT a "
          "FROM t");
      db.run(R"SQL(SELECT "x" FROM raw_t)SQL");
      db.run(u8"SELECT 1");
    }
  )CPP");
  CHECK(sql_at(p, "Db::run") == std::vector<std::string>{"SELECT a FROM t", "SELECT \"x\" FROM raw_t", "SELECT 1"});
}

TEST_CASE("concatenation with constants keeps references and placeholders", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
    const std::string kCols = "id, name";
    void f(Db& db, int id) { db.exec("SELECT " + kCols + " FROM pets WHERE id = " + std::to_string(id)); }
  )CPP");
  CHECK(sql_at(p, "Db::exec") == std::vector<std::string>{"SELECT {V} FROM pets WHERE id = {?}"});
  bool found = false;
  for (const auto& v : p.tus[0].var_values) {
    if (v.name == "kCols") {
      found = true;
      CHECK(render(v.value) == "id, name");
    }
  }
  CHECK(found);
}

TEST_CASE("a ternary of literals gives two alternatives", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
    void f(Db& db, bool archived) {
      const char* table = archived ? "old_orders" : "orders";
      db.exec(std::string("DELETE FROM ") + table);
    }
  )CPP");
  CHECK(sql_at(p, "Db::exec") == std::vector<std::string>{"DELETE FROM old_orders | DELETE FROM orders"});
}

TEST_CASE("locals built up with += and streams are followed", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
    void f(Db& db, int n) {
      std::string q = "UPDATE stock";
      q += " SET qty = 0";
      db.exec(q);
      std::ostringstream os;
      os << "SELECT * FROM visits WHERE pet = " << n;
      db.exec(os.str());
    }
  )CPP");
  CHECK(sql_at(p, "Db::exec") ==
        std::vector<std::string>{"UPDATE stock SET qty = 0", "SELECT * FROM visits WHERE pet = {?}"});
}

TEST_CASE("snprintf into a buffer keeps the format string", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
    void f(Db& db, int id) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "DELETE FROM carts WHERE id = %d", id);
      db.run(buf);
    }
  )CPP");
  CHECK(sql_at(p, "Db::run") == std::vector<std::string>{"DELETE FROM carts WHERE id = %d"});
}

TEST_CASE("a parameter handed on is marked, so wrappers can be found", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
    struct Repo {
      Db db;
      void query(int id, const std::string& sql) { db.exec(sql); }
    };
  )CPP");
  CHECK(sql_at(p, "Db::exec") == std::vector<std::string>{"{P1}"});
  auto calls = p.calls_to("Db::exec");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].object_type == "Db");
}

TEST_CASE("arrays of statements indexed by an enum", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
    enum Stmt { kInsert, kDelete };
    static const char* const kStatements[] = {"INSERT INTO a VALUES (1)", "DELETE FROM a"};
    void f(Db& db, Stmt s) {
      db.run(kStatements[kDelete]);
      db.run(kStatements[s]);
    }
  )CPP");
  CHECK(sql_at(p, "Db::run") == std::vector<std::string>{"{V[1]}", "{V[-2]}"});
  bool found = false;
  for (const auto& v : p.tus[0].var_values) {
    if (v.name == "kStatements") {
      found = true;
      REQUIRE(v.elements.size() == 2);
      CHECK(render(v.elements[1]) == "DELETE FROM a");
    }
  }
  CHECK(found);
}

TEST_CASE("a function returning a constant string is a constant", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
    struct Sql {
      static std::string selectAll() { return "SELECT * FROM owners"; }
    };
    void f(Db& db) { db.exec(Sql::selectAll()); }
  )CPP");
  CHECK(sql_at(p, "Db::exec") == std::vector<std::string>{"{V}"});
  bool found = false;
  for (const auto& v : p.tus[0].var_values) {
    if (v.name == "Sql::selectAll") {
      found = true;
      CHECK(render(v.value) == "SELECT * FROM owners");
    }
  }
  CHECK(found);
}

TEST_CASE("class static members, and locals of a transaction type", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
    struct Tx {
      explicit Tx(Db&);
      void commit();
    };
    struct Repo {
      static const char* const kInsert;
      void save(Db& db);
    };
    const char* const Repo::kInsert = "INSERT INTO invoices (id) VALUES (?)";
    void Repo::save(Db& db) {
      Tx tx(db);
      db.run(kInsert);
      tx.commit();
    }
  )CPP");
  CHECK(sql_at(p, "Db::run") == std::vector<std::string>{"{V}"});
  const auto& tu = p.tus[0];
  auto tx = std::find_if(tu.locals.begin(), tu.locals.end(), [](const LocalVar& l) { return l.name == "tx"; });
  REQUIRE(tx != tu.locals.end());
  CHECK(tx->type == "Tx");
  auto commit = p.calls_to("Tx::commit");
  REQUIRE(commit.size() == 1);
  CHECK(commit[0].object_var == tx->var);
  auto run = p.calls_to("Db::run");
  REQUIRE(run.size() == 1);
  CHECK(tx->order < run[0].order);
  CHECK(run[0].order < commit[0].order);
}

TEST_CASE("an accessor into a statement table resolves with a constant argument", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
    enum class Stmt { A, B };
    const char* const kS[] = {"SELECT 1 FROM a", "SELECT 1 FROM b"};
    const char* stmt(Stmt w) { return kS[static_cast<int>(w)]; }
    void f(Db& db) {
      db.run(kS[static_cast<int>(Stmt::B)]);
      db.run(stmt(Stmt::A));
    }
  )CPP");
  CHECK(sql_at(p, "Db::run") == std::vector<std::string>{"{V[1]}", "{V[0]}"});
  // The accessor is not a constant: its value depends on the argument.
  for (const auto& v : p.tus[0].var_values) CHECK(v.name != "stmt");
}

TEST_CASE("fmt::format's format string reaches the sink with its placeholders", "[strings][format]") {
  // The shape of fmt >= 8: the format string is a consteval class built from the literal.
  auto p = parse_one(std::string(kDb) + R"CPP(
    namespace fmt {
    inline namespace v9 {
    template <typename... T>
    struct basic_format_string {
      template <typename S>
      constexpr basic_format_string(const S& s) : str(s) {}
      const char* str;
    };
    template <typename T>
    struct type_identity {
      using type = T;
    };
    template <typename... T>
    using format_string = basic_format_string<typename type_identity<T>::type...>;
    template <typename... T>
    std::string format(format_string<T...> f, T&&... args) {
      return f.str;
    }
    }  // namespace v9
    }  // namespace fmt
    void f(Db& db, const std::string& name, int id) {
      db.exec(fmt::format("SELECT `id` FROM `players` WHERE `name` = {:s} AND `id` = {:d}", name, id));
    }
  )CPP");
  CHECK(sql_at(p, "Db::exec") ==
        std::vector<std::string>{"SELECT `id` FROM `players` WHERE `name` = {:s} AND `id` = {:d}"});
}

TEST_CASE("a string passed as std::string_view keeps its value through the conversion", "[strings]") {
  auto p = parse_one(std::string(kDb) + R"CPP(
#include <string_view>
    struct Database {
      void storeQuery(std::string_view q);
    };
    void f(Database& db, int id) { db.storeQuery(std::string("SELECT 1 FROM `players` WHERE id = ") + std::to_string(id)); }
  )CPP");
  CHECK(sql_at(p, "Database::storeQuery") == std::vector<std::string>{"SELECT 1 FROM `players` WHERE id = {?}"});
}
