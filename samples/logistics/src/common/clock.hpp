#pragma once

#include <ctime>
#include <string>

namespace freight::util {

// All timestamps the application formats itself are UTC; the database works in timestamptz.
std::string nowIso();
std::string formatIso(std::time_t when);
std::string todayDate();
std::string addDays(const std::string& isoDate, int days);
std::string currentPeriod();
bool parseDate(const std::string& isoDate, std::tm& out);
double hoursBetween(std::time_t from, std::time_t to);

}  // namespace freight::util
