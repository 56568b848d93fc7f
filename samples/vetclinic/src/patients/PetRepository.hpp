#pragma once

#include "patients/Patient.hpp"

#include <optional>
#include <string>
#include <vector>

namespace vet::db {
class Db;
class Row;
}  // namespace vet::db

namespace vet::patients {

class PetRepository {
public:
    explicit PetRepository(db::Db& db);

    std::int64_t create(const Pet& pet);
    std::optional<Pet> findById(std::int64_t id);
    std::vector<Pet> findByOwner(std::int64_t ownerId);
    std::optional<Pet> findByMicrochip(const std::string& chip);
    bool updateWeight(std::int64_t petId, double weightKg);
    bool markDeceased(std::int64_t petId);
    bool transferOwnership(std::int64_t petId, std::int64_t newOwnerId);
    void addAllergy(std::int64_t petId, const Allergy& allergy);
    std::vector<Allergy> allergiesFor(std::int64_t petId);

private:
    Pet fromRow(const db::Row& row) const;

    db::Db& db_;
    const std::string cols_;
};

}  // namespace vet::patients
