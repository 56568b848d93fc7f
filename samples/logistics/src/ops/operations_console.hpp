#pragma once

#include <ostream>
#include <string>

namespace freight::db {
class PgConnection;
}

namespace freight::ops {

// Back-office fixes the support desk runs by hand. Grew one method per incident; talks to the
// database directly because "it is only admin code".
class OperationsConsole {
public:
    OperationsConsole(db::PgConnection& conn, std::ostream& out) : conn_(conn), out_(out) {}

    void customerStatement(long customerId);
    void mergeCustomers(long keepId, long dropId);
    void rebuildReservedCounts();
    void retireVehicle(long vehicleId, const std::string& reason);
    long purgeDeliveryProofs(int days);
    int exportTariffs(const std::string& path);
    long repriceNewOrders();
    long backfillDispatchEvents();

private:
    db::PgConnection& conn_;
    std::ostream& out_;
};

}  // namespace freight::ops
