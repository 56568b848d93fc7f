#pragma once

#include "billing/invoice.hpp"
#include "db/pg_connection.hpp"

namespace freight::billing {

class PgInvoiceRepository : public InvoiceRepository {
public:
    explicit PgInvoiceRepository(db::PgConnection& conn) : conn_(conn) {}

    std::string nextNumber() override;
    long create(const Invoice& invoice) override;
    void addLine(long invoiceId, const std::string& description, double amount) override;
    std::optional<Invoice> findById(long id) override;
    std::vector<Invoice> openFor(long customerId) override;
    bool recordPayment(const Payment& payment) override;
    bool settleIfPaid(long invoiceId) override;
    void closePeriod(const std::string& period) override;

private:
    db::PgConnection& conn_;
};

}  // namespace freight::billing
