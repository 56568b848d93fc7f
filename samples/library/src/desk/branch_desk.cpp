#include "desk/branch_desk.hpp"

#include "circulation/due_dates.hpp"
#include "common/logger.hpp"
#include "common/strings.hpp"
#include "fines/fee_rules.hpp"

#include <algorithm>
#include <sstream>

namespace shelf {

// ---------------------------------------------------------------- CommandArgs

CommandArgs CommandArgs::parse(const std::string& line) {
  CommandArgs a;
  const auto parts = util::split(line, '|');
  if (parts.empty() || util::trim(parts[0]).empty()) throw CommandError("empty command");
  a.verb = util::trim(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string::npos) throw CommandError("expected key=value, got '" + parts[i] + "'");
    a.values[util::trim(parts[i].substr(0, eq))] = util::trim(parts[i].substr(eq + 1));
  }
  return a;
}

const std::string& CommandArgs::get(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end()) throw CommandError("missing " + key);
  return it->second;
}

std::string CommandArgs::opt(const std::string& key, const std::string& fallback) const {
  auto it = values.find(key);
  return it == values.end() ? fallback : it->second;
}

long long CommandArgs::id(const std::string& key) const {
  try {
    return std::stoll(get(key));
  } catch (const std::logic_error&) {
    throw CommandError(key + " must be a number");
  }
}

int CommandArgs::number(const std::string& key, int fallback) const {
  const std::string v = opt(key);
  return v.empty() ? fallback : std::stoi(v);
}

// ---------------------------------------------------------------- BranchDesk

BranchDesk::BranchDesk(db::Pg& pg, db::Lite& branchDb, const util::Config& config)
    : pg_(pg),
      branchDb_(branchDb),
      branch_(config.get("branch", "central")),
      titles_(pg),
      copies_(pg),
      patrons_(pg),
      fines_(pg),
      holds_(pg),
      loans_(pg, patrons_, fines_, holds_),
      purchasing_(branchDb, config.get("edi_spool", "/var/spool/shelfd/edi")),
      receiving_(branchDb, pg, titles_, copies_),
      rooms_(branchDb),
      calendar_(branchDb, pg, rooms_) {
  registerCommands();
}

void BranchDesk::registerCommands() {
  handlers_ = {
      {"checkout", &BranchDesk::cmdCheckout},     {"checkin", &BranchDesk::cmdCheckin},
      {"renew", &BranchDesk::cmdRenew},           {"hold", &BranchDesk::cmdHold},
      {"overdue", &BranchDesk::cmdOverdueNotices}, {"daily", &BranchDesk::cmdDailyReport},
      {"register", &BranchDesk::cmdRegister},     {"block", &BranchDesk::cmdBlock},
      {"merge", &BranchDesk::cmdMergePatrons},    {"pay", &BranchDesk::cmdPayFine},
      {"waive", &BranchDesk::cmdWaive},           {"fines", &BranchDesk::cmdFinesReport},
      {"addtitle", &BranchDesk::cmdAddTitle},     {"search", &BranchDesk::cmdSearch},
      {"weed", &BranchDesk::cmdWeed},             {"stats", &BranchDesk::cmdStats},
      {"order", &BranchDesk::cmdOrder},           {"send", &BranchDesk::cmdSendOrder},
      {"receive", &BranchDesk::cmdReceive},       {"room", &BranchDesk::cmdBookRoom},
      {"event", &BranchDesk::cmdSchedule},        {"signup", &BranchDesk::cmdSignUp},
  };
}

std::string BranchDesk::handle(const std::string& line) {
  try {
    const CommandArgs args = CommandArgs::parse(line);
    auto it = handlers_.find(args.verb);
    if (it == handlers_.end()) throw CommandError("unknown command " + args.verb);
    return (this->*(it->second))(args);
  } catch (const CommandError& e) {
    return std::string("ERR ") + e.what();
  } catch (const circ::LoanRefused& e) {
    return std::string("REFUSED ") + e.what();
  } catch (const std::exception& e) {
    util::Logger::instance().error(line + ": " + e.what());
    return "ERR internal error";
  }
}

// ---------------------------------------------------------------- circulation

std::string BranchDesk::cmdCheckout(const CommandArgs& a) {
  auto patron = patrons_.findByCard(a.get("card"));
  if (!patron) throw CommandError("unknown card");
  if (patron->cardExpires < circ::todayIso()) throw CommandError("card expired " + patron->cardExpires);
  std::ostringstream out;
  for (const auto& barcode : util::split(a.get("items"), ',')) {
    out << barcode << " due " << loans_.checkout(patron->id, util::trim(barcode)) << "\n";
  }
  return out.str();
}

std::string BranchDesk::cmdCheckin(const CommandArgs& a) {
  const long long fine = loans_.checkin(a.get("item"));
  return fine > 0 ? "OK fine " + fines::formatCents(fine) : "OK";
}

std::string BranchDesk::cmdRenew(const CommandArgs& a) {
  auto patron = patrons_.findByCard(a.get("card"));
  if (!patron) throw CommandError("unknown card");
  std::ostringstream out;
  for (const auto& loan : loans_.openLoans(patron->id)) {
    try {
      out << loan.copyId << " now due " << loans_.renew(loan.id) << "\n";
    } catch (const circ::LoanRefused& e) {
      out << loan.copyId << " " << e.what() << "\n";
    }
  }
  return out.str();
}

std::string BranchDesk::cmdHold(const CommandArgs& a) {
  auto patron = patrons_.findByCard(a.get("card"));
  if (!patron) throw CommandError("unknown card");
  auto title = titles_.findByIsbn(a.get("isbn"));
  if (!title) throw CommandError("not in the catalogue");
  const long long id = holds_.place(title->id, patron->id, a.opt("pickup", branch_));
  if (id == 0) return "ERR already on hold";
  return "OK hold " + std::to_string(id) + ", position " + std::to_string(holds_.queueLength(title->id));
}

std::string BranchDesk::cmdOverdueNotices(const CommandArgs& a) {
  const std::string asOf = a.opt("date", circ::todayIso());
  int n = 0;
  for (const auto& line : loans_.overdue(asOf)) {
    if (line.email.empty()) continue;
    util::Logger::instance().info("notice to " + line.email + ": " + line.title + " was due " + line.due);
    ++n;
  }
  holds_.expireUncollected();
  return "OK " + std::to_string(n) + " notices";
}

// ---------------------------------------------------------------- patrons

std::string BranchDesk::cmdRegister(const CommandArgs& a) {
  const std::string card = patrons_.registerPatron(a.get("name"), a.opt("email"), a.opt("phone"),
                                                   a.opt("branch", branch_), a.opt("category", "adult"));
  return "OK card " + card;
}

std::string BranchDesk::cmdBlock(const CommandArgs& a) {
  auto patron = patrons_.findByCard(a.get("card"));
  if (!patron) throw CommandError("unknown card");
  if (a.opt("lift") == "yes") {
    patrons_.liftBlocks(patron->id);
    return "OK lifted";
  }
  patrons_.block(patron->id, a.get("reason"));
  return "OK blocked";
}

// Two registrations of one person: everything moves to the surviving record.
std::string BranchDesk::cmdMergePatrons(const CommandArgs& a) {
  const long long keep = a.id("keep");
  const long long drop = a.id("drop");
  if (keep == drop) throw CommandError("cannot merge a patron into itself");
  pqxx::work w(pg_.conn());
  w.exec_params("UPDATE loans SET patron_id = $1 WHERE patron_id = $2", keep, drop);
  w.exec_params("UPDATE holds SET patron_id = $1 WHERE patron_id = $2", keep, drop);
  w.exec_params("UPDATE fines SET patron_id = $1 WHERE patron_id = $2", keep, drop);
  w.exec_params("UPDATE library_cards SET active = false WHERE patron_id = $1", drop);
  w.exec_params("UPDATE patrons SET merged_into = $1 WHERE id = $2", keep, drop);
  w.commit();
  util::Logger::instance().info("merged patron " + std::to_string(drop) + " into " + std::to_string(keep));
  return "OK";
}

// ---------------------------------------------------------------- fines

std::string BranchDesk::cmdPayFine(const CommandArgs& a) {
  auto patron = patrons_.findByCard(a.get("card"));
  if (!patron) throw CommandError("unknown card");
  long long cents = a.id("cents");
  for (const auto& fine : fines_.openFines(patron->id)) {
    if (cents <= 0) break;
    const long long part = std::min(cents, fine.cents);
    fines_.pay(fine.id, part, a.opt("method", "cash"));
    cents -= part;
  }
  return "OK balance " + fines::formatCents(fines_.balanceOf(patron->id));
}

std::string BranchDesk::cmdWaive(const CommandArgs& a) {
  fines_.waive(a.id("fine"), a.get("reason"));
  return "OK";
}

// ---------------------------------------------------------------- catalogue

std::string BranchDesk::cmdAddTitle(const CommandArgs& a) {
  catalogue::Title t;
  t.isbn = a.opt("isbn");
  t.title = a.get("title");
  t.year = a.number("year", 0);
  t.material = a.opt("material", "book");
  t.authors = util::split(a.opt("authors"), ';');
  const long long id = titles_.add(t);
  for (int i = 0; i < a.number("copies", 0); ++i) {
    copies_.addCopy(id, a.get("barcode") + "-" + std::to_string(i + 1), branch_, a.number("price", 0));
  }
  return "OK title " + std::to_string(id);
}

std::string BranchDesk::cmdSearch(const CommandArgs& a) {
  std::ostringstream out;
  for (const auto& t : titles_.search(a.get("q"), a.opt("material"))) {
    out << t.isbn << "  " << t.title << " (" << util::join(titles_.authorsOf(t.id), "; ") << ")  "
        << copies_.availableCount(t.id) << " on shelf\n";
  }
  return out.str();
}

// Weeding: copies at this branch nobody borrowed in two years are withdrawn.
std::string BranchDesk::cmdWeed(const CommandArgs& a) {
  pqxx::nontransaction n(pg_.conn());
  pqxx::result idle = n.exec_params(
      "SELECT c.id, c.barcode FROM copies c WHERE c.branch = $1 AND c.status = 'on_shelf' AND c.acquired_at < $2 "
      "AND NOT EXISTS (SELECT 1 FROM loan_history h WHERE h.copy_id = c.id AND h.returned_at > $2)",
      a.opt("branch", branch_), circ::addDays(circ::todayIso(), -730));
  int withdrawn = 0;
  const bool dryRun = a.opt("dry") == "yes";
  for (const auto& row : idle) {
    if (!dryRun && copies_.withdraw(row[0].as<long long>(), "weeded")) ++withdrawn;
  }
  return "OK " + std::to_string(idle.size()) + " idle, " + std::to_string(withdrawn) + " withdrawn";
}

// ---------------------------------------------------------------- acquisitions

std::string BranchDesk::cmdOrder(const CommandArgs& a) {
  const long long po = purchasing_.createOrder(a.get("supplier"), branch_);
  for (const auto& item : util::split(a.get("lines"), ',')) {
    const auto f = util::split(item, ':');  // isbn:qty:price
    if (f.size() != 3) throw CommandError("a line is isbn:quantity:price");
    purchasing_.addLine(po, f[0], std::stoi(f[1]), std::stoi(f[2]));
  }
  return "OK order " + std::to_string(po);
}

std::string BranchDesk::cmdSendOrder(const CommandArgs& a) {
  const std::string file = purchasing_.send(a.id("po"));
  return file.empty() ? "ERR not sent" : "OK " + file;
}

std::string BranchDesk::cmdReceive(const CommandArgs& a) {
  const auto barcodes = receiving_.receive(a.id("line"), a.number("qty", 1), branch_);
  for (const auto& b : barcodes) receiving_.markProcessed(b, a.opt("shelf", "NEW"));
  return "OK " + util::join(barcodes, ",");
}

// ---------------------------------------------------------------- events

std::string BranchDesk::cmdBookRoom(const CommandArgs& a) {
  const long long id = rooms_.book(a.id("room"), a.get("day"), a.number("from", 9), a.number("to", 10), a.get("by"));
  if (id == 0) {
    std::ostringstream out;
    out << "ERR taken; free that day:";
    for (const auto& r : rooms_.freeRooms(branch_, a.get("day"))) out << " " << r.name;
    return out.str();
  }
  return "OK booking " + std::to_string(id);
}

std::string BranchDesk::cmdSchedule(const CommandArgs& a) {
  const long long id = calendar_.schedule(a.get("title"), branch_, a.get("day"), a.number("capacity", 20),
                                          a.opt("room").empty() ? 0 : a.id("room"), a.number("from", 18),
                                          a.number("to", 20));
  return id ? "OK event " + std::to_string(id) : "ERR room taken";
}

std::string BranchDesk::cmdSignUp(const CommandArgs& a) {
  return calendar_.signUp(a.id("event"), a.get("card")) ? "OK" : "ERR full or unknown card";
}

}  // namespace shelf
