#pragma once

#include "scheduling/Appointment.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::scheduling {

class AppointmentBook {
public:
    explicit AppointmentBook(db::Db& db) : db_(db) {}

    // Returns the new appointment id, or 0 when the vet is busy.
    std::int64_t book(std::int64_t petId, std::int64_t vetId, std::int64_t roomId, const std::string& start,
                      int minutes, const std::string& reason);
    bool cancel(std::int64_t appointmentId, const std::string& why);
    bool reschedule(std::int64_t appointmentId, const std::string& newStart);
    bool checkIn(std::int64_t appointmentId);
    bool complete(std::int64_t appointmentId);
    std::optional<Appointment> find(std::int64_t appointmentId);
    std::vector<AgendaLine> dayAgenda(const std::string& isoDate);
    TimeSlot suggestSlot(std::int64_t vetId, const std::string& isoDate, int minutes);

    std::int64_t addToWaitlist(std::int64_t petId, const std::string& reason, const std::string& preferredDate);
    int promoteFromWaitlist(const std::string& isoDate, std::int64_t vetId,
                            const std::function<void(std::int64_t petId, std::int64_t appointmentId)>& onBooked);
    int markNoShows(const std::string& isoDate);

private:
    bool vetIsFree(std::int64_t vetId, const std::string& start, const std::string& end, std::int64_t ignoreId);
    db::Db& db_;
};

}  // namespace vet::scheduling
