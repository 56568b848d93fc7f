#pragma once

#include "catalogue/title.hpp"
#include "db/pg.hpp"

#include <optional>

namespace shelf::catalogue {

class CopyRegister {
 public:
  explicit CopyRegister(db::Pg& pg) : pg_(pg) {}

  void addCopy(long long titleId, const std::string& barcode, const std::string& branch, int priceCents);
  std::optional<Copy> findByBarcode(const std::string& barcode);
  void setStatus(long long copyId, const std::string& status);
  int availableCount(long long titleId);
  bool withdraw(long long copyId, const std::string& reason);
  std::vector<std::string> shelfList(const std::string& branch);

 private:
  db::Pg& pg_;
};

}  // namespace shelf::catalogue
