#pragma once

#include "db/pg.hpp"

#include <string>

namespace shelf::fines {

// Daily overdue charge for a material and patron category, in cents.
int dailyRate(db::Pg& pg, const std::string& material, const std::string& category);
// The most one loan may be charged for being late.
int capFor(db::Pg& pg, const std::string& material, const std::string& category);
// "12.50"
std::string formatCents(long long cents);

}  // namespace shelf::fines
