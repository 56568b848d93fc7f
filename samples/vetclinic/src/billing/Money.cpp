#include "billing/Money.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <ostream>

namespace vet::billing {

Money Money::fromDouble(double amount) { return Money(static_cast<std::int64_t>(std::llround(amount * 100.0))); }

std::string Money::str() const {
    char buffer[48];
    std::int64_t whole = cents_ / 100;
    std::int64_t part = cents_ % 100;
    if (part < 0) {
        part = -part;
    }
    std::snprintf(buffer, sizeof buffer, "%s%lld.%02lld", (cents_ < 0 && whole == 0) ? "-" : "",
                  static_cast<long long>(whole), static_cast<long long>(part));
    return buffer;
}

Money& Money::operator+=(const Money& other) {
    cents_ += other.cents_;
    return *this;
}

Money& Money::operator-=(const Money& other) {
    cents_ -= other.cents_;
    return *this;
}

Money Money::operator*(int quantity) const { return Money(cents_ * quantity); }

Money Money::percent(int pct) const { return Money(cents_ * pct / 100); }

Money operator+(Money lhs, const Money& rhs) {
    lhs += rhs;
    return lhs;
}

Money operator-(Money lhs, const Money& rhs) {
    lhs -= rhs;
    return lhs;
}

bool operator==(const Money& lhs, const Money& rhs) { return lhs.cents() == rhs.cents(); }

bool operator!=(const Money& lhs, const Money& rhs) { return !(lhs == rhs); }

bool operator<(const Money& lhs, const Money& rhs) { return lhs.cents() < rhs.cents(); }

std::ostream& operator<<(std::ostream& out, const Money& money) { return out << "$" << money.str(); }

namespace {

bool parseIso(const std::string& iso, std::tm& out) {
    int y = 0;
    int m = 0;
    int d = 0;
    if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) {
        return false;
    }
    out = std::tm{};
    out.tm_year = y - 1900;
    out.tm_mon = m - 1;
    out.tm_mday = d;
    out.tm_hour = 12;  // noon keeps DST shifts from moving the day
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

std::string formatIso(const std::tm& tm) {
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
    return buffer;
}

}  // namespace

std::string todayIso() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return formatIso(local);
}

std::string addDays(const std::string& isoDate, int days) {
    std::tm tm{};
    if (!parseIso(isoDate, tm)) {
        return isoDate;
    }
    tm.tm_mday += days;
    std::mktime(&tm);
    return formatIso(tm);
}

int daysBetween(const std::string& fromIso, const std::string& toIso) {
    std::tm from{};
    std::tm to{};
    if (!parseIso(fromIso, from) || !parseIso(toIso, to)) {
        return 0;
    }
    double seconds = std::difftime(std::mktime(&to), std::mktime(&from));
    return static_cast<int>(std::lround(seconds / 86400.0));
}

bool isValidIsoDate(const std::string& isoDate) {
    std::tm tm{};
    return parseIso(isoDate, tm);
}

}  // namespace vet::billing
