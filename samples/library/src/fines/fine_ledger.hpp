#pragma once

#include "db/pg.hpp"

#include <string>
#include <vector>

namespace shelf::fines {

struct Fine {
  long long id = 0;
  long long cents = 0;
  std::string reason;
};

class FineLedger {
 public:
  explicit FineLedger(db::Pg& pg) : pg_(pg) {}

  long long assessOverdue(long long patronId, long long loanId, int daysLate, const std::string& material,
                          const std::string& category);
  long long chargeLostItem(long long patronId, long long copyId);
  std::vector<Fine> openFines(long long patronId);
  long long balanceOf(long long patronId);
  bool pay(long long fineId, long long cents, const std::string& method);
  void waive(long long fineId, const std::string& reason);

 private:
  db::Pg& pg_;
};

}  // namespace shelf::fines
