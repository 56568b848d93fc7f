#include "pharmacy/Inventory.hpp"

#include "common/Db.hpp"
#include "common/Logger.hpp"

#include <stdexcept>

namespace vet::pharmacy {

namespace {

// Statement table, indexed by InventoryManager::Stmt.
const char* const kStatements[] = {
    /* FindBySku */
    "SELECT id, sku, name, unit_price_cents, qty_on_hand, reorder_level, controlled, supplier_id "
    "FROM inventory_items WHERE sku = ?",
    /* FindById */
    "SELECT id, sku, name, unit_price_cents, qty_on_hand, reorder_level, controlled, supplier_id "
    "FROM inventory_items WHERE id = ?",
    /* AdjustQty */
    "UPDATE inventory_items SET qty_on_hand = qty_on_hand + ? WHERE id = ? AND qty_on_hand + ? >= 0",
    /* InsertMovement */
    "INSERT INTO stock_movements(item_id, delta, reason, created_at) VALUES(?, ?, ?, datetime('now'))",
    /* LowStock */
    "SELECT id, sku, name, unit_price_cents, qty_on_hand, reorder_level, controlled, supplier_id "
    "FROM inventory_items WHERE qty_on_hand <= reorder_level ORDER BY name",
    /* BySupplier */
    "SELECT i.id, i.sku, i.name, i.unit_price_cents, i.qty_on_hand, i.reorder_level, i.controlled, i.supplier_id "
    "FROM inventory_items i JOIN suppliers s ON s.id = i.supplier_id WHERE s.id = ? ORDER BY i.name",
};

static_assert(sizeof(kStatements) / sizeof(kStatements[0]) == static_cast<std::size_t>(InventoryManager::Stmt::Count),
              "statement table out of sync with InventoryManager::Stmt");

const char* stmt(InventoryManager::Stmt which) { return kStatements[static_cast<std::size_t>(which)]; }

}  // namespace

Item InventoryManager::itemFrom(const db::Row& row) {
    Item item;
    item.id = row.integer(std::size_t{0});
    item.sku = row.text(std::size_t{1});
    item.name = row.text(std::size_t{2});
    item.unitPrice = billing::Money(row.integer(std::size_t{3}));
    item.qtyOnHand = static_cast<int>(row.integer(std::size_t{4}));
    item.reorderLevel = static_cast<int>(row.integer(std::size_t{5}));
    item.controlled = row.integer(std::size_t{6}) != 0;
    item.supplierId = row.integer(std::size_t{7});
    return item;
}

std::int64_t InventoryManager::addSupplier(const std::string& name, const std::string& phone, int leadTimeDays) {
    return db_.insert("INSERT INTO suppliers(name, phone, lead_time_days) VALUES(?, ?, ?)", {name, phone, leadTimeDays});
}

std::int64_t InventoryManager::addItem(const Item& item) {
    return db_.insert("INSERT INTO inventory_items(sku, name, unit_price_cents, qty_on_hand, reorder_level, controlled, "
                      "supplier_id) VALUES(?, ?, ?, ?, ?, ?, ?)",
                      {item.sku, item.name, static_cast<long long>(item.unitPrice.cents()), item.qtyOnHand,
                       item.reorderLevel, item.controlled ? 1 : 0,
                       item.supplierId > 0 ? db::Value(static_cast<long long>(item.supplierId)) : db::Value()});
}

std::optional<Item> InventoryManager::findBySku(const std::string& sku) {
    auto row = db_.queryOne(kStatements[static_cast<std::size_t>(Stmt::FindBySku)], {sku});
    if (!row) {
        return std::nullopt;
    }
    return itemFrom(*row);
}

std::optional<Item> InventoryManager::findById(std::int64_t id) {
    auto row = db_.queryOne(kStatements[static_cast<std::size_t>(Stmt::FindById)], {static_cast<long long>(id)});
    if (!row) {
        return std::nullopt;
    }
    return itemFrom(*row);
}

void InventoryManager::adjust(std::int64_t itemId, int delta, const std::string& reason) {
    db::TransactionGuard tx(db_);
    int changed = db_.execute(kStatements[static_cast<std::size_t>(Stmt::AdjustQty)],
                              {delta, static_cast<long long>(itemId), delta});
    if (changed != 1) {
        throw std::runtime_error("stock for item " + std::to_string(itemId) + " cannot move by " +
                                 std::to_string(delta));
    }
    db_.execute(kStatements[static_cast<std::size_t>(Stmt::InsertMovement)],
                {static_cast<long long>(itemId), delta, reason});
    tx.commit();
}

std::vector<Item> InventoryManager::lowStock() {
    std::vector<Item> items;
    for (const auto& row : db_.query(stmt(Stmt::LowStock))) {
        items.push_back(itemFrom(row));
    }
    return items;
}

std::vector<Item> InventoryManager::itemsFrom(std::int64_t supplierId) {
    std::vector<Item> items;
    for (const auto& row :
         db_.query(kStatements[static_cast<std::size_t>(Stmt::BySupplier)], {static_cast<long long>(supplierId)})) {
        items.push_back(itemFrom(row));
    }
    return items;
}

int InventoryManager::receiveDelivery(std::int64_t supplierId, const std::vector<DeliveryLine>& lines) {
    int received = 0;
    for (const auto& line : lines) {
        auto item = findBySku(line.sku);
        if (!item) {
            util::Logger::instance().warn("pharmacy", "delivery line for unknown sku " + line.sku);
            continue;
        }
        if (item->supplierId != supplierId) {
            util::Logger::instance().warn("pharmacy", line.sku + " delivered by a supplier it is not listed under");
        }
        adjust(item->id, line.quantity, "delivery from supplier " + std::to_string(supplierId));
        received += line.quantity;
    }
    return received;
}

billing::Money InventoryManager::stockValue() {
    return billing::Money(db_.scalar("SELECT COALESCE(SUM(unit_price_cents * qty_on_hand), 0) FROM inventory_items"));
}

}  // namespace vet::pharmacy
