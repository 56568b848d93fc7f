#include "billing/InvoiceService.hpp"

#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "common/StringUtil.hpp"

#include <sstream>

namespace vet::billing {

const std::string InvoiceService::kSelectInvoice =
    "SELECT id, owner_id, appointment_id, issued_on, total_cents, status FROM invoices";

namespace {

Invoice invoiceFrom(const db::Row& row) {
    Invoice inv;
    inv.id = row.integer(std::size_t{0});
    inv.ownerId = row.integer(std::size_t{1});
    inv.appointmentId = row.integer(std::size_t{2});
    inv.issuedOn = row.text(std::size_t{3});
    inv.total = Money(row.integer(std::size_t{4}));
    inv.status = row.text(std::size_t{5});
    return inv;
}

}  // namespace

std::int64_t InvoiceService::create(std::int64_t ownerId, std::int64_t appointmentId) {
    return db_.insert("INSERT INTO invoices(owner_id, appointment_id, issued_on, total_cents, status) "
                      "VALUES(?, ?, ?, 0, 'open')",
                      {static_cast<long long>(ownerId),
                       appointmentId > 0 ? db::Value(static_cast<long long>(appointmentId)) : db::Value(),
                       todayIso()});
}

std::int64_t InvoiceService::addLine(std::int64_t invoiceId, const InvoiceLine& line) {
    std::int64_t id = db_.insert(
        "INSERT INTO invoice_lines(invoice_id, item_id, description, quantity, unit_price_cents) VALUES(?, ?, ?, ?, ?)",
        {static_cast<long long>(invoiceId), line.itemId > 0 ? db::Value(static_cast<long long>(line.itemId)) : db::Value(),
         line.description, line.quantity, static_cast<long long>(line.unitPrice.cents())});
    recalculate(invoiceId);
    return id;
}

Money InvoiceService::recalculate(std::int64_t invoiceId) {
    Money total(db_.scalar("SELECT COALESCE(SUM(quantity * unit_price_cents), 0) FROM invoice_lines WHERE invoice_id = ?",
                           {static_cast<long long>(invoiceId)}));
    db_.execute("UPDATE invoices SET total_cents = ? WHERE id = ?",
                {static_cast<long long>(total.cents()), static_cast<long long>(invoiceId)});
    return total;
}

std::optional<Invoice> InvoiceService::find(std::int64_t invoiceId) {
    auto row = db_.queryOne(kSelectInvoice + " WHERE id = ?", {static_cast<long long>(invoiceId)});
    if (!row) {
        return std::nullopt;
    }
    Invoice inv = invoiceFrom(*row);
    for (const auto& lineRow :
         db_.query("SELECT id, item_id, description, quantity, unit_price_cents FROM invoice_lines "
                   "WHERE invoice_id = ? ORDER BY id",
                   {static_cast<long long>(invoiceId)})) {
        InvoiceLine line;
        line.id = lineRow.integer(std::size_t{0});
        line.itemId = lineRow.integer(std::size_t{1});
        line.description = lineRow.text(std::size_t{2});
        line.quantity = static_cast<int>(lineRow.integer(std::size_t{3}));
        line.unitPrice = Money(lineRow.integer(std::size_t{4}));
        inv.lines.push_back(line);
    }
    return inv;
}

std::vector<Invoice> InvoiceService::openFor(std::int64_t ownerId) {
    std::vector<Invoice> invoices;
    for (const auto& row :
         db_.query(kSelectInvoice + " WHERE owner_id = ? AND status = 'open' ORDER BY issued_on", {static_cast<long long>(ownerId)})) {
        invoices.push_back(invoiceFrom(row));
    }
    return invoices;
}

bool InvoiceService::voidInvoice(std::int64_t invoiceId, const std::string& reason, const std::string& actor) {
    if (db_.scalar("SELECT COUNT(*) FROM payments WHERE invoice_id = ?", {static_cast<long long>(invoiceId)}) > 0) {
        util::Logger::instance().warn("billing", "cannot void invoice " + std::to_string(invoiceId) + " with payments");
        return false;
    }
    db::TransactionGuard tx(db_);
    db_.execute("UPDATE invoices SET status = 'void' WHERE id = ?", {static_cast<long long>(invoiceId)});
    db_.execute("INSERT INTO audit_log(entity, entity_id, action, details, actor, logged_at) "
                "VALUES('invoice', ?, 'void', ?, ?, datetime('now'))",
                {static_cast<long long>(invoiceId), reason, actor});
    tx.commit();
    return true;
}

std::string InvoiceService::render(const Invoice& invoice) const {
    std::ostringstream out;
    out << "Invoice #" << invoice.id << "  " << invoice.issuedOn << "  [" << invoice.status << "]\n";
    for (const auto& line : invoice.lines) {
        out << "  " << util::padRight(line.description, 32) << " x" << line.quantity << "  " << line.amount() << "\n";
    }
    out << "  " << util::padRight("TOTAL", 36) << "  " << invoice.total << "\n";
    return out.str();
}

}  // namespace vet::billing
