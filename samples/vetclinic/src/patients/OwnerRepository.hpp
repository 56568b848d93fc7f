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

class OwnerRepository {
public:
    explicit OwnerRepository(db::Db& db) : db_(db) {}

    std::int64_t create(const Owner& owner);
    std::optional<Owner> findById(std::int64_t id);
    std::optional<Owner> findByPhone(const std::string& phone);
    std::vector<Owner> searchByLastName(const std::string& prefix);
    bool updateContact(const Owner& owner);
    bool remove(std::int64_t id);
    int countPets(std::int64_t ownerId);

private:
    static Owner fromRow(const db::Row& row);
    db::Db& db_;
};

}  // namespace vet::patients
