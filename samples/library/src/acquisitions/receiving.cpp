#include "acquisitions/receiving.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"

#include <cstdio>

namespace shelf::acq {

std::string newBarcode(const std::string& branch, long long lineId, int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%08lld%02d", util::toUpper(branch.substr(0, 2)).c_str(), lineId, n);
  return buf;
}

std::vector<std::string> Receiving::receive(long long lineId, int quantity, const std::string& branch) {
  SQLite::Statement line(db_.raw(), "SELECT po_id, isbn, quantity, received, price_cents FROM po_lines WHERE id = ?");
  line.bind(1, static_cast<int64_t>(lineId));
  if (!line.executeStep()) return {};
  const long long poId = line.getColumn(0).getInt64();
  const std::string isbn = line.getColumn(1).getString();
  const int outstanding = line.getColumn(2).getInt() - line.getColumn(3).getInt();
  const int price = line.getColumn(4).getInt();
  if (quantity > outstanding) quantity = outstanding;

  auto title = titles_.findByIsbn(isbn);
  long long titleId = title ? title->id : 0;
  if (!title) {
    catalogue::Title stub;
    stub.isbn = isbn;
    stub.title = "[on order] " + isbn;
    titleId = titles_.add(stub);
  }
  std::vector<std::string> barcodes;
  for (int i = 0; i < quantity; ++i) {
    barcodes.push_back(newBarcode(branch, lineId, i + 1));
    copies_.addCopy(titleId, barcodes.back(), branch, price);
  }

  SQLite::Statement tick(db_.raw(), "UPDATE po_lines SET received = received + ? WHERE id = ?");
  tick.bind(1, quantity);
  tick.bind(2, static_cast<int64_t>(lineId));
  tick.exec();
  closeOrderIfComplete(poId);
  util::Logger::instance().info("received " + std::to_string(quantity) + " of " + isbn);
  return barcodes;
}

void Receiving::closeOrderIfComplete(long long poId) {
  const std::string id = std::to_string(poId);
  db_.exec("UPDATE purchase_orders SET status = CASE WHEN NOT EXISTS "
           "(SELECT 1 FROM po_lines WHERE po_id = " +
           id + " AND received < quantity) THEN 'received' ELSE 'part_received' END WHERE id = " + id);
}

void Receiving::markProcessed(const std::string& barcode, const std::string& shelfMark) {
  // Cataloguers finish the copy at the branch; the old screen wrote straight
  // into the central copies table and still does.
  pqxx::work w(pg_.conn());
  w.exec_params(
      "UPDATE copies SET shelf_mark = $1, status = 'on_shelf' WHERE barcode = $2 AND status = 'in_processing'",
      shelfMark, barcode);
  w.commit();
}

}  // namespace shelf::acq
