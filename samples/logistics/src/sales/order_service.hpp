#pragma once

#include "sales/order.hpp"

#include <string>
#include <vector>

namespace freight::db {
class PgConnection;
}
namespace freight::crm {
class CustomerService;
}
namespace freight::pricing {
class PricingEngine;
}
namespace freight::wms {
class InventoryService;
}

namespace freight::sales {

struct OrderRequest {
    long customerId = 0;
    long warehouseId = 0;
    std::string serviceLevel = "standard";
    std::string destAddress;
    std::string destZone;
    double weightKg = 0.0;
    double volumeM3 = 0.0;
    std::vector<OrderLine> lines;
};

class OrderService {
public:
    OrderService(db::PgConnection& conn, OrderRepository& orders, crm::CustomerService& customers,
                 pricing::PricingEngine& pricing, wms::InventoryService& inventory)
        : conn_(conn), orders_(orders), customers_(customers), pricing_(pricing),
          inventory_(inventory) {}

    long placeOrder(const OrderRequest& request);
    void cancelOrder(long orderId);
    int cancelStaleOrders(int days);
    std::string summary(long orderId);
    double goodsValue(long orderId);

private:
    db::PgConnection& conn_;
    OrderRepository& orders_;
    crm::CustomerService& customers_;
    pricing::PricingEngine& pricing_;
    wms::InventoryService& inventory_;
};

std::string validateRequest(const OrderRequest& request);

}  // namespace freight::sales
