#pragma once

#include "billing/Money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::staff {

enum class Role { Vet, Nurse, Reception, Manager };

const char* roleName(Role role);
Role roleFromName(const std::string& name);

struct StaffMember {
    std::int64_t id = 0;
    std::string firstName;
    std::string lastName;
    Role role = Role::Reception;
    std::string licenseNo;
    billing::Money hourlyRate;
    bool active = true;
};

class StaffDirectory {
public:
    explicit StaffDirectory(db::Db& db) : db_(db) {}

    std::int64_t hire(const StaffMember& member);
    std::optional<StaffMember> findById(std::int64_t id);
    std::vector<StaffMember> byRole(Role role);
    bool giveRaise(std::int64_t id, int percent);
    bool terminate(std::int64_t id, const std::string& reason, const std::string& actor);

private:
    db::Db& db_;
};

}  // namespace vet::staff
