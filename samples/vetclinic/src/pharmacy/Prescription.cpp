#include "pharmacy/Prescription.hpp"

#include "billing/Money.hpp"
#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "pharmacy/Inventory.hpp"

#include <stdexcept>

namespace vet::pharmacy {

namespace {

static const char* const kPrescriptionColumns =
    "p.id, p.pet_id, p.vet_id, p.item_id, i.name, p.quantity, p.refills_left, p.instructions, p.prescribed_on, "
    "p.dispensed_on";

Prescription prescriptionFrom(const db::Row& row) {
    Prescription p;
    p.id = row.integer(std::size_t{0});
    p.petId = row.integer(std::size_t{1});
    p.vetId = row.integer(std::size_t{2});
    p.itemId = row.integer(std::size_t{3});
    p.itemName = row.text(std::size_t{4});
    p.quantity = static_cast<int>(row.integer(std::size_t{5}));
    p.refillsLeft = static_cast<int>(row.integer(std::size_t{6}));
    p.instructions = row.text(std::size_t{7});
    p.prescribedOn = row.text(std::size_t{8});
    p.dispensedOn = row.text(std::size_t{9});
    return p;
}

}  // namespace

std::int64_t PrescriptionService::prescribe(std::int64_t petId, std::int64_t vetId, const std::string& sku,
                                            int quantity, int refills, const std::string& instructions) {
    auto item = inventory_.findBySku(sku);
    if (!item) {
        throw std::invalid_argument("unknown sku " + sku);
    }
    // Controlled drugs need the vet to be licensed; the license lives in the staff table.
    if (item->controlled) {
        auto license = db_.queryOne("SELECT license_no FROM staff WHERE id = ? AND role = 'vet' AND active = 1",
                                    {static_cast<long long>(vetId)});
        if (!license || license->text(std::size_t{0}).empty()) {
            throw std::runtime_error("controlled drug prescribed by a non-licensed member of staff");
        }
    }
    return db_.insert("INSERT INTO prescriptions(pet_id, vet_id, item_id, quantity, refills_left, instructions, "
                      "prescribed_on) VALUES(?, ?, ?, ?, ?, ?, ?)",
                      {static_cast<long long>(petId), static_cast<long long>(vetId), static_cast<long long>(item->id),
                       quantity, refills, instructions, billing::todayIso()});
}

bool PrescriptionService::dispense(std::int64_t prescriptionId) {
    auto row = db_.queryOne("SELECT item_id, quantity, dispensed_on FROM prescriptions WHERE id = ?",
                            {static_cast<long long>(prescriptionId)});
    if (!row || !row->isNull(2)) {
        return false;
    }
    inventory_.adjust(row->integer(std::size_t{0}), -static_cast<int>(row->integer(std::size_t{1})),
                      "prescription " + std::to_string(prescriptionId));
    db_.execute("UPDATE prescriptions SET dispensed_on = date('now') WHERE id = ?",
                {static_cast<long long>(prescriptionId)});
    return true;
}

bool PrescriptionService::refill(std::int64_t prescriptionId) {
    int changed = db_.execute("UPDATE prescriptions SET refills_left = refills_left - 1, dispensed_on = NULL "
                              "WHERE id = ? AND refills_left > 0",
                              {static_cast<long long>(prescriptionId)});
    if (changed != 1) {
        util::Logger::instance().info("pharmacy", "no refills left on prescription " + std::to_string(prescriptionId));
        return false;
    }
    return dispense(prescriptionId);
}

std::vector<Prescription> PrescriptionService::activeFor(std::int64_t petId) {
    std::vector<Prescription> result;
    std::string sql = std::string("SELECT ") + kPrescriptionColumns +
                      " FROM prescriptions p JOIN inventory_items i ON i.id = p.item_id "
                      "WHERE p.pet_id = ? AND (p.dispensed_on IS NULL OR p.refills_left > 0) ORDER BY p.id";
    for (const auto& row : db_.query(sql, {static_cast<long long>(petId)})) {
        result.push_back(prescriptionFrom(row));
    }
    return result;
}

std::vector<Prescription> PrescriptionService::refillsDue(int withinDays) {
    std::vector<Prescription> result;
    const std::string sql = std::string("SELECT ") + kPrescriptionColumns +
                            " FROM prescriptions p JOIN inventory_items i ON i.id = p.item_id "
                            "WHERE p.refills_left > 0 AND p.dispensed_on IS NOT NULL "
                            "AND julianday('now') - julianday(p.dispensed_on) >= 30 - ?";
    for (const auto& row : db_.query(sql, {withinDays})) {
        result.push_back(prescriptionFrom(row));
    }
    return result;
}

}  // namespace vet::pharmacy
