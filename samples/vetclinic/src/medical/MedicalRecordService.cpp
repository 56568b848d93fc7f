#include "medical/MedicalRecordService.hpp"

#include "common/Db.hpp"
#include "common/Logger.hpp"

#include <cstdio>
#include <stdexcept>

namespace vet::medical {

namespace {

const char* const kTreatmentSelect =
    "SELECT id, item_id, description, quantity, fee_cents FROM treatments WHERE record_id = ? ORDER BY id";

}  // namespace

std::int64_t MedicalRecordService::openForAppointment(std::int64_t appointmentId) {
    auto appt = db_.queryOne("SELECT pet_id, vet_id, status FROM appointments WHERE id = ?",
                             {static_cast<long long>(appointmentId)});
    if (!appt) {
        throw std::runtime_error("no appointment " + std::to_string(appointmentId));
    }
    if (appt->text("status") != "checked_in") {
        util::Logger::instance().warn("medical", "opening a chart for an appointment that is " + appt->text("status"));
    }
    std::int64_t recordId =
        db_.insert("INSERT INTO medical_records(pet_id, appointment_id, vet_id, opened_at) "
                   "VALUES(?, ?, ?, datetime('now'))",
                   {static_cast<long long>(appt->integer("pet_id")), static_cast<long long>(appointmentId),
                    static_cast<long long>(appt->integer("vet_id"))});
    // The medical team owns the "in_progress" status; nobody else sets it.
    db_.execute("UPDATE appointments SET status = 'in_progress' WHERE id = ?", {static_cast<long long>(appointmentId)});
    return recordId;
}

std::int64_t MedicalRecordService::addTreatment(std::int64_t recordId, const TreatmentLine& line) {
    return db_.insert("INSERT INTO treatments(record_id, item_id, description, quantity, fee_cents, performed_at) "
                      "VALUES(?, ?, ?, ?, ?, datetime('now'))",
                      {static_cast<long long>(recordId),
                       line.itemId > 0 ? db::Value(static_cast<long long>(line.itemId)) : db::Value(),
                       line.description, line.quantity, static_cast<long long>(line.fee.cents())});
}

bool MedicalRecordService::close(std::int64_t recordId, const std::string& diagnosis, const std::string& notes) {
    return db_.execute("UPDATE medical_records SET closed_at = datetime('now'), diagnosis = ?, notes = ? "
                       "WHERE id = ? AND closed_at IS NULL",
                       {diagnosis, notes, static_cast<long long>(recordId)}) == 1;
}

std::vector<TreatmentLine> MedicalRecordService::treatmentsOf(std::int64_t recordId) {
    std::vector<TreatmentLine> lines;
    for (const auto& row : db_.query(kTreatmentSelect, {static_cast<long long>(recordId)})) {
        TreatmentLine line;
        line.id = row.integer(std::size_t{0});
        line.itemId = row.integer(std::size_t{1});
        line.description = row.text(std::size_t{2});
        line.quantity = static_cast<int>(row.integer(std::size_t{3}));
        line.fee = billing::Money(row.integer(std::size_t{4}));
        lines.push_back(line);
    }
    return lines;
}

std::optional<MedicalRecord> MedicalRecordService::load(std::int64_t recordId) {
    auto row = db_.queryOne("SELECT id, pet_id, appointment_id, vet_id, opened_at, closed_at, diagnosis, notes "
                            "FROM medical_records WHERE id = ?",
                            {static_cast<long long>(recordId)});
    if (!row) {
        return std::nullopt;
    }
    MedicalRecord record;
    record.id = row->integer(std::size_t{0});
    record.petId = row->integer(std::size_t{1});
    record.appointmentId = row->integer(std::size_t{2});
    record.vetId = row->integer(std::size_t{3});
    record.openedAt = row->text(std::size_t{4});
    record.closedAt = row->text(std::size_t{5});
    record.diagnosis = row->text(std::size_t{6});
    record.notes = row->text(std::size_t{7});
    record.treatments = treatmentsOf(recordId);
    return record;
}

std::optional<std::int64_t> MedicalRecordService::recordForAppointment(std::int64_t appointmentId) {
    auto row = db_.queryOne("SELECT id FROM medical_records WHERE appointment_id = ? ORDER BY id DESC LIMIT 1",
                            {static_cast<long long>(appointmentId)});
    if (!row) {
        return std::nullopt;
    }
    return row->integer(std::size_t{0});
}

std::vector<MedicalRecord> MedicalRecordService::history(std::int64_t petId, int limit) {
    char sql[200];
    std::snprintf(sql, sizeof sql,
                  "SELECT id FROM medical_records WHERE pet_id = ? ORDER BY opened_at DESC LIMIT %d", limit);
    std::vector<MedicalRecord> records;
    for (const auto& row : db_.query(sql, {static_cast<long long>(petId)})) {
        if (auto record = load(row.integer(std::size_t{0}))) {
            records.push_back(*record);
        }
    }
    return records;
}

billing::Money MedicalRecordService::treatmentTotal(std::int64_t recordId) {
    billing::Money total;
    for (const auto& line : treatmentsOf(recordId)) {
        total += line.fee * line.quantity;
    }
    return total;
}

}  // namespace vet::medical
