#include "patients/PetRepository.hpp"

#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "patients/PatientSql.hpp"

namespace vet::patients {

PetRepository::PetRepository(db::Db& db) : db_(db), cols_(sql::kPetColumns) {}

Pet PetRepository::fromRow(const db::Row& row) const {
    Pet pet;
    pet.id = row.integer("id");
    pet.ownerId = row.integer("owner_id");
    pet.name = row.text("name");
    pet.species = row.text("species");
    pet.breed = row.text("breed");
    pet.birthDate = row.text("birth_date");
    pet.weightKg = row.real(std::size_t{6});
    pet.microchip = row.text("microchip");
    pet.deceased = row.integer("deceased") != 0;
    return pet;
}

std::int64_t PetRepository::create(const Pet& pet) {
    std::int64_t id = db_.insert("INSERT INTO pets(owner_id, name, species, breed, birth_date, weight_kg, microchip) "
                                 "VALUES(?, ?, ?, ?, ?, ?, ?)",
                                 {static_cast<long long>(pet.ownerId), pet.name, pet.species, pet.breed, pet.birthDate,
                                  pet.weightKg, pet.microchip.empty() ? db::Value() : db::Value(pet.microchip)});
    for (const auto& allergy : pet.allergies) {
        addAllergy(id, allergy);
    }
    return id;
}

std::optional<Pet> PetRepository::findById(std::int64_t id) {
    auto row = db_.queryOne("SELECT " + cols_ + " FROM pets WHERE id = ?", {static_cast<long long>(id)});
    if (!row) {
        return std::nullopt;
    }
    Pet pet = fromRow(*row);
    pet.allergies = allergiesFor(id);
    return pet;
}

std::vector<Pet> PetRepository::findByOwner(std::int64_t ownerId) {
    std::vector<Pet> pets;
    for (const auto& row :
         db_.query("SELECT " + cols_ + " FROM pets WHERE owner_id = ? ORDER BY name", {static_cast<long long>(ownerId)})) {
        pets.push_back(fromRow(row));
    }
    return pets;
}

std::optional<Pet> PetRepository::findByMicrochip(const std::string& chip) {
    const std::string sql = "SELECT " + cols_ + " FROM pets WHERE microchip = ?";
    auto row = db_.queryOne(sql, {chip});
    if (!row) {
        return std::nullopt;
    }
    return fromRow(*row);
}

bool PetRepository::updateWeight(std::int64_t petId, double weightKg) {
    if (weightKg <= 0.0) {
        util::Logger::instance().warn("patients", "ignoring non-positive weight for pet " + std::to_string(petId));
        return false;
    }
    return db_.execute("UPDATE pets SET weight_kg = ? WHERE id = ?", {weightKg, static_cast<long long>(petId)}) == 1;
}

bool PetRepository::markDeceased(std::int64_t petId) {
    return db_.execute("UPDATE pets SET deceased = 1 WHERE id = ?", {static_cast<long long>(petId)}) == 1;
}

bool PetRepository::transferOwnership(std::int64_t petId, std::int64_t newOwnerId) {
    return db_.execute("UPDATE pets SET owner_id = ? WHERE id = ?",
                       {static_cast<long long>(newOwnerId), static_cast<long long>(petId)}) == 1;
}

void PetRepository::addAllergy(std::int64_t petId, const Allergy& allergy) {
    db_.execute(sql::kInsertAllergy, {static_cast<long long>(petId), allergy.substance, allergy.severity});
}

std::vector<Allergy> PetRepository::allergiesFor(std::int64_t petId) {
    std::vector<Allergy> allergies;
    for (const auto& row : db_.query("SELECT substance, severity FROM pet_allergies WHERE pet_id = ? ORDER BY substance",
                                     {static_cast<long long>(petId)})) {
        allergies.push_back({row.text(std::size_t{0}), row.text(std::size_t{1})});
    }
    return allergies;
}

}  // namespace vet::patients
