// Process-wide logger. Started life as printf debugging in 2009 and was
// never replaced; every area writes through it.
#pragma once

#include <iosfwd>
#include <mutex>
#include <string>

namespace vet::util {

enum class LogLevel { Debug = 0, Info = 1, Warn = 2, Error = 3 };

class Logger {
public:
    static Logger& instance();

    void setLevel(LogLevel level);
    LogLevel level() const { return level_; }
    void setSink(std::ostream* sink);

    void log(LogLevel level, const std::string& component, const std::string& message);
    void debug(const std::string& component, const std::string& message);
    void info(const std::string& component, const std::string& message);
    void warn(const std::string& component, const std::string& message);
    void error(const std::string& component, const std::string& message);

    unsigned long errorCount() const { return errors_; }

private:
    Logger();
    static const char* levelName(LogLevel level);

    LogLevel level_;
    std::ostream* sink_;
    unsigned long errors_ = 0;
    std::mutex mutex_;
};

}  // namespace vet::util

#define VET_LOG_INFO(component, message) ::vet::util::Logger::instance().info(component, message)
#define VET_LOG_WARN(component, message) ::vet::util::Logger::instance().warn(component, message)
#define VET_LOG_ERROR(component, message) ::vet::util::Logger::instance().error(component, message)
