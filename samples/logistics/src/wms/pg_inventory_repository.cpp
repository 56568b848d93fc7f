#include "wms/pg_inventory_repository.hpp"

#include "common/strings.hpp"
#include "db/sql_names.hpp"

namespace freight::wms {

static Warehouse warehouseFromRow(const db::PgResult& rs, int row) {
    Warehouse w;
    w.id = rs.getLong(row, 0);
    w.code = rs.get(row, 1);
    w.name = rs.get(row, 2);
    w.zone = rs.get(row, 3);
    w.capacityM3 = rs.getDouble(row, 4);
    return w;
}

std::optional<Warehouse> PgInventoryRepository::findWarehouse(long id) {
    auto rs = conn_.execParams(
        "SELECT id, code, name, zone, capacity_m3 FROM wms.warehouses WHERE id = $1",
        {std::to_string(id)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    return warehouseFromRow(rs, 0);
}

std::optional<Warehouse> PgInventoryRepository::warehouseInZone(const std::string& zone) {
    auto rs = conn_.execParams(std::string("SELECT id, code, name, zone, capacity_m3 FROM ") +
                                   db::kWmsSchema + ".warehouses WHERE zone = $1 ORDER BY capacity_m3 DESC LIMIT 1",
                               {util::toUpper(zone)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    return warehouseFromRow(rs, 0);
}

std::optional<StockLevel> PgInventoryRepository::stockOf(long warehouseId, const std::string& sku) {
    auto rs = conn_.execParams(
        "SELECT s.id, s.warehouse_id, w.code, s.sku, s.on_hand, s.reserved, s.reorder_level "
        "FROM wms.stock_items s JOIN wms.warehouses w ON w.id = s.warehouse_id "
        "WHERE s.warehouse_id = $1 AND s.sku = $2",
        {std::to_string(warehouseId), util::toUpper(sku)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    StockLevel s;
    s.itemId = rs.getLong(0, 0);
    s.warehouseId = rs.getLong(0, 1);
    s.warehouseCode = rs.get(0, 2);
    s.sku = rs.get(0, 3);
    s.onHand = static_cast<int>(rs.getLong(0, 4));
    s.reserved = static_cast<int>(rs.getLong(0, 5));
    s.reorderLevel = static_cast<int>(rs.getLong(0, 6));
    return s;
}

int PgInventoryRepository::reserveOrder(long orderId, long warehouseId) {
    // The stored function locks the stock rows and raises when a line cannot be covered.
    auto rs = conn_.execParams("SELECT wms.reserve_stock($1, $2)",
                               {std::to_string(orderId), std::to_string(warehouseId)});
    return static_cast<int>(rs.getLong(0, 0));
}

void PgInventoryRepository::releaseOrder(long orderId) {
    const std::string id = std::to_string(orderId);
    conn_.execParams(
        "UPDATE wms.stock_items SET reserved = stock_items.reserved - r.quantity "
        "FROM wms.stock_reservations r "
        "WHERE r.stock_item_id = stock_items.id AND r.order_id = $1 AND r.status = 'held'",
        {id});
    conn_.execParams(
        "UPDATE wms.stock_reservations SET status = 'released' WHERE order_id = $1 AND status = 'held'",
        {id});
}

void PgInventoryRepository::consumeOrder(long orderId, long shipmentId) {
    const std::string order = std::to_string(orderId);
    const std::string shipment = std::to_string(shipmentId);
    conn_.execParams(R"(
        INSERT INTO wms.stock_movements (stock_item_id, delta, reason, ref_shipment_id)
        SELECT r.stock_item_id, -r.quantity, 'dispatch', $2
          FROM wms.stock_reservations r
         WHERE r.order_id = $1 AND r.status = 'held')",
                     {order, shipment});
    conn_.execParams(R"(
        UPDATE wms.stock_items
           SET on_hand = stock_items.on_hand - r.quantity,
               reserved = stock_items.reserved - r.quantity
          FROM wms.stock_reservations r
         WHERE r.stock_item_id = stock_items.id AND r.order_id = $1 AND r.status = 'held')",
                     {order});
    conn_.execParams(
        "UPDATE wms.stock_reservations SET status = 'consumed' WHERE order_id = $1 AND status = 'held'",
        {order});
}

long PgInventoryRepository::receive(long warehouseId, const std::string& sku, int quantity) {
    auto rs = conn_.execParams(
        "INSERT INTO wms.stock_items (warehouse_id, sku, on_hand) VALUES ($1, $2, $3) "
        "ON CONFLICT (warehouse_id, sku) DO UPDATE SET on_hand = stock_items.on_hand + EXCLUDED.on_hand "
        "RETURNING id",
        {std::to_string(warehouseId), util::toUpper(sku), std::to_string(quantity)});
    long itemId = rs.getLong(0, 0);
    conn_.execParams(
        "INSERT INTO wms.stock_movements (stock_item_id, delta, reason) VALUES ($1, $2, 'receipt')",
        {std::to_string(itemId), std::to_string(quantity)});
    return itemId;
}

std::vector<StockLevel> PgInventoryRepository::belowReorderLevel() {
    auto rs = conn_.exec(
        "SELECT s.id, s.warehouse_id, w.code, s.sku, s.on_hand, s.reserved, s.reorder_level "
        "FROM wms.stock_items s JOIN wms.warehouses w ON w.id = s.warehouse_id "
        "WHERE s.on_hand - s.reserved < s.reorder_level ORDER BY w.code, s.sku");
    std::vector<StockLevel> out;
    for (int i = 0; i < rs.rows(); ++i) {
        StockLevel s;
        s.itemId = rs.getLong(i, 0);
        s.warehouseId = rs.getLong(i, 1);
        s.warehouseCode = rs.get(i, 2);
        s.sku = rs.get(i, 3);
        s.onHand = static_cast<int>(rs.getLong(i, 4));
        s.reserved = static_cast<int>(rs.getLong(i, 5));
        s.reorderLevel = static_cast<int>(rs.getLong(i, 6));
        out.push_back(s);
    }
    return out;
}

}  // namespace freight::wms
