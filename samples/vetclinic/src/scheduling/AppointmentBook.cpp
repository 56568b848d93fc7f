#include "scheduling/AppointmentBook.hpp"

#include "billing/Money.hpp"
#include "common/Db.hpp"
#include "common/Logger.hpp"

namespace vet::scheduling {

namespace {

const char* const kComponent = "scheduling";

std::string endOf(const std::string& start, int minutes) { return withMinutes(start, minutesOfDay(start) + minutes); }

Appointment appointmentFrom(const db::Row& row) {
    Appointment a;
    a.id = row.integer("id");
    a.petId = row.integer("pet_id");
    a.vetId = row.integer("vet_id");
    a.roomId = row.integer("room_id");
    a.start = row.text("start_time");
    a.end = row.text("end_time");
    a.reason = row.text("reason");
    a.status = row.text("status");
    return a;
}

}  // namespace

bool AppointmentBook::vetIsFree(std::int64_t vetId, const std::string& start, const std::string& end,
                                std::int64_t ignoreId) {
    std::int64_t clashes = db_.scalar(R"SQL(
        SELECT COUNT(*) FROM appointments
         WHERE vet_id = ?
           AND id <> ?
           AND status NOT IN ('cancelled', 'no_show')
           AND start_time < ?
           AND end_time > ?
    )SQL",
                                      {static_cast<long long>(vetId), static_cast<long long>(ignoreId), end, start});
    return clashes == 0;
}

std::int64_t AppointmentBook::book(std::int64_t petId, std::int64_t vetId, std::int64_t roomId,
                                   const std::string& start, int minutes, const std::string& reason) {
    const std::string end = endOf(start, minutes);
    if (!vetIsFree(vetId, start, end, 0)) {
        util::Logger::instance().warn(kComponent, "vet " + std::to_string(vetId) + " is busy at " + start);
        return 0;
    }
    std::int64_t id = db_.insert(R"SQL(
        INSERT INTO appointments(pet_id, vet_id, room_id, start_time, end_time, reason, status, created_at)
        VALUES(?, ?, ?, ?, ?, ?, 'booked', ?)
    )SQL",
                                 {static_cast<long long>(petId), static_cast<long long>(vetId),
                                  roomId > 0 ? db::Value(static_cast<long long>(roomId)) : db::Value(), start, end,
                                  reason, billing::todayIso()});
    util::Logger::instance().info(kComponent, "booked appointment " + std::to_string(id) + " at " + start);
    return id;
}

bool AppointmentBook::cancel(std::int64_t appointmentId, const std::string& why) {
    int changed = db_.execute(R"SQL(UPDATE appointments SET status = 'cancelled', reason = reason || ' / cancelled: ' || ?
                                    WHERE id = ? AND status IN ('booked', 'checked_in'))SQL",
                              {why, static_cast<long long>(appointmentId)});
    return changed == 1;
}

bool AppointmentBook::reschedule(std::int64_t appointmentId, const std::string& newStart) {
    auto current = find(appointmentId);
    if (!current || current->status != "booked") {
        return false;
    }
    int minutes = minutesOfDay(current->end) - minutesOfDay(current->start);
    const std::string newEnd = endOf(newStart, minutes);
    if (!vetIsFree(current->vetId, newStart, newEnd, appointmentId)) {
        return false;
    }
    return db_.execute("UPDATE appointments SET start_time = ?, end_time = ? WHERE id = ?",
                       {newStart, newEnd, static_cast<long long>(appointmentId)}) == 1;
}

bool AppointmentBook::checkIn(std::int64_t appointmentId) {
    return db_.execute("UPDATE appointments SET status = 'checked_in' WHERE id = ? AND status = 'booked'",
                       {static_cast<long long>(appointmentId)}) == 1;
}

bool AppointmentBook::complete(std::int64_t appointmentId) {
    return db_.execute("UPDATE appointments SET status = 'done' "
                       "WHERE id = ? AND status IN ('checked_in', 'in_progress')",
                       {static_cast<long long>(appointmentId)}) == 1;
}

std::optional<Appointment> AppointmentBook::find(std::int64_t appointmentId) {
    auto row = db_.queryOne(
        R"SQL(SELECT id, pet_id, vet_id, room_id, start_time, end_time, reason, status
              FROM appointments WHERE id = ?)SQL",
        {static_cast<long long>(appointmentId)});
    if (!row) {
        return std::nullopt;
    }
    return appointmentFrom(*row);
}

std::vector<AgendaLine> AppointmentBook::dayAgenda(const std::string& isoDate) {
    static const std::string kAgenda = R"SQL(
        SELECT a.id, a.start_time, p.name, o.last_name, s.last_name, a.status
          FROM appointments a
          JOIN pets   p ON p.id = a.pet_id
          JOIN owners o ON o.id = p.owner_id
          JOIN staff  s ON s.id = a.vet_id
         WHERE substr(a.start_time, 1, 10) = ?
         ORDER BY a.start_time
    )SQL";
    std::vector<AgendaLine> lines;
    for (const auto& row : db_.query(kAgenda, {isoDate})) {
        AgendaLine line;
        line.appointmentId = row.integer(std::size_t{0});
        line.start = row.text(std::size_t{1});
        line.petName = row.text(std::size_t{2});
        line.ownerName = row.text(std::size_t{3});
        line.vetName = "Dr. " + row.text(std::size_t{4});
        line.status = row.text(std::size_t{5});
        lines.push_back(line);
    }
    return lines;
}

TimeSlot AppointmentBook::suggestSlot(std::int64_t vetId, const std::string& isoDate, int minutes) {
    std::vector<TimeSlot> busy;
    auto rows = db_.query("SELECT start_time, end_time FROM appointments "
                          "WHERE vet_id = ? AND substr(start_time, 1, 10) = ? AND status <> 'cancelled'",
                          {static_cast<long long>(vetId), isoDate});
    for (const auto& row : rows) {
        busy.push_back(TimeSlot{minutesOfDay(row.text(std::size_t{0})), minutesOfDay(row.text(std::size_t{1}))});
    }
    return nextFreeSlot(busy, minutes, 8 * 60, 18 * 60);
}

std::int64_t AppointmentBook::addToWaitlist(std::int64_t petId, const std::string& reason,
                                            const std::string& preferredDate) {
    return db_.insert("INSERT INTO waitlist(pet_id, reason, preferred_date, added_at) VALUES(?, ?, ?, ?)",
                      {static_cast<long long>(petId), reason, preferredDate, billing::todayIso()});
}

int AppointmentBook::promoteFromWaitlist(
    const std::string& isoDate, std::int64_t vetId,
    const std::function<void(std::int64_t petId, std::int64_t appointmentId)>& onBooked) {
    auto waiting = db_.query(R"SQL(
        SELECT id, pet_id, reason FROM waitlist
         WHERE preferred_date IS NULL OR preferred_date <= ?
         ORDER BY added_at, id
    )SQL",
                             {isoDate});
    int promoted = 0;
    for (const auto& entry : waiting) {
        TimeSlot slot = suggestSlot(vetId, isoDate, 30);
        if (slot.from < 0) {
            break;
        }
        std::int64_t petId = entry.integer("pet_id");
        std::int64_t id = book(petId, vetId, 0, withMinutes(isoDate + " 00:00", slot.from), 30, entry.text("reason"));
        if (id == 0) {
            break;
        }
        db_.execute("DELETE FROM waitlist WHERE id = ?", {static_cast<long long>(entry.integer("id"))});
        ++promoted;
        if (onBooked) {
            onBooked(petId, id);
        }
    }
    return promoted;
}

int AppointmentBook::markNoShows(const std::string& isoDate) {
    auto stale = db_.query("SELECT id FROM appointments WHERE status = 'booked' AND substr(start_time, 1, 10) < ?",
                           {isoDate});
    int marked = 0;
    auto mark = [&](std::int64_t id) {
        marked += db_.execute("UPDATE appointments SET status = 'no_show' WHERE id = ?", {static_cast<long long>(id)});
    };
    for (const auto& row : stale) {
        mark(row.integer(std::size_t{0}));
    }
    return marked;
}

}  // namespace vet::scheduling
