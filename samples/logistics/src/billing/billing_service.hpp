#pragma once

#include "billing/invoice.hpp"

#include <string>

namespace freight::db {
class PgConnection;
}
namespace freight::crm {
class CustomerService;
}

namespace freight::billing {

class BillingService {
public:
    BillingService(db::PgConnection& conn, InvoiceRepository& invoices, crm::CustomerService& customers,
                   double taxRate, int paymentDays)
        : conn_(conn), invoices_(invoices), customers_(customers), taxRate_(taxRate),
          paymentDays_(paymentDays) {}

    long invoiceShipment(long customerId, long orderId, long shipmentId, double freight,
                         const std::string& trackingCode);
    bool applyPayment(long invoiceId, double amount, const std::string& method,
                      const std::string& reference);
    void closeMonth(const std::string& period);
    int exportPeriod(const std::string& period);
    std::string statement(long customerId);

private:
    db::PgConnection& conn_;
    InvoiceRepository& invoices_;
    crm::CustomerService& customers_;
    double taxRate_;
    int paymentDays_;
};

double computeTax(double amount, double rate);
std::string dueDate(int paymentDays);

}  // namespace freight::billing
