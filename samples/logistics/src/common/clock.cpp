#include "common/clock.hpp"

#include <cstdio>
#include <ctime>

namespace freight::util {

std::string formatIso(std::time_t when) {
    std::tm tm{};
    gmtime_r(&when, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string nowIso() {
    return formatIso(std::time(nullptr));
}

std::string todayDate() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

bool parseDate(const std::string& isoDate, std::tm& out) {
    out = std::tm{};
    int y = 0, m = 0, d = 0;
    if (std::sscanf(isoDate.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) {
        return false;
    }
    if (m < 1 || m > 12 || d < 1 || d > 31) {
        return false;
    }
    out.tm_year = y - 1900;
    out.tm_mon = m - 1;
    out.tm_mday = d;
    out.tm_hour = 12;  // noon keeps day arithmetic clear of DST edges
    return true;
}

std::string addDays(const std::string& isoDate, int days) {
    std::tm tm{};
    if (!parseDate(isoDate, tm)) {
        return isoDate;
    }
    tm.tm_mday += days;
    std::time_t t = timegm(&tm);
    std::tm norm{};
    gmtime_r(&t, &norm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &norm);
    return buf;
}

std::string currentPeriod() {
    return todayDate().substr(0, 7);
}

double hoursBetween(std::time_t from, std::time_t to) {
    return std::difftime(to, from) / 3600.0;
}

}  // namespace freight::util
