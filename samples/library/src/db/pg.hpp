// The central PostgreSQL server, through libpqxx 6. Modules either open their
// own pqxx::work on conn(), or go through the helpers here, which commit each
// statement on its own.
#pragma once

#include <pqxx/pqxx>

#include <stdexcept>
#include <string>

namespace shelf::db {

class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Pg {
 public:
  explicit Pg(const std::string& conninfo);

  pqxx::connection& conn() { return conn_; }

  // A read outside any transaction.
  pqxx::result query(const std::string& sql);
  // One statement in its own transaction; returns the affected rows.
  long exec(const std::string& sql);
  // A statement prepared by prepareStatements() (db/prepared.cpp), by name.
  pqxx::result run(const std::string& name);
  pqxx::result run(const std::string& name, long long id);
  pqxx::result run(const std::string& name, const std::string& text);

 private:
  pqxx::connection conn_;
};

// Registers every named statement on a fresh connection.
void prepareStatements(pqxx::connection& conn);

}  // namespace shelf::db
