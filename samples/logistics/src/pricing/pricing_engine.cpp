#include "pricing/pricing_engine.hpp"

#include "common/clock.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace freight::pricing {

std::map<std::string, Tariff> PricingEngine::tariffCache_;

static std::string laneKey(const std::string& originZone, const std::string& destZone,
                           const std::string& level) {
    return util::toUpper(originZone) + ">" + util::toUpper(destZone) + "/" + util::toLower(level);
}

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
    std::optional<double> quoted;
    if (const Tariff* t = cachedTariff(originZone, destZone, level)) {
        quoted = t->baseRate + t->perKg * kg + t->perM3 * m3;  // what pricing.quote computes
    } else {
        // A lane published by another freightd since this one started: ask the database.
        quoted = tariffs_.quote(originZone, destZone, level, kg, m3);
    }
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
    if (!tariffCache_.empty() && t.validFrom <= util::todayDate()) {
        tariffCache_[laneKey(t.originZone, t.destZone, t.serviceLevel)] = t;  // write through
    }
}

std::string PricingEngine::tariffSheet() {
    // Printed from the cache, so the sheet shows what this engine quotes.
    if (tariffCache_.empty()) {
        loadTariffCache();
    }
    std::string out = "origin;dest;level;base;per_kg;per_m3;valid_from\n";
    for (const auto& entry : tariffCache_) {
        const Tariff& t = entry.second;
        out += util::join({t.originZone, t.destZone, t.serviceLevel, util::formatMoney(t.baseRate),
                           std::to_string(t.perKg), std::to_string(t.perM3), t.validFrom},
                          ";");
        out += '\n';
    }
    return out;
}

const Tariff* PricingEngine::cachedTariff(const std::string& originZone, const std::string& destZone,
                                          const std::string& level) {
    if (tariffCache_.empty()) {
        loadTariffCache();
    }
    auto it = tariffCache_.find(laneKey(originZone, destZone, level));
    return it == tariffCache_.end() ? nullptr : &it->second;
}

void PricingEngine::loadTariffCache() {
    const std::string today = util::todayDate();
    for (const auto& t : tariffs_.all()) {
        if (t.validFrom <= today) {
            tariffCache_[laneKey(t.originZone, t.destZone, t.serviceLevel)] = t;  // later valid_from wins
        }
    }
    util::Logger::instance().info("pricing", std::to_string(tariffCache_.size()) + " lanes cached");
}

}  // namespace freight::pricing
