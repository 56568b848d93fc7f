#include "events/room_book.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"

#include <cstdio>
#include <stdexcept>

namespace shelf::events {

long long RoomBook::addRoom(const std::string& branch, const std::string& name, int seats) {
  SQLite::Statement insert(db_.raw(), "INSERT INTO rooms (branch, name, seats) VALUES (?, ?, ?)");
  insert.bind(1, branch);
  insert.bind(2, name);
  insert.bind(3, seats);
  insert.exec();
  return db_.lastId();
}

bool RoomBook::isFree(long long roomId, const std::string& day, int startHour, int endHour) {
  std::string sql;
  util::Fmt(sql,
            "SELECT count(*) FROM room_bookings WHERE room_id = %lld AND day = '%s' AND start_hour < %d "
            "AND end_hour > %d",
            roomId, util::sqlQuote(day).c_str(), endHour, startHour);
  return db_.raw().execAndGet(sql).getInt() == 0;
}

long long RoomBook::book(long long roomId, const std::string& day, int startHour, int endHour,
                         const std::string& bookedBy, long long eventId) {
  if (endHour <= startHour) throw std::invalid_argument("a booking ends after it starts");
  if (!isFree(roomId, day, startHour, endHour)) return 0;
  db::LiteQuery q(db_);
  q.setSql(
      "INSERT INTO room_bookings (room_id, day, start_hour, end_hour, booked_by, event_id) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, roomId);
  q.bind(2, day);
  q.bind(3, static_cast<long long>(startHour));
  q.bind(4, static_cast<long long>(endHour));
  q.bind(5, bookedBy);
  q.bind(6, eventId);
  q.run();
  util::Logger::instance().info("room " + std::to_string(roomId) + " booked on " + day);
  return db_.lastId();
}

void RoomBook::cancel(long long bookingId) {
  db_.exec("DELETE FROM room_bookings WHERE id = " + std::to_string(bookingId));
}

std::vector<Room> RoomBook::freeRooms(const std::string& branch, const std::string& day) {
  char sql[384];
  std::snprintf(sql, sizeof sql,
                "SELECT r.id, r.name, r.seats FROM rooms r WHERE r.branch = '%s' AND r.bookable = 1 "
                "AND NOT EXISTS (SELECT 1 FROM room_bookings b WHERE b.room_id = r.id AND b.day = '%s') "
                "ORDER BY r.seats",
                util::sqlQuote(branch).c_str(), util::sqlQuote(day).c_str());
  SQLite::Statement st(db_.raw(), sql);
  std::vector<Room> out;
  while (st.executeStep()) out.push_back(Room{st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getInt()});
  return out;
}

}  // namespace shelf::events
