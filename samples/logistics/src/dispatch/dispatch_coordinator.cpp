#include "dispatch/dispatch_coordinator.hpp"

#include "billing/billing_service.hpp"
#include "common/clock.hpp"
#include "common/logger.hpp"
#include "db/pg_connection.hpp"
#include "db/transaction.hpp"
#include "dispatch/route_planner.hpp"
#include "fleet/fleet_service.hpp"
#include "sales/order.hpp"
#include "tracking/tracking_service.hpp"
#include "wms/inventory_service.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace freight::dispatch {

// The next `hour`:00 UTC strictly after now.
static std::chrono::system_clock::time_point nextNightAt(int hour) {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    long secondsToday = utc.tm_hour * 3600L + utc.tm_min * 60L + utc.tm_sec;
    long wait = hour * 3600L - secondsToday;
    if (wait <= 0) {
        wait += 24 * 3600L;
    }
    return std::chrono::system_clock::from_time_t(now + wait);
}

long DispatchCoordinator::dispatchOrder(long orderId) {
    // Written before the Transaction guard existed; kept explicit because the ROLLBACK on
    // "no vehicle" is a normal outcome here, not an error.
    conn_.exec("BEGIN");
    try {
        auto order = orders_.findById(orderId);
        if (!order || order->status != "reserved") {
            conn_.exec("ROLLBACK");
            return 0;
        }
        auto allocation = fleet_.allocate(order->originWarehouseId, order->weightKg, order->volumeM3);
        if (!allocation) {
            conn_.exec("ROLLBACK");
            return 0;
        }
        std::string originZone = inventory_.zoneOf(order->originWarehouseId);

        Shipment shipment;
        shipment.orderId = orderId;
        shipment.vehicleId = allocation->vehicle.id;
        shipment.driverId = allocation->driver.id;
        shipment.trackingCode = makeTrackingCode(orderId);
        long shipmentId = shipments_.create(shipment);
        shipments_.addItemsFromOrder(shipmentId, orderId);

        std::string eta;
        for (auto stop : planner_.plan(originZone, order->destZone, order->destAddress)) {
            stop.shipmentId = shipmentId;
            shipments_.addStop(stop);
            eta = stop.plannedAt;
        }
        shipments_.markDeparted(shipmentId, eta);

        inventory_.shipOrder(orderId, shipmentId);
        orders_.updateStatus(orderId, "dispatched");
        billing_.invoiceShipment(order->customerId, orderId, shipmentId, order->totalPrice,
                                 shipment.trackingCode);
        tracking_.recordEvent(shipmentId, "dispatched", originZone, "vehicle " + allocation->vehicle.plate);
        conn_.exec("COMMIT");

        util::Logger::instance().info("dispatch", "order " + std::to_string(orderId) + " left as " +
                                                      shipment.trackingCode);
        return shipmentId;
    } catch (const std::exception& e) {
        conn_.exec("ROLLBACK");
        util::Logger::instance().error("dispatch", "order " + std::to_string(orderId) + ": " + e.what());
        throw;
    }
}

int DispatchCoordinator::dispatchReady(int limit) {
    int dispatched = 0;
    for (long orderId : orders_.readyForDispatch(limit)) {
        try {
            if (dispatchOrder(orderId) != 0) {
                ++dispatched;
            }
        } catch (const std::exception&) {
            // Already logged; one bad order must not stop the night run.
        }
    }
    return dispatched;
}

void DispatchCoordinator::confirmDelivery(const std::string& trackingCode, const std::string& signedBy,
                                          const std::string& photoUrl, double hoursDriven) {
    db::Transaction tx(conn_);
    auto shipment = shipments_.findByTrackingCode(trackingCode);
    if (!shipment) {
        throw std::runtime_error("unknown tracking code " + trackingCode);
    }
    shipments_.markDelivered(shipment->id);
    tracking_.recordDelivery(shipment->id, signedBy, photoUrl);
    orders_.updateStatus(shipment->orderId, "delivered");
    fleet::Allocation allocation;
    allocation.vehicle.id = shipment->vehicleId;
    allocation.driver.id = shipment->driverId;
    fleet_.release(allocation, hoursDriven);
    tx.commit();
}

int DispatchCoordinator::escalateLate() {
    auto late = shipments_.flagLate();
    for (long id : late) {
        tracking_.recordEvent(id, "delayed", "", "ETA passed at " + util::nowIso());
    }
    return static_cast<int>(late.size());
}

void DispatchCoordinator::stopReached(const std::string& trackingCode, int seq) {
    auto shipment = shipments_.findByTrackingCode(trackingCode);
    if (!shipment) {
        throw std::runtime_error("unknown tracking code " + trackingCode);
    }
    shipments_.arriveAt(shipment->id, seq);
    for (const auto& stop : shipments_.stopsOf(shipment->id)) {
        if (stop.seq == seq) {
            tracking_.recordEvent(shipment->id, "scan", stop.zone, stop.address);
        }
    }
}

void DispatchCoordinator::startNightRun(int hour, int limit) {
    if (hour < 0 || hour > 23) {
        throw std::invalid_argument("night run hour must be 0..23");
    }
    nightRun_ = std::thread([this, hour, limit] { nightLoop(hour, limit); });
}

void DispatchCoordinator::waitForNightRun() {
    if (nightRun_.joinable()) {
        nightRun_.join();
    }
}

void DispatchCoordinator::nightLoop(int hour, int limit) {
    for (;;) {
        std::this_thread::sleep_until(nextNightAt(hour));
        int dispatched = dispatchReady(limit);
        int late = escalateLate();
        util::Logger::instance().info("dispatch", "night run: " + std::to_string(dispatched) +
                                                      " dispatched, " + std::to_string(late) + " late");
    }
}

}  // namespace freight::dispatch
