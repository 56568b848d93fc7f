#include "patients/OwnerRepository.hpp"

#include "billing/Money.hpp"
#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "common/StringUtil.hpp"
#include "patients/PatientSql.hpp"

namespace vet::patients {

Owner OwnerRepository::fromRow(const db::Row& row) {
    Owner owner;
    owner.id = row.integer(std::size_t{0});
    owner.firstName = row.text(std::size_t{1});
    owner.lastName = row.text(std::size_t{2});
    owner.phone = row.text(std::size_t{3});
    owner.email = row.text(std::size_t{4});
    owner.address = row.text(std::size_t{5});
    owner.preferredChannel = row.text(std::size_t{6});
    owner.smsOptOut = row.integer(std::size_t{7}) != 0;
    return owner;
}

std::int64_t OwnerRepository::create(const Owner& owner) {
    if (util::isBlank(owner.lastName)) {
        throw std::invalid_argument("owner needs a last name");
    }
    std::int64_t id = db_.insert(sql::kInsertOwner,
                                 {util::trim(owner.firstName), util::trim(owner.lastName), owner.phone, owner.email,
                                  owner.address, owner.preferredChannel, billing::todayIso()});
    util::Logger::instance().info("patients", "owner " + std::to_string(id) + " created");
    return id;
}

std::optional<Owner> OwnerRepository::findById(std::int64_t id) {
    auto row = db_.queryOne(sql::kFindOwnerById, {static_cast<long long>(id)});
    if (!row) {
        return std::nullopt;
    }
    return fromRow(*row);
}

std::optional<Owner> OwnerRepository::findByPhone(const std::string& phone) {
    auto row = db_.queryOne(sql::kFindOwnerByPhone, {phone});
    if (!row) {
        return std::nullopt;
    }
    return fromRow(*row);
}

std::vector<Owner> OwnerRepository::searchByLastName(const std::string& prefix) {
    // Written before the wrapper had parameters; kept because the search
    // screen relies on its case-insensitive LIKE.
    std::string sql = "SELECT id, first_name, last_name, phone, email, address, preferred_channel, sms_opt_out "
                      "FROM owners WHERE last_name LIKE '" +
                      util::sqlEscape(prefix) + "%' ORDER BY last_name, first_name";
    std::vector<Owner> owners;
    for (const auto& row : db_.query(sql)) {
        owners.push_back(fromRow(row));
    }
    return owners;
}

bool OwnerRepository::updateContact(const Owner& owner) {
    return db_.execute(sql::kUpdateOwnerContact,
                       {owner.phone, owner.email, owner.address, static_cast<long long>(owner.id)}) == 1;
}

bool OwnerRepository::remove(std::int64_t id) {
    if (countPets(id) > 0) {
        util::Logger::instance().warn("patients", "owner " + std::to_string(id) + " still has pets");
        return false;
    }
    return db_.execute("DELETE FROM owners WHERE id = ?", {static_cast<long long>(id)}) == 1;
}

int OwnerRepository::countPets(std::int64_t ownerId) {
    return static_cast<int>(db_.scalar("SELECT COUNT(*) FROM pets WHERE owner_id = ? AND deceased = 0",
                                       {static_cast<long long>(ownerId)}));
}

}  // namespace vet::patients
