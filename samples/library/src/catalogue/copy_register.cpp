#include "catalogue/copy_register.hpp"

#include "circulation/due_dates.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"
#include "db/pg_query.hpp"
#include "db/statement_names.hpp"

#include <cstdio>

namespace shelf::catalogue {

void CopyRegister::addCopy(long long titleId, const std::string& barcode, const std::string& branch,
                           int priceCents) {
  db::PgQuery insert(pg_, "INSERT INTO copies (title_id, barcode, branch, status, price_cents, acquired_at) VALUES (" +
                              std::to_string(titleId) + ", '" + util::sqlQuote(barcode) + "', '" +
                              util::sqlQuote(branch) + "', 'in_processing', " + std::to_string(priceCents) + ", '" +
                              circ::todayIso() + "')");
  insert.execute();
}

std::optional<Copy> CopyRegister::findByBarcode(const std::string& barcode) {
  pqxx::result r = pg_.run(db::stmt::kCopyByBarcode, barcode);
  if (r.empty()) return std::nullopt;
  Copy c;
  c.id = r[0][0].as<long long>();
  c.titleId = r[0][1].as<long long>();
  c.status = r[0][2].c_str();
  c.branch = r[0][3].c_str();
  c.barcode = barcode;
  return c;
}

void CopyRegister::setStatus(long long copyId, const std::string& status) {
  std::string sql;
  util::Fmt(sql, "UPDATE copies SET status = '%s' WHERE id = %lld", util::sqlQuote(status).c_str(), copyId);
  db::PgQuery q(pg_);
  q.setSql(sql);
  if (q.execute() != 1) util::Logger::instance().warn("no copy " + std::to_string(copyId));
}

int CopyRegister::availableCount(long long titleId) {
  char sql[160];
  std::snprintf(sql, sizeof sql, "SELECT count(*) FROM copies WHERE title_id = %lld AND status = 'on_shelf'",
                titleId);
  pqxx::nontransaction n(pg_.conn());
  return n.exec1(sql)[0].as<int>();
}

bool CopyRegister::withdraw(long long copyId, const std::string& reason) {
  pqxx::work w(pg_.conn());
  pqxx::row open = w.exec_params1("SELECT count(*) FROM loans WHERE copy_id = $1 AND returned_at IS NULL", copyId);
  if (open[0].as<int>() > 0) return false;
  w.exec_params("UPDATE copies SET status = 'withdrawn' WHERE id = $1", copyId);
  // A hold that had this copy set aside goes back to waiting for another one.
  w.exec_params("UPDATE holds SET copy_id = NULL, status = 'waiting' WHERE copy_id = $1 AND status = 'ready'",
                copyId);
  w.commit();
  util::Logger::instance().info("withdrawn copy " + std::to_string(copyId) + ": " + reason);
  return true;
}

std::vector<std::string> CopyRegister::shelfList(const std::string& branch) {
  db::PgQuery q(pg_,
                "SELECT c.shelf_mark, t.title, c.barcode FROM copies c JOIN titles t ON t.id = c.title_id "
                "WHERE c.branch = '" +
                    util::sqlQuote(branch) + "' AND c.status = 'on_shelf' ORDER BY c.shelf_mark");
  std::vector<std::string> out;
  for (const auto& row : q.fetch()) {
    out.push_back(std::string(row[0].is_null() ? "?" : row[0].c_str()) + "  " + row[1].c_str() + "  " +
                  row[2].c_str());
  }
  return out;
}

}  // namespace shelf::catalogue
