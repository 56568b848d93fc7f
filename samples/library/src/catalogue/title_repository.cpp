#include "catalogue/title_repository.hpp"

#include "catalogue/catalogue_sql.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"
#include "db/statement_names.hpp"

namespace shelf::catalogue {

bool isValidIsbn(const std::string& isbn) {
  if (isbn.size() != 13) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 13; ++i) {
    if (isbn[i] < '0' || isbn[i] > '9') return false;
    sum += (isbn[i] - '0') * (i % 2 ? 3 : 1);
  }
  return sum % 10 == 0;
}

Title TitleRepository::fromRow(const pqxx::row& row) {
  Title t;
  t.id = row[0].as<long long>();
  t.isbn = row[1].is_null() ? "" : row[1].c_str();
  t.title = row[2].c_str();
  t.year = row[3].is_null() ? 0 : row[3].as<int>();
  t.material = row[4].c_str();
  return t;
}

std::optional<Title> TitleRepository::findByIsbn(const std::string& isbn) {
  pqxx::result r = pg_.run(db::stmt::kTitleByIsbn, isbn);
  if (r.empty()) return std::nullopt;
  Title t;
  t.id = r[0][0].as<long long>();
  t.isbn = isbn;
  t.title = r[0][1].c_str();
  t.year = r[0][2].is_null() ? 0 : r[0][2].as<int>();
  t.material = r[0][3].c_str();
  return t;
}

std::vector<Title> TitleRepository::search(const std::string& term, const std::string& material) {
  std::string sql = std::string("SELECT ") + kTitleColumns + " FROM titles t WHERE lower(t.title) LIKE lower('%" +
                    util::sqlQuote(term) + "%')";
  if (!material.empty()) sql += " AND t.material = '" + util::sqlQuote(material) + "'";
  sql += " ORDER BY t.title LIMIT 200";
  std::vector<Title> out;
  for (const auto& row : pg_.query(sql)) out.push_back(fromRow(row));
  return out;
}

long long TitleRepository::add(const Title& title) {
  if (!title.isbn.empty() && !isValidIsbn(title.isbn)) {
    util::Logger::instance().warn("adding title with a bad ISBN: " + title.isbn);
  }
  pqxx::work w(pg_.conn());
  pqxx::row r = w.exec_params1(
      "INSERT INTO titles (isbn, title, pub_year, material) VALUES ($1, $2, $3, $4) RETURNING id", title.isbn,
      title.title, title.year, title.material);
  const long long id = r[0].as<long long>();
  for (const auto& name : title.authors) {
    w.exec_params("INSERT INTO authors (sort_name) VALUES ($1) ON CONFLICT (sort_name) DO NOTHING", name);
    pqxx::row a = w.exec_params1("SELECT id FROM authors WHERE sort_name = $1", name);
    w.exec_params("INSERT INTO title_authors (title_id, author_id) VALUES ($1, $2)", id, a[0].as<long long>());
  }
  w.commit();
  util::Logger::instance().info("catalogued " + title.title);
  return id;
}

std::vector<std::string> TitleRepository::authorsOf(long long titleId) {
  pqxx::nontransaction n(pg_.conn());
  std::vector<std::string> out;
  for (const auto& row : n.exec_params(kAuthorsOfTitle, titleId)) out.emplace_back(row[0].c_str());
  return out;
}

std::vector<std::pair<std::string, int>> TitleRepository::mostBorrowed(int limit) {
  std::string sql;
  util::Fmt(sql,
            "SELECT t.title, count(*) AS n FROM loan_history h JOIN copies c ON c.id = h.copy_id "
            "JOIN titles t ON t.id = c.title_id GROUP BY t.title ORDER BY n DESC LIMIT %d",
            limit);
  std::vector<std::pair<std::string, int>> out;
  for (const auto& row : pg_.query(sql)) out.emplace_back(row[0].c_str(), row[1].as<int>());
  return out;
}

}  // namespace shelf::catalogue
