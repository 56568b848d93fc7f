#pragma once

#include "dispatch/shipment.hpp"

#include <map>
#include <string>
#include <vector>

namespace freight::dispatch {

// Zone-to-zone planning. Real routing lives in the vendor's tool; this only produces the stops the
// drivers' app needs and an ETA good enough for the customer view.
class RoutePlanner {
public:
    RoutePlanner();

    std::vector<RouteStop> plan(const std::string& originZone, const std::string& destZone,
                                const std::string& destAddress);
    double transitHours(const std::string& originZone, const std::string& destZone) const;
    void setHub(const std::string& zone, const std::string& hubAddress);

private:
    std::map<std::string, std::string> hubs_;
};

double zoneDistanceKm(const std::string& from, const std::string& to);
double estimateTransitHours(double km);
std::string makeTrackingCode(long orderId);

}  // namespace freight::dispatch
