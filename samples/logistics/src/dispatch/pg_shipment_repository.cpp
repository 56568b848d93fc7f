#include "dispatch/pg_shipment_repository.hpp"

#include "common/strings.hpp"
#include "db/sql_names.hpp"

namespace freight::dispatch {

static const std::string kShipmentSelect =
    std::string("SELECT id, order_id, coalesce(vehicle_id, 0), coalesce(driver_id, 0), tracking_code, "
                "status, coalesce(planned_departure::text, ''), coalesce(eta::text, '') FROM ") +
    db::kShipmentsTable;

static Shipment shipmentFromRow(const db::PgResult& rs, int row) {
    Shipment s;
    s.id = rs.getLong(row, 0);
    s.orderId = rs.getLong(row, 1);
    s.vehicleId = rs.getLong(row, 2);
    s.driverId = rs.getLong(row, 3);
    s.trackingCode = rs.get(row, 4);
    s.status = rs.get(row, 5);
    s.plannedDeparture = rs.get(row, 6);
    s.eta = rs.get(row, 7);
    return s;
}

long PgShipmentRepository::create(const Shipment& shipment) {
    auto rs = conn_.execParams(
        R"(INSERT INTO dispatch."Shipments"
               (order_id, vehicle_id, driver_id, tracking_code, status, planned_departure)
           VALUES ($1, $2, $3, $4, 'planned', now())
           RETURNING id)",
        {std::to_string(shipment.orderId), std::to_string(shipment.vehicleId),
         std::to_string(shipment.driverId), shipment.trackingCode});
    return rs.getLong(0, 0);
}

void PgShipmentRepository::addItemsFromOrder(long shipmentId, long orderId) {
    conn_.execParams(std::string("INSERT INTO ") + db::kDispatchSchema +
                         ".shipment_items (shipment_id, order_line_id, quantity) "
                         "SELECT $1, ol.id, ol.quantity FROM " + db::kSalesSchema +
                         ".order_lines ol WHERE ol.order_id = $2",
                     {std::to_string(shipmentId), std::to_string(orderId)});
}

void PgShipmentRepository::addStop(const RouteStop& stop) {
    conn_.execParams(
        "INSERT INTO dispatch.route_stops (shipment_id, seq, address, zone, planned_at) "
        "VALUES ($1, $2, $3, $4, $5::timestamptz)",
        {std::to_string(stop.shipmentId), std::to_string(stop.seq), stop.address, stop.zone,
         stop.plannedAt});
}

std::optional<Shipment> PgShipmentRepository::findById(long id) {
    auto rs = conn_.execParams(kShipmentSelect + " WHERE id = $1", {std::to_string(id)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    return shipmentFromRow(rs, 0);
}

std::optional<Shipment> PgShipmentRepository::findByTrackingCode(const std::string& code) {
    auto rs = conn_.execParams(kShipmentSelect + " WHERE tracking_code = $1", {util::toUpper(code)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    return shipmentFromRow(rs, 0);
}

void PgShipmentRepository::markDeparted(long id, const std::string& eta) {
    conn_.execParams(
        "UPDATE dispatch.\"Shipments\" SET status = 'in_transit', departed_at = now(), "
        "eta = $2::timestamptz WHERE id = $1",
        {std::to_string(id), eta});
}

void PgShipmentRepository::markDelivered(long id) {
    conn_.execParams(std::string("UPDATE ") + db::kShipmentsTable +
                         " SET status = 'delivered', delivered_at = now() WHERE id = $1",
                     {std::to_string(id)});
}

std::vector<long> PgShipmentRepository::flagLate() {
    auto rs = conn_.exec(R"(
        WITH late AS (
            SELECT id FROM dispatch."Shipments"
             WHERE status = 'in_transit' AND eta < now())
        UPDATE dispatch."Shipments" s
           SET status = 'delayed'
         WHERE s.id IN (SELECT id FROM late)
        RETURNING s.id)");
    std::vector<long> ids;
    for (int i = 0; i < rs.rows(); ++i) {
        ids.push_back(rs.getLong(i, 0));
    }
    return ids;
}

std::vector<RouteStop> PgShipmentRepository::stopsOf(long shipmentId) {
    auto rs = conn_.execParams(
        "SELECT shipment_id, seq, address, zone, coalesce(planned_at::text, '') "
        "FROM dispatch.route_stops WHERE shipment_id = $1 ORDER BY seq",
        {std::to_string(shipmentId)});
    std::vector<RouteStop> out;
    for (int i = 0; i < rs.rows(); ++i) {
        out.push_back(RouteStop{rs.getLong(i, 0), static_cast<int>(rs.getLong(i, 1)), rs.get(i, 2),
                                rs.get(i, 3), rs.get(i, 4)});
    }
    return out;
}

void PgShipmentRepository::arriveAt(long shipmentId, int seq) {
    conn_.execParams("UPDATE dispatch.route_stops SET arrived_at = now() WHERE shipment_id = $1 AND seq = $2",
                     {std::to_string(shipmentId), std::to_string(seq)});
}

}  // namespace freight::dispatch
