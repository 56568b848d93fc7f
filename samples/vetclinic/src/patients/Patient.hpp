#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vet::patients {

struct Owner {
    std::int64_t id = 0;
    std::string firstName;
    std::string lastName;
    std::string phone;
    std::string email;
    std::string address;
    std::string preferredChannel = "email";
    bool smsOptOut = false;

    std::string displayName() const { return lastName + ", " + firstName; }
};

struct Allergy {
    std::string substance;
    std::string severity;
};

struct Pet {
    std::int64_t id = 0;
    std::int64_t ownerId = 0;
    std::string name;
    std::string species;
    std::string breed;
    std::string birthDate;
    double weightKg = 0.0;
    std::string microchip;
    bool deceased = false;
    std::vector<Allergy> allergies;
};

}  // namespace vet::patients
