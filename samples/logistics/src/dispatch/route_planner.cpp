#include "dispatch/route_planner.hpp"

#include "common/clock.hpp"
#include "common/strings.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace freight::dispatch {

double zoneDistanceKm(const std::string& from, const std::string& to) {
    if (from == to) {
        return 40.0;
    }
    // Zones are two-letter codes laid out on the carrier's grid: letter = row, digit = column.
    if (from.size() < 2 || to.size() < 2) {
        return 600.0;
    }
    double dr = from[0] - to[0];
    double dc = from[1] - to[1];
    return 25.0 + 120.0 * std::sqrt(dr * dr + dc * dc);
}

double estimateTransitHours(double km) {
    const double average = km < 100 ? 45.0 : 72.0;
    double hours = km / average;
    // EU driving rules: a 45 minute break per 4.5 hours behind the wheel.
    hours += std::floor(hours / 4.5) * 0.75;
    return hours;
}

std::string makeTrackingCode(long orderId) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "FX%08ld%02ld", orderId, (orderId * 7 + 3) % 97);
    return buf;
}

RoutePlanner::RoutePlanner() {
    hubs_["A1"] = "Hub North, Dock 3";
    hubs_["C4"] = "Hub Central, Dock 1";
    hubs_["F7"] = "Hub South, Dock 2";
}

void RoutePlanner::setHub(const std::string& zone, const std::string& hubAddress) {
    hubs_[util::toUpper(zone)] = hubAddress;
}

double RoutePlanner::transitHours(const std::string& originZone, const std::string& destZone) const {
    return estimateTransitHours(zoneDistanceKm(originZone, destZone));
}

std::vector<RouteStop> RoutePlanner::plan(const std::string& originZone, const std::string& destZone,
                                          const std::string& destAddress) {
    std::vector<RouteStop> stops;
    std::time_t now = std::time(nullptr);
    double hours = 0.0;
    int seq = 1;
    // Long hauls go through the hub of the destination zone for cross-docking.
    auto hub = hubs_.find(destZone);
    if (hub != hubs_.end() && zoneDistanceKm(originZone, destZone) > 300.0) {
        hours += transitHours(originZone, destZone);
        stops.push_back(RouteStop{0, seq++, hub->second, destZone,
                                  util::formatIso(now + static_cast<std::time_t>(hours * 3600))});
        hours += 1.5;  // cross-dock handling
    } else {
        hours += transitHours(originZone, destZone);
    }
    stops.push_back(RouteStop{0, seq, destAddress, destZone,
                              util::formatIso(now + static_cast<std::time_t>(hours * 3600))});
    return stops;
}

}  // namespace freight::dispatch
