#pragma once

#include "wms/stock.hpp"

#include <string>

namespace freight::wms {

class InventoryService {
public:
    explicit InventoryService(InventoryRepository& repo) : repo_(repo) {}

    std::string zoneOf(long warehouseId);
    long warehouseFor(const std::string& zone);
    int reserveForOrder(long orderId, long warehouseId);
    void releaseOrder(long orderId);
    void shipOrder(long orderId, long shipmentId);
    long receiveGoods(long warehouseId, const std::string& sku, int quantity);
    bool inStock(long warehouseId, const std::string& sku, int quantity);
    std::string reorderReport();

private:
    InventoryRepository& repo_;
};

}  // namespace freight::wms
