#include "staff/ShiftPlanner.hpp"

#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "scheduling/Appointment.hpp"

#include <cstdio>
#include <stdexcept>

namespace vet::staff {

std::int64_t ShiftPlanner::assign(std::int64_t staffId, const std::string& isoDate, int startHour, int endHour,
                                  bool onCall) {
    if (endHour <= startHour || startHour < 0 || endHour > 24) {
        throw std::invalid_argument("bad shift hours");
    }
    std::int64_t overlapping = db_.scalar(
        "SELECT COUNT(*) FROM shifts WHERE staff_id = ? AND shift_date = ? AND start_hour < ? AND end_hour > ?",
        {static_cast<long long>(staffId), isoDate, endHour, startHour});
    if (overlapping > 0) {
        util::Logger::instance().warn("staff", "shift overlaps an existing one");
        return 0;
    }
    return db_.insert("INSERT INTO shifts(staff_id, shift_date, start_hour, end_hour, on_call) VALUES(?, ?, ?, ?, ?)",
                      {static_cast<long long>(staffId), isoDate, startHour, endHour, onCall ? 1 : 0});
}

std::vector<Shift> ShiftPlanner::roster(const std::string& isoDate) {
    std::vector<Shift> shifts;
    auto rows = db_.query(
        "SELECT sh.id, sh.staff_id, st.first_name || ' ' || st.last_name, sh.shift_date, sh.start_hour, sh.end_hour, "
        "sh.on_call FROM shifts sh JOIN staff st ON st.id = sh.staff_id "
        "WHERE sh.shift_date = ? AND st.active = 1 ORDER BY sh.start_hour",
        {isoDate});
    for (const auto& row : rows) {
        Shift s;
        s.id = row.integer(std::size_t{0});
        s.staffId = row.integer(std::size_t{1});
        s.staffName = row.text(std::size_t{2});
        s.date = row.text(std::size_t{3});
        s.startHour = static_cast<int>(row.integer(std::size_t{4}));
        s.endHour = static_cast<int>(row.integer(std::size_t{5}));
        s.onCall = row.integer(std::size_t{6}) != 0;
        shifts.push_back(s);
    }
    return shifts;
}

std::vector<Shift> ShiftPlanner::shiftsOf(std::int64_t staffId, const std::string& fromIso, const std::string& toIso) {
    char sql[256];
    std::snprintf(sql, sizeof sql,
                  "SELECT id, shift_date, start_hour, end_hour, on_call FROM shifts "
                  "WHERE staff_id = %lld AND shift_date BETWEEN ? AND ? ORDER BY shift_date",
                  static_cast<long long>(staffId));
    std::vector<Shift> shifts;
    for (const auto& row : db_.query(sql, {fromIso, toIso})) {
        Shift s;
        s.id = row.integer(std::size_t{0});
        s.staffId = staffId;
        s.date = row.text(std::size_t{1});
        s.startHour = static_cast<int>(row.integer(std::size_t{2}));
        s.endHour = static_cast<int>(row.integer(std::size_t{3}));
        s.onCall = row.integer(std::size_t{4}) != 0;
        shifts.push_back(s);
    }
    return shifts;
}

int ShiftPlanner::hoursWorked(std::int64_t staffId, const std::string& fromIso, const std::string& toIso) {
    auto shifts = shiftsOf(staffId, fromIso, toIso);
    return sumBy(shifts, [](const Shift& s) { return s.onCall ? 0 : s.hours(); });
}

std::map<std::string, int> ShiftPlanner::coverageGaps(const std::string& isoDate, int openHour, int closeHour) {
    std::map<std::string, int> vetsPerHour;
    auto shifts = roster(isoDate);
    for (int hour = openHour; hour < closeHour; ++hour) {
        char label[16];
        std::snprintf(label, sizeof label, "%02d:00", hour);
        int covering = 0;
        for (const auto& shift : shifts) {
            if (shift.startHour <= hour && hour < shift.endHour && !shift.onCall) {
                ++covering;
            }
        }
        if (covering == 0) {
            vetsPerHour[label] = 0;
        }
    }
    return vetsPerHour;
}

bool ShiftPlanner::isOnDuty(std::int64_t staffId, const std::string& dateTime) {
    int hour = scheduling::minutesOfDay(dateTime) / 60;
    return db_.scalar("SELECT COUNT(*) FROM shifts WHERE staff_id = ? AND shift_date = ? AND start_hour <= ? "
                      "AND end_hour > ?",
                      {static_cast<long long>(staffId), dateTime.substr(0, 10), hour, hour}) > 0;
}

}  // namespace vet::staff
