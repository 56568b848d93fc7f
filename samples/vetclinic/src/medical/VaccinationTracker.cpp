#include "medical/VaccinationTracker.hpp"

#include "billing/Money.hpp"
#include "common/Db.hpp"
#include "common/StringUtil.hpp"

#include <cstdio>

namespace vet::medical {

std::int64_t VaccinationTracker::record(std::int64_t petId, std::int64_t vetId, const std::string& vaccine,
                                        const std::string& givenOn, int validMonths, const std::string& batchNo) {
    const std::string due = billing::addDays(givenOn, validMonths * 30);
    return db_.insert("INSERT INTO vaccinations(pet_id, vaccine, given_on, due_date, batch_no, vet_id) "
                      "VALUES(?, ?, ?, ?, ?, ?)",
                      {static_cast<long long>(petId), util::toLower(vaccine), givenOn, due, batchNo,
                       static_cast<long long>(vetId)});
}

std::vector<VaccinationDue> VaccinationTracker::dueWithin(int days) {
    char sql[512];
    std::snprintf(sql, sizeof sql,
                  "SELECT v.pet_id, p.owner_id, p.name, v.vaccine, MAX(v.due_date) FROM vaccinations v "
                  "JOIN pets p ON p.id = v.pet_id WHERE p.deceased = 0 "
                  "GROUP BY v.pet_id, v.vaccine HAVING MAX(v.due_date) <= date('now', '+%d days') "
                  "ORDER BY 5",
                  days);
    std::vector<VaccinationDue> due;
    for (const auto& row : db_.query(sql)) {
        VaccinationDue item;
        item.petId = row.integer(std::size_t{0});
        item.ownerId = row.integer(std::size_t{1});
        item.petName = row.text(std::size_t{2});
        item.vaccine = row.text(std::size_t{3});
        item.dueDate = row.text(std::size_t{4});
        due.push_back(item);
    }
    return due;
}

bool VaccinationTracker::isCovered(std::int64_t petId, const std::string& vaccine, const std::string& onDate) {
    return db_.scalar("SELECT COUNT(*) FROM vaccinations WHERE pet_id = ? AND vaccine = ? AND given_on <= ? "
                      "AND due_date >= ?",
                      {static_cast<long long>(petId), util::toLower(vaccine), onDate, onDate}) > 0;
}

int VaccinationTracker::overdueCount() {
    return static_cast<int>(db_.scalar(
        "SELECT COUNT(*) FROM (SELECT pet_id, vaccine FROM vaccinations GROUP BY pet_id, vaccine "
        "HAVING MAX(due_date) < date('now'))"));
}

}  // namespace vet::medical
