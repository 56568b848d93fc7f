// SQL of the patients area, kept in one header since the 2014 "no SQL in
// business logic" initiative (which stopped after this header).
#pragma once

namespace vet::patients::sql {

constexpr const char* kInsertOwner =
    "INSERT INTO owners(first_name, last_name, phone, email, address, preferred_channel, created_at) "
    "VALUES(?, ?, ?, ?, ?, ?, ?)";

constexpr const char* kFindOwnerById =
    "SELECT id, first_name, last_name, phone, email, address, preferred_channel, sms_opt_out "
    "FROM owners WHERE id = ?";

static const char* const kFindOwnerByPhone =
    "SELECT id, first_name, last_name, phone, email, address, preferred_channel, sms_opt_out "
    "FROM owners WHERE phone = ?";

static const char* const kUpdateOwnerContact = "UPDATE owners SET phone = ?, email = ?, address = ? WHERE id = ?";

constexpr const char* kInsertAllergy = "INSERT OR REPLACE INTO pet_allergies(pet_id, substance, severity) VALUES(?, ?, ?)";

constexpr const char* kPetColumns = "id, owner_id, name, species, breed, birth_date, weight_kg, microchip, deceased";

}  // namespace vet::patients::sql
