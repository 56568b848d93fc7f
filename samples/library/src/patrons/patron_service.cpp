#include "patrons/patron_service.hpp"

#include "circulation/due_dates.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"
#include "db/pg_query.hpp"
#include "db/statement_names.hpp"

#include <cstdio>

namespace shelf::patrons {

std::string makeCardNumber(long long patronId, const std::string& branch) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%07lld", patronId % 10000000);
  int sum = 0;
  for (const char* d = digits; *d; ++d) sum += *d - '0';
  const char letter = branch.empty() ? 'X' : util::toUpper(branch.substr(0, 1))[0];
  return std::string(1, letter) + digits + static_cast<char>('A' + sum % 26);
}

std::string PatronService::registerPatron(const std::string& name, const std::string& email,
                                          const std::string& phone, const std::string& branch,
                                          const std::string& category) {
  pqxx::work w(pg_.conn());
  pqxx::row r = w.exec_params1(
      "INSERT INTO patrons (full_name, email, phone, home_branch, category) VALUES ($1, $2, $3, $4, $5) "
      "RETURNING id",
      name, email, phone, branch, category);
  const long long id = r[0].as<long long>();
  const std::string card = makeCardNumber(id, branch);
  w.exec_params("INSERT INTO library_cards (card_no, patron_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)", card,
                id, circ::todayIso(), circ::addDays(circ::todayIso(), 3 * 365));
  w.commit();
  util::Logger::instance().info("registered " + name + " with card " + card);
  return card;
}

std::optional<Patron> PatronService::findByCard(const std::string& cardNo) {
  pqxx::work w(pg_.conn());
  pqxx::result r = w.exec_prepared(db::stmt::kPatronByCard, util::toUpper(util::trim(cardNo)));
  w.commit();
  if (r.empty()) return std::nullopt;
  Patron p;
  p.id = r[0][0].as<long long>();
  p.name = r[0][1].c_str();
  p.category = r[0][2].c_str();
  p.cardExpires = r[0][3].c_str();
  return p;
}

void PatronService::updateContact(long long patronId, const std::string& email, const std::string& phone) {
  pqxx::work w(pg_.conn());
  w.exec_params("UPDATE patrons SET email = $1, phone = $2 WHERE id = $3", email, phone, patronId);
  w.commit();
}

void PatronService::block(long long patronId, const std::string& reason) {
  std::string sql;
  util::Fmt(sql, "INSERT INTO patron_blocks (patron_id, reason) VALUES (%lld, '%s')", patronId,
            util::sqlQuote(reason).c_str());
  pg_.exec(sql);
  util::Logger::instance().info("blocked patron " + std::to_string(patronId) + ": " + reason);
}

void PatronService::liftBlocks(long long patronId) {
  std::string sql;
  util::Fmt(sql, "UPDATE patron_blocks SET lifted_at = now() WHERE patron_id = %lld AND lifted_at IS NULL",
            patronId);
  pg_.exec(sql);
}

bool PatronService::isBlocked(long long patronId) { return !pg_.run(db::stmt::kActiveBlocks, patronId).empty(); }

void PatronService::renewCard(const std::string& cardNo, int years) {
  char sql[256];
  std::snprintf(sql, sizeof sql,
                "UPDATE library_cards SET expires_at = expires_at + interval '%d years' WHERE card_no = '%s'", years,
                util::sqlQuote(cardNo).c_str());
  if (pg_.exec(sql) == 0) util::Logger::instance().warn("no card " + cardNo);
}

std::vector<std::string> PatronService::expiringCards(int withinDays) {
  db::PgQuery q(pg_,
                "SELECT c.card_no, p.full_name, p.email FROM library_cards c JOIN patrons p ON p.id = c.patron_id "
                "WHERE c.active AND c.expires_at < '" +
                    circ::addDays(circ::todayIso(), withinDays) + "' ORDER BY c.expires_at");
  std::vector<std::string> out;
  for (const auto& row : q.fetch()) out.push_back(std::string(row[0].c_str()) + " " + row[1].c_str());
  return out;
}

}  // namespace shelf::patrons
