// Every named statement, prepared once per connection. The modules execute
// them by name (Pg::run or pqxx::work::exec_prepared).
#include "db/pg.hpp"
#include "db/statement_names.hpp"

namespace shelf::db {

void prepareStatements(pqxx::connection& conn) {
  conn.prepare(stmt::kPatronByCard,
               "SELECT p.id, p.full_name, p.category, c.expires_at FROM patrons p "
               "JOIN library_cards c ON c.patron_id = p.id WHERE c.card_no = $1 AND c.active");
  conn.prepare(stmt::kOpenLoansOfPatron,
               "SELECT l.id, l.copy_id, l.due_at, l.renewals FROM loans l "
               "WHERE l.patron_id = $1 AND l.returned_at IS NULL ORDER BY l.due_at");
  conn.prepare(stmt::kCopyByBarcode, "SELECT id, title_id, status, branch FROM copies WHERE barcode = $1");
  conn.prepare(stmt::kOpenFinesOfPatron,
               "SELECT id, amount_cents, reason FROM fines WHERE patron_id = $1 AND status = 'open'");
  conn.prepare(stmt::kActiveBlocks, "SELECT reason FROM patron_blocks WHERE patron_id = $1 AND lifted_at IS NULL");
  conn.prepare(stmt::kTitleByIsbn, "SELECT id, title, pub_year, material FROM titles WHERE isbn = $1");
}

}  // namespace shelf::db
