#include "billing/Checkout.hpp"

#include "common/Config.hpp"
#include "common/Db.hpp"
#include "common/Logger.hpp"

#include <stdexcept>

namespace vet::billing {

int loyaltyDiscountPercent(int visits) {
    if (visits >= 20) {
        return 10;
    }
    if (visits >= 10) {
        return 5;
    }
    return 0;
}

int CheckoutService::completedVisits(std::int64_t ownerId) {
    return static_cast<int>(db_.scalar("SELECT COUNT(*) FROM appointments a JOIN pets p ON p.id = a.pet_id "
                                       "WHERE p.owner_id = ? AND a.status = 'billed'",
                                       {static_cast<long long>(ownerId)}));
}

CheckoutResult CheckoutService::checkout(std::int64_t appointmentId, const std::string& actor) {
    CheckoutResult result;
    auto visit = db_.queryOne("SELECT a.status, p.owner_id, m.id FROM appointments a "
                              "JOIN pets p ON p.id = a.pet_id "
                              "LEFT JOIN medical_records m ON m.appointment_id = a.id "
                              "WHERE a.id = ?",
                              {static_cast<long long>(appointmentId)});
    if (!visit) {
        throw std::runtime_error("no appointment " + std::to_string(appointmentId));
    }
    if (visit->text(std::size_t{0}) == "billed") {
        throw std::runtime_error("appointment " + std::to_string(appointmentId) + " already billed");
    }
    const std::int64_t ownerId = visit->integer(std::size_t{1});
    const std::int64_t recordId = visit->integer(std::size_t{2});
    const int discount = loyaltyDiscountPercent(completedVisits(ownerId));
    const Money consultFee = Money(ConfigReader::global().getInt("billing.consult_fee_cents", 4500));

    db_.exec("BEGIN IMMEDIATE");
    try {
        result.invoiceId = db_.insert("INSERT INTO invoices(owner_id, appointment_id, issued_on, total_cents, status) "
                                      "VALUES(?, ?, ?, 0, 'open')",
                                      {static_cast<long long>(ownerId), static_cast<long long>(appointmentId),
                                       todayIso()});
        Money total = consultFee;
        db_.execute("INSERT INTO invoice_lines(invoice_id, description, quantity, unit_price_cents) "
                    "VALUES(?, 'Consultation', 1, ?)",
                    {static_cast<long long>(result.invoiceId), static_cast<long long>(consultFee.cents())});
        ++result.linesBilled;

        auto treatments = db_.query("SELECT t.description, t.quantity, t.fee_cents, t.item_id, i.unit_price_cents "
                                    "FROM treatments t LEFT JOIN inventory_items i ON i.id = t.item_id "
                                    "WHERE t.record_id = ?",
                                    {static_cast<long long>(recordId)});
        // Stock is taken with a raw statement: the inventory manager opens its
        // own transaction and SQLite does not nest them.
        sqlite3_stmt* take = nullptr;
        if (sqlite3_prepare_v2(db_.handle(),
                               "UPDATE inventory_items SET qty_on_hand = qty_on_hand - ?1 "
                               "WHERE id = ?2 AND qty_on_hand >= ?1",
                               -1, &take, nullptr) != SQLITE_OK) {
            throw db::DbError(sqlite3_errmsg(db_.handle()), SQLITE_ERROR);
        }
        for (const auto& t : treatments) {
            const int qty = static_cast<int>(t.integer(std::size_t{1}));
            const std::int64_t itemId = t.integer(std::size_t{3});
            Money unit(t.integer(std::size_t{2}));
            if (itemId > 0) {
                unit += Money(t.integer(std::size_t{4}));
                sqlite3_reset(take);
                sqlite3_bind_int(take, 1, qty);
                sqlite3_bind_int64(take, 2, itemId);
                if (sqlite3_step(take) != SQLITE_DONE || sqlite3_changes(db_.handle()) != 1) {
                    sqlite3_finalize(take);
                    throw std::runtime_error("not enough stock for item " + std::to_string(itemId));
                }
                db_.execute("INSERT INTO stock_movements(item_id, delta, reason, created_at) "
                            "VALUES(?, ?, ?, datetime('now'))",
                            {static_cast<long long>(itemId), -qty, "checkout appt " + std::to_string(appointmentId)});
                result.itemsTakenFromStock += qty;
            }
            db_.execute("INSERT INTO invoice_lines(invoice_id, item_id, description, quantity, unit_price_cents) "
                        "VALUES(?, ?, ?, ?, ?)",
                        {static_cast<long long>(result.invoiceId),
                         itemId > 0 ? db::Value(static_cast<long long>(itemId)) : db::Value(), t.text(std::size_t{0}),
                         qty, static_cast<long long>(unit.cents())});
            total += unit * qty;
            ++result.linesBilled;
        }
        sqlite3_finalize(take);

        if (discount > 0) {
            Money off = total.percent(discount);
            db_.execute("INSERT INTO invoice_lines(invoice_id, description, quantity, unit_price_cents) "
                        "VALUES(?, 'Loyalty discount', 1, ?)",
                        {static_cast<long long>(result.invoiceId), static_cast<long long>(-off.cents())});
            total -= off;
            ++result.linesBilled;
        }
        db_.execute("UPDATE invoices SET total_cents = ? WHERE id = ?",
                    {static_cast<long long>(total.cents()), static_cast<long long>(result.invoiceId)});
        db_.execute("UPDATE appointments SET status = 'billed' WHERE id = ?", {static_cast<long long>(appointmentId)});
        db_.exec("COMMIT");
        result.total = total;
    } catch (...) {
        db_.exec("ROLLBACK");
        util::Logger::instance().error("billing", "checkout of appointment " + std::to_string(appointmentId) +
                                                      " rolled back (" + actor + ")");
        throw;
    }
    util::Logger::instance().info("billing", "checkout " + std::to_string(appointmentId) + " -> invoice " +
                                                 std::to_string(result.invoiceId) + " " + result.total.str());
    return result;
}

}  // namespace vet::billing
