#pragma once

#include "fleet/fleet.hpp"

#include <optional>
#include <string>

namespace freight::fleet {

struct Allocation {
    Vehicle vehicle;
    Driver driver;
};

class FleetService {
public:
    FleetService(FleetRepository& repo, double maxWeeklyHours)
        : repo_(repo), maxWeeklyHours_(maxWeeklyHours) {}

    std::optional<Allocation> allocate(long warehouseId, double kg, double m3);
    void release(const Allocation& allocation, double hoursDriven);
    void sendToWorkshop(long vehicleId, const std::string& kind, const std::string& notes, double cost);
    std::string serviceDueReport(int days);
    void startOfWeek();

private:
    FleetRepository& repo_;
    double maxWeeklyHours_;
};

}  // namespace freight::fleet
