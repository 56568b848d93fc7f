#include "sales/pg_order_repository.hpp"

#include "common/strings.hpp"
#include "db/sql_names.hpp"

namespace freight::sales {

// Column list shared by every query that materialises an Order.
static const std::string kOrderColumns =
    "id, customer_id, origin_warehouse_id, status, service_level, dest_address, dest_zone, "
    "weight_kg, volume_m3, coalesce(total_price, 0) ";

Order PgOrderRepository::orderFromRow(const db::PgResult& rs, int row) {
    Order o;
    o.id = rs.getLong(row, 0);
    o.customerId = rs.getLong(row, 1);
    o.originWarehouseId = rs.getLong(row, 2);
    o.status = rs.get(row, 3);
    o.serviceLevel = rs.get(row, 4);
    o.destAddress = rs.get(row, 5);
    o.destZone = rs.get(row, 6);
    o.weightKg = rs.getDouble(row, 7);
    o.volumeM3 = rs.getDouble(row, 8);
    o.totalPrice = rs.getDouble(row, 9);
    return o;
}

std::optional<Order> PgOrderRepository::findById(long id) {
    // The dispatch run looks orders up thousands of times a night; a prepared plan pays off.
    if (!findPrepared_) {
        conn_.prepare("order_by_id",
                      "SELECT " + kOrderColumns + "FROM " + db::kSalesSchema + ".orders WHERE id = $1",
                      1);
        findPrepared_ = true;
    }
    auto rs = conn_.execPrepared("order_by_id", {std::to_string(id)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    return orderFromRow(rs, 0);
}

std::vector<OrderLine> PgOrderRepository::linesOf(long orderId) {
    auto rs = conn_.execParams(
        "SELECT id, order_id, sku, quantity, unit_price FROM sales.order_lines "
        "WHERE order_id = $1 ORDER BY id",
        {std::to_string(orderId)});
    std::vector<OrderLine> out;
    for (int i = 0; i < rs.rows(); ++i) {
        OrderLine l;
        l.id = rs.getLong(i, 0);
        l.orderId = rs.getLong(i, 1);
        l.sku = rs.get(i, 2);
        l.quantity = static_cast<int>(rs.getLong(i, 3));
        l.unitPrice = rs.getDouble(i, 4);
        out.push_back(l);
    }
    return out;
}

long PgOrderRepository::create(const Order& order, const std::vector<OrderLine>& lines) {
    auto rs = conn_.execParams(
        "INSERT INTO sales.orders (customer_id, origin_warehouse_id, status, service_level, "
        "dest_address, dest_zone, weight_kg, volume_m3) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        {std::to_string(order.customerId), std::to_string(order.originWarehouseId), order.status,
         order.serviceLevel, order.destAddress, order.destZone, std::to_string(order.weightKg),
         std::to_string(order.volumeM3)});
    long orderId = rs.getLong(0, 0);
    // The web shop sends one line per scan, so the same SKU can arrive twice: merge quantities.
    for (const auto& line : lines) {
        conn_.execParams(
            "INSERT INTO sales.order_lines (order_id, sku, quantity, unit_price) "
            "VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (order_id, sku) DO UPDATE SET quantity = order_lines.quantity + EXCLUDED.quantity",
            {std::to_string(orderId), util::toUpper(line.sku), std::to_string(line.quantity),
             util::formatMoney(line.unitPrice)});
    }
    return orderId;
}

void PgOrderRepository::updateStatus(long id, const std::string& status) {
    conn_.execParams(std::string("UPDATE ") + db::kSalesSchema + ".orders SET status = $2 WHERE id = $1",
                     {std::to_string(id), status});
}

void PgOrderRepository::setPrice(long id, double price) {
    conn_.execParams("UPDATE sales.orders SET total_price = $2 WHERE id = $1",
                     {std::to_string(id), util::formatMoney(price)});
}

std::vector<Order> PgOrderRepository::openForCustomer(long customerId) {
    auto rs = conn_.execParams("SELECT " + kOrderColumns +
                                   "FROM sales.orders WHERE customer_id = $1 "
                                   "AND status NOT IN ('delivered', 'cancelled') ORDER BY created_at",
                               {std::to_string(customerId)});
    std::vector<Order> out;
    for (int i = 0; i < rs.rows(); ++i) {
        out.push_back(orderFromRow(rs, i));
    }
    return out;
}

std::vector<long> PgOrderRepository::readyForDispatch(int limit) {
    static const char* kReady = R"(
        SELECT o.id
          FROM sales.orders o
         WHERE o.status = 'reserved'
           AND EXISTS (SELECT 1 FROM wms.stock_reservations r
                        WHERE r.order_id = o.id AND r.status = 'held')
           AND o.id NOT IN (SELECT s.order_id FROM dispatch."Shipments" s)
         ORDER BY o.created_at
         LIMIT $1)";
    auto rs = conn_.execParams(kReady, {std::to_string(limit)});
    std::vector<long> ids;
    for (int i = 0; i < rs.rows(); ++i) {
        ids.push_back(rs.getLong(i, 0));
    }
    return ids;
}

std::vector<long> PgOrderRepository::cancelStale(int days) {
    auto rs = conn_.execParams(
        "WITH stale AS (SELECT id FROM sales.orders WHERE status = 'new' "
        "AND created_at < now() - ($1 || ' days')::interval) "
        "UPDATE sales.orders o SET status = 'cancelled' FROM stale WHERE o.id = stale.id "
        "RETURNING o.id",
        {std::to_string(days)});
    std::vector<long> ids;
    for (int i = 0; i < rs.rows(); ++i) {
        ids.push_back(rs.getLong(i, 0));
    }
    return ids;
}

}  // namespace freight::sales
