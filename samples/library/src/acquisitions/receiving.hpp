#pragma once

#include "catalogue/copy_register.hpp"
#include "catalogue/title_repository.hpp"
#include "db/lite.hpp"
#include "db/pg.hpp"

#include <string>
#include <vector>

namespace shelf::acq {

// Goods in: books arrive at a branch, the order line is ticked off in the
// branch database and each copy is created in the central catalogue.
class Receiving {
 public:
  Receiving(db::Lite& branchDb, db::Pg& pg, catalogue::TitleRepository& titles, catalogue::CopyRegister& copies)
      : db_(branchDb), pg_(pg), titles_(titles), copies_(copies) {}

  std::vector<std::string> receive(long long lineId, int quantity, const std::string& branch);
  void markProcessed(const std::string& barcode, const std::string& shelfMark);

 private:
  void closeOrderIfComplete(long long poId);

  db::Lite& db_;
  db::Pg& pg_;
  catalogue::TitleRepository& titles_;
  catalogue::CopyRegister& copies_;
};

// Barcode of a new copy: branch, order line, sequence.
std::string newBarcode(const std::string& branch, long long lineId, int n);

}  // namespace shelf::acq
