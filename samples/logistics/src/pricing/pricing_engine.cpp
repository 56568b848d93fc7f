#include "pricing/pricing_engine.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace freight::pricing {

double chargeableWeight(double kg, double m3) {
    return std::max(kg, m3 * 250.0);
}

double fallbackRate(double chargeableKg) {
    // Used when no tariff covers the lane; sales agreed on a flat scale rather than refusing orders.
    if (chargeableKg <= 30) {
        return 45.0;
    }
    if (chargeableKg <= 500) {
        return 45.0 + (chargeableKg - 30) * 0.55;
    }
    return 303.5 + (chargeableKg - 500) * 0.35;
}

PriceBreakdown PricingEngine::price(const std::string& originZone, const std::string& destZone,
                                    const std::string& level, double kg, double m3) {
    PriceBreakdown out;
    auto quoted = tariffs_.quote(originZone, destZone, level, kg, m3);
    if (quoted) {
        out.base = *quoted;
        out.fromTariffTable = true;
    } else {
        out.base = fallbackRate(chargeableWeight(kg, m3));
        util::Logger::instance().warn("pricing", "no tariff for " + originZone + "->" + destZone +
                                                     " " + level + ", using fallback scale");
    }
    out.total = out.base;
    for (const auto& s : tariffs_.activeSurcharges()) {
        double amount = std::round(out.base * s.percent) / 100.0;
        out.surcharges.emplace_back(s.code, amount);
        out.total += amount;
    }
    return out;
}

double PricingEngine::total(const std::string& originZone, const std::string& destZone,
                            const std::string& level, double kg, double m3) {
    return price(originZone, destZone, level, kg, m3).total;
}

void PricingEngine::publishTariff(const Tariff& tariff) {
    if (tariff.baseRate < 0 || tariff.perKg < 0 || tariff.perM3 < 0) {
        throw std::invalid_argument("negative tariff component");
    }
    Tariff t = tariff;
    t.originZone = util::toUpper(t.originZone);
    t.destZone = util::toUpper(t.destZone);
    t.serviceLevel = util::toLower(t.serviceLevel);
    tariffs_.upsert(t);
}

std::string PricingEngine::tariffSheet() {
    std::string out = "origin;dest;level;base;per_kg;per_m3;valid_from\n";
    for (const auto& t : tariffs_.all()) {
        out += util::join({t.originZone, t.destZone, t.serviceLevel, util::formatMoney(t.baseRate),
                           std::to_string(t.perKg), std::to_string(t.perM3), t.validFrom},
                          ";");
        out += '\n';
    }
    return out;
}

}  // namespace freight::pricing
