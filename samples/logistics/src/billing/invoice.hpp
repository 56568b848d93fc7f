#pragma once

#include <optional>
#include <string>
#include <vector>

namespace freight::billing {

struct Invoice {
    long id = 0;
    std::string number;
    long customerId = 0;
    long orderId = 0;
    long shipmentId = 0;
    std::string status = "issued";
    double amount = 0.0;
    double tax = 0.0;
    double paid = 0.0;
    std::string period;
    std::string dueAt;
};

struct Payment {
    long invoiceId = 0;
    double amount = 0.0;
    std::string method;
    std::string reference;
};

class InvoiceRepository {
public:
    virtual ~InvoiceRepository() = default;
    virtual std::string nextNumber() = 0;
    virtual long create(const Invoice& invoice) = 0;
    virtual void addLine(long invoiceId, const std::string& description, double amount) = 0;
    virtual std::optional<Invoice> findById(long id) = 0;
    virtual std::vector<Invoice> openFor(long customerId) = 0;
    virtual bool recordPayment(const Payment& payment) = 0;
    virtual bool settleIfPaid(long invoiceId) = 0;
    virtual void closePeriod(const std::string& period) = 0;
};

}  // namespace freight::billing
