#include "patients/PatientService.hpp"

#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "common/StringUtil.hpp"

#include <sstream>

namespace vet::patients {

PatientService::PatientService(db::Db& db) : db_(db), owners_(db), pets_(db) {}

ClientRegistration PatientService::registerClient(const Owner& owner, const Pet& pet) {
    ClientRegistration result;
    db::TransactionGuard tx(db_);
    std::optional<Owner> existing;
    if (!owner.phone.empty()) {
        existing = owners_.findByPhone(owner.phone);
    }
    if (existing) {
        result.ownerId = existing->id;
        result.existingOwner = true;
    } else {
        result.ownerId = owners_.create(owner);
    }
    Pet copy = pet;
    copy.ownerId = result.ownerId;
    result.petId = pets_.create(copy);
    tx.commit();
    util::Logger::instance().info("patients", "registered pet " + std::to_string(result.petId) + " for owner " +
                                                  std::to_string(result.ownerId));
    return result;
}

std::string PatientService::profile(std::int64_t ownerId) {
    auto owner = owners_.findById(ownerId);
    if (!owner) {
        return "unknown owner " + std::to_string(ownerId);
    }
    std::ostringstream out;
    out << owner->displayName() << " <" << owner->email << "> " << owner->phone << "\n";
    for (const Pet& pet : pets_.findByOwner(ownerId)) {
        out << "  - " << pet.name << " (" << pet.species;
        if (!pet.breed.empty()) {
            out << ", " << pet.breed;
        }
        out << ")";
        auto allergies = pets_.allergiesFor(pet.id);
        if (!allergies.empty()) {
            out << " allergies: "
                << util::joinMapped(allergies, ", ", [](const Allergy& a) { return a.substance + "/" + a.severity; });
        }
        if (pet.deceased) {
            out << " [deceased]";
        }
        out << "\n";
    }
    return out.str();
}

bool PatientService::recordWeighIn(std::int64_t petId, double weightKg) {
    auto pet = pets_.findById(petId);
    if (!pet || pet->deceased) {
        return false;
    }
    if (pet->weightKg > 0.0 && weightKg < pet->weightKg * 0.8) {
        util::Logger::instance().warn("patients", pet->name + " lost more than 20% weight since last visit");
    }
    return pets_.updateWeight(petId, weightKg);
}

std::vector<std::string> PatientService::petsWithAllergy(const std::string& substance) {
    std::vector<std::string> names;
    auto rows = db_.query(
        "SELECT p.name, o.last_name FROM pet_allergies a "
        "JOIN pets p ON p.id = a.pet_id "
        "JOIN owners o ON o.id = p.owner_id "
        "WHERE a.substance = ? ORDER BY p.name",
        {util::toLower(substance)});
    for (const auto& row : rows) {
        names.push_back(row.text(std::size_t{0}) + " (" + row.text(std::size_t{1}) + ")");
    }
    return names;
}

}  // namespace vet::patients
