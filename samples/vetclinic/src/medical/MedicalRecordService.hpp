#pragma once

#include "billing/Money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::medical {

struct TreatmentLine {
    std::int64_t id = 0;
    std::int64_t itemId = 0;  // 0 when no drug or consumable was used
    std::string description;
    int quantity = 1;
    billing::Money fee;
};

struct MedicalRecord {
    std::int64_t id = 0;
    std::int64_t petId = 0;
    std::int64_t appointmentId = 0;
    std::int64_t vetId = 0;
    std::string openedAt;
    std::string closedAt;
    std::string diagnosis;
    std::string notes;
    std::vector<TreatmentLine> treatments;

    bool isOpen() const { return closedAt.empty(); }
};

class MedicalRecordService {
public:
    explicit MedicalRecordService(db::Db& db) : db_(db) {}

    // Opens the chart for a checked-in appointment and moves the appointment on.
    std::int64_t openForAppointment(std::int64_t appointmentId);
    std::int64_t addTreatment(std::int64_t recordId, const TreatmentLine& line);
    bool close(std::int64_t recordId, const std::string& diagnosis, const std::string& notes);
    std::optional<MedicalRecord> load(std::int64_t recordId);
    std::optional<std::int64_t> recordForAppointment(std::int64_t appointmentId);
    std::vector<MedicalRecord> history(std::int64_t petId, int limit);
    billing::Money treatmentTotal(std::int64_t recordId);

private:
    std::vector<TreatmentLine> treatmentsOf(std::int64_t recordId);
    db::Db& db_;
};

}  // namespace vet::medical
