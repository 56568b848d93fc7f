#pragma once

#include "catalogue/title.hpp"
#include "db/pg.hpp"

#include <optional>

namespace shelf::catalogue {

class TitleRepository {
 public:
  explicit TitleRepository(db::Pg& pg) : pg_(pg) {}

  std::optional<Title> findByIsbn(const std::string& isbn);
  std::vector<Title> search(const std::string& term, const std::string& material);
  long long add(const Title& title);
  std::vector<std::string> authorsOf(long long titleId);
  std::vector<std::pair<std::string, int>> mostBorrowed(int limit);

 private:
  static Title fromRow(const pqxx::row& row);

  db::Pg& pg_;
};

}  // namespace shelf::catalogue
