#include "events/event_calendar.hpp"

#include "circulation/due_dates.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"
#include "db/pg_query.hpp"
#include "db/statement_names.hpp"
#include "events/events_sql.hpp"

namespace shelf::events {

long long EventCalendar::schedule(const std::string& title, const std::string& branch, const std::string& day,
                                  int capacity, long long roomId, int startHour, int endHour) {
  SQLite::Transaction tx(db_.raw());
  SQLite::Statement insert(db_.raw(), "INSERT INTO events (title, branch, day, capacity) VALUES (?, ?, ?, ?)");
  insert.bind(1, title);
  insert.bind(2, branch);
  insert.bind(3, day);
  insert.bind(4, capacity);
  insert.exec();
  const long long eventId = db_.lastId();
  if (roomId != 0 && rooms_.book(roomId, day, startHour, endHour, "events", eventId) == 0) {
    util::Logger::instance().warn("room taken, event not scheduled: " + title);
    return 0;  // rolled back
  }
  tx.commit();
  return eventId;
}

bool EventCalendar::signUp(long long eventId, const std::string& cardNo) {
  // The patron register moved to the central server; the branch code asks it
  // directly with the shared prepared statement.
  pqxx::work w(pg_.conn());
  pqxx::result patron = w.exec_prepared(db::stmt::kPatronByCard, util::toUpper(cardNo));
  w.commit();
  if (patron.empty()) return false;
  const long long patronId = patron[0][0].as<long long>();

  const std::string id = std::to_string(eventId);
  const long long taken = db_.scalar("SELECT count(*) FROM event_signups WHERE event_id = " + id);
  const long long capacity = db_.scalar("SELECT capacity FROM events WHERE id = " + id);
  if (taken >= capacity) return false;
  SQLite::Statement insert(db_.raw(),
                           "INSERT OR IGNORE INTO event_signups (event_id, patron_id, signed_on) VALUES (?, ?, ?)");
  insert.bind(1, static_cast<int64_t>(eventId));
  insert.bind(2, static_cast<int64_t>(patronId));
  insert.bind(3, circ::todayIso());
  return insert.exec() == 1;
}

std::vector<std::string> EventCalendar::attendees(long long eventId) {
  db::LiteQuery q(db_);
  q.setSql("SELECT patron_id FROM event_signups WHERE event_id = ? ORDER BY signed_on");
  q.bind(1, eventId);
  std::vector<std::string> ids;
  for (const auto& row : q.rows()) ids.push_back(row[0]);
  if (ids.empty()) return {};
  db::PgQuery names(pg_, "SELECT full_name FROM patrons WHERE id IN (" + util::join(ids, ", ") + ") ORDER BY 1");
  std::vector<std::string> out;
  for (const auto& row : names.fetch()) out.emplace_back(row[0].c_str());
  return out;
}

std::vector<EventInfo> EventCalendar::upcoming(const std::string& branch, const std::string& from) {
  SQLite::Statement st(db_.raw(), kUpcomingEvents);
  st.bind(1, branch);
  st.bind(2, from);
  std::vector<EventInfo> out;
  while (st.executeStep()) {
    out.push_back(EventInfo{st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                            st.getColumn(3).getInt(), st.getColumn(4).getInt()});
  }
  return out;
}

void EventCalendar::markAttended(long long eventId, long long patronId) {
  std::string sql;
  util::Fmt(sql, "UPDATE event_signups SET attended = 1 WHERE event_id = %lld AND patron_id = %lld", eventId,
            patronId);
  db_.raw().exec(sql);
}

void EventCalendar::cancelEvent(long long eventId) {
  const std::string id = std::to_string(eventId);
  SQLite::Transaction tx(db_.raw());
  db_.exec("DELETE FROM event_signups WHERE event_id = " + id);
  db_.exec("DELETE FROM room_bookings WHERE event_id = " + id);
  db_.exec("DELETE FROM events WHERE id = " + id);
  tx.commit();
  util::Logger::instance().info("event " + id + " cancelled");
}

}  // namespace shelf::events
