#pragma once

#include "billing/Money.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::billing {

enum class PaymentMethod { Cash, Card, Insurance };

struct LedgerEntry {
    std::int64_t id = 0;
    Money amount;
    std::string when;
    std::string note;
};

class PaymentProcessor {
public:
    explicit PaymentProcessor(db::Db& db) : db_(db) {}

    std::int64_t pay(std::int64_t invoiceId, const Money& amount, PaymentMethod method);
    std::int64_t refund(std::int64_t paymentId, const Money& amount, const std::string& reason);
    Money balance(std::int64_t invoiceId);
    std::vector<LedgerEntry> ledger(std::int64_t invoiceId, bool refunds);

    static const char* methodName(PaymentMethod method);

private:
    db::Db& db_;
};

}  // namespace vet::billing
