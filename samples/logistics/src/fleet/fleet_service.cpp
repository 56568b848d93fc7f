#include "fleet/fleet_service.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"

namespace freight::fleet {

std::optional<Allocation> FleetService::allocate(long warehouseId, double kg, double m3) {
    auto vehicle = repo_.freeVehicle(warehouseId, kg, m3);
    if (!vehicle) {
        util::Logger::instance().warn("fleet", "no vehicle for " + util::formatMoney(kg) + " kg at warehouse " +
                                                   std::to_string(warehouseId));
        return std::nullopt;
    }
    auto driver = repo_.freeDriver(maxWeeklyHours_);
    if (!driver) {
        util::Logger::instance().warn("fleet", "no driver with hours left this week");
        return std::nullopt;
    }
    repo_.setVehicleStatus(vehicle->id, "in_use");
    repo_.assignDriver(driver->id, vehicle->id);
    return Allocation{*vehicle, *driver};
}

void FleetService::release(const Allocation& allocation, double hoursDriven) {
    repo_.setVehicleStatus(allocation.vehicle.id, "available");
    repo_.addDrivingHours(allocation.driver.id, hoursDriven);
}

void FleetService::sendToWorkshop(long vehicleId, const std::string& kind, const std::string& notes,
                                  double cost) {
    repo_.setVehicleStatus(vehicleId, "workshop");
    repo_.logMaintenance(MaintenanceEntry{vehicleId, util::toLower(kind), util::trim(notes), cost});
}

std::string FleetService::serviceDueReport(int days) {
    std::string out;
    for (const auto& v : repo_.dueForService(days)) {
        out += util::padRight(v.plate, 12) + util::padRight(v.kind, 10) + v.status + "\n";
    }
    return out;
}

void FleetService::startOfWeek() {
    repo_.resetWeeklyHours();
    util::Logger::instance().info("fleet", "weekly driving hours reset");
}

}  // namespace freight::fleet
