#pragma once

#include <optional>
#include <string>
#include <vector>

namespace freight::fleet {

struct Vehicle {
    long id = 0;
    std::string plate;
    std::string kind;
    double capacityKg = 0.0;
    double capacityM3 = 0.0;
    long homeWarehouseId = 0;
    std::string status;
};

struct Driver {
    long id = 0;
    std::string name;
    std::string licenceNo;
    std::string licenceExpires;
    double hoursThisWeek = 0.0;
};

struct MaintenanceEntry {
    long vehicleId = 0;
    std::string kind;
    std::string notes;
    double cost = 0.0;
};

class FleetRepository {
public:
    virtual ~FleetRepository() = default;
    virtual std::optional<Vehicle> freeVehicle(long warehouseId, double kg, double m3) = 0;
    virtual std::optional<Driver> freeDriver(double maxHours) = 0;
    virtual void setVehicleStatus(long vehicleId, const std::string& status) = 0;
    virtual void assignDriver(long driverId, long vehicleId) = 0;
    virtual void addDrivingHours(long driverId, double hours) = 0;
    virtual void logMaintenance(const MaintenanceEntry& entry) = 0;
    virtual std::vector<Vehicle> dueForService(int days) = 0;
    virtual void resetWeeklyHours() = 0;
};

}  // namespace freight::fleet
