#pragma once

#include "db/pg_connection.hpp"
#include "fleet/fleet.hpp"

namespace freight::fleet {

class PgFleetRepository : public FleetRepository {
public:
    explicit PgFleetRepository(db::PgConnection& conn) : conn_(conn) {}

    std::optional<Vehicle> freeVehicle(long warehouseId, double kg, double m3) override;
    std::optional<Driver> freeDriver(double maxHours) override;
    void setVehicleStatus(long vehicleId, const std::string& status) override;
    void assignDriver(long driverId, long vehicleId) override;
    void addDrivingHours(long driverId, double hours) override;
    void logMaintenance(const MaintenanceEntry& entry) override;
    std::vector<Vehicle> dueForService(int days) override;
    void resetWeeklyHours() override;

private:
    db::PgConnection& conn_;
};

}  // namespace freight::fleet
