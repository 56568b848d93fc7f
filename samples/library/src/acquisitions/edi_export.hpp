#pragma once

#include <string>
#include <vector>

namespace shelf::acq {

struct EdiLine {
  std::string isbn;
  int quantity = 0;
  int priceCents = 0;
};

// Writes the EDIFACT ORDERS file the supplier's FTP job picks up from the
// spool directory. Returns the file's path, empty on failure.
std::string writeEdiFile(const std::string& spoolDir, long long poId, const std::string& supplierEdiId,
                         const std::vector<EdiLine>& lines);

}  // namespace shelf::acq
