#include "db/pg_query.hpp"

#include "common/logger.hpp"

#include <utility>

namespace shelf::db {

PgQuery::PgQuery(Pg& pg, std::string sql) : pg_(pg), sql_(std::move(sql)) {}

PgQuery::~PgQuery() {
  if (runs_ == 0 && !sql_.empty()) util::Logger::instance().debug("statement never run: " + sql_);
}

pqxx::result PgQuery::fetch() {
  ++runs_;
  pqxx::nontransaction n(pg_.conn());
  return n.exec(sql_);
}

long PgQuery::execute() {
  ++runs_;
  pqxx::work w(pg_.conn());
  pqxx::result r = w.exec(sql_);
  w.commit();
  return static_cast<long>(r.affected_rows());
}

}  // namespace shelf::db
