#pragma once

#include <optional>
#include <string>
#include <vector>

namespace freight::dispatch {

struct Shipment {
    long id = 0;
    long orderId = 0;
    long vehicleId = 0;
    long driverId = 0;
    std::string trackingCode;
    std::string status = "planned";
    std::string plannedDeparture;
    std::string eta;
};

struct RouteStop {
    long shipmentId = 0;
    int seq = 0;
    std::string address;
    std::string zone;
    std::string plannedAt;
};

class ShipmentRepository {
public:
    virtual ~ShipmentRepository() = default;
    virtual long create(const Shipment& shipment) = 0;
    virtual void addItemsFromOrder(long shipmentId, long orderId) = 0;
    virtual void addStop(const RouteStop& stop) = 0;
    virtual std::optional<Shipment> findById(long id) = 0;
    virtual std::optional<Shipment> findByTrackingCode(const std::string& code) = 0;
    virtual void markDeparted(long id, const std::string& eta) = 0;
    virtual void markDelivered(long id) = 0;
    virtual std::vector<long> flagLate() = 0;
    virtual std::vector<RouteStop> stopsOf(long shipmentId) = 0;
    virtual void arriveAt(long shipmentId, int seq) = 0;
};

}  // namespace freight::dispatch
