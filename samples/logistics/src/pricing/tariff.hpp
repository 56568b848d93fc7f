#pragma once

#include <optional>
#include <string>
#include <vector>

namespace freight::pricing {

struct Tariff {
    long id = 0;
    std::string originZone;
    std::string destZone;
    std::string serviceLevel;
    double baseRate = 0.0;
    double perKg = 0.0;
    double perM3 = 0.0;
    std::string validFrom;
};

struct Surcharge {
    std::string code;
    std::string description;
    double percent = 0.0;
};

class TariffRepository {
public:
    virtual ~TariffRepository() = default;
    virtual std::optional<Tariff> current(const std::string& origin, const std::string& dest,
                                          const std::string& level) = 0;
    virtual std::optional<double> quote(const std::string& origin, const std::string& dest,
                                        const std::string& level, double kg, double m3) = 0;
    virtual std::vector<Surcharge> activeSurcharges() = 0;
    virtual void upsert(const Tariff& tariff) = 0;
    virtual void retireSurcharge(const std::string& code) = 0;
    virtual std::vector<Tariff> all() = 0;
};

}  // namespace freight::pricing
