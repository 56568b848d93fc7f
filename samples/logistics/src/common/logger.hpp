#pragma once

#include <mutex>
#include <string>

namespace freight::util {

enum class LogLevel { Debug, Info, Warn, Error };

// Process-wide logger. The dispatch night run and the console share one log file, so writes are
// serialised; the level comes from the config at start-up.
class Logger {
public:
    static Logger& instance();

    void setLevel(LogLevel level);
    void setFile(const std::string& path);
    void log(LogLevel level, const std::string& area, const std::string& message);

    void debug(const std::string& area, const std::string& message);
    void info(const std::string& area, const std::string& message);
    void warn(const std::string& area, const std::string& message);
    void error(const std::string& area, const std::string& message);

private:
    Logger() = default;
    LogLevel level_ = LogLevel::Info;
    std::string file_;
    std::mutex mutex_;
};

const char* levelName(LogLevel level);

}  // namespace freight::util
