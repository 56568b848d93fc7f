// Process-wide logger. Every module logs through Logger::instance(); the
// level is set once by main from the configuration.
#pragma once

#include <string>

namespace shelf::util {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };

class Logger {
 public:
  static Logger& instance();

  void setLevel(Level level) { level_ = level; }
  void debug(const std::string& msg) { write(Level::Debug, msg); }
  void info(const std::string& msg) { write(Level::Info, msg); }
  void warn(const std::string& msg) { write(Level::Warn, msg); }
  void error(const std::string& msg);
  int errorCount() const { return errors_; }

 private:
  Logger() = default;
  void write(Level level, const std::string& msg);

  Level level_ = Level::Info;
  int errors_ = 0;
};

}  // namespace shelf::util
