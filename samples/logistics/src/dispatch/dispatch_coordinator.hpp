#pragma once

#include "dispatch/shipment.hpp"

#include <ctime>
#include <string>
#include <thread>

namespace freight::db {
class PgConnection;
}
namespace freight::sales {
class OrderRepository;
}
namespace freight::wms {
class InventoryService;
}
namespace freight::fleet {
class FleetService;
}
namespace freight::billing {
class BillingService;
}
namespace freight::tracking {
class TrackingService;
}

namespace freight::dispatch {

class RoutePlanner;

// The night run: turns reserved orders into shipments. It reaches into every area because the
// original team wanted one place where "an order leaves the building" happens atomically.
class DispatchCoordinator {
public:
    DispatchCoordinator(db::PgConnection& conn, sales::OrderRepository& orders,
                        wms::InventoryService& inventory, fleet::FleetService& fleet,
                        ShipmentRepository& shipments, billing::BillingService& billing,
                        tracking::TrackingService& tracking, RoutePlanner& planner)
        : conn_(conn), orders_(orders), inventory_(inventory), fleet_(fleet), shipments_(shipments),
          billing_(billing), tracking_(tracking), planner_(planner) {}

    long dispatchOrder(long orderId);
    int dispatchReady(int limit);
    void confirmDelivery(const std::string& trackingCode, const std::string& signedBy,
                         const std::string& photoUrl, double hoursDriven);
    int escalateLate();
    void stopReached(const std::string& trackingCode, int seq);

    // Since the move off the office cron box (2016), `freightd night-run` stays up and runs the night
    // run itself, every night at `hour` UTC, on a thread of its own.
    void startNightRun(int hour, int limit);
    void waitForNightRun();

private:
    void nightLoop(int hour, int limit);

    db::PgConnection& conn_;
    sales::OrderRepository& orders_;
    wms::InventoryService& inventory_;
    fleet::FleetService& fleet_;
    ShipmentRepository& shipments_;
    billing::BillingService& billing_;
    tracking::TrackingService& tracking_;
    RoutePlanner& planner_;
    std::thread nightRun_;
};

}  // namespace freight::dispatch
