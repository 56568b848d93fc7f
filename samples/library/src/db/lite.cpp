#include "db/lite.hpp"

#include "common/logger.hpp"

namespace shelf::db {

Lite::Lite(const std::string& path) : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
  db_.exec("PRAGMA foreign_keys = ON");
  util::Logger::instance().info("branch database " + path);
}

int Lite::exec(const std::string& sql) {
  try {
    return db_.exec(sql);
  } catch (const SQLite::Exception& e) {
    util::Logger::instance().error(std::string("branch db: ") + e.what());
    throw;
  }
}

long long Lite::scalar(const std::string& sql) { return db_.execAndGet(sql).getInt64(); }

void LiteQuery::bindAll(SQLite::Statement& st) const {
  for (const auto& [i, v] : text_) st.bind(i, v);
  for (const auto& [i, v] : ints_) st.bind(i, static_cast<int64_t>(v));
}

Rows LiteQuery::rows() {
  SQLite::Statement st(db_.raw(), sql_);
  bindAll(st);
  Rows out;
  while (st.executeStep()) {
    std::vector<std::string> row;
    for (int c = 0; c < st.getColumnCount(); ++c) row.push_back(st.getColumn(c).getString());
    out.push_back(std::move(row));
  }
  return out;
}

int LiteQuery::run() {
  SQLite::Statement st(db_.raw(), sql_);
  bindAll(st);
  return st.exec();
}

}  // namespace shelf::db
