#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::staff {

struct Shift {
    std::int64_t id = 0;
    std::int64_t staffId = 0;
    std::string staffName;
    std::string date;
    int startHour = 0;
    int endHour = 0;
    bool onCall = false;

    int hours() const { return endHour - startHour; }
};

template <typename Container, typename Fn>
auto sumBy(const Container& items, Fn fn) -> decltype(fn(*items.begin())) {
    decltype(fn(*items.begin())) total{};
    for (const auto& item : items) {
        total += fn(item);
    }
    return total;
}

class ShiftPlanner {
public:
    explicit ShiftPlanner(db::Db& db) : db_(db) {}

    std::int64_t assign(std::int64_t staffId, const std::string& isoDate, int startHour, int endHour, bool onCall);
    std::vector<Shift> roster(const std::string& isoDate);
    std::vector<Shift> shiftsOf(std::int64_t staffId, const std::string& fromIso, const std::string& toIso);
    int hoursWorked(std::int64_t staffId, const std::string& fromIso, const std::string& toIso);
    std::map<std::string, int> coverageGaps(const std::string& isoDate, int openHour, int closeHour);
    bool isOnDuty(std::int64_t staffId, const std::string& dateTime);

private:
    db::Db& db_;
};

}  // namespace vet::staff
