#include "circulation/hold_queue.hpp"

#include "circulation/due_dates.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"
#include "db/pg_query.hpp"

#include <cstdio>

namespace shelf::circ {

long long HoldQueue::place(long long titleId, long long patronId, const std::string& pickup) {
  pqxx::work w(pg_.conn());
  pqxx::row dup = w.exec_params1(
      "SELECT count(*) FROM holds WHERE title_id = $1 AND patron_id = $2 AND status IN ('waiting', 'ready')", titleId,
      patronId);
  if (dup[0].as<int>() > 0) return 0;
  pqxx::row r = w.exec_params1("INSERT INTO holds (title_id, patron_id, pickup) VALUES ($1, $2, $3) RETURNING id",
                               titleId, patronId, pickup);
  w.commit();
  return r[0].as<long long>();
}

bool HoldQueue::copyReturned(long long titleId, long long copyId) {
  pqxx::work w(pg_.conn());
  pqxx::result next = w.exec_params(
      "SELECT id, patron_id FROM holds WHERE title_id = $1 AND status = 'waiting' ORDER BY placed_at LIMIT 1 "
      "FOR UPDATE",
      titleId);
  if (next.empty()) return false;
  const long long holdId = next[0][0].as<long long>();
  w.exec_params("UPDATE holds SET status = 'ready', copy_id = $1, expires_at = $2 WHERE id = $3", copyId,
                addDays(todayIso(), 7), holdId);
  w.exec_params("UPDATE copies SET status = 'on_hold_shelf' WHERE id = $1", copyId);
  w.commit();
  util::Logger::instance().info("hold " + std::to_string(holdId) + " ready");
  return true;
}

void HoldQueue::cancel(long long holdId) {
  std::string sql;
  util::Fmt(sql, "UPDATE holds SET status = 'cancelled' WHERE id = %lld AND status IN ('waiting', 'ready')", holdId);
  pg_.exec(sql);
}

int HoldQueue::expireUncollected() {
  const std::string today = todayIso();
  char sql[256];
  std::snprintf(sql, sizeof sql,
                "UPDATE copies SET status = 'on_shelf' WHERE id IN "
                "(SELECT copy_id FROM holds WHERE status = 'ready' AND expires_at < '%s')",
                today.c_str());
  pg_.exec(sql);
  std::snprintf(sql, sizeof sql, "UPDATE holds SET status = 'expired' WHERE status = 'ready' AND expires_at < '%s'",
                today.c_str());
  const long n = pg_.exec(sql);
  util::Logger::instance().info(std::to_string(n) + " holds expired");
  return static_cast<int>(n);
}

int HoldQueue::queueLength(long long titleId) {
  db::PgQuery q(pg_);
  q.setSql("SELECT count(*) FROM holds WHERE status = 'waiting' AND title_id = " + std::to_string(titleId));
  return q.fetch()[0][0].as<int>();
}

}  // namespace shelf::circ
