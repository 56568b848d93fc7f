#include "common/logger.hpp"

#include "common/clock.hpp"

#include <fstream>
#include <iostream>

namespace freight::util {

Logger& Logger::instance() {
    static Logger logger;
    return logger;
}

void Logger::setLevel(LogLevel level) {
    std::lock_guard<std::mutex> lock(mutex_);
    level_ = level;
}

void Logger::setFile(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    file_ = path;
}

void Logger::log(LogLevel level, const std::string& area, const std::string& message) {
    if (static_cast<int>(level) < static_cast<int>(level_)) {
        return;
    }
    std::string line = nowIso() + " [" + levelName(level) + "] " + area + ": " + message;
    std::lock_guard<std::mutex> lock(mutex_);
    if (file_.empty()) {
        std::cerr << line << '\n';
        return;
    }
    std::ofstream out(file_, std::ios::app);
    if (!out) {
        std::cerr << line << '\n';
        return;
    }
    out << line << '\n';
}

void Logger::debug(const std::string& area, const std::string& message) {
    log(LogLevel::Debug, area, message);
}

void Logger::info(const std::string& area, const std::string& message) {
    log(LogLevel::Info, area, message);
}

void Logger::warn(const std::string& area, const std::string& message) {
    log(LogLevel::Warn, area, message);
}

void Logger::error(const std::string& area, const std::string& message) {
    log(LogLevel::Error, area, message);
}

const char* levelName(LogLevel level) {
    switch (level) {
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Info: return "INFO";
    case LogLevel::Warn: return "WARN";
    case LogLevel::Error: return "ERROR";
    }
    return "?";
}

}  // namespace freight::util
