#include "staff/RoomAllocator.hpp"

#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "scheduling/Appointment.hpp"

std::int64_t RoomAllocator::addRoom(const std::string& name, const std::string& kind) {
    return db_.insert("INSERT INTO rooms(name, kind) VALUES(?, ?)", {name, kind});
}

std::vector<RoomInfo> RoomAllocator::rooms(bool onlyInService) {
    std::string sql = "SELECT id, name, kind, in_service FROM rooms";
    if (onlyInService) {
        sql += " WHERE in_service = 1";
    }
    sql += " ORDER BY name";
    std::vector<RoomInfo> result;
    for (const auto& row : db_.query(sql)) {
        result.push_back({row.integer(std::size_t{0}), row.text(std::size_t{1}), row.text(std::size_t{2}),
                          row.integer(std::size_t{3}) != 0});
    }
    return result;
}

std::int64_t RoomAllocator::findFreeRoom(const std::string& kind, const std::string& start, const std::string& end) {
    auto row = db_.queryOne(
        "SELECT r.id FROM rooms r "
        "WHERE r.kind = ? AND r.in_service = 1 "
        "AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.room_id = r.id "
        "AND a.status NOT IN ('cancelled', 'no_show') AND a.start_time < ? AND a.end_time > ?) "
        "ORDER BY r.id LIMIT 1",
        {kind, end, start});
    if (!row) {
        vet::util::Logger::instance().warn("rooms", "no free " + kind + " room at " + start);
        return 0;
    }
    return row->integer(std::size_t{0});
}

bool RoomAllocator::setInService(std::int64_t roomId, bool inService) {
    return db_.execute("UPDATE rooms SET in_service = ? WHERE id = ?",
                       {inService ? 1 : 0, static_cast<long long>(roomId)}) == 1;
}

double RoomAllocator::utilisation(std::int64_t roomId, const std::string& isoDate) {
    int booked = 0;
    for (const auto& row : db_.query("SELECT start_time, end_time FROM appointments "
                                     "WHERE room_id = ? AND substr(start_time, 1, 10) = ? AND status <> 'cancelled'",
                                     {static_cast<long long>(roomId), isoDate})) {
        booked += vet::scheduling::minutesOfDay(row.text(std::size_t{1})) -
                  vet::scheduling::minutesOfDay(row.text(std::size_t{0}));
    }
    return booked / 600.0;  // ten opening hours
}
