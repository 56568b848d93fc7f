#include "reporting/ReportBuilder.hpp"

#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "reporting/CsvExport.hpp"

#include <cstdlib>

namespace vet::reporting {

namespace {

int collectRevenue(void* out, int columns, char** values, char** /*names*/) {
    auto* lines = static_cast<std::vector<RevenueLine>*>(out);
    if (columns < 3) {
        return 1;
    }
    RevenueLine line;
    line.method = values[0] != nullptr ? values[0] : "?";
    line.amount = billing::Money(values[1] != nullptr ? std::atoll(values[1]) : 0);
    line.count = values[2] != nullptr ? std::atoi(values[2]) : 0;
    lines->push_back(line);
    return 0;
}

}  // namespace

std::vector<RevenueLine> ReportBuilder::dailyRevenue(const std::string& isoDate) {
    std::vector<RevenueLine> lines;
    // The date is validated by the caller; this report predates the wrapper.
    std::string sql = "SELECT method, SUM(amount_cents), COUNT(*) FROM payments WHERE substr(paid_at, 1, 10) = '" +
                      isoDate + "' GROUP BY method ORDER BY method";
    char* error = nullptr;
    if (sqlite3_exec(db_.handle(), sql.c_str(), collectRevenue, &lines, &error) != SQLITE_OK) {
        util::Logger::instance().error("reports", error != nullptr ? error : "daily revenue failed");
        sqlite3_free(error);
    }
    return lines;
}

billing::Money ReportBuilder::refundsOn(const std::string& isoDate) {
    return billing::Money(db_.scalar(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM refunds WHERE substr(refunded_at, 1, 10) = ?", {isoDate}));
}

std::vector<DebtorLine> ReportBuilder::debtors() {
    static const char* const kDebtors = R"SQL(
        SELECT o.id, o.last_name || ', ' || o.first_name,
               SUM(i.total_cents) - COALESCE(SUM((SELECT SUM(p.amount_cents) FROM payments p
                                                  WHERE p.invoice_id = i.id)), 0)
          FROM invoices i
          JOIN owners o ON o.id = i.owner_id
         WHERE i.status = 'open'
         GROUP BY o.id
        HAVING SUM(i.total_cents) > 0
         ORDER BY 3 DESC
    )SQL";
    std::vector<DebtorLine> lines;
    for (const auto& row : db_.query(kDebtors)) {
        lines.push_back({row.integer(std::size_t{0}), row.text(std::size_t{1}), billing::Money(row.integer(std::size_t{2}))});
    }
    return lines;
}

std::vector<VetProductivity> ReportBuilder::productivity(const std::string& fromIso, const std::string& toIso) {
    std::vector<VetProductivity> result;
    auto rows = db_.query(
        "SELECT s.last_name, COUNT(DISTINCT a.id), COALESCE(SUM(i.total_cents), 0) "
        "FROM staff s "
        "JOIN appointments a ON a.vet_id = s.id "
        "LEFT JOIN invoices i ON i.appointment_id = a.id AND i.status <> 'void' "
        "WHERE s.role = 'vet' AND substr(a.start_time, 1, 10) BETWEEN ? AND ? "
        "GROUP BY s.id ORDER BY 3 DESC",
        {fromIso, toIso});
    for (const auto& row : rows) {
        result.push_back({"Dr. " + row.text(std::size_t{0}), static_cast<int>(row.integer(std::size_t{1})),
                          billing::Money(row.integer(std::size_t{2}))});
    }
    return result;
}

double ReportBuilder::vaccinationCoverage(const std::string& species) {
    std::int64_t pets = db_.scalar("SELECT COUNT(*) FROM pets WHERE species = ? AND deceased = 0", {species});
    if (pets == 0) {
        return 0.0;
    }
    std::int64_t covered = db_.scalar(
        "SELECT COUNT(DISTINCT v.pet_id) FROM vaccinations v JOIN pets p ON p.id = v.pet_id "
        "WHERE p.species = ? AND p.deceased = 0 AND v.due_date >= date('now')",
        {species});
    return static_cast<double>(covered) / static_cast<double>(pets);
}

int ReportBuilder::writeDebtorsCsv(std::ostream& out) {
    CsvWriter<DebtorLine> writer({"owner_id", "owner", "outstanding"}, [](const DebtorLine& d) {
        return std::vector<std::string>{std::to_string(d.ownerId), d.ownerName, d.outstanding.str()};
    });
    return static_cast<int>(writer.write(out, debtors()));
}

}  // namespace vet::reporting
