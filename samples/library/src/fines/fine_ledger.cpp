#include "fines/fine_ledger.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"
#include "db/statement_names.hpp"
#include "fines/fee_rules.hpp"

#include <algorithm>
#include <cstdio>

namespace shelf::fines {

long long FineLedger::assessOverdue(long long patronId, long long loanId, int daysLate, const std::string& material,
                                    const std::string& category) {
  if (daysLate <= 0 || category == "staff") return 0;
  const long long cents =
      std::min<long long>(1LL * daysLate * dailyRate(pg_, material, category), capFor(pg_, material, category));
  if (cents == 0) return 0;
  pqxx::work w(pg_.conn());
  pqxx::row r = w.exec_params1(
      "INSERT INTO fines (patron_id, loan_id, amount_cents, reason) VALUES ($1, $2, $3, 'overdue') RETURNING id",
      patronId, loanId, cents);
  w.commit();
  util::Logger::instance().info("overdue fine " + formatCents(cents) + " for patron " + std::to_string(patronId));
  return r[0].as<long long>();
}

long long FineLedger::chargeLostItem(long long patronId, long long copyId) {
  char sql[128];
  std::snprintf(sql, sizeof sql, "SELECT price_cents FROM copies WHERE id = %lld", copyId);
  pqxx::result price = pg_.query(sql);
  const long long cents = price.empty() ? 2000 : price[0][0].as<long long>() + 500;
  pqxx::work w(pg_.conn());
  pqxx::row r = w.exec_params1(
      "INSERT INTO fines (patron_id, amount_cents, reason) VALUES ($1, $2, 'lost item') RETURNING id", patronId,
      cents);
  w.commit();
  return r[0].as<long long>();
}

std::vector<Fine> FineLedger::openFines(long long patronId) {
  std::vector<Fine> out;
  for (const auto& row : pg_.run(db::stmt::kOpenFinesOfPatron, patronId)) {
    out.push_back(Fine{row[0].as<long long>(), row[1].as<long long>(), row[2].c_str()});
  }
  return out;
}

long long FineLedger::balanceOf(long long patronId) {
  long long owed = 0;
  for (const auto& f : openFines(patronId)) owed += f.cents;
  pqxx::nontransaction n(pg_.conn());
  pqxx::row paid = n.exec_params1(
      "SELECT coalesce(sum(p.amount_cents), 0) FROM payments p JOIN fines f ON f.id = p.fine_id "
      "WHERE f.patron_id = $1 AND f.status = 'open'",
      patronId);
  return owed - paid[0].as<long long>();
}

bool FineLedger::pay(long long fineId, long long cents, const std::string& method) {
  pqxx::work w(pg_.conn());
  w.exec_params("INSERT INTO payments (fine_id, amount_cents, method) VALUES ($1, $2, $3)", fineId, cents,
                util::toUpper(method));
  pqxx::row left = w.exec_params1(
      "SELECT f.amount_cents - coalesce(sum(p.amount_cents), 0) FROM fines f "
      "LEFT JOIN payments p ON p.fine_id = f.id WHERE f.id = $1 GROUP BY f.amount_cents",
      fineId);
  const bool settled = left[0].as<long long>() <= 0;
  if (settled) w.exec_params("UPDATE fines SET status = 'paid' WHERE id = $1", fineId);
  w.commit();
  util::Logger::instance().info("payment of " + formatCents(cents) + " on fine " + std::to_string(fineId));
  return settled;
}

void FineLedger::waive(long long fineId, const std::string& reason) {
  std::string sql;
  util::Fmt(sql, "UPDATE fines SET status = 'waived', reason = reason || ' (waived: %s)' WHERE id = %lld",
            util::sqlQuote(reason).c_str(), fineId);
  pg_.exec(sql);
}

}  // namespace shelf::fines
