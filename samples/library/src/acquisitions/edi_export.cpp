#include "acquisitions/edi_export.hpp"

#include "circulation/due_dates.hpp"
#include "common/logger.hpp"

#include <fstream>

namespace shelf::acq {

std::string writeEdiFile(const std::string& spoolDir, long long poId, const std::string& supplierEdiId,
                         const std::vector<EdiLine>& lines) {
  const std::string path = spoolDir + "/PO" + std::to_string(poId) + ".edi";
  std::ofstream out(path);
  if (!out) {
    util::Logger::instance().error("cannot write " + path);
    return "";
  }
  out << "UNH+" << poId << "+ORDERS:D:96A:UN'\n";
  out << "BGM+220+PO" << poId << "+9'\n";
  out << "DTM+137:" << circ::todayIso() << ":102'\n";
  out << "NAD+SU+" << supplierEdiId << "::9'\n";
  int n = 0;
  for (const auto& l : lines) {
    out << "LIN+" << ++n << "++" << l.isbn << ":EN'\n";
    out << "QTY+21:" << l.quantity << "'\n";
    out << "PRI+AAA:" << l.priceCents / 100 << "." << l.priceCents % 100 << "'\n";
  }
  out << "UNT+" << (4 + 3 * n) << "+" << poId << "'\n";
  return path;
}

}  // namespace shelf::acq
