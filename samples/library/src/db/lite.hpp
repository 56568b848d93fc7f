// The branch database: one SQLite file per branch, through SQLiteCpp. The
// acquisitions and events code was written against it in 2011 and never moved.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <string>
#include <vector>

namespace shelf::db {

class Lite {
 public:
  explicit Lite(const std::string& path);

  SQLite::Database& raw() { return db_; }
  int exec(const std::string& sql);
  long long scalar(const std::string& sql);
  long long lastId() const { return db_.getLastInsertRowid(); }

 private:
  SQLite::Database db_;
};

using Rows = std::vector<std::vector<std::string>>;

// Query object of the branch code: the SQL is set, parameters are bound by
// position, and rows() prepares and steps it.
class LiteQuery {
 public:
  explicit LiteQuery(Lite& db) : db_(db) {}

  void setSql(const std::string& sql) { sql_ = sql; }
  void bind(int index, const std::string& value) { text_[index] = value; }
  void bind(int index, long long value) { ints_[index] = value; }
  Rows rows();
  int run();

 private:
  void bindAll(SQLite::Statement& st) const;

  Lite& db_;
  std::string sql_;
  std::map<int, std::string> text_;
  std::map<int, long long> ints_;
};

}  // namespace shelf::db
