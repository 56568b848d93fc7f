// The branch desk: every terminal command arrives here. It began as the whole
// program in 2009 and still runs some of its own SQL.
#pragma once

#include "acquisitions/purchasing.hpp"
#include "acquisitions/receiving.hpp"
#include "catalogue/copy_register.hpp"
#include "catalogue/title_repository.hpp"
#include "circulation/hold_queue.hpp"
#include "circulation/loan_desk.hpp"
#include "common/config.hpp"
#include "db/lite.hpp"
#include "db/pg.hpp"
#include "desk/command_args.hpp"
#include "events/event_calendar.hpp"
#include "events/room_book.hpp"
#include "fines/fine_ledger.hpp"
#include "patrons/patron_service.hpp"

#include <map>
#include <string>

namespace shelf {

class BranchDesk {
 public:
  BranchDesk(db::Pg& pg, db::Lite& branchDb, const util::Config& config);

  // Runs one command line and returns the text for the terminal.
  std::string handle(const std::string& line);
  std::size_t commandCount() const { return handlers_.size(); }

 private:
  using Handler = std::string (BranchDesk::*)(const CommandArgs&);
  void registerCommands();

  // circulation
  std::string cmdCheckout(const CommandArgs& a);
  std::string cmdCheckin(const CommandArgs& a);
  std::string cmdRenew(const CommandArgs& a);
  std::string cmdHold(const CommandArgs& a);
  std::string cmdOverdueNotices(const CommandArgs& a);
  std::string cmdDailyReport(const CommandArgs& a);
  // patrons
  std::string cmdRegister(const CommandArgs& a);
  std::string cmdBlock(const CommandArgs& a);
  std::string cmdMergePatrons(const CommandArgs& a);
  // fines
  std::string cmdPayFine(const CommandArgs& a);
  std::string cmdWaive(const CommandArgs& a);
  std::string cmdFinesReport(const CommandArgs& a);
  // catalogue
  std::string cmdAddTitle(const CommandArgs& a);
  std::string cmdSearch(const CommandArgs& a);
  std::string cmdWeed(const CommandArgs& a);
  std::string cmdStats(const CommandArgs& a);
  // acquisitions
  std::string cmdOrder(const CommandArgs& a);
  std::string cmdSendOrder(const CommandArgs& a);
  std::string cmdReceive(const CommandArgs& a);
  // events
  std::string cmdBookRoom(const CommandArgs& a);
  std::string cmdSchedule(const CommandArgs& a);
  std::string cmdSignUp(const CommandArgs& a);

  db::Pg& pg_;
  db::Lite& branchDb_;
  std::string branch_;
  catalogue::TitleRepository titles_;
  catalogue::CopyRegister copies_;
  patrons::PatronService patrons_;
  fines::FineLedger fines_;
  circ::HoldQueue holds_;
  circ::LoanDesk loans_;
  acq::Purchasing purchasing_;
  acq::Receiving receiving_;
  events::RoomBook rooms_;
  events::EventCalendar calendar_;
  std::map<std::string, Handler> handlers_;
};

}  // namespace shelf
