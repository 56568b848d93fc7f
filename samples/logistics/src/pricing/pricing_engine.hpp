#pragma once

#include "pricing/tariff.hpp"

#include <map>
#include <string>
#include <vector>

namespace freight::pricing {

struct PriceBreakdown {
    double base = 0.0;
    std::vector<std::pair<std::string, double>> surcharges;
    double total = 0.0;
    bool fromTariffTable = false;
};

class PricingEngine {
public:
    explicit PricingEngine(TariffRepository& tariffs) : tariffs_(tariffs) {}

    PriceBreakdown price(const std::string& originZone, const std::string& destZone,
                         const std::string& level, double kg, double m3);
    double total(const std::string& originZone, const std::string& destZone,
                 const std::string& level, double kg, double m3);
    void publishTariff(const Tariff& tariff);
    std::string tariffSheet();

private:
    const Tariff* cachedTariff(const std::string& originZone, const std::string& destZone,
                               const std::string& level);
    void loadTariffCache();

    TariffRepository& tariffs_;
    // Lane ("ORIGIN>DEST/level") -> tariff in force, shared by every engine of the process. Filled
    // from the database on first use and kept until restart: tariffs change twice a year, and
    // quoting a 40-line order used to cost 40 round trips to pricing.quote.
    static std::map<std::string, Tariff> tariffCache_;
};

// Volumetric weight as the carriers compute it (1 m3 = 250 kg chargeable).
double chargeableWeight(double kg, double m3);
double fallbackRate(double chargeableKg);

}  // namespace freight::pricing
