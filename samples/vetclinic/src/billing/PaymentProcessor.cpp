#include "billing/PaymentProcessor.hpp"

#include "common/Db.hpp"
#include "common/Logger.hpp"

#include <stdexcept>

namespace vet::billing {

const char* PaymentProcessor::methodName(PaymentMethod method) {
    switch (method) {
    case PaymentMethod::Cash: return "cash";
    case PaymentMethod::Card: return "card";
    case PaymentMethod::Insurance: return "insurance";
    }
    return "cash";
}

Money PaymentProcessor::balance(std::int64_t invoiceId) {
    auto row = db_.queryOne(
        "SELECT i.total_cents, "
        "       COALESCE((SELECT SUM(p.amount_cents) FROM payments p WHERE p.invoice_id = i.id), 0), "
        "       COALESCE((SELECT SUM(r.amount_cents) FROM refunds r JOIN payments p2 ON p2.id = r.payment_id "
        "                 WHERE p2.invoice_id = i.id), 0) "
        "FROM invoices i WHERE i.id = ?",
        {static_cast<long long>(invoiceId)});
    if (!row) {
        throw std::runtime_error("no invoice " + std::to_string(invoiceId));
    }
    return Money(row->integer(std::size_t{0})) - Money(row->integer(std::size_t{1})) +
           Money(row->integer(std::size_t{2}));
}

std::int64_t PaymentProcessor::pay(std::int64_t invoiceId, const Money& amount, PaymentMethod method) {
    Money due = balance(invoiceId);
    if (due < amount) {
        util::Logger::instance().warn("billing", "overpayment of " + (amount - due).str() + " on invoice " +
                                                     std::to_string(invoiceId));
    }
    std::int64_t id = db_.insert("INSERT INTO payments(invoice_id, amount_cents, method, paid_at) "
                                 "VALUES(?, ?, ?, datetime('now'))",
                                 {static_cast<long long>(invoiceId), static_cast<long long>(amount.cents()),
                                  methodName(method)});
    if (!(Money() < balance(invoiceId))) {
        db_.execute("UPDATE invoices SET status = 'paid' WHERE id = ? AND status = 'open'",
                    {static_cast<long long>(invoiceId)});
    }
    return id;
}

std::int64_t PaymentProcessor::refund(std::int64_t paymentId, const Money& amount, const std::string& reason) {
    auto paid = db_.queryOne("SELECT amount_cents, invoice_id FROM payments WHERE id = ?",
                             {static_cast<long long>(paymentId)});
    if (!paid) {
        throw std::runtime_error("no payment " + std::to_string(paymentId));
    }
    Money already(db_.scalar("SELECT COALESCE(SUM(amount_cents), 0) FROM refunds WHERE payment_id = ?",
                             {static_cast<long long>(paymentId)}));
    if (Money(paid->integer(std::size_t{0})) < already + amount) {
        throw std::runtime_error("refund exceeds payment");
    }
    std::int64_t id = db_.insert("INSERT INTO refunds(payment_id, amount_cents, reason, refunded_at) "
                                 "VALUES(?, ?, ?, datetime('now'))",
                                 {static_cast<long long>(paymentId), static_cast<long long>(amount.cents()), reason});
    db_.execute("UPDATE invoices SET status = 'open' WHERE id = ? AND status = 'paid'",
                {static_cast<long long>(paid->integer(std::size_t{1}))});
    return id;
}

std::vector<LedgerEntry> PaymentProcessor::ledger(std::int64_t invoiceId, bool refunds) {
    const char* table = refunds ? "refunds" : "payments";
    std::string sql = std::string("SELECT x.id, x.amount_cents, ") + (refunds ? "x.refunded_at, x.reason" : "x.paid_at, x.method") +
                      " FROM " + table + " x";
    if (refunds) {
        sql += " JOIN payments p ON p.id = x.payment_id WHERE p.invoice_id = ?";
    } else {
        sql += " WHERE x.invoice_id = ?";
    }
    std::vector<LedgerEntry> entries;
    for (const auto& row : db_.query(sql, {static_cast<long long>(invoiceId)})) {
        entries.push_back({row.integer(std::size_t{0}), Money(row.integer(std::size_t{1})), row.text(std::size_t{2}),
                           row.text(std::size_t{3})});
    }
    return entries;
}

}  // namespace vet::billing
