#pragma once

#include <optional>
#include <string>
#include <vector>

namespace freight::wms {

struct Warehouse {
    long id = 0;
    std::string code;
    std::string name;
    std::string zone;
    double capacityM3 = 0.0;
};

struct StockLevel {
    long itemId = 0;
    long warehouseId = 0;
    std::string warehouseCode;
    std::string sku;
    int onHand = 0;
    int reserved = 0;
    int reorderLevel = 0;

    int available() const { return onHand - reserved; }
};

class InventoryRepository {
public:
    virtual ~InventoryRepository() = default;
    virtual std::optional<Warehouse> findWarehouse(long id) = 0;
    virtual std::optional<Warehouse> warehouseInZone(const std::string& zone) = 0;
    virtual std::optional<StockLevel> stockOf(long warehouseId, const std::string& sku) = 0;
    virtual int reserveOrder(long orderId, long warehouseId) = 0;
    virtual void releaseOrder(long orderId) = 0;
    virtual void consumeOrder(long orderId, long shipmentId) = 0;
    virtual long receive(long warehouseId, const std::string& sku, int quantity) = 0;
    virtual std::vector<StockLevel> belowReorderLevel() = 0;
};

}  // namespace freight::wms
