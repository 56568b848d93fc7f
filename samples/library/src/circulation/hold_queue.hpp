#pragma once

#include "db/pg.hpp"

#include <string>

namespace shelf::circ {

class HoldQueue {
 public:
  explicit HoldQueue(db::Pg& pg) : pg_(pg) {}

  long long place(long long titleId, long long patronId, const std::string& pickup);
  // A copy of the title came back: the first waiting hold gets it.
  bool copyReturned(long long titleId, long long copyId);
  void cancel(long long holdId);
  int expireUncollected();
  int queueLength(long long titleId);

 private:
  db::Pg& pg_;
};

}  // namespace shelf::circ
