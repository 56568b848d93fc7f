#include "core/data_access.hpp"

namespace cleave {

std::string crud_letters(AccessMode mode, std::string_view verb) {
  switch (mode) {
    case AccessMode::Ddl:
    case AccessMode::Call:
      return {};
    case AccessMode::Read:
      return "R";
    case AccessMode::Write:
      break;
  }
  if (verb == "SELECT") return "R";
  if (verb == "INSERT") return "C";
  if (verb == "UPDATE") return "U";
  if (verb == "DELETE" || verb == "TRUNCATE") return "D";
  if (verb == "UPSERT" || verb == "REPLACE") return "CU";
  if (verb == "MERGE") return "CUD";
  return "CUD";
}

std::string crud_letters(const TableAccess& access) { return crud_letters(access.mode, access.verb); }

}  // namespace cleave
