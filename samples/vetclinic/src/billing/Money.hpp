// Money in cents. Also home, for historical reasons, of the date helpers
// the whole clinic uses (billing needed due dates first).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace vet::billing {

class Money {
public:
    Money() = default;
    explicit Money(std::int64_t cents) : cents_(cents) {}
    static Money fromDouble(double amount);

    std::int64_t cents() const { return cents_; }
    double asDouble() const { return static_cast<double>(cents_) / 100.0; }
    bool isZero() const { return cents_ == 0; }
    std::string str() const;

    Money& operator+=(const Money& other);
    Money& operator-=(const Money& other);
    Money operator*(int quantity) const;
    Money percent(int pct) const;

private:
    std::int64_t cents_ = 0;
};

Money operator+(Money lhs, const Money& rhs);
Money operator-(Money lhs, const Money& rhs);
bool operator==(const Money& lhs, const Money& rhs);
bool operator!=(const Money& lhs, const Money& rhs);
bool operator<(const Money& lhs, const Money& rhs);
std::ostream& operator<<(std::ostream& out, const Money& money);

// --- date helpers (ISO yyyy-mm-dd strings) --------------------------------
std::string todayIso();
std::string addDays(const std::string& isoDate, int days);
int daysBetween(const std::string& fromIso, const std::string& toIso);
bool isValidIsoDate(const std::string& isoDate);

}  // namespace vet::billing
