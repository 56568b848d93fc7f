#pragma once

#include "patients/OwnerRepository.hpp"
#include "patients/PetRepository.hpp"

#include <string>

namespace vet::db {
class Db;
}

namespace vet::patients {

struct ClientRegistration {
    std::int64_t ownerId = 0;
    std::int64_t petId = 0;
    bool existingOwner = false;
};

class PatientService {
public:
    explicit PatientService(db::Db& db);

    ClientRegistration registerClient(const Owner& owner, const Pet& pet);
    std::string profile(std::int64_t ownerId);
    bool recordWeighIn(std::int64_t petId, double weightKg);
    std::vector<std::string> petsWithAllergy(const std::string& substance);

    OwnerRepository& owners() { return owners_; }
    PetRepository& pets() { return pets_; }

private:
    db::Db& db_;
    OwnerRepository owners_;
    PetRepository pets_;
};

}  // namespace vet::patients
