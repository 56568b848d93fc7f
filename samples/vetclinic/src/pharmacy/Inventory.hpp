#pragma once

#include "billing/Money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vet::db {
class Db;
class Row;
}  // namespace vet::db

namespace vet::pharmacy {

struct Item {
    std::int64_t id = 0;
    std::string sku;
    std::string name;
    billing::Money unitPrice;
    int qtyOnHand = 0;
    int reorderLevel = 0;
    bool controlled = false;
    std::int64_t supplierId = 0;
};

struct DeliveryLine {
    std::string sku;
    int quantity = 0;
};

class InventoryManager {
public:
    // Index into the statement table in Inventory.cpp; order matters.
    enum class Stmt { FindBySku, FindById, AdjustQty, InsertMovement, LowStock, BySupplier, Count };

    explicit InventoryManager(db::Db& db) : db_(db) {}

    std::int64_t addSupplier(const std::string& name, const std::string& phone, int leadTimeDays);
    std::int64_t addItem(const Item& item);
    std::optional<Item> findBySku(const std::string& sku);
    std::optional<Item> findById(std::int64_t id);
    // Moves stock and writes the movement journal; throws when stock would go negative.
    void adjust(std::int64_t itemId, int delta, const std::string& reason);
    std::vector<Item> lowStock();
    std::vector<Item> itemsFrom(std::int64_t supplierId);
    int receiveDelivery(std::int64_t supplierId, const std::vector<DeliveryLine>& lines);
    billing::Money stockValue();

private:
    static Item itemFrom(const db::Row& row);
    db::Db& db_;
};

}  // namespace vet::pharmacy
