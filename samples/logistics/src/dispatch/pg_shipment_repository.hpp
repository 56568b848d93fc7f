#pragma once

#include "db/pg_connection.hpp"
#include "dispatch/shipment.hpp"

namespace freight::dispatch {

class PgShipmentRepository : public ShipmentRepository {
public:
    explicit PgShipmentRepository(db::PgConnection& conn) : conn_(conn) {}

    long create(const Shipment& shipment) override;
    void addItemsFromOrder(long shipmentId, long orderId) override;
    void addStop(const RouteStop& stop) override;
    std::optional<Shipment> findById(long id) override;
    std::optional<Shipment> findByTrackingCode(const std::string& code) override;
    void markDeparted(long id, const std::string& eta) override;
    void markDelivered(long id) override;
    std::vector<long> flagLate() override;
    std::vector<RouteStop> stopsOf(long shipmentId) override;
    void arriveAt(long shipmentId, int seq) override;

private:
    db::PgConnection& conn_;
};

}  // namespace freight::dispatch
