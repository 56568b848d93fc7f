#include "reporting/AuditTrail.hpp"

#include "common/Db.hpp"

#include <cstdio>

namespace vet::reporting {

namespace {

AuditEntry entryFrom(const db::Row& row) {
    AuditEntry e;
    e.id = row.integer(std::size_t{0});
    e.entity = row.text(std::size_t{1});
    e.entityId = row.integer(std::size_t{2});
    e.action = row.text(std::size_t{3});
    e.details = row.text(std::size_t{4});
    e.actor = row.text(std::size_t{5});
    e.loggedAt = row.text(std::size_t{6});
    return e;
}

}  // namespace

void AuditTrail::ensureIndexes() {
    db_.exec("CREATE INDEX IF NOT EXISTS idx_audit_log_entity ON audit_log(entity, entity_id)");
}

void AuditTrail::record(const std::string& entity, std::int64_t entityId, const std::string& action,
                        const std::string& details, const std::string& actor) {
    db_.execute("INSERT INTO audit_log(entity, entity_id, action, details, actor, logged_at) "
                "VALUES(?, ?, ?, ?, ?, datetime('now'))",
                {entity, static_cast<long long>(entityId), action, details, actor});
}

std::vector<AuditEntry> AuditTrail::recent(int limit) {
    char sql[160];
    std::snprintf(sql, sizeof sql,
                  "SELECT id, entity, entity_id, action, details, actor, logged_at FROM audit_log "
                  "ORDER BY id DESC LIMIT %d",
                  limit);
    std::vector<AuditEntry> entries;
    for (const auto& row : db_.query(sql)) {
        entries.push_back(entryFrom(row));
    }
    return entries;
}

std::vector<AuditEntry> AuditTrail::forEntity(const std::string& entity, std::int64_t entityId) {
    std::vector<AuditEntry> entries;
    for (const auto& row : db_.query("SELECT id, entity, entity_id, action, details, actor, logged_at FROM audit_log "
                                     "WHERE entity = ? AND entity_id = ? ORDER BY id",
                                     {entity, static_cast<long long>(entityId)})) {
        entries.push_back(entryFrom(row));
    }
    return entries;
}

}  // namespace vet::reporting
