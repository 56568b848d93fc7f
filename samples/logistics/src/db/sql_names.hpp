#pragma once

// Schema names. The DBA moved areas into schemas in 2019; code written since builds its table
// names from these so a staging database with prefixed schemas only needs a rebuild.
namespace freight::db {

constexpr const char* kSalesSchema = "sales";
constexpr const char* kWmsSchema = "wms";
constexpr const char* kFleetSchema = "fleet";
constexpr const char* kDispatchSchema = "dispatch";
constexpr const char* kBillingSchema = "billing";
constexpr const char* kTrackingSchema = "tracking";

// Older statements shared by several repositories.
constexpr const char* kShipmentsTable = "dispatch.\"Shipments\"";
constexpr const char* kSelectCustomerColumns =
    "SELECT id, code, name, email, credit_limit, balance, status FROM \"public\".\"customers\" ";

}  // namespace freight::db
