#pragma once

#include "db/lite.hpp"
#include "db/pg.hpp"
#include "events/room_book.hpp"

#include <string>
#include <vector>

namespace shelf::events {

struct EventInfo {
  long long id = 0;
  std::string title;
  std::string day;
  int capacity = 0;
  int taken = 0;
};

class EventCalendar {
 public:
  EventCalendar(db::Lite& branch, db::Pg& pg, RoomBook& rooms) : db_(branch), pg_(pg), rooms_(rooms) {}

  long long schedule(const std::string& title, const std::string& branch, const std::string& day, int capacity,
                     long long roomId, int startHour, int endHour);
  bool signUp(long long eventId, const std::string& cardNo);
  std::vector<std::string> attendees(long long eventId);
  std::vector<EventInfo> upcoming(const std::string& branch, const std::string& from);
  void markAttended(long long eventId, long long patronId);
  void cancelEvent(long long eventId);

 private:
  db::Lite& db_;
  db::Pg& pg_;
  RoomBook& rooms_;
};

}  // namespace shelf::events
