#include "circulation/loan_desk.hpp"

#include "circulation/due_dates.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"
#include "db/pg_query.hpp"
#include "db/statement_names.hpp"

#include <cstdio>

namespace shelf::circ {

std::string LoanDesk::checkout(long long patronId, const std::string& barcode) {
  if (patrons_.isBlocked(patronId)) throw LoanRefused("patron is blocked");
  if (fines_.balanceOf(patronId) > kFineLimitCents) throw LoanRefused("fines over the limit");

  pqxx::work w(pg_.conn());
  pqxx::result copy = w.exec_prepared(db::stmt::kCopyByBarcode, barcode);
  if (copy.empty()) throw LoanRefused("unknown barcode " + barcode);
  const long long copyId = copy[0][0].as<long long>();
  const std::string status = copy[0][2].c_str();
  if (status != "on_shelf" && status != "on_hold_shelf") throw LoanRefused("copy is " + status);

  pqxx::row count =
      w.exec_params1("SELECT count(*) FROM loans WHERE patron_id = $1 AND returned_at IS NULL", patronId);
  if (count[0].as<int>() >= kMaxLoans) throw LoanRefused("too many loans");

  pqxx::row material = w.exec_params1(
      "SELECT t.material FROM titles t JOIN copies c ON c.title_id = t.id WHERE c.id = $1", copyId);
  const std::string due = addDays(todayIso(), loanPeriodDays(material[0].c_str()));
  w.exec_params("INSERT INTO loans (copy_id, patron_id, loaned_at, due_at) VALUES ($1, $2, $3, $4)", copyId,
                patronId, todayIso(), due);
  w.exec_params("UPDATE copies SET status = 'on_loan' WHERE id = $1", copyId);
  w.exec_params("UPDATE holds SET status = 'collected' WHERE copy_id = $1 AND patron_id = $2 AND status = 'ready'",
                copyId, patronId);
  w.commit();
  util::Logger::instance().info("loan of " + barcode + " due " + due);
  return due;
}

long long LoanDesk::checkin(const std::string& barcode) {
  pqxx::work w(pg_.conn());
  pqxx::result copy = w.exec_prepared(db::stmt::kCopyByBarcode, barcode);
  if (copy.empty()) return 0;
  const long long copyId = copy[0][0].as<long long>();
  const long long titleId = copy[0][1].as<long long>();
  pqxx::result loan = w.exec_params(
      "SELECT l.id, l.patron_id, l.due_at, p.category FROM loans l JOIN patrons p ON p.id = l.patron_id "
      "WHERE l.copy_id = $1 AND l.returned_at IS NULL",
      copyId);
  if (loan.empty()) return 0;
  const long long loanId = loan[0][0].as<long long>();
  const long long patronId = loan[0][1].as<long long>();
  const int late = daysBetween(loan[0][2].c_str(), todayIso());
  const std::string category = loan[0][3].c_str();

  w.exec_params("UPDATE loans SET returned_at = $1 WHERE id = $2", todayIso(), loanId);
  w.exec_params(
      "INSERT INTO loan_history (loan_id, copy_id, patron_id, loaned_at, returned_at) "
      "SELECT id, copy_id, patron_id, loaned_at, returned_at FROM loans WHERE id = $1",
      loanId);
  w.exec_params("UPDATE copies SET status = 'on_shelf' WHERE id = $1", copyId);
  pqxx::row material = w.exec_params1("SELECT material FROM titles WHERE id = $1", titleId);
  const std::string kind = material[0].c_str();
  w.commit();

  const long long fine = late > 0 ? fines_.assessOverdue(patronId, loanId, late, kind, category) : 0;
  if (fine > 0) {
    pqxx::row f = pg_.query("SELECT amount_cents FROM fines WHERE id = " + std::to_string(fine))[0];
    util::Logger::instance().info("returned late, fine " + std::to_string(f[0].as<long long>()));
  }
  holds_.copyReturned(titleId, copyId);
  return fine;
}

std::string LoanDesk::renew(long long loanId) {
  // The rule lives in the database: renew_loan refuses when someone waits.
  pqxx::work w(pg_.conn());
  pqxx::row r = w.exec1("SELECT renew_loan(" + w.quote(loanId) + ", 21)");
  w.commit();
  if (r[0].is_null()) throw LoanRefused("cannot renew: reserved by another patron or renewed three times");
  return r[0].c_str();
}

std::vector<Loan> LoanDesk::openLoans(long long patronId) {
  std::vector<Loan> out;
  for (const auto& row : pg_.run(db::stmt::kOpenLoansOfPatron, patronId)) {
    out.push_back(Loan{row[0].as<long long>(), row[1].as<long long>(), row[2].c_str(), row[3].as<int>()});
  }
  return out;
}

std::vector<OverdueLine> LoanDesk::overdue(const std::string& asOf) {
  db::PgQuery q(pg_,
                "SELECT l.id, p.full_name, coalesce(p.email, ''), t.title, l.due_at FROM loans l "
                "JOIN patrons p ON p.id = l.patron_id JOIN copies c ON c.id = l.copy_id "
                "JOIN titles t ON t.id = c.title_id WHERE l.returned_at IS NULL AND l.due_at < '" +
                    util::sqlQuote(asOf) + "' ORDER BY p.full_name");
  std::vector<OverdueLine> out;
  for (const auto& row : q.fetch()) {
    out.push_back(OverdueLine{row[0].as<long long>(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str()});
  }
  return out;
}

void LoanDesk::anonymiseHistory(int years) {
  char sql[160];
  std::snprintf(sql, sizeof sql, "UPDATE loan_history SET patron_id = NULL WHERE returned_at < '%s'",
                addDays(todayIso(), -365 * years).c_str());
  const long n = pg_.exec(sql);
  util::Logger::instance().info("anonymised " + std::to_string(n) + " loans");
}

}  // namespace shelf::circ
