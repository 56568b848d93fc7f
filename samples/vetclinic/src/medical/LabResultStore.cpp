#include "medical/LabResultStore.hpp"

#include "common/Logger.hpp"

#include <cstdlib>

std::int64_t LabResultStore::requestTest(std::int64_t recordId, const std::string& testName) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(handle_, "INSERT INTO lab_results(record_id, test_name, status) VALUES(?, ?, 'pending')", -1,
                           &stmt, nullptr) != SQLITE_OK) {
        VET_LOG_ERROR("lab", sqlite3_errmsg(handle_));
        return 0;
    }
    sqlite3_bind_int64(stmt, 1, recordId);
    sqlite3_bind_text(stmt, 2, testName.c_str(), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(handle_) : 0;
}

bool LabResultStore::storeResult(std::int64_t resultId, double value, const std::string& unit, double low,
                                 double high) {
    const char* flag = value < low ? "L" : (value > high ? "H" : nullptr);
    sqlite3_stmt* stmt = nullptr;
    const char* sql =
        "UPDATE lab_results SET value = ?, unit = ?, flag = ?, status = 'final', received_at = datetime('now') "
        "WHERE id = ?";
    if (sqlite3_prepare_v2(handle_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        VET_LOG_ERROR("lab", sqlite3_errmsg(handle_));
        return false;
    }
    sqlite3_bind_double(stmt, 1, value);
    sqlite3_bind_text(stmt, 2, unit.c_str(), -1, SQLITE_TRANSIENT);
    if (flag != nullptr) {
        sqlite3_bind_text(stmt, 3, flag, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(stmt, 3);
    }
    sqlite3_bind_int64(stmt, 4, resultId);
    bool ok = sqlite3_step(stmt) == SQLITE_DONE && sqlite3_changes(handle_) == 1;
    sqlite3_finalize(stmt);
    if (ok && flag != nullptr) {
        VET_LOG_WARN("lab", "result " + std::to_string(resultId) + " out of range (" + flag + ")");
    }
    return ok;
}

std::vector<LabResult> LabResultStore::resultsFor(std::int64_t recordId) {
    std::vector<LabResult> results;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(handle_,
                           "SELECT id, record_id, test_name, value, unit, flag, status "
                           "FROM lab_results WHERE record_id = ? ORDER BY id",
                           -1, &stmt, nullptr) != SQLITE_OK) {
        return results;
    }
    sqlite3_bind_int64(stmt, 1, recordId);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        LabResult r;
        r.id = sqlite3_column_int64(stmt, 0);
        r.recordId = sqlite3_column_int64(stmt, 1);
        r.testName = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2));
        r.value = sqlite3_column_double(stmt, 3);
        const unsigned char* unit = sqlite3_column_text(stmt, 4);
        r.unit = unit != nullptr ? reinterpret_cast<const char*>(unit) : "";
        const unsigned char* flag = sqlite3_column_text(stmt, 5);
        r.flag = flag != nullptr ? reinterpret_cast<const char*>(flag) : "";
        r.status = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 6));
        results.push_back(r);
    }
    sqlite3_finalize(stmt);
    return results;
}

int LabResultStore::pendingCount() {
    int count = 0;
    char* error = nullptr;
    sqlite3_exec(
        handle_, "SELECT COUNT(*) FROM lab_results WHERE status = 'pending'",
        [](void* out, int, char** values, char**) -> int {
            *static_cast<int*>(out) = values[0] != nullptr ? std::atoi(values[0]) : 0;
            return 0;
        },
        &count, &error);
    if (error != nullptr) {
        VET_LOG_ERROR("lab", error);
        sqlite3_free(error);
    }
    return count;
}
