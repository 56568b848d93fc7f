#include "billing/billing_service.hpp"

#include "common/clock.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"
#include "crm/customer_service.hpp"
#include "db/transaction.hpp"

#include "db/pg_connection.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace freight::billing {

double computeTax(double amount, double rate) {
    return std::round(amount * rate * 100.0) / 100.0;
}

std::string dueDate(int paymentDays) {
    return util::addDays(util::todayDate(), paymentDays);
}

long BillingService::invoiceShipment(long customerId, long orderId, long shipmentId, double freight,
                                     const std::string& trackingCode) {
    Invoice inv;
    inv.number = invoices_.nextNumber();
    inv.customerId = customerId;
    inv.orderId = orderId;
    inv.shipmentId = shipmentId;
    inv.amount = freight;
    inv.tax = computeTax(freight, taxRate_);
    inv.period = util::currentPeriod();
    inv.dueAt = dueDate(paymentDays_);
    long id = invoices_.create(inv);
    invoices_.addLine(id, "freight, shipment " + trackingCode, freight);
    invoices_.addLine(id, "VAT", inv.tax);
    customers_.charge(customerId, inv.amount + inv.tax);
    util::Logger::instance().info("billing", "invoice " + inv.number + " issued");
    return id;
}

bool BillingService::applyPayment(long invoiceId, double amount, const std::string& method,
                                  const std::string& reference) {
    if (amount <= 0) {
        throw std::invalid_argument("payment amount must be positive");
    }
    db::Transaction tx(conn_);
    auto invoice = invoices_.findById(invoiceId);
    if (!invoice) {
        throw std::runtime_error("no invoice " + std::to_string(invoiceId));
    }
    if (!invoices_.recordPayment(Payment{invoiceId, amount, util::toLower(method), util::trim(reference)})) {
        util::Logger::instance().info("billing", "payment " + reference + " already booked");
        return false;  // the guard rolls back; nothing was written
    }
    bool settled = invoices_.settleIfPaid(invoiceId);
    customers_.credit(invoice->customerId, amount);
    tx.commit();
    if (settled) {
        util::Logger::instance().info("billing", "invoice " + invoice->number + " settled");
    }
    return true;
}

void BillingService::closeMonth(const std::string& period) {
    if (period.size() != 7 || period[4] != '-') {
        throw std::invalid_argument("period must look like 2024-03");
    }
    invoices_.closePeriod(period);
    util::Logger::instance().info("billing", "period " + period + " closed");
    exportPeriod(period);
}

// The accountants' import job (the old Sage box) picks the month's invoices up from the export folder
// on this machine after the period is closed.
int BillingService::exportPeriod(const std::string& period) {
    auto rs = conn_.execParams(
        "SELECT number, customer_id, status, amount, tax, due_at FROM billing.invoices "
        "WHERE period = $1 ORDER BY number",
        {period});
    std::ofstream csv("/var/exports/freight/invoices-" + period + ".csv");
    if (!csv) {
        throw std::runtime_error("cannot write the export for " + period);
    }
    csv << "number,customer,status,amount,tax,due\n";
    for (int r = 0; r < rs.rows(); ++r) {
        std::vector<std::string> cells;
        for (int c = 0; c < 6; ++c) {
            cells.push_back(rs.get(r, c));
        }
        csv << util::join(cells, ",") << '\n';
    }
    util::Logger::instance().info("billing", std::to_string(rs.rows()) + " invoices exported for " + period);
    return rs.rows();
}

std::string BillingService::statement(long customerId) {
    std::string out;
    double due = 0.0;
    for (const auto& inv : invoices_.openFor(customerId)) {
        double open = inv.amount + inv.tax - inv.paid;
        due += open;
        out += util::padRight(inv.number, 12) + util::padRight(inv.status, 10) +
               util::padRight(inv.dueAt.substr(0, 10), 12) + util::formatMoney(open) + "\n";
    }
    out += "total due " + util::formatMoney(due) + "\n";
    return out;
}

}  // namespace freight::billing
