#include "fines/fee_rules.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"
#include "db/pg_query.hpp"

#include <cstdio>

namespace shelf::fines {

int dailyRate(db::Pg& pg, const std::string& material, const std::string& category) {
  db::PgQuery q(pg, "SELECT daily_cents FROM fee_rules WHERE material = '" + util::sqlQuote(material) +
                        "' AND category = '" + util::sqlQuote(category) + "'");
  pqxx::result r = q.fetch();
  if (r.empty()) {
    util::Logger::instance().warn("no fee rule for " + material + "/" + category);
    return 0;
  }
  return r[0][0].as<int>();
}

int capFor(db::Pg& pg, const std::string& material, const std::string& category) {
  char sql[200];
  std::snprintf(sql, sizeof sql, "SELECT cap_cents FROM fee_rules WHERE material = '%s' AND category = '%s'",
                util::sqlQuote(material).c_str(), util::sqlQuote(category).c_str());
  pqxx::result r = pg.query(sql);
  return r.empty() ? 0 : r[0][0].as<int>();
}

std::string formatCents(long long cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "", (cents < 0 ? -cents : cents) / 100,
                (cents < 0 ? -cents : cents) % 100);
  return buf;
}

}  // namespace shelf::fines
