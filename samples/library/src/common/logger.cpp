#include "common/logger.hpp"

#include <ctime>
#include <iostream>

namespace shelf::util {

namespace {
constexpr const char* kNames[] = {"DEBUG", "INFO", "WARN", "ERROR"};
}  // namespace

Logger& Logger::instance() {
  static Logger logger;
  return logger;
}

void Logger::error(const std::string& msg) {
  ++errors_;
  write(Level::Error, msg);
}

void Logger::write(Level level, const std::string& msg) {
  if (static_cast<int>(level) < static_cast<int>(level_)) return;
  std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
  std::clog << stamp << " [" << kNames[static_cast<int>(level)] << "] " << msg << '\n';
}

}  // namespace shelf::util
