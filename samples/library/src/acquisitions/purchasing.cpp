#include "acquisitions/purchasing.hpp"

#include "circulation/due_dates.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"

#include <cstdio>
#include <stdexcept>

namespace shelf::acq {

void Purchasing::addSupplier(const std::string& code, const std::string& name, const std::string& ediId,
                             int discountPc) {
  db_.exec("INSERT INTO suppliers (code, name, edi_id, discount_pc) VALUES ('" + util::sqlQuote(code) + "', '" +
           util::sqlQuote(name) + "', '" + util::sqlQuote(ediId) + "', " + std::to_string(discountPc) + ")");
}

long long Purchasing::createOrder(const std::string& supplierCode, const std::string& branch) {
  SQLite::Statement find(db_.raw(), "SELECT id FROM suppliers WHERE code = ?");
  find.bind(1, supplierCode);
  if (!find.executeStep()) throw std::runtime_error("unknown supplier " + supplierCode);
  const long long supplierId = find.getColumn(0).getInt64();

  SQLite::Statement insert(db_.raw(),
                           "INSERT INTO purchase_orders (supplier_id, branch, status, created_on) "
                           "VALUES (?, ?, 'draft', ?)");
  insert.bind(1, static_cast<int64_t>(supplierId));
  insert.bind(2, branch);
  insert.bind(3, circ::todayIso());
  insert.exec();
  return db_.lastId();
}

void Purchasing::addLine(long long poId, const std::string& isbn, int quantity, int priceCents) {
  std::string sql;
  util::Fmt(sql, "INSERT INTO po_lines (po_id, isbn, quantity, price_cents) VALUES (%lld, '%s', %d, %d)", poId,
            util::sqlQuote(isbn).c_str(), quantity, priceCents);
  db_.exec(sql);
}

std::string Purchasing::send(long long poId) {
  SQLite::Transaction tx(db_.raw());
  SQLite::Statement lines(db_.raw(),
                          "SELECT l.isbn, l.quantity, l.price_cents, s.edi_id FROM po_lines l "
                          "JOIN purchase_orders o ON o.id = l.po_id JOIN suppliers s ON s.id = o.supplier_id "
                          "WHERE l.po_id = ?");
  lines.bind(1, static_cast<int64_t>(poId));
  std::vector<EdiLine> edi;
  std::string ediId;
  while (lines.executeStep()) {
    edi.push_back(EdiLine{lines.getColumn(0).getString(), lines.getColumn(1).getInt(), lines.getColumn(2).getInt()});
    ediId = lines.getColumn(3).getString();
  }
  if (edi.empty()) return "";
  db_.raw().exec("UPDATE purchase_orders SET status = 'sent', sent_on = date('now') WHERE id = " +
                 std::to_string(poId));
  const std::string file = writeEdiFile(spoolDir_, poId, ediId, edi);
  if (file.empty()) return "";  // the transaction rolls back
  tx.commit();
  util::Logger::instance().info("order " + std::to_string(poId) + " sent as " + file);
  return file;
}

std::vector<OrderSummary> Purchasing::openOrders(const std::string& branch) {
  db::LiteQuery q(db_);
  q.setSql(
      "SELECT o.id, s.name, o.status, o.created_on FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id "
      "WHERE o.branch = ? AND o.status IN ('draft', 'sent', 'part_received') ORDER BY o.created_on");
  q.bind(1, branch);
  std::vector<OrderSummary> out;
  for (const auto& row : q.rows()) out.push_back(OrderSummary{std::stoll(row[0]), row[1], row[2], row[3]});
  return out;
}

long long Purchasing::spendThisYear(const std::string& branch) {
  char sql[256];
  std::snprintf(sql, sizeof sql,
                "SELECT coalesce(sum(l.price_cents * l.received), 0) FROM po_lines l "
                "JOIN purchase_orders o ON o.id = l.po_id WHERE o.branch = '%s' AND o.created_on >= '%.4s-01-01'",
                util::sqlQuote(branch).c_str(), circ::todayIso().c_str());
  return db_.scalar(sql);
}

}  // namespace shelf::acq
