// Lab interface from the 2013 analyser integration. Written against the
// raw sqlite3 API by the vendor's contractor; never ported to vet::db.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

struct LabResult {
    std::int64_t id = 0;
    std::int64_t recordId = 0;
    std::string testName;
    double value = 0.0;
    std::string unit;
    std::string flag;
    std::string status;
};

class LabResultStore {
public:
    explicit LabResultStore(sqlite3* handle) : handle_(handle) {}

    std::int64_t requestTest(std::int64_t recordId, const std::string& testName);
    bool storeResult(std::int64_t resultId, double value, const std::string& unit, double low, double high);
    std::vector<LabResult> resultsFor(std::int64_t recordId);
    int pendingCount();

private:
    sqlite3* handle_;
};
