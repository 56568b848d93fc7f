#pragma once

#include "db/lite.hpp"

#include <string>
#include <vector>

namespace shelf::events {

struct Room {
  long long id = 0;
  std::string name;
  int seats = 0;
};

class RoomBook {
 public:
  explicit RoomBook(db::Lite& branch) : db_(branch) {}

  long long addRoom(const std::string& branch, const std::string& name, int seats);
  bool isFree(long long roomId, const std::string& day, int startHour, int endHour);
  long long book(long long roomId, const std::string& day, int startHour, int endHour, const std::string& bookedBy,
                 long long eventId = 0);
  void cancel(long long bookingId);
  std::vector<Room> freeRooms(const std::string& branch, const std::string& day);

 private:
  db::Lite& db_;
};

}  // namespace shelf::events
