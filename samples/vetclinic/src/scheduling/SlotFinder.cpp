#include "scheduling/Appointment.hpp"

#include <algorithm>
#include <cstdio>

namespace vet::scheduling {

bool overlaps(const TimeSlot& a, const TimeSlot& b) { return a.from < b.to && b.from < a.to; }

TimeSlot nextFreeSlot(std::vector<TimeSlot> busy, int minutes, int dayStart, int dayEnd) {
    std::sort(busy.begin(), busy.end(), [](const TimeSlot& l, const TimeSlot& r) { return l.from < r.from; });
    TimeSlot candidate{dayStart, dayStart + minutes};
    for (const TimeSlot& slot : busy) {
        if (!overlaps(candidate, slot)) {
            if (candidate.to <= slot.from) {
                break;
            }
            continue;
        }
        candidate = TimeSlot{slot.to, slot.to + minutes};
    }
    if (candidate.to > dayEnd) {
        return TimeSlot{-1, -1};
    }
    return candidate;
}

int minutesOfDay(const std::string& dateTime) {
    int hours = 0;
    int mins = 0;
    if (dateTime.size() < 16 || std::sscanf(dateTime.c_str() + 11, "%2d:%2d", &hours, &mins) != 2) {
        return 0;
    }
    return hours * 60 + mins;
}

std::string withMinutes(const std::string& dateTime, int minutesOfDay) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10s %02d:%02d", dateTime.c_str(), minutesOfDay / 60, minutesOfDay % 60);
    return buffer;
}

}  // namespace vet::scheduling
