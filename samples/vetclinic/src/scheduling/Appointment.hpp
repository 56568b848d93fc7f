#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vet::scheduling {

struct Appointment {
    std::int64_t id = 0;
    std::int64_t petId = 0;
    std::int64_t vetId = 0;
    std::int64_t roomId = 0;
    std::string start;  // "yyyy-mm-dd HH:MM"
    std::string end;
    std::string reason;
    std::string status;
};

struct AgendaLine {
    std::int64_t appointmentId = 0;
    std::string start;
    std::string petName;
    std::string ownerName;
    std::string vetName;
    std::string status;
};

// Minutes since midnight, half-open [from, to).
struct TimeSlot {
    int from = 0;
    int to = 0;
    int length() const { return to - from; }
};

bool overlaps(const TimeSlot& a, const TimeSlot& b);
// First slot of `minutes` inside [dayStart, dayEnd) that avoids every busy slot; from = -1 when none.
TimeSlot nextFreeSlot(std::vector<TimeSlot> busy, int minutes, int dayStart, int dayEnd);
int minutesOfDay(const std::string& dateTime);
std::string withMinutes(const std::string& dateTime, int minutesOfDay);

}  // namespace vet::scheduling
