// The evening reports of the branch desk, kept apart from the command
// handlers since the 2014 rewrite of the report screens.
#include "circulation/due_dates.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"
#include "desk/branch_desk.hpp"
#include "fines/fee_rules.hpp"

#include <cstdio>
#include <sstream>

namespace shelf {

std::string BranchDesk::cmdDailyReport(const CommandArgs& a) {
  const std::string day = a.opt("date", circ::todayIso());
  std::ostringstream out;
  out << "Daily report " << branch_ << " " << day << "\n";

  char sql[320];
  std::snprintf(sql, sizeof sql,
                "SELECT count(*) FILTER (WHERE l.loaned_at = '%s'), count(*) FILTER (WHERE l.returned_at = '%s') "
                "FROM loans l",
                day.c_str(), day.c_str());
  pqxx::row loans = pg_.query(sql)[0];
  out << "  loans issued " << loans[0].as<int>() << ", returned " << loans[1].as<int>() << "\n";

  std::string money;
  util::Fmt(money,
            "SELECT coalesce(sum(p.amount_cents), 0) FROM payments p JOIN fines f ON f.id = p.fine_id "
            "WHERE p.paid_at::date = '%s' AND f.status <> 'waived'",
            day.c_str());
  out << "  fines taken " << fines::formatCents(pg_.query(money)[0][0].as<long long>()) << "\n";

  const std::string rooms = "SELECT count(*), coalesce(sum(end_hour - start_hour), 0) FROM room_bookings WHERE day = '" +
                            util::sqlQuote(day) + "'";
  SQLite::Statement st(branchDb_.raw(), rooms);
  if (st.executeStep()) {
    out << "  room bookings " << st.getColumn(0).getInt() << " (" << st.getColumn(1).getInt() << " hours)\n";
  }
  return out.str();
}

std::string BranchDesk::cmdFinesReport(const CommandArgs& a) {
  const int minCents = a.number("min", 1000);
  pqxx::nontransaction n(pg_.conn());
  pqxx::result debtors = n.exec(
      "SELECT p.full_name, p.email, sum(f.amount_cents) AS owed FROM fines f JOIN patrons p ON p.id = f.patron_id "
      "WHERE f.status = 'open' GROUP BY p.full_name, p.email HAVING sum(f.amount_cents) >= " +
      std::to_string(minCents) + " ORDER BY owed DESC");
  std::ostringstream out;
  for (const auto& row : debtors) {
    out << row[0].c_str() << " <" << (row[1].is_null() ? "" : row[1].c_str()) << "> "
        << fines::formatCents(row[2].as<long long>()) << "\n";
  }
  util::Logger::instance().info("fines report: " + std::to_string(debtors.size()) + " debtors");
  return out.str();
}

std::string BranchDesk::cmdStats(const CommandArgs& a) {
  std::string sql;
  util::Fmt(sql,
            "SELECT t.material, count(DISTINCT t.id), count(c.id) FROM titles t "
            "LEFT JOIN copies c ON c.title_id = t.id AND c.branch = '%s' GROUP BY t.material ORDER BY 1",
            util::sqlQuote(a.opt("branch", branch_)).c_str());
  std::ostringstream out;
  for (const auto& row : pg_.query(sql)) {
    out << row[0].c_str() << ": " << row[1].as<int>() << " titles, " << row[2].as<int>() << " copies\n";
  }
  out << "Most borrowed:\n";
  for (const auto& [title, n] : titles_.mostBorrowed(a.number("top", 10))) out << "  " << n << "  " << title << "\n";
  return out.str();
}

}  // namespace shelf
