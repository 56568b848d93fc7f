#pragma once

#include "db/pg_connection.hpp"
#include "wms/stock.hpp"

namespace freight::wms {

class PgInventoryRepository : public InventoryRepository {
public:
    explicit PgInventoryRepository(db::PgConnection& conn) : conn_(conn) {}

    std::optional<Warehouse> findWarehouse(long id) override;
    std::optional<Warehouse> warehouseInZone(const std::string& zone) override;
    std::optional<StockLevel> stockOf(long warehouseId, const std::string& sku) override;
    int reserveOrder(long orderId, long warehouseId) override;
    void releaseOrder(long orderId) override;
    void consumeOrder(long orderId, long shipmentId) override;
    long receive(long warehouseId, const std::string& sku, int quantity) override;
    std::vector<StockLevel> belowReorderLevel() override;

private:
    db::PgConnection& conn_;
};

}  // namespace freight::wms
