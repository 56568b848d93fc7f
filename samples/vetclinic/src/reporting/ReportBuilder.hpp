#pragma once

#include "billing/Money.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::reporting {

struct RevenueLine {
    std::string method;
    billing::Money amount;
    int count = 0;
};

struct DebtorLine {
    std::int64_t ownerId = 0;
    std::string ownerName;
    billing::Money outstanding;
};

struct VetProductivity {
    std::string vetName;
    int appointments = 0;
    billing::Money billed;
};

class ReportBuilder {
public:
    explicit ReportBuilder(db::Db& db) : db_(db) {}

    std::vector<RevenueLine> dailyRevenue(const std::string& isoDate);
    billing::Money refundsOn(const std::string& isoDate);
    std::vector<DebtorLine> debtors();
    std::vector<VetProductivity> productivity(const std::string& fromIso, const std::string& toIso);
    double vaccinationCoverage(const std::string& species);
    int writeDebtorsCsv(std::ostream& out);

private:
    db::Db& db_;
};

}  // namespace vet::reporting
