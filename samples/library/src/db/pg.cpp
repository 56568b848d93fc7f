#include "db/pg.hpp"

#include "common/logger.hpp"

namespace shelf::db {

Pg::Pg(const std::string& conninfo) : conn_(conninfo) {
  prepareStatements(conn_);
  util::Logger::instance().info("connected to " + std::string(conn_.dbname()));
}

pqxx::result Pg::query(const std::string& sql) {
  try {
    pqxx::nontransaction n(conn_);
    return n.exec(sql);
  } catch (const pqxx::sql_error& e) {
    util::Logger::instance().error(std::string("query failed: ") + e.what());
    throw DbError(e.what());
  }
}

long Pg::exec(const std::string& sql) {
  try {
    pqxx::work w(conn_);
    pqxx::result r = w.exec(sql);
    w.commit();
    return static_cast<long>(r.affected_rows());
  } catch (const pqxx::sql_error& e) {
    util::Logger::instance().error(std::string("statement failed: ") + e.what());
    throw DbError(e.what());
  }
}

pqxx::result Pg::run(const std::string& name) {
  pqxx::work w(conn_);
  pqxx::result r = w.exec_prepared(name);
  w.commit();
  return r;
}

pqxx::result Pg::run(const std::string& name, long long id) {
  pqxx::work w(conn_);
  pqxx::result r = w.exec_prepared(name, id);
  w.commit();
  return r;
}

pqxx::result Pg::run(const std::string& name, const std::string& text) {
  pqxx::work w(conn_);
  pqxx::result r = w.exec_prepared(name, text);
  w.commit();
  return r;
}

}  // namespace shelf::db
