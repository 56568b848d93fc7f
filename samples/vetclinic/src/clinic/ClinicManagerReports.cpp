// Report commands of the front desk; split out of ClinicManager.cpp when
// that file passed 3,000 lines.
#include "billing/Money.hpp"
#include "clinic/ClinicManager.hpp"
#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "common/StringUtil.hpp"

#include <sstream>

namespace vet {

namespace {

int printCounter(void* out, int columns, char** values, char** /*names*/) {
    auto* stream = static_cast<std::ostringstream*>(out);
    if (columns >= 2) {
        (*stream) << "  " << util::padRight(values[0] != nullptr ? values[0] : "?", 20) << " "
                  << (values[1] != nullptr ? values[1] : "0") << "\n";
    }
    return 0;
}

}  // namespace

std::string ClinicManager::cmdDailyReport(const CommandArgs& args) {
    const std::string date = args.get("date", billing::todayIso());
    std::ostringstream out;
    out << "Daily report " << date << "\n";
    billing::Money takings;
    for (const auto& line : reports_.dailyRevenue(date)) {
        out << "  " << util::padRight(line.method, 10) << " " << line.count << " payments, " << line.amount << "\n";
        takings += line.amount;
    }
    billing::Money refunded = reports_.refundsOn(date);
    out << "  takings " << takings << ", refunds " << refunded << ", net " << (takings - refunded) << "\n";
    std::int64_t seen = db_.scalar("SELECT COUNT(*) FROM appointments "
                                   "WHERE substr(start_time, 1, 10) = ? AND status IN ('done', 'billed')",
                                   {date});
    out << "  patients seen " << seen << "\n";
    for (const auto& vet : reports_.productivity(date, date)) {
        out << "  " << util::padRight(vet.vetName, 16) << " " << vet.appointments << " appts, billed " << vet.billed
            << "\n";
    }
    out << "  dog vaccination coverage " << util::formatFixed(reports_.vaccinationCoverage("dog") * 100.0, 1) << "%\n";
    return out.str();
}

std::string ClinicManager::cmdDashboard(const CommandArgs& /*args*/) {
    std::ostringstream out;
    out << "Dashboard\n";
    char* error = nullptr;
    int rc = sqlite3_exec(db_.handle(),
                          "SELECT 'owners', COUNT(*) FROM owners "
                          "UNION ALL SELECT 'pets', COUNT(*) FROM pets WHERE deceased = 0 "
                          "UNION ALL SELECT 'booked appointments', COUNT(*) FROM appointments WHERE status = 'booked' "
                          "UNION ALL SELECT 'open invoices', COUNT(*) FROM invoices WHERE status = 'open' "
                          "UNION ALL SELECT 'pending lab tests', COUNT(*) FROM lab_results WHERE status = 'pending'",
                          printCounter, &out, &error);
    if (rc != SQLITE_OK) {
        util::Logger::instance().error("frontdesk", error != nullptr ? error : "dashboard failed");
        sqlite3_free(error);
    }
    out << "  " << util::padRight("overdue vaccines", 20) << " " << vaccines_.overdueCount() << "\n";
    out << "  " << util::padRight("stock value", 20) << " " << inventory_.stockValue() << "\n";
    for (const auto& entry : audit_.recent(3)) {
        out << "  audit: " << entry.entity << " " << entry.entityId << " " << entry.action << " by " << entry.actor
            << "\n";
    }
    return out.str();
}

std::string ClinicManager::cmdDebtorsCsv(const CommandArgs& /*args*/) {
    std::ostringstream csv;
    int rows = reports_.writeDebtorsCsv(csv);
    out_ << csv.str();
    return std::to_string(rows) + " debtors exported";
}

}  // namespace vet
