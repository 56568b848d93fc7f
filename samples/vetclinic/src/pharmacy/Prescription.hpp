#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::pharmacy {

class InventoryManager;

struct Prescription {
    std::int64_t id = 0;
    std::int64_t petId = 0;
    std::int64_t vetId = 0;
    std::int64_t itemId = 0;
    std::string itemName;
    int quantity = 0;
    int refillsLeft = 0;
    std::string instructions;
    std::string prescribedOn;
    std::string dispensedOn;
};

class PrescriptionService {
public:
    PrescriptionService(db::Db& db, InventoryManager& inventory) : db_(db), inventory_(inventory) {}

    std::int64_t prescribe(std::int64_t petId, std::int64_t vetId, const std::string& sku, int quantity, int refills,
                           const std::string& instructions);
    bool dispense(std::int64_t prescriptionId);
    bool refill(std::int64_t prescriptionId);
    std::vector<Prescription> activeFor(std::int64_t petId);
    std::vector<Prescription> refillsDue(int withinDays);

private:
    db::Db& db_;
    InventoryManager& inventory_;
};

}  // namespace vet::pharmacy
