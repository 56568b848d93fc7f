// The database libraries real monoliths use, each against its real Debian
// header (scripts/install-deps.sh installs them): a snippet that uses the
// API the way projects do, parsed through the front end and the SQL stage,
// with the exact accesses and transactions it must give.
#include "tests/sql/source_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace cleave;
using cleave::test::analyze_source;
using cleave::test::analyze_sources;
using cleave::test::SqlRun;
using V = std::vector<std::string>;

namespace {

// "function kind reads=a,b writes=c" per transaction, sorted.
V transactions(const SqlRun& run) {
  V out;
  for (const auto& t : run.data.transactions) {
    std::string line = run.name_of(t.function) + " " + t.kind + " reads=";
    for (std::size_t i = 0; i < t.reads.size(); ++i) line += (i ? "," : "") + t.reads[i];
    line += " writes=";
    for (std::size_t i = 0; i < t.writes.size(); ++i) line += (i ? "," : "") + t.writes[i];
    out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Debian's Qt 6 headers: the module folders, and -fPIC, which qglobal.h demands.
const std::vector<std::string> kQtFlags{"-I/usr/include/x86_64-linux-gnu/qt6",
                                        "-I/usr/include/x86_64-linux-gnu/qt6/QtCore",
                                        "-I/usr/include/x86_64-linux-gnu/qt6/QtSql", "-fPIC"};

}  // namespace

TEST_CASE("SQLiteCpp: Statement's constructor, exec, execAndGet, Transaction", "[sql][libraries]") {
  auto run = analyze_source(R"src(
#include <SQLiteCpp/SQLiteCpp.h>
#include <string>

int count_orders(SQLite::Database& db) {
  return db.execAndGet("SELECT COUNT(*) FROM orders").getInt();
}

std::string customer_name(SQLite::Database& db, int id) {
  SQLite::Statement query(db, "SELECT name FROM customers WHERE id = ?");
  query.bind(1, id);
  if (query.executeStep()) return query.getColumn(0).getString();
  return {};
}

void close_order(SQLite::Database& db, int id) {
  SQLite::Transaction tx(db);
  db.exec("UPDATE orders SET closed = 1");
  SQLite::Statement audit(db, std::string("INSERT INTO audit (what) VALUES (?)"));
  audit.bind(1, "close");
  audit.exec();
  tx.commit();
}
)src");
  CHECK(run.accesses() == V{"close_order audit write", "close_order orders write", "count_orders orders read",
                            "customer_name customers read"});
  CHECK(run.unresolved().empty());
  CHECK(transactions(run) == V{"close_order raii reads= writes=audit,orders"});
}

TEST_CASE("MySQL Connector/C++ 1.1: Statement, PreparedStatement, setAutoCommit(false) and commit",
          "[sql][libraries]") {
  auto run = analyze_source(R"src(
#include <mysql_connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <memory>
#include <string>

int count_orders(sql::Connection* con) {
  std::unique_ptr<sql::Statement> stmt(con->createStatement());
  std::unique_ptr<sql::ResultSet> res(stmt->executeQuery("SELECT COUNT(*) FROM orders"));
  return res->next() ? res->getInt(1) : 0;
}

void purge(sql::Connection* con) {
  sql::Statement* stmt = con->createStatement();
  stmt->execute("DELETE FROM sessions WHERE expired = 1");
  stmt->executeUpdate("UPDATE stats SET purged = purged + 1");
  delete stmt;
}

void add_customer(sql::Connection* con, const std::string& name) {
  con->setAutoCommit(false);
  std::unique_ptr<sql::PreparedStatement> pstmt(con->prepareStatement("INSERT INTO customers (name) VALUES (?)"));
  pstmt->setString(1, name);
  pstmt->executeUpdate();
  con->commit();
  con->setAutoCommit(true);
}
)src");
  CHECK(run.accesses() ==
        V{"add_customer customers write", "count_orders orders read", "purge sessions write", "purge stats write"});
  CHECK(run.unresolved() == V{});
  CHECK(transactions(run) == V{"add_customer call reads= writes=customers"});
}

TEST_CASE("Poco::Data: session <<, Statement <<, begin/commit, Transaction", "[sql][libraries]") {
  auto run = analyze_source(R"src(
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Data/Transaction.h>
#include <string>

using namespace Poco::Data::Keywords;

int count_orders(Poco::Data::Session& session) {
  int n = 0;
  session << "SELECT COUNT(*) FROM orders", into(n), now;
  return n;
}

std::string customer_name(Poco::Data::Session& session, int id) {
  std::string name;
  Poco::Data::Statement select(session);
  select << "SELECT name FROM customers WHERE id = ?", into(name), use(id);
  select.execute();
  return name;
}

void close_order(Poco::Data::Session& session, int id) {
  session.begin();
  session << "UPDATE orders SET closed = 1 WHERE id = ?", use(id), now;
  session.commit();
}

void audit(Poco::Data::Session& session, std::string what) {
  Poco::Data::Transaction tx(session);
  session << "INSERT INTO audit (what) VALUES (?)", use(what), now;
  tx.execute("DELETE FROM audit_queue", false);
  tx.commit();
}
)src");
  CHECK(run.accesses() == V{"audit audit write", "audit audit_queue write", "close_order orders write",
                            "count_orders orders read", "customer_name customers read"});
  CHECK(run.unresolved().empty());
  CHECK(transactions(run) == V{"audit raii reads= writes=audit,audit_queue", "close_order call reads= writes=orders"});
}

TEST_CASE("SOCI 4.0: session <<, sql.prepare <<, rowset, transaction, begin/commit", "[sql][libraries]") {
  auto run = analyze_source(R"src(
#include <soci/soci.h>
#include <string>

int count_orders(soci::session& sql) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM orders", soci::into(n);
  return n;
}

std::string customer_name(soci::session& sql, int id) {
  std::string name;
  soci::statement st = (sql.prepare << "SELECT name FROM customers WHERE id = :id", soci::use(id), soci::into(name));
  st.execute(true);
  return name;
}

int active_products(soci::session& sql) {
  int n = 0;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT * FROM products WHERE active = 1");
  for (auto it = rs.begin(); it != rs.end(); ++it) ++n;
  return n;
}

void close_order(soci::session& sql, int id) {
  soci::transaction tr(sql);
  sql << "UPDATE orders SET closed = 1 WHERE id = :id", soci::use(id);
  tr.commit();
}

void reopen_order(soci::session& sql, int id) {
  sql.begin();
  sql << "UPDATE orders SET closed = 0 WHERE id = :id", soci::use(id);
  sql << "INSERT INTO audit (what) VALUES ('reopen')";
  sql.commit();
}
)src");
  CHECK(run.accesses() == V{"active_products products read", "close_order orders write", "count_orders orders read",
                            "customer_name customers read", "reopen_order audit write", "reopen_order orders write"});
  CHECK(run.unresolved().empty());
  CHECK(transactions(run) ==
        V{"close_order raii reads= writes=orders", "reopen_order call reads= writes=audit,orders"});
}

TEST_CASE("libpqxx 6: work and nontransaction, exec/exec0/exec1/exec_n/exec_params", "[sql][libraries]") {
  auto run = analyze_source(R"src(
#include <pqxx/pqxx>
#include <string>

int count_orders(pqxx::connection& conn) {
  pqxx::work w(conn);
  pqxx::row r = w.exec1("SELECT COUNT(*) FROM orders");
  w.commit();
  return r[0].as<int>();
}

void close_order(pqxx::connection& conn, int id) {
  pqxx::work w(conn);
  w.exec0("UPDATE orders SET closed = 1 WHERE id = " + w.quote(id));
  w.exec("INSERT INTO audit (what) VALUES ('close')");
  w.commit();
}

pqxx::result customers(pqxx::connection& conn) {
  pqxx::nontransaction n(conn);
  return n.exec_n(3, "SELECT name FROM customers");
}

void bump(pqxx::connection& conn, int id) {
  pqxx::work w(conn);
  w.exec_params("UPDATE stats SET hits = hits + 1 WHERE id = $1", id);
  w.exec_params_n(1, "DELETE FROM stale WHERE id = $1", id);
  w.commit();
}
)src");
  CHECK(run.accesses() == V{"bump stale write", "bump stats write", "close_order audit write",
                            "close_order orders write", "count_orders orders read", "customers customers read"});
  CHECK(run.unresolved().empty());
  // A nontransaction runs each statement on its own: no transaction.
  CHECK(transactions(run) == V{"bump raii reads= writes=stale,stats", "close_order raii reads= writes=audit,orders",
                               "count_orders raii reads=orders writes="});
}

// Found on the library sample: what runs after commit() is not in the work.
TEST_CASE("libpqxx 6: a transaction object ends at its commit, not at the end of its block", "[sql][libraries]") {
  auto run = analyze_source(R"src(
#include <pqxx/pqxx>

void raise_fine(pqxx::connection& c) {
  pqxx::work w(c);
  w.exec("INSERT INTO fines (amount) VALUES (1)");
  w.commit();
}

void checkin(pqxx::connection& c) {
  pqxx::work w(c);
  w.exec("UPDATE loans SET returned = 1");
  w.commit();
  raise_fine(c);
  pqxx::nontransaction n(c);
  n.exec("DELETE FROM holds WHERE id = 1");
}

void cancel(pqxx::connection& c, bool ok) {
  pqxx::work w(c);
  w.exec("UPDATE loans SET returned = 0");
  if (!ok) {
    w.abort();
    return;
  }
  w.exec("INSERT INTO fines (amount) VALUES (2)");
  w.commit();
}
)src");
  CHECK(transactions(run) == V{"cancel raii reads= writes=fines,loans", "checkin raii reads= writes=loans",
                               "raise_fine raii reads= writes=fines"});
}

TEST_CASE("CppDB: session <<, exec and row, statement, transaction", "[sql][libraries]") {
  auto run = analyze_source(R"src(
#include <cppdb/frontend.h>
#include <string>

void add_customer(cppdb::session& sql, const std::string& name) {
  sql << "INSERT INTO customers (name) VALUES (?)" << name << cppdb::exec;
}

int count_orders(cppdb::session& sql) {
  cppdb::result r = sql << "SELECT COUNT(*) FROM orders" << cppdb::row;
  return r.get<int>(0);
}

void close_order(cppdb::session& sql, int id) {
  cppdb::transaction guard(sql);
  cppdb::statement st = sql << "UPDATE orders SET closed = 1 WHERE id = ?" << id;
  st.exec();
  guard.commit();
}

void reopen_order(cppdb::session& sql, int id) {
  sql.begin();
  cppdb::statement st = sql.prepare("UPDATE orders SET closed = 0 WHERE id = ?");
  st << id;
  st.exec();
  sql.create_statement("INSERT INTO audit (what) VALUES ('reopen')").exec();
  sql.commit();
}
)src");
  CHECK(run.accesses() == V{"add_customer customers write", "close_order orders write", "count_orders orders read",
                            "reopen_order audit write", "reopen_order orders write"});
  CHECK(run.unresolved().empty());
  CHECK(transactions(run) ==
        V{"close_order raii reads= writes=orders", "reopen_order call reads= writes=audit,orders"});
}

TEST_CASE("Qt 6 SQL: QSqlQuery prepare/exec, exec(sql), the constructor, QSqlDatabase transactions",
          "[sql][libraries]") {
  auto run = analyze_source(R"src(
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <QtCore/QVariant>

int count_orders(QSqlDatabase db) {
  QSqlQuery q("SELECT COUNT(*) FROM orders", db);
  return q.next() ? q.value(0).toInt() : 0;
}

void add_customer(QSqlDatabase db, const QString& name) {
  db.transaction();
  QSqlQuery q(db);
  q.prepare("INSERT INTO customers (name) VALUES (:name)");
  q.bindValue(":name", name);
  q.exec();
  q.exec("UPDATE stats SET customers = customers + 1");
  db.commit();
}

class Repo {
 public:
  void purge() {
    db_.transaction();
    db_.exec("DELETE FROM sessions");
    db_.rollback();
  }

 private:
  QSqlDatabase db_;
};
)src",
                            {}, kQtFlags);
  CHECK(run.accesses() == V{"Repo::purge sessions write", "add_customer customers write", "add_customer stats write",
                            "count_orders orders read"});
  CHECK(run.unresolved().empty());
  CHECK(transactions(run) ==
        V{"Repo::purge call reads= writes=sessions", "add_customer call reads= writes=customers,stats"});
}

// ---- Statements prepared under a name and executed elsewhere (issue 15) ----

TEST_CASE("libpqxx: a statement prepared under a name is an access of the function that executes it",
          "[sql][libraries][named]") {
  auto run = analyze_source(R"src(
#include <pqxx/pqxx>
#include <string>

namespace names {
const std::string kCloseOrder = "close_order";
}

void prepare_all(pqxx::connection& conn) {
  conn.prepare("find_user", "SELECT name FROM users WHERE id = $1");
  conn.prepare(names::kCloseOrder, "UPDATE orders SET closed = 1 WHERE id = $1");
  conn.prepare("purge_sessions", "DELETE FROM sessions");
}

std::string user_name(pqxx::connection& conn, int id) {
  pqxx::work w(conn);
  pqxx::row r = w.exec_prepared1("find_user", id);
  w.commit();
  return r[0].as<std::string>();
}

void close_order(pqxx::connection& conn, int id) {
  pqxx::work w(conn);
  w.exec_prepared(names::kCloseOrder, id);
  w.exec_prepared("find_user", id);
  w.commit();
}

void typo(pqxx::connection& conn) {
  pqxx::nontransaction n(conn);
  n.exec_prepared("find_usr", 1);
}

void dynamic(pqxx::connection& conn, int kind) {
  pqxx::nontransaction n(conn);
  n.exec_prepared("find_" + std::to_string(kind), 1);
}
)src");
  // Nothing is attributed to prepare_all: it prepares, it runs nothing.
  CHECK(run.accesses() == V{"close_order orders write", "close_order users read", "user_name users read"});
  CHECK(
      run.unresolved() ==
      V{"dynamic: the name of the prepared statement is not a compile-time constant (find_<std :: to_string ( kind )>)",
        "prepare_all: the statement prepared under the name \"purge_sessions\" is never executed (no "
        "execute_named call names it)",
        "typo: no statement is prepared under the name \"find_usr\""});
  CHECK(transactions(run) == V{"close_order raii reads=users writes=orders", "user_name raii reads=users writes="});
  CHECK(run.data.sql_sites == run.data.resolved_sites + run.data.unresolved_sites + run.data.no_table_sites);
}

TEST_CASE("libpqxx: a project wrapper around exec_prepared is found, with its statements named at its callers",
          "[sql][libraries][named]") {
  auto run = analyze_sources({{"db.hpp", R"src(
#pragma once
#include <pqxx/pqxx>
#include <string>
class Db {
 public:
  explicit Db(pqxx::connection& conn);
  pqxx::result run(const std::string& name);

 private:
  pqxx::connection& conn_;
};
)src"},
                              {"db.cpp", R"src(
#include "db.hpp"
Db::Db(pqxx::connection& conn) : conn_(conn) {
  conn_.prepare("active_users", "SELECT * FROM users WHERE active");
  conn_.prepare("expire", "UPDATE sessions SET expired = true");
}
pqxx::result Db::run(const std::string& name) {
  pqxx::work w(conn_);
  pqxx::result r = w.exec_prepared(name);
  w.commit();
  return r;
}
)src"},
                              {"report.cpp", R"src(
#include "db.hpp"
int count_active(Db& db) {
  return static_cast<int>(db.run("active_users").size());
}
void expire_sessions(Db& db) { db.run("expire"); }
)src"}});
  CHECK(run.accesses() == V{"count_active users read", "expire_sessions sessions write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("libpqxx: a project's transaction class prepares by name and runs through a variadic template",
          "[sql][libraries][named]") {
  // openstreetmap-cgimap's Transaction_Manager: prepare(name, sql) forwards to
  // the connection, exec_prepared(name, args...) is a member template.
  auto run = analyze_source(R"src(
#include <pqxx/pqxx>
#include <string>
#include <utility>

class Txn {
 public:
  explicit Txn(pqxx::transaction_base& t) : txn_(t) {}
  void prepare(const std::string& name, const std::string& sql) { txn_.conn().prepare(name, sql); }
  template <typename... Args>
  pqxx::result exec_prepared(const std::string& name, Args&&... args) {
    return txn_.exec_prepared(name, std::forward<Args>(args)...);
  }

 private:
  pqxx::transaction_base& txn_;
};

bool visible(Txn& m, long id, const std::string& statement) { return !m.exec_prepared(statement, id).empty(); }

void lock_nodes(Txn& m, long id) {
  m.prepare("lock_nodes", "SELECT id FROM current_nodes WHERE id = $1 FOR UPDATE");
  auto r = m.exec_prepared("lock_nodes", id);
}

void close_changeset(Txn& m, long id, int n) {
  m.prepare("close_changeset", "UPDATE changesets SET num_changes = $2 WHERE id = $1");
  auto r = m.exec_prepared("close_changeset", id, n);
}

bool way_visible(Txn& m, long id) {
  m.prepare("way_visible", "SELECT visible FROM current_ways WHERE id = $1");
  return visible(m, id, "way_visible");
}
)src");
  CHECK(run.accesses() ==
        V{"close_changeset changesets write", "lock_nodes current_nodes read", "way_visible current_ways read"});
  CHECK(run.unresolved().empty());
}

// openstreetmap-cgimap's shape: the pqxx::work is a member of an owner object
// that a factory makes (through make_unique, behind a virtual call); a
// manager holds a reference to it and commits; the request handler does its
// work through the manager and then commits. No local transaction object.
TEST_CASE("libpqxx: a transaction object held in a member, begun by a factory and committed by a handler",
          "[sql][libraries][transactions]") {
  auto run = analyze_source(R"src(
#include <pqxx/pqxx>
#include <memory>
#include <string>

class Owner {
 public:
  virtual ~Owner() = default;
  virtual pqxx::transaction_base& get() = 0;
};
class ReadWriteOwner : public Owner {
 public:
  explicit ReadWriteOwner(pqxx::connection& c) : txn_(c) {}
  pqxx::transaction_base& get() override { return txn_; }

 private:
  pqxx::work txn_;
};
class ReadOnlyOwner : public Owner {
 public:
  explicit ReadOnlyOwner(pqxx::connection& c) : txn_(c) {}
  pqxx::transaction_base& get() override { return txn_; }

 private:
  pqxx::read_transaction txn_;
};

class Manager {
 public:
  explicit Manager(Owner& o) : txn_(o.get()) {}
  pqxx::result exec(const std::string& sql) { return txn_.exec(sql); }
  void commit() { txn_.commit(); }

 private:
  pqxx::transaction_base& txn_;
};

class Factory {
 public:
  virtual ~Factory() = default;
  virtual std::unique_ptr<Owner> transaction() = 0;
};
class PgFactory : public Factory {
 public:
  std::unique_ptr<Owner> transaction() override { return std::make_unique<ReadWriteOwner>(*conn_); }
  pqxx::connection* conn_ = nullptr;
};
class ReplicaFactory : public Factory {
 public:
  std::unique_ptr<Owner> transaction() override { return std::make_unique<ReadOnlyOwner>(*conn_); }
  pqxx::connection* conn_ = nullptr;
};

void upload(Manager& m) {
  m.exec("UPDATE changesets SET num_changes = num_changes + 1");
  m.exec("INSERT INTO current_nodes (id) VALUES (1)");
  m.commit();
}

void handle_upload(Factory& f) {
  auto owner = f.transaction();
  Manager m(*owner);
  upload(m);
}

void audit(Manager& m) { m.exec("SELECT * FROM users"); }
)src");
  // One transaction, where the request begins it, holding what the handler
  // does before it commits. `audit` begins nothing and ends nothing.
  CHECK(transactions(run) == V{"handle_upload call reads= writes=changesets,current_nodes"});
}

TEST_CASE("libpqxx 6: stream_to and stream_from name the table they copy into and out of", "[sql][libraries][bulk]") {
  auto run = analyze_source(R"src(
#include <pqxx/pqxx>
#include <string>
#include <tuple>

void load_tags(pqxx::work& w) {
  pqxx::stream_to out(w, "current_node_tags");
  out << std::make_tuple(1, "k", "v");
  out.complete();
}

class Exporter {
 public:
  explicit Exporter(pqxx::work& w, const std::string& table) : in_(w, table) {}

 private:
  pqxx::stream_from in_;
};

void export_changesets(pqxx::work& w) { Exporter e(w, "changesets"); }
)src");
  CHECK(run.accesses() == V{"export_changesets changesets read", "load_tags current_node_tags write"});
  CHECK(run.unresolved().empty());
}

// Debian 12 ships libpqxx 6.4.5, so libpqxx 7 is declared here with the
// signatures of its 7.9 headers (pqxx/params.hxx, stream_to.hxx): a prepared
// statement's name travels in a `prepped`, through the `zview` string type,
// and the COPY path takes a table's name.
TEST_CASE("libpqxx 7: exec(prepped{name}, params) and stream_to::raw_table", "[sql][libraries][named][bulk]") {
  auto run = analyze_source(R"src(
#include <string>
#include <string_view>
#include <utility>

namespace pqxx {
class zview : public std::string_view {
 public:
  constexpr zview(const char* s) : std::string_view(s) {}
  zview(const std::string& s) : std::string_view(s) {}
};
class prepped : public zview {
 public:
  prepped(zview name) : zview(name) {}
};
class params {
 public:
  template <typename... Args>
  explicit params(Args&&...) {}
};
class result {};
class connection {
 public:
  void prepare(zview name, zview definition) &;
};
class transaction_base {
 public:
  connection& conn() const;
  result exec(prepped statement, const params& parms);
  void commit();
};
class stream_to {
 public:
  static stream_to raw_table(transaction_base& tx, std::string_view path, std::string_view columns = "");
};
}  // namespace pqxx

class Manager {
 public:
  explicit Manager(pqxx::transaction_base& t) : txn_(t) {}
  void prepare(const std::string& name, const std::string& sql) { txn_.conn().prepare(name, sql); }
  template <typename... Args>
  pqxx::result exec_prepared(const std::string& statement, Args&&... args) {
    return txn_.exec(pqxx::prepped{statement}, pqxx::params{std::forward<Args>(args)...});
  }
  pqxx::stream_to to_stream(std::string_view table, std::string_view columns) {
    return pqxx::stream_to::raw_table(txn_, table, columns);
  }

 private:
  pqxx::transaction_base& txn_;
};

void close_changeset(Manager& m, long id) {
  m.prepare("close_changeset", "UPDATE changesets SET closed_at = now() WHERE id = $1");
  m.exec_prepared("close_changeset", id);
}

void save_tags(Manager& m) { auto s = m.to_stream("current_node_tags", "node_id, k, v"); }
)src");
  CHECK(run.accesses() == V{"close_changeset changesets write", "save_tags current_node_tags write"});
  CHECK(run.unresolved().empty());
}

TEST_CASE("libpq: PQprepare in one function, PQexecPrepared in another, through project wrappers of both",
          "[sql][libraries][named]") {
  auto run = analyze_source(R"src(
#include <libpq-fe.h>
#include <string>

class Pg {
 public:
  void prepare(const std::string& name, const std::string& sql) {
    PQclear(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
  }
  PGresult* execPrepared(const std::string& name) {
    return PQexecPrepared(conn_, name.c_str(), 0, nullptr, nullptr, nullptr, 0);
  }

 private:
  PGconn* conn_ = nullptr;
};

static const char* const kScan = "scan_event";

void setup(PGconn* conn, Pg& pg) {
  PQclear(PQprepare(conn, kScan, "INSERT INTO tracking_events (code) VALUES ($1)", 1, nullptr));
  pg.prepare("order_by_id", "SELECT * FROM orders WHERE id = $1");
}

void scan(PGconn* conn) {
  const char* values[1] = {"X"};
  PQclear(PQexecPrepared(conn, "scan_event", 1, values, nullptr, nullptr, 0));
}

void show_order(Pg& pg) { PQclear(pg.execPrepared("order_by_id")); }
)src",
                            {}, {"-I/usr/include/postgresql"});
  CHECK(run.accesses() == V{"scan tracking_events write", "show_order orders read"});
  CHECK(run.unresolved().empty());
}

// The shape of a real game server (canary): a transaction helper class whose
// commit and rollback are the MySQL C API's, a template that runs a callback
// inside it, and callers of callers of the function that uses it. One site,
// one transaction: the callers are not transactions of their own.
namespace {

std::string game_server(const std::string& commit_call, const std::string& rollback_call) {
  return R"src(#include <mysql/mysql.h>
#include <functional>
#include <string>

class Database {
 public:
  static Database& instance() { static Database db; return db; }
  bool executeQuery(const std::string& q) { return mysql_real_query(handle, q.c_str(), q.size()) == 0; }
  bool beginTransaction() { return executeQuery("BEGIN"); }
  bool rollback() { return )src" +
         rollback_call + R"src( == 0; }
  bool commit() {
    if ()src" +
         commit_call +
         R"src( != 0) return false;
    return true;
  }
 private:
  MYSQL* handle = nullptr;
};

class DBTransaction {
 public:
  template <typename Func>
  static bool executeWithinTransaction(const Func& callback) {
    DBTransaction transaction;
    try {
      if (!transaction.begin()) return false;
      const bool result = callback();
      if (!transaction.commit()) return false;
      return result;
    } catch (...) {
      transaction.rollback();
      return false;
    }
  }
 private:
  bool begin() { return Database::instance().beginTransaction(); }
  void rollback() { Database::instance().rollback(); }
  bool commit() { return Database::instance().commit(); }
};

bool savePlayer() {
  return DBTransaction::executeWithinTransaction([]() {
    return Database::instance().executeQuery("UPDATE players SET level = 1");
  });
}

void saveAll() {
  std::function<void()> task = [] { savePlayer(); };
  task();
}

void setGameState(int state) {
  if (state == 1) saveAll();
  Database::instance().executeQuery("SELECT name FROM towns");
}

void cleanMap() {
  setGameState(1);
  Database::instance().executeQuery("DELETE FROM houses");
}
)src";
}

}  // namespace

TEST_CASE("MySQL C API: mysql_commit ends a transaction; its callers' callers are not transactions",
          "[sql][libraries][transactions]") {
  const SqlRun run = analyze_source(game_server("mysql_commit(handle)", "mysql_rollback(handle)"));
  CHECK(transactions(run) == V{"savePlayer call reads= writes=players"});
}

// The same code with a commit cleave cannot recognise: the function that
// uses the helper does table work after it begins, so it is where the
// transaction is (never seen to close), not a helper that merely begins one.
TEST_CASE("a function that begins and then writes is not a helper that merely begins",
          "[sql][libraries][transactions]") {
  const SqlRun run = analyze_source(game_server("mysql_ping(handle)", "mysql_ping(handle)"));
  CHECK(transactions(run) == V{"savePlayer call reads= writes=players"});
}
