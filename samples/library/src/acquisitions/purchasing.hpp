#pragma once

#include "acquisitions/edi_export.hpp"
#include "db/lite.hpp"

#include <string>
#include <vector>

namespace shelf::acq {

struct OrderSummary {
  long long id = 0;
  std::string supplier;
  std::string status;
  std::string created;
};

class Purchasing {
 public:
  Purchasing(db::Lite& branch, std::string spoolDir) : db_(branch), spoolDir_(std::move(spoolDir)) {}

  void addSupplier(const std::string& code, const std::string& name, const std::string& ediId, int discountPc);
  long long createOrder(const std::string& supplierCode, const std::string& branch);
  void addLine(long long poId, const std::string& isbn, int quantity, int priceCents);
  std::string send(long long poId);
  std::vector<OrderSummary> openOrders(const std::string& branch);
  long long spendThisYear(const std::string& branch);

 private:
  db::Lite& db_;
  std::string spoolDir_;
};

}  // namespace shelf::acq
