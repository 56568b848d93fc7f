#pragma once

#include "circulation/hold_queue.hpp"
#include "db/pg.hpp"
#include "fines/fine_ledger.hpp"
#include "patrons/patron_service.hpp"

#include <string>
#include <vector>

namespace shelf::circ {

struct Loan {
  long long id = 0;
  long long copyId = 0;
  std::string due;
  int renewals = 0;
};

struct OverdueLine {
  long long loanId = 0;
  std::string patron;
  std::string email;
  std::string title;
  std::string due;
};

class LoanDesk {
 public:
  LoanDesk(db::Pg& pg, patrons::PatronService& patrons, fines::FineLedger& fines, HoldQueue& holds)
      : pg_(pg), patrons_(patrons), fines_(fines), holds_(holds) {}

  // Returns the due date, or throws LoanRefused.
  std::string checkout(long long patronId, const std::string& barcode);
  // Returns the fine raised, in cents.
  long long checkin(const std::string& barcode);
  std::string renew(long long loanId);
  std::vector<Loan> openLoans(long long patronId);
  std::vector<OverdueLine> overdue(const std::string& asOf);
  void anonymiseHistory(int years);

  static constexpr long long kFineLimitCents = 1000;
  static constexpr int kMaxLoans = 30;

 private:
  db::Pg& pg_;
  patrons::PatronService& patrons_;
  fines::FineLedger& fines_;
  HoldQueue& holds_;
};

class LoanRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace shelf::circ
