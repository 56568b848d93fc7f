// shelfd: reads desk commands from standard input (the terminal server pipes
// each desk's session through it) and answers each on standard output.
#include "common/config.hpp"
#include "common/logger.hpp"
#include "db/lite.hpp"
#include "db/pg.hpp"
#include "desk/branch_desk.hpp"

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  using namespace shelf;
  util::Config config;
  const char* env = std::getenv("SHELFD_CONFIG");
  config.loadFile(argc > 1 ? argv[1] : env ? env : "/etc/shelfd/shelfd.conf");
  if (config.get("log_level") == "debug") util::Logger::instance().setLevel(util::Level::Debug);

  try {
    db::Pg pg(config.get("central", "dbname=shelf"));
    db::Lite branchDb(config.get("branch_db", "/var/lib/shelfd/branch.db"));
    BranchDesk desk(pg, branchDb, config);
    util::Logger::instance().info("shelfd " SHELFD_VERSION " ready, " + std::to_string(desk.commandCount()) +
                                  " commands");
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line == "quit") break;
      std::cout << desk.handle(line) << "\n.\n" << std::flush;
    }
  } catch (const std::exception& e) {
    util::Logger::instance().error(std::string("fatal: ") + e.what());
    return 1;
  }
  return util::Logger::instance().errorCount() == 0 ? 0 : 2;
}
