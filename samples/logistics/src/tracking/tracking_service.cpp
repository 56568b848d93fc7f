#include "tracking/tracking_service.hpp"

#include "common/clock.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"

namespace freight::tracking {

bool parseScanLine(const std::string& line, TrackingEvent& out) {
    // shipment_id;event_type;location;timestamp -- the handheld scanners' export format.
    auto fields = util::split(util::trim(line), ';');
    if (fields.size() != 4) {
        return false;
    }
    long shipment = util::toLong(fields[0], -1);
    if (shipment <= 0 || fields[1].empty()) {
        return false;
    }
    out.shipmentId = shipment;
    out.type = util::toLower(fields[1]);
    out.location = util::trim(fields[2]);
    out.occurredAt = fields[3].empty() ? util::nowIso() : fields[3];
    return true;
}

std::string describeEventType(const std::string& type) {
    if (type == "dispatched") return "Left the warehouse";
    if (type == "in_transit") return "On its way";
    if (type == "delayed") return "Delayed";
    if (type == "delivered") return "Delivered";
    if (type == "scan") return "Scanned at hub";
    return type;
}

void TrackingService::recordEvent(long shipmentId, const std::string& type, const std::string& location,
                                  const std::string& note) {
    repo_.record(TrackingEvent{shipmentId, type, location, note, util::nowIso()});
}

void TrackingService::recordDelivery(long shipmentId, const std::string& signedBy,
                                     const std::string& photoUrl) {
    repo_.recordProof(DeliveryProof{shipmentId, util::trim(signedBy), photoUrl});
    recordEvent(shipmentId, "delivered", "", "signed by " + signedBy);
}

std::string TrackingService::customerView(const std::string& trackingCode) {
    std::string out = "Shipment " + trackingCode + "\n";
    for (const auto& e : repo_.history(util::toUpper(trackingCode))) {
        out += "  " + e.occurredAt + "  " + util::padRight(describeEventType(e.type), 22) + e.location;
        if (!e.note.empty()) {
            out += " (" + e.note + ")";
        }
        out += "\n";
    }
    return out;
}

int TrackingService::importScannerFeed(const std::vector<std::string>& csvLines) {
    std::vector<TrackingEvent> events;
    int rejected = 0;
    for (const auto& line : csvLines) {
        TrackingEvent e;
        if (parseScanLine(line, e)) {
            events.push_back(e);
        } else {
            ++rejected;
        }
    }
    if (rejected > 0) {
        util::Logger::instance().warn("tracking", std::to_string(rejected) + " malformed scan lines");
    }
    repo_.recordBatch(events);
    return static_cast<int>(events.size());
}

long TrackingService::housekeeping(int days) {
    return repo_.purgeDelivered(days);
}

}  // namespace freight::tracking
