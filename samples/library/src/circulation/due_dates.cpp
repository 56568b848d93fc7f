#include "circulation/due_dates.hpp"

#include <cstdio>
#include <ctime>

namespace shelf::circ {

namespace {

std::tm parseIso(const std::string& iso) {
  std::tm t{};
  int y = 1970, m = 1, d = 1;
  std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d);
  t.tm_year = y - 1900;
  t.tm_mon = m - 1;
  t.tm_mday = d;
  t.tm_hour = 12;
  return t;
}

std::string formatIso(const std::tm& t) {
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &t);
  return buf;
}

}  // namespace

std::string todayIso() {
  std::time_t now = std::time(nullptr);
  std::tm t{};
  localtime_r(&now, &t);
  return formatIso(t);
}

std::string addDays(const std::string& iso, int days) {
  std::tm t = parseIso(iso);
  t.tm_mday += days;
  std::mktime(&t);
  return formatIso(t);
}

int daysBetween(const std::string& from, const std::string& to) {
  std::tm a = parseIso(from), b = parseIso(to);
  const double secs = std::difftime(std::mktime(&b), std::mktime(&a));
  return static_cast<int>(secs / 86400.0 + (secs >= 0 ? 0.5 : -0.5));
}

int loanPeriodDays(const std::string& material) {
  if (material == "dvd") return 7;
  if (material == "magazine") return 14;
  return 21;
}

}  // namespace shelf::circ
