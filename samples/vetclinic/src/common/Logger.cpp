#include "common/Logger.hpp"

#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>

namespace vet::util {

Logger& Logger::instance() {
    static Logger logger;
    return logger;
}

Logger::Logger() : level_(LogLevel::Info), sink_(&std::clog) {}

void Logger::setLevel(LogLevel level) { level_ = level; }

void Logger::setSink(std::ostream* sink) {
    std::lock_guard<std::mutex> lock(mutex_);
    sink_ = sink;
}

const char* Logger::levelName(LogLevel level) {
    switch (level) {
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Info: return "INFO ";
    case LogLevel::Warn: return "WARN ";
    case LogLevel::Error: return "ERROR";
    }
    return "?????";
}

void Logger::log(LogLevel level, const std::string& component, const std::string& message) {
    if (level == LogLevel::Error) {
        ++errors_;
    }
    if (static_cast<int>(level) < static_cast<int>(level_) || sink_ == nullptr) {
        return;
    }
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    localtime_r(&now, &local);
    std::lock_guard<std::mutex> lock(mutex_);
    (*sink_) << std::put_time(&local, "%H:%M:%S") << ' ' << levelName(level) << " [" << component << "] "
             << message << '\n';
}

void Logger::debug(const std::string& component, const std::string& message) {
    log(LogLevel::Debug, component, message);
}

void Logger::info(const std::string& component, const std::string& message) {
    log(LogLevel::Info, component, message);
}

void Logger::warn(const std::string& component, const std::string& message) {
    log(LogLevel::Warn, component, message);
}

void Logger::error(const std::string& component, const std::string& message) {
    log(LogLevel::Error, component, message);
}

}  // namespace vet::util
