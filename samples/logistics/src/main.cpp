// freightd: command-line front end of the freight back end. Every command opens one connection,
// wires the areas together and runs one use case; cron and the support desk call it.
#include "billing/billing_service.hpp"
#include "billing/pg_invoice_repository.hpp"
#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"
#include "crm/customer_service.hpp"
#include "crm/pg_customer_repository.hpp"
#include "db/pg_connection.hpp"
#include "dispatch/dispatch_coordinator.hpp"
#include "dispatch/pg_shipment_repository.hpp"
#include "dispatch/route_planner.hpp"
#include "fleet/fleet_service.hpp"
#include "fleet/pg_fleet_repository.hpp"
#include "ops/operations_console.hpp"
#include "pricing/pg_tariff_repository.hpp"
#include "pricing/pricing_engine.hpp"
#include "sales/order_service.hpp"
#include "sales/pg_order_repository.hpp"
#include "tracking/pg_tracking_repository.hpp"
#include "tracking/tracking_service.hpp"
#include "wms/inventory_service.hpp"
#include "wms/pg_inventory_repository.hpp"

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using namespace freight;

static void printUsage(const char* argv0) {
    std::cout << "usage: " << argv0 << " [-c config] <command> [args]\n"
              << "connection: FREIGHT_CONNINFO or conninfo= in the config file\n\n"
              << "  new-customer CODE NAME EMAIL LIMIT   add-contact CUSTOMER NAME PHONE EMAIL [primary]\n"
              << "  suspend-delinquent                   customer CUSTOMER\n"
              << "  place-order CUSTOMER WAREHOUSE ZONE ADDRESS KG M3 SKU:QTY:PRICE...\n"
              << "  cancel-order ORDER                   cancel-stale DAYS\n"
              << "  dispatch [LIMIT]                     deliver CODE SIGNED_BY [HOURS]\n"
              << "  stop CODE SEQ                        late\n"
              << "  night-run [HOUR] [LIMIT]             (stays up: dispatches every night at HOUR UTC)\n"
              << "  pay INVOICE AMOUNT METHOD REF        close-month [PERIOD]\n"
              << "  statement CUSTOMER                   receive WAREHOUSE SKU QTY\n"
              << "  reorder-report                       track CODE\n"
              << "  import-scans FILE                    purge-events DAYS\n"
              << "  fleet-week-reset                     service-due [DAYS]\n"
              << "  workshop VEHICLE KIND NOTES COST     tariff-sheet\n"
              << "  publish-tariff FROM TO LEVEL BASE PER_KG PER_M3 VALID_FROM\n"
              << "  admin merge-customers KEEP DROP | rebuild-reservations | retire-vehicle ID REASON\n"
              << "        purge-proofs DAYS | export-tariffs FILE | reprice | backfill-events | statement ID\n";
}

static std::vector<sales::OrderLine> parseLines(const std::vector<std::string>& args, std::size_t from) {
    std::vector<sales::OrderLine> lines;
    for (std::size_t i = from; i < args.size(); ++i) {
        auto parts = util::split(args[i], ':');
        if (parts.size() != 3) {
            throw std::invalid_argument("bad line spec " + args[i]);
        }
        sales::OrderLine line;
        line.sku = parts[0];
        line.quantity = static_cast<int>(util::toLong(parts[1], 0));
        line.unitPrice = util::toDouble(parts[2], 0.0);
        lines.push_back(line);
    }
    return lines;
}

static std::vector<std::string> readLines(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!util::trim(line).empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

static std::string arg(const std::vector<std::string>& args, std::size_t i) {
    if (i >= args.size()) {
        throw std::invalid_argument("missing argument " + std::to_string(i));
    }
    return args[i];
}

static int runAdmin(db::PgConnection& conn, const std::vector<std::string>& args) {
    ops::OperationsConsole console(conn, std::cout);
    const std::string what = arg(args, 1);
    if (what == "merge-customers") {
        console.mergeCustomers(util::toLong(arg(args, 2), 0), util::toLong(arg(args, 3), 0));
    } else if (what == "rebuild-reservations") {
        console.rebuildReservedCounts();
    } else if (what == "retire-vehicle") {
        console.retireVehicle(util::toLong(arg(args, 2), 0), arg(args, 3));
    } else if (what == "purge-proofs") {
        console.purgeDeliveryProofs(static_cast<int>(util::toLong(arg(args, 2), 365)));
    } else if (what == "export-tariffs") {
        std::cout << console.exportTariffs(arg(args, 2)) << " tariffs exported\n";
    } else if (what == "reprice") {
        console.repriceNewOrders();
    } else if (what == "backfill-events") {
        console.backfillDispatchEvents();
    } else if (what == "statement") {
        console.customerStatement(util::toLong(arg(args, 2), 0));
    } else {
        std::cerr << "unknown admin command " << what << '\n';
        return 2;
    }
    return 0;
}

static int run(db::PgConnection& conn, const util::Config& config, const std::vector<std::string>& args) {
    crm::PgCustomerRepository customerRepo(conn);
    sales::PgOrderRepository orderRepo(conn);
    wms::PgInventoryRepository inventoryRepo(conn);
    fleet::PgFleetRepository fleetRepo(conn);
    dispatch::PgShipmentRepository shipmentRepo(conn);
    billing::PgInvoiceRepository invoiceRepo(conn);
    tracking::PgTrackingRepository trackingRepo(conn);
    pricing::PgTariffRepository tariffRepo(conn);

    crm::CustomerService customers(customerRepo);
    pricing::PricingEngine pricing(tariffRepo);
    wms::InventoryService inventory(inventoryRepo);
    fleet::FleetService fleet(fleetRepo, config.getDouble("max_driver_hours", 48.0));
    sales::OrderService orders(conn, orderRepo, customers, pricing, inventory);
    billing::BillingService billing(conn, invoiceRepo, customers, config.getDouble("tax_rate", 0.19),
                                    static_cast<int>(config.getLong("payment_days", 30)));
    tracking::TrackingService tracking(trackingRepo);
    dispatch::RoutePlanner planner;
    dispatch::DispatchCoordinator coordinator(conn, orderRepo, inventory, fleet, shipmentRepo, billing,
                                              tracking, planner);

    const std::string& cmd = args[0];
    if (cmd == "new-customer") {
        std::cout << customers.registerCustomer(arg(args, 1), arg(args, 2), arg(args, 3),
                                                util::toDouble(arg(args, 4), 0.0))
                  << '\n';
    } else if (cmd == "add-contact") {
        customers.addContact(util::toLong(arg(args, 1), 0), arg(args, 2), arg(args, 3), arg(args, 4),
                             args.size() > 5 && args[5] == "primary");
    } else if (cmd == "suspend-delinquent") {
        std::cout << customers.suspendDelinquent() << " customers suspended\n";
    } else if (cmd == "customer") {
        std::cout << customers.describe(util::toLong(arg(args, 1), 0)) << '\n';
    } else if (cmd == "place-order") {
        sales::OrderRequest request;
        request.customerId = util::toLong(arg(args, 1), 0);
        request.warehouseId = util::toLong(arg(args, 2), 0);
        request.destZone = arg(args, 3);
        request.destAddress = arg(args, 4);
        request.weightKg = util::toDouble(arg(args, 5), 0.0);
        request.volumeM3 = util::toDouble(arg(args, 6), 0.0);
        request.serviceLevel = config.get("default_service_level", "standard");
        request.lines = parseLines(args, 7);
        long id = orders.placeOrder(request);
        std::cout << orders.summary(id) << '\n';
    } else if (cmd == "cancel-order") {
        orders.cancelOrder(util::toLong(arg(args, 1), 0));
    } else if (cmd == "cancel-stale") {
        std::cout << orders.cancelStaleOrders(static_cast<int>(util::toLong(arg(args, 1), 14)))
                  << " orders cancelled\n";
    } else if (cmd == "dispatch") {
        int limit = args.size() > 1 ? static_cast<int>(util::toLong(args[1], 50)) : 50;
        std::cout << coordinator.dispatchReady(limit) << " orders dispatched\n";
    } else if (cmd == "deliver") {
        double hours = args.size() > 3 ? util::toDouble(args[3], 0.0) : 0.0;
        coordinator.confirmDelivery(arg(args, 1), arg(args, 2), "", hours);
    } else if (cmd == "stop") {
        coordinator.stopReached(arg(args, 1), static_cast<int>(util::toLong(arg(args, 2), 1)));
    } else if (cmd == "late") {
        std::cout << coordinator.escalateLate() << " shipments late\n";
    } else if (cmd == "night-run") {
        int hour = args.size() > 1 ? static_cast<int>(util::toLong(args[1], 2)) : 2;
        int limit = args.size() > 2 ? static_cast<int>(util::toLong(args[2], 500)) : 500;
        coordinator.startNightRun(hour, limit);
        coordinator.waitForNightRun();  // runs until the process is stopped
    } else if (cmd == "pay") {
        bool booked = billing.applyPayment(util::toLong(arg(args, 1), 0), util::toDouble(arg(args, 2), 0.0),
                                           arg(args, 3), arg(args, 4));
        std::cout << (booked ? "booked\n" : "duplicate, ignored\n");
    } else if (cmd == "close-month") {
        billing.closeMonth(args.size() > 1 ? args[1] : util::currentPeriod());
    } else if (cmd == "statement") {
        std::cout << billing.statement(util::toLong(arg(args, 1), 0));
    } else if (cmd == "receive") {
        inventory.receiveGoods(util::toLong(arg(args, 1), 0), arg(args, 2),
                               static_cast<int>(util::toLong(arg(args, 3), 0)));
    } else if (cmd == "reorder-report") {
        std::cout << inventory.reorderReport();
    } else if (cmd == "track") {
        std::cout << tracking.customerView(arg(args, 1));
    } else if (cmd == "import-scans") {
        std::cout << tracking.importScannerFeed(readLines(arg(args, 1))) << " scans imported\n";
    } else if (cmd == "purge-events") {
        std::cout << tracking.housekeeping(static_cast<int>(util::toLong(arg(args, 1), 90)))
                  << " events purged\n";
    } else if (cmd == "fleet-week-reset") {
        fleet.startOfWeek();
    } else if (cmd == "service-due") {
        int days = args.size() > 1 ? static_cast<int>(util::toLong(args[1], 180)) : 180;
        std::cout << fleet.serviceDueReport(days);
    } else if (cmd == "workshop") {
        fleet.sendToWorkshop(util::toLong(arg(args, 1), 0), arg(args, 2), arg(args, 3),
                             util::toDouble(arg(args, 4), 0.0));
    } else if (cmd == "tariff-sheet") {
        std::cout << pricing.tariffSheet();
    } else if (cmd == "publish-tariff") {
        pricing::Tariff t;
        t.originZone = arg(args, 1);
        t.destZone = arg(args, 2);
        t.serviceLevel = arg(args, 3);
        t.baseRate = util::toDouble(arg(args, 4), -1);
        t.perKg = util::toDouble(arg(args, 5), -1);
        t.perM3 = util::toDouble(arg(args, 6), -1);
        t.validFrom = arg(args, 7);
        pricing.publishTariff(t);
    } else if (cmd == "admin") {
        return runAdmin(conn, args);
    } else {
        std::cerr << "unknown command " << cmd << '\n';
        return 2;
    }
    return 0;
}

int main(int argc, char** argv) {
    util::Config config;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-c" && i + 1 < argc) {
            config.loadFile(argv[++i]);
        } else {
            args.push_back(a);
        }
    }
    config.loadEnvironment();

    const std::string conninfo = config.get("conninfo", "");
    if (args.empty() || conninfo.empty()) {
        printUsage(argv[0]);
        return args.empty() ? 0 : 2;
    }
    auto& log = util::Logger::instance();
    if (config.has("log_file")) {
        log.setFile(config.get("log_file", ""));
    }
    if (config.get("log_level", "info") == "debug") {
        log.setLevel(util::LogLevel::Debug);
    }

    try {
        db::PgConnection conn(conninfo);
        return run(conn, config, args);
    } catch (const db::DbError& e) {
        log.error("main", std::string(e.what()) + " (SQLSTATE " + e.sqlState() + ")");
        return 1;
    } catch (const std::exception& e) {
        log.error("main", e.what());
        return 1;
    }
}
