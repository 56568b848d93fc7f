#pragma once

#include "billing/Money.hpp"

#include <cstdint>
#include <string>

namespace vet::db {
class Db;
}

namespace vet::billing {

struct CheckoutResult {
    std::int64_t invoiceId = 0;
    Money total;
    int linesBilled = 0;
    int itemsTakenFromStock = 0;
};

// Loyalty discount in percent for an owner with `visits` completed visits.
int loyaltyDiscountPercent(int visits);

// End-of-visit: turns the treatments of an appointment into an invoice and
// takes the drugs and consumables used out of stock, all or nothing.
class CheckoutService {
public:
    explicit CheckoutService(db::Db& db) : db_(db) {}

    CheckoutResult checkout(std::int64_t appointmentId, const std::string& actor);

private:
    int completedVisits(std::int64_t ownerId);
    db::Db& db_;
};

}  // namespace vet::billing
