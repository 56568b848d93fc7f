#include "ops/operations_console.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"
#include "db/pg_connection.hpp"
#include "db/sql_names.hpp"
#include "db/transaction.hpp"

#include <libpq-fe.h>

#include <fstream>
#include <stdexcept>

namespace freight::ops {

static void printResult(std::ostream& out, PGresult* res) {
    int cols = PQnfields(res);
    for (int c = 0; c < cols; ++c) {
        out << util::padRight(PQfname(res, c), 16);
    }
    out << '\n';
    for (int r = 0; r < PQntuples(res); ++r) {
        for (int c = 0; c < cols; ++c) {
            out << util::padRight(PQgetvalue(res, r, c), 16);
        }
        out << '\n';
    }
}

static long affectedRows(PGresult* res) {
    const char* n = PQcmdTuples(res);
    return n[0] ? util::toLong(n, 0) : 0;
}

void OperationsConsole::customerStatement(long customerId) {
    std::string id = std::to_string(customerId);
    const char* values[1] = {id.c_str()};
    PGresult* res = PQexecParams(conn_.raw(),
                                 "SELECT c.code, c.name, i.number, i.status, i.amount + i.tax AS due, "
                                 "coalesce(sum(p.amount), 0) AS paid "
                                 "FROM \"public\".\"customers\" c "
                                 "JOIN billing.invoices i ON i.customer_id = c.id "
                                 "LEFT JOIN billing.payments p ON p.invoice_id = i.id "
                                 "WHERE c.id = $1 "
                                 "GROUP BY c.code, c.name, i.number, i.status, i.amount, i.tax "
                                 "ORDER BY i.number",
                                 1, nullptr, values, nullptr, nullptr, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        std::string message = PQerrorMessage(conn_.raw());
        PQclear(res);
        throw std::runtime_error(message);
    }
    printResult(out_, res);
    PQclear(res);
}

void OperationsConsole::mergeCustomers(long keepId, long dropId) {
    if (keepId == dropId) {
        throw std::invalid_argument("cannot merge a customer into itself");
    }
    const std::vector<std::string> ids = {std::to_string(keepId), std::to_string(dropId)};
    conn_.exec("BEGIN");
    try {
        conn_.execParams("UPDATE sales.orders SET customer_id = $1 WHERE customer_id = $2", ids);
        conn_.execParams(std::string("UPDATE ") + db::kBillingSchema +
                             ".invoices SET customer_id = $1 WHERE customer_id = $2",
                         ids);
        conn_.execParams("UPDATE customer_contacts SET customer_id = $1, is_primary = false "
                         "WHERE customer_id = $2",
                         ids);
        conn_.execParams("UPDATE customers SET balance = balance + "
                         "(SELECT d.balance FROM customers d WHERE d.id = $2) WHERE id = $1",
                         ids);
        conn_.execParams("UPDATE customers SET status = 'merged', merged_into = $1, balance = 0 "
                         "WHERE id = $2",
                         ids);
        conn_.exec("COMMIT");
    } catch (...) {
        conn_.exec("ROLLBACK");
        throw;
    }
    out_ << "merged customer " << dropId << " into " << keepId << '\n';
}

void OperationsConsole::rebuildReservedCounts() {
    // After the 2021 double-reservation incident: recompute reserved from the reservation rows.
    PGresult* res = PQexec(conn_.raw(), R"(
        WITH held AS (
            SELECT stock_item_id, sum(quantity) AS qty
              FROM wms.stock_reservations
             WHERE status = 'held'
             GROUP BY stock_item_id)
        UPDATE wms.stock_items s
           SET reserved = coalesce((SELECT h.qty FROM held h WHERE h.stock_item_id = s.id), 0))");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        util::Logger::instance().error("ops", PQerrorMessage(conn_.raw()));
    } else {
        out_ << affectedRows(res) << " stock items recomputed\n";
    }
    PQclear(res);
}

void OperationsConsole::retireVehicle(long vehicleId, const std::string& reason) {
    const std::string id = std::to_string(vehicleId);
    db::Transaction tx(conn_);
    conn_.execParams(std::string("UPDATE ") + db::kFleetSchema + ".vehicles SET status = 'retired' WHERE id = $1",
                     {id});
    conn_.execParams("UPDATE fleet.drivers SET vehicle_id = NULL, status = 'on_duty' WHERE vehicle_id = $1",
                     {id});
    conn_.execParams(
        "INSERT INTO fleet.maintenance_logs (vehicle_id, kind, notes) VALUES ($1, 'retirement', $2)",
        {id, reason});
    tx.commit();
    out_ << "vehicle " << vehicleId << " retired\n";
}

long OperationsConsole::purgeDeliveryProofs(int days) {
    // days is an int, so building the literal is safe here.
    std::string sql = "DELETE FROM tracking.delivery_proofs WHERE recorded_at < now() - interval '" +
                      std::to_string(days) + " days'";
    PGresult* res = PQexec(conn_.raw(), sql.c_str());
    long n = affectedRows(res);
    PQclear(res);
    out_ << n << " delivery proofs purged\n";
    return n;
}

int OperationsConsole::exportTariffs(const std::string& path) {
    auto rs = conn_.exec(
        "SELECT origin_zone, dest_zone, service_level, base_rate, per_kg, per_m3, valid_from, "
        "coalesce(valid_to::text, '') FROM pricing.tariffs ORDER BY 1, 2, 3, 7");
    std::ofstream file(path);
    if (!file) {
        throw std::runtime_error("cannot write " + path);
    }
    for (int r = 0; r < rs.rows(); ++r) {
        std::vector<std::string> cells;
        for (int c = 0; c < 8; ++c) {
            cells.push_back(rs.get(r, c));
        }
        file << util::join(cells, ",") << '\n';
    }
    return rs.rows();
}

long OperationsConsole::repriceNewOrders() {
    auto rs = conn_.exec(R"(
        UPDATE sales.orders o
           SET total_price = pricing.quote(w.zone, o.dest_zone, o.service_level, o.weight_kg, o.volume_m3)
          FROM wms.warehouses w
         WHERE w.id = o.origin_warehouse_id AND o.status = 'new')");
    out_ << rs.affected() << " orders repriced\n";
    return rs.affected();
}

long OperationsConsole::backfillDispatchEvents() {
    auto rs = conn_.exec(R"(
        INSERT INTO tracking.tracking_events (shipment_id, event_type, note, occurred_at)
        SELECT s.id, 'dispatched', 'backfill', s.departed_at
          FROM dispatch."Shipments" s
         WHERE s.departed_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM tracking.tracking_events e
                            WHERE e.shipment_id = s.id AND e.event_type = 'dispatched'))");
    out_ << rs.affected() << " dispatch events backfilled\n";
    return rs.affected();
}

}  // namespace freight::ops
