#include "billing/pg_invoice_repository.hpp"

#include "billing/billing_sql.hpp"
#include "common/strings.hpp"
#include "db/sql_names.hpp"

namespace freight::billing {

static const std::string kInvoiceColumns =
    "i.id, i.number, i.customer_id, coalesce(i.order_id, 0), coalesce(i.shipment_id, 0), i.status, "
    "i.amount, i.tax, i.period, i.due_at";

static Invoice invoiceFromRow(const db::PgResult& rs, int row) {
    Invoice inv;
    inv.id = rs.getLong(row, 0);
    inv.number = rs.get(row, 1);
    inv.customerId = rs.getLong(row, 2);
    inv.orderId = rs.getLong(row, 3);
    inv.shipmentId = rs.getLong(row, 4);
    inv.status = rs.get(row, 5);
    inv.amount = rs.getDouble(row, 6);
    inv.tax = rs.getDouble(row, 7);
    inv.period = rs.get(row, 8);
    inv.dueAt = rs.get(row, 9);
    return inv;
}

std::string PgInvoiceRepository::nextNumber() {
    auto rs = conn_.exec("SELECT nextval('billing.invoice_no_seq')");
    return "FR-" + rs.get(0, 0);
}

long PgInvoiceRepository::create(const Invoice& invoice) {
    auto rs = conn_.execParams(sql::kInsertInvoice,
                               {invoice.number, std::to_string(invoice.customerId),
                                std::to_string(invoice.orderId), std::to_string(invoice.shipmentId),
                                util::formatMoney(invoice.amount), util::formatMoney(invoice.tax),
                                invoice.period, invoice.dueAt});
    return rs.getLong(0, 0);
}

void PgInvoiceRepository::addLine(long invoiceId, const std::string& description, double amount) {
    conn_.execParams(sql::kInsertLine,
                     {std::to_string(invoiceId), description, util::formatMoney(amount)});
}

std::optional<Invoice> PgInvoiceRepository::findById(long id) {
    auto rs = conn_.execParams("SELECT " + kInvoiceColumns + " FROM " + db::kBillingSchema +
                                   ".invoices i WHERE i.id = $1",
                               {std::to_string(id)});
    if (rs.rows() == 0) {
        return std::nullopt;
    }
    return invoiceFromRow(rs, 0);
}

std::vector<Invoice> PgInvoiceRepository::openFor(long customerId) {
    auto rs = conn_.execParams("SELECT " + kInvoiceColumns +
                                   ", coalesce(sum(p.amount), 0) FROM billing.invoices i "
                                   "LEFT JOIN billing.payments p ON p.invoice_id = i.id "
                                   "WHERE i.customer_id = $1 AND i.status IN ('issued', 'overdue') "
                                   "GROUP BY i.id ORDER BY i.due_at",
                               {std::to_string(customerId)});
    std::vector<Invoice> out;
    for (int r = 0; r < rs.rows(); ++r) {
        Invoice inv = invoiceFromRow(rs, r);
        inv.paid = rs.getDouble(r, 10);
        out.push_back(inv);
    }
    return out;
}

bool PgInvoiceRepository::recordPayment(const Payment& payment) {
    // Bank files are re-sent after outages; the reference makes the import idempotent.
    auto rs = conn_.execParams(sql::kInsertPayment,
                               {std::to_string(payment.invoiceId), util::formatMoney(payment.amount),
                                payment.method, payment.reference});
    return rs.rows() == 1;
}

bool PgInvoiceRepository::settleIfPaid(long invoiceId) {
    auto rs = conn_.execParams(sql::kSettle, {std::to_string(invoiceId)});
    return rs.rows() == 1;
}

void PgInvoiceRepository::closePeriod(const std::string& period) {
    conn_.execParams("CALL billing.close_period($1)", {period});
}

}  // namespace freight::billing
