#pragma once

#include "db/pg.hpp"

#include <optional>
#include <string>
#include <vector>

namespace shelf::patrons {

struct Patron {
  long long id = 0;
  std::string name;
  std::string category;
  std::string cardExpires;
};

// Card numbers: branch letter, seven digits of the patron id, a check letter.
std::string makeCardNumber(long long patronId, const std::string& branch);

class PatronService {
 public:
  explicit PatronService(db::Pg& pg) : pg_(pg) {}

  std::string registerPatron(const std::string& name, const std::string& email, const std::string& phone,
                             const std::string& branch, const std::string& category);
  std::optional<Patron> findByCard(const std::string& cardNo);
  void updateContact(long long patronId, const std::string& email, const std::string& phone);
  void block(long long patronId, const std::string& reason);
  void liftBlocks(long long patronId);
  bool isBlocked(long long patronId);
  void renewCard(const std::string& cardNo, int years);
  std::vector<std::string> expiringCards(int withinDays);

 private:
  db::Pg& pg_;
};

}  // namespace shelf::patrons
