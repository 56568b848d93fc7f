#pragma once

#include "tracking/tracking.hpp"

#include <string>
#include <vector>

namespace freight::tracking {

class TrackingService {
public:
    explicit TrackingService(TrackingRepository& repo) : repo_(repo) {}

    void recordEvent(long shipmentId, const std::string& type, const std::string& location,
                     const std::string& note);
    void recordDelivery(long shipmentId, const std::string& signedBy, const std::string& photoUrl);
    std::string customerView(const std::string& trackingCode);
    int importScannerFeed(const std::vector<std::string>& csvLines);
    long housekeeping(int days);

private:
    TrackingRepository& repo_;
};

bool parseScanLine(const std::string& line, TrackingEvent& out);
std::string describeEventType(const std::string& type);

}  // namespace freight::tracking
