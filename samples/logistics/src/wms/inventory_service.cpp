#include "wms/inventory_service.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"

#include <stdexcept>

namespace freight::wms {

std::string InventoryService::zoneOf(long warehouseId) {
    auto warehouse = repo_.findWarehouse(warehouseId);
    if (!warehouse) {
        throw std::runtime_error("unknown warehouse " + std::to_string(warehouseId));
    }
    return warehouse->zone;
}

long InventoryService::warehouseFor(const std::string& zone) {
    auto warehouse = repo_.warehouseInZone(zone);
    return warehouse ? warehouse->id : 0;
}

int InventoryService::reserveForOrder(long orderId, long warehouseId) {
    int lines = repo_.reserveOrder(orderId, warehouseId);
    util::Logger::instance().debug("wms", "reserved " + std::to_string(lines) + " lines for order " +
                                              std::to_string(orderId));
    return lines;
}

void InventoryService::releaseOrder(long orderId) {
    repo_.releaseOrder(orderId);
}

void InventoryService::shipOrder(long orderId, long shipmentId) {
    repo_.consumeOrder(orderId, shipmentId);
}

long InventoryService::receiveGoods(long warehouseId, const std::string& sku, int quantity) {
    if (quantity <= 0) {
        throw std::invalid_argument("received quantity must be positive");
    }
    long item = repo_.receive(warehouseId, util::trim(sku), quantity);
    util::Logger::instance().info("wms", "received " + std::to_string(quantity) + " x " + sku);
    return item;
}

bool InventoryService::inStock(long warehouseId, const std::string& sku, int quantity) {
    auto level = repo_.stockOf(warehouseId, sku);
    return level && level->available() >= quantity;
}

std::string InventoryService::reorderReport() {
    std::string out;
    for (const auto& s : repo_.belowReorderLevel()) {
        out += util::padRight(s.warehouseCode, 8) + util::padRight(s.sku, 16) +
               std::to_string(s.available()) + " / " + std::to_string(s.reorderLevel) + "\n";
    }
    return out.empty() ? "all stock above reorder level\n" : out;
}

}  // namespace freight::wms
