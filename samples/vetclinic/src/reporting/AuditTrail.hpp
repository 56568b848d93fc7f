#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::reporting {

struct AuditEntry {
    std::int64_t id = 0;
    std::string entity;
    std::int64_t entityId = 0;
    std::string action;
    std::string details;
    std::string actor;
    std::string loggedAt;
};

class AuditTrail {
public:
    explicit AuditTrail(db::Db& db) : db_(db) {}

    // Creates the indexes the audit screens need; safe to run on every start.
    void ensureIndexes();
    void record(const std::string& entity, std::int64_t entityId, const std::string& action,
                const std::string& details, const std::string& actor);
    std::vector<AuditEntry> recent(int limit);
    std::vector<AuditEntry> forEntity(const std::string& entity, std::int64_t entityId);

private:
    db::Db& db_;
};

}  // namespace vet::reporting
