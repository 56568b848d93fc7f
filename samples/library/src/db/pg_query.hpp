// A statement object from the first port to PostgreSQL: it is built with its
// SQL (or given it later) and runs it when asked, so code written for the old
// statement class kept its shape.
#pragma once

#include "db/pg.hpp"

#include <string>

namespace shelf::db {

class PgQuery {
 public:
  explicit PgQuery(Pg& pg) : pg_(pg) {}
  PgQuery(Pg& pg, std::string sql);
  ~PgQuery();

  void setSql(const std::string& sql) { sql_ = sql; }
  const std::string& sql() const { return sql_; }

  // Runs the statement outside a transaction and returns its rows.
  pqxx::result fetch();
  // Runs the statement in its own transaction.
  long execute();

 private:
  Pg& pg_;
  std::string sql_;
  int runs_ = 0;
};

}  // namespace shelf::db
