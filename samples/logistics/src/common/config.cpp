#include "common/config.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"

#include <cstdlib>
#include <fstream>

namespace freight::util {

namespace {
const char* const kEnvKeys[] = {"conninfo", "log_file", "log_level", "tax_rate", "payment_days",
                                "max_driver_hours", "default_service_level"};
}

bool Config::loadFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        Logger::instance().warn("config", "cannot open " + path);
        return false;
    }
    std::string line;
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || line[0] == '#') {
            continue;
        }
        auto eq = line.find('=');
        if (eq == std::string::npos) {
            continue;
        }
        values_[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
    }
    return true;
}

void Config::loadEnvironment() {
    for (const char* key : kEnvKeys) {
        std::string name = "FREIGHT_" + toUpper(key);
        if (const char* value = std::getenv(name.c_str())) {
            values_[key] = value;
        }
    }
}

std::string Config::get(const std::string& key, const std::string& fallback) const {
    auto it = values_.find(key);
    return it == values_.end() ? fallback : it->second;
}

long Config::getLong(const std::string& key, long fallback) const {
    return toLong(get(key, ""), fallback);
}

double Config::getDouble(const std::string& key, double fallback) const {
    return toDouble(get(key, ""), fallback);
}

bool Config::has(const std::string& key) const {
    return values_.count(key) != 0;
}

void Config::set(const std::string& key, const std::string& value) {
    values_[key] = value;
}

}  // namespace freight::util
