#pragma once

// Statements the finance team reviewed; kept verbatim so their audit diff stays readable.
namespace freight::billing::sql {

constexpr const char* kInsertInvoice =
    "INSERT INTO billing.invoices (number, customer_id, order_id, shipment_id, amount, tax, period, due_at) "
    "VALUES ($1, $2, NULLIF($3, '0')::bigint, NULLIF($4, '0')::bigint, $5, $6, $7, $8::timestamptz) "
    "RETURNING id";

constexpr const char* kInsertLine =
    "INSERT INTO billing.invoice_lines (invoice_id, description, amount) VALUES ($1, $2, $3)";

constexpr const char* kInsertPayment =
    "INSERT INTO billing.payments (invoice_id, amount, method, reference) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (reference) DO NOTHING RETURNING id";

constexpr const char* kSettle = R"(
    WITH paid AS (
        SELECT p.invoice_id, sum(p.amount) AS total
          FROM billing.payments p
         WHERE p.invoice_id = $1
         GROUP BY p.invoice_id)
    UPDATE billing.invoices i
       SET status = 'paid', paid_at = now()
      FROM paid
     WHERE paid.invoice_id = i.id AND paid.total >= i.amount + i.tax
    RETURNING i.id)";

}  // namespace freight::billing::sql
