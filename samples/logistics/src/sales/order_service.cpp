#include "sales/order_service.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"
#include "crm/customer_service.hpp"
#include "db/transaction.hpp"
#include "pricing/pricing_engine.hpp"
#include "wms/inventory_service.hpp"

#include <stdexcept>

namespace freight::sales {

std::string validateRequest(const OrderRequest& request) {
    if (request.customerId <= 0) {
        return "customer missing";
    }
    if (request.lines.empty()) {
        return "order has no lines";
    }
    if (request.weightKg <= 0 || request.volumeM3 <= 0) {
        return "weight and volume must be positive";
    }
    if (util::trim(request.destAddress).empty() || util::trim(request.destZone).empty()) {
        return "destination incomplete";
    }
    for (const auto& line : request.lines) {
        if (line.quantity <= 0) {
            return "line " + line.sku + " has no quantity";
        }
    }
    return std::string();
}

long OrderService::placeOrder(const OrderRequest& request) {
    std::string problem = validateRequest(request);
    if (!problem.empty()) {
        throw std::invalid_argument(problem);
    }
    std::string originZone = inventory_.zoneOf(request.warehouseId);
    double price = pricing_.total(originZone, util::toUpper(request.destZone), request.serviceLevel,
                                  request.weightKg, request.volumeM3);
    if (!customers_.canCharge(request.customerId, price)) {
        throw std::runtime_error("credit limit exceeded for customer " +
                                 std::to_string(request.customerId));
    }

    Order order;
    order.customerId = request.customerId;
    order.originWarehouseId = request.warehouseId;
    order.serviceLevel = request.serviceLevel;
    order.destAddress = util::trim(request.destAddress);
    order.destZone = util::toUpper(request.destZone);
    order.weightKg = request.weightKg;
    order.volumeM3 = request.volumeM3;

    // Order, lines and reservation stand or fall together: a half-reserved order blocks stock.
    db::Transaction tx(conn_);
    long orderId = orders_.create(order, request.lines);
    inventory_.reserveForOrder(orderId, request.warehouseId);
    orders_.setPrice(orderId, price);
    orders_.updateStatus(orderId, "reserved");
    tx.commit();

    util::Logger::instance().info("sales", "order " + std::to_string(orderId) + " placed, price " +
                                               util::formatMoney(price));
    return orderId;
}

void OrderService::cancelOrder(long orderId) {
    db::Transaction tx(conn_);
    auto order = orders_.findById(orderId);
    if (!order) {
        throw std::runtime_error("no order " + std::to_string(orderId));
    }
    if (order->status == "dispatched" || order->status == "delivered") {
        throw std::runtime_error("order " + std::to_string(orderId) + " already left the warehouse");
    }
    inventory_.releaseOrder(orderId);
    orders_.updateStatus(orderId, "cancelled");
    tx.commit();
}

int OrderService::cancelStaleOrders(int days) {
    auto ids = orders_.cancelStale(days);
    for (long id : ids) {
        util::Logger::instance().info("sales", "cancelled stale order " + std::to_string(id));
    }
    return static_cast<int>(ids.size());
}

double OrderService::goodsValue(long orderId) {
    double value = 0.0;
    for (const auto& line : orders_.linesOf(orderId)) {
        value += line.quantity * line.unitPrice;
    }
    return value;
}

std::string OrderService::summary(long orderId) {
    auto order = orders_.findById(orderId);
    if (!order) {
        return "no such order";
    }
    std::string text = "order " + std::to_string(order->id) + " [" + order->status + "] to " +
                       order->destAddress + " (" + order->destZone + "), " +
                       util::formatMoney(order->weightKg) + " kg, price " +
                       util::formatMoney(order->totalPrice) + ", goods " +
                       util::formatMoney(goodsValue(orderId));
    return text;
}

}  // namespace freight::sales
