#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::medical {

struct VaccinationDue {
    std::int64_t petId = 0;
    std::int64_t ownerId = 0;
    std::string petName;
    std::string vaccine;
    std::string dueDate;
};

class VaccinationTracker {
public:
    explicit VaccinationTracker(db::Db& db) : db_(db) {}

    std::int64_t record(std::int64_t petId, std::int64_t vetId, const std::string& vaccine,
                        const std::string& givenOn, int validMonths, const std::string& batchNo);
    std::vector<VaccinationDue> dueWithin(int days);
    bool isCovered(std::int64_t petId, const std::string& vaccine, const std::string& onDate);
    int overdueCount();

private:
    db::Db& db_;
};

}  // namespace vet::medical
