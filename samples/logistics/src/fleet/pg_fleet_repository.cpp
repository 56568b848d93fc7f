#include "fleet/pg_fleet_repository.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"
#include "db/sql_names.hpp"

namespace freight::fleet {

static Vehicle vehicleFromRow(const db::PgResult& rs, int row) {
    Vehicle v;
    v.id = rs.getLong(row, 0);
    v.plate = rs.get(row, 1);
    v.kind = rs.get(row, 2);
    v.capacityKg = rs.getDouble(row, 3);
    v.capacityM3 = rs.getDouble(row, 4);
    v.homeWarehouseId = rs.getLong(row, 5);
    v.status = rs.get(row, 6);
    return v;
}

std::optional<Vehicle> PgFleetRepository::freeVehicle(long warehouseId, double kg, double m3) {
    // A vehicle still attached to an open shipment is not free even if someone forgot its status.
    static const char* kFree = R"(
        SELECT v.id, v.plate, v.kind, v.capacity_kg, v.capacity_m3, v.home_warehouse_id, v.status
          FROM fleet.vehicles v
         WHERE v.status = 'available'
           AND v.home_warehouse_id = $1
           AND v.capacity_kg >= $2 AND v.capacity_m3 >= $3
           AND NOT EXISTS (SELECT 1 FROM dispatch."Shipments" s
                            WHERE s.vehicle_id = v.id AND s.status IN ('planned', 'in_transit'))
         ORDER BY v.capacity_kg
         LIMIT 1)";
    auto rs = conn_.execParams(kFree, {std::to_string(warehouseId), std::to_string(kg),
                                       std::to_string(m3)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    return vehicleFromRow(rs, 0);
}

std::optional<Driver> PgFleetRepository::freeDriver(double maxHours) {
    auto rs = conn_.execParams(
        std::string("SELECT id, name, licence_no, licence_expires, hours_this_week FROM ") +
            db::kFleetSchema +
            ".drivers WHERE status = 'on_duty' AND licence_expires > current_date "
            "AND hours_this_week < $1 ORDER BY hours_this_week LIMIT 1",
        {std::to_string(maxHours)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    Driver d;
    d.id = rs.getLong(0, 0);
    d.name = rs.get(0, 1);
    d.licenceNo = rs.get(0, 2);
    d.licenceExpires = rs.get(0, 3);
    d.hoursThisWeek = rs.getDouble(0, 4);
    return d;
}

void PgFleetRepository::setVehicleStatus(long vehicleId, const std::string& status) {
    conn_.execParams("UPDATE fleet.vehicles SET status = $2 WHERE id = $1",
                     {std::to_string(vehicleId), status});
}

void PgFleetRepository::assignDriver(long driverId, long vehicleId) {
    conn_.execParams("UPDATE fleet.drivers SET vehicle_id = $2, status = 'assigned' WHERE id = $1",
                     {std::to_string(driverId), std::to_string(vehicleId)});
}

void PgFleetRepository::addDrivingHours(long driverId, double hours) {
    conn_.execParams(
        "UPDATE fleet.drivers SET hours_this_week = hours_this_week + $2, status = 'on_duty', "
        "vehicle_id = NULL WHERE id = $1",
        {std::to_string(driverId), std::to_string(hours)});
}

void PgFleetRepository::logMaintenance(const MaintenanceEntry& entry) {
    conn_.execParams(
        "INSERT INTO fleet.maintenance_logs (vehicle_id, kind, notes, cost) VALUES ($1, $2, $3, $4)",
        {std::to_string(entry.vehicleId), entry.kind, entry.notes, util::formatMoney(entry.cost)});
}

std::vector<Vehicle> PgFleetRepository::dueForService(int days) {
    auto rs = conn_.execParams(
        "SELECT v.id, v.plate, v.kind, v.capacity_kg, v.capacity_m3, v.home_warehouse_id, v.status "
        "FROM fleet.vehicles v WHERE v.status <> 'retired' AND v.id IN ("
        "SELECT m.vehicle_id FROM fleet.maintenance_logs m GROUP BY m.vehicle_id "
        "HAVING max(m.performed_at) < now() - ($1 || ' days')::interval) ORDER BY v.plate",
        {std::to_string(days)});
    std::vector<Vehicle> out;
    for (int i = 0; i < rs.rows(); ++i) {
        out.push_back(vehicleFromRow(rs, i));
    }
    return out;
}

void PgFleetRepository::resetWeeklyHours() {
    // Runs from cron on Monday 00:05; no parameters, so the raw handle is used directly.
    PGresult* res = PQexec(conn_.raw(), "UPDATE fleet.drivers SET hours_this_week = 0");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        util::Logger::instance().error("fleet", PQerrorMessage(conn_.raw()));
    }
    PQclear(res);
}

}  // namespace freight::fleet
