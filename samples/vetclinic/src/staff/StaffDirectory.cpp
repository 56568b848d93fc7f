#include "staff/StaffDirectory.hpp"

#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "common/StringUtil.hpp"

#include <stdexcept>

namespace vet::staff {

namespace {

const std::string kStaffColumns = "id, first_name, last_name, role, license_no, hourly_rate_cents, active";

StaffMember memberFrom(const db::Row& row) {
    StaffMember m;
    m.id = row.integer(std::size_t{0});
    m.firstName = row.text(std::size_t{1});
    m.lastName = row.text(std::size_t{2});
    m.role = roleFromName(row.text(std::size_t{3}));
    m.licenseNo = row.text(std::size_t{4});
    m.hourlyRate = billing::Money(row.integer(std::size_t{5}));
    m.active = row.integer(std::size_t{6}) != 0;
    return m;
}

}  // namespace

const char* roleName(Role role) {
    switch (role) {
    case Role::Vet: return "vet";
    case Role::Nurse: return "nurse";
    case Role::Reception: return "reception";
    case Role::Manager: return "manager";
    }
    return "reception";
}

Role roleFromName(const std::string& name) {
    const std::string lower = util::toLower(util::trim(name));
    if (lower == "vet" || lower == "veterinarian") {
        return Role::Vet;
    }
    if (lower == "nurse") {
        return Role::Nurse;
    }
    if (lower == "manager") {
        return Role::Manager;
    }
    return Role::Reception;
}

std::int64_t StaffDirectory::hire(const StaffMember& member) {
    if (member.role == Role::Vet && member.licenseNo.empty()) {
        throw std::invalid_argument("a vet needs a license number");
    }
    return db_.insert("INSERT INTO staff(first_name, last_name, role, license_no, hourly_rate_cents, hired_on) "
                      "VALUES(?, ?, ?, ?, ?, date('now'))",
                      {member.firstName, member.lastName, roleName(member.role), member.licenseNo,
                       static_cast<long long>(member.hourlyRate.cents())});
}

std::optional<StaffMember> StaffDirectory::findById(std::int64_t id) {
    auto row = db_.queryOne("SELECT " + kStaffColumns + " FROM staff WHERE id = ?", {static_cast<long long>(id)});
    if (!row) {
        return std::nullopt;
    }
    return memberFrom(*row);
}

std::vector<StaffMember> StaffDirectory::byRole(Role role) {
    std::vector<StaffMember> members;
    for (const auto& row : db_.query("SELECT " + kStaffColumns + " FROM staff WHERE role = ? AND active = 1 ORDER BY last_name",
                                     {roleName(role)})) {
        members.push_back(memberFrom(row));
    }
    return members;
}

bool StaffDirectory::giveRaise(std::int64_t id, int percent) {
    if (percent <= 0 || percent > 25) {
        util::Logger::instance().warn("staff", "raise of " + std::to_string(percent) + "% needs board approval");
        return false;
    }
    return db_.execute("UPDATE staff SET hourly_rate_cents = hourly_rate_cents * (100 + ?) / 100 WHERE id = ?",
                       {percent, static_cast<long long>(id)}) == 1;
}

bool StaffDirectory::terminate(std::int64_t id, const std::string& reason, const std::string& actor) {
    db::TransactionGuard tx(db_);
    if (db_.execute("UPDATE staff SET active = 0 WHERE id = ? AND active = 1", {static_cast<long long>(id)}) != 1) {
        return false;
    }
    db_.execute("DELETE FROM shifts WHERE staff_id = ? AND shift_date >= date('now')", {static_cast<long long>(id)});
    // HR wants terminations in the audit log even though AuditTrail exists;
    // this predates it.
    db_.execute("INSERT INTO audit_log(entity, entity_id, action, details, actor, logged_at) "
                "VALUES('staff', ?, 'terminate', ?, ?, datetime('now'))",
                {static_cast<long long>(id), reason, actor});
    tx.commit();
    return true;
}

}  // namespace vet::staff
