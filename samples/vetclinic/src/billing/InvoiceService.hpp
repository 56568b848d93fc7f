#pragma once

#include "billing/Money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::billing {

struct InvoiceLine {
    std::int64_t id = 0;
    std::int64_t itemId = 0;
    std::string description;
    int quantity = 1;
    Money unitPrice;

    Money amount() const { return unitPrice * quantity; }
};

struct Invoice {
    std::int64_t id = 0;
    std::int64_t ownerId = 0;
    std::int64_t appointmentId = 0;
    std::string issuedOn;
    Money total;
    std::string status;
    std::vector<InvoiceLine> lines;
};

class InvoiceService {
public:
    static const std::string kSelectInvoice;

    explicit InvoiceService(db::Db& db) : db_(db) {}

    std::int64_t create(std::int64_t ownerId, std::int64_t appointmentId);
    std::int64_t addLine(std::int64_t invoiceId, const InvoiceLine& line);
    std::optional<Invoice> find(std::int64_t invoiceId);
    std::vector<Invoice> openFor(std::int64_t ownerId);
    bool voidInvoice(std::int64_t invoiceId, const std::string& reason, const std::string& actor);
    Money recalculate(std::int64_t invoiceId);
    std::string render(const Invoice& invoice) const;

private:
    db::Db& db_;
};

}  // namespace vet::billing
