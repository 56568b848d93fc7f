// Date helpers. They began as the loan-period code of circulation and every
// module has used them since, so they never moved.
#pragma once

#include <string>

namespace shelf::circ {

std::string todayIso();
std::string addDays(const std::string& iso, int days);
int daysBetween(const std::string& from, const std::string& to);

// Loan period in days for a material type (circulation policy).
int loanPeriodDays(const std::string& material);

}  // namespace shelf::circ
