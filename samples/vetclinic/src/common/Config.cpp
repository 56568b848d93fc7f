#include "common/Config.hpp"

#include "common/Logger.hpp"
#include "common/StringUtil.hpp"

#include <cstdlib>
#include <fstream>

ConfigReader& ConfigReader::global() {
    static ConfigReader reader;
    return reader;
}

bool ConfigReader::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        VET_LOG_WARN("config", "cannot open " + path + ", using defaults");
        return false;
    }
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        std::string stripped = vet::util::trim(line);
        if (stripped.empty() || stripped[0] == '#') {
            continue;
        }
        auto eq = stripped.find('=');
        if (eq == std::string::npos) {
            VET_LOG_WARN("config", path + ":" + std::to_string(lineNo) + ": no '=' in line");
            continue;
        }
        set(vet::util::trim(stripped.substr(0, eq)), vet::util::trim(stripped.substr(eq + 1)));
    }
    return true;
}

void ConfigReader::set(const std::string& key, const std::string& value) { values_[vet::util::toLower(key)] = value; }

bool ConfigReader::has(const std::string& key) const { return values_.count(vet::util::toLower(key)) != 0; }

std::string ConfigReader::getString(const std::string& key, const std::string& fallback) const {
    auto it = values_.find(vet::util::toLower(key));
    return it == values_.end() ? fallback : it->second;
}

int ConfigReader::getInt(const std::string& key, int fallback) const {
    std::string value = getString(key);
    if (value.empty()) {
        return fallback;
    }
    return std::atoi(value.c_str());
}

double ConfigReader::getDouble(const std::string& key, double fallback) const {
    std::string value = getString(key);
    if (value.empty()) {
        return fallback;
    }
    return std::strtod(value.c_str(), nullptr);
}

bool ConfigReader::getBool(const std::string& key, bool fallback) const {
    std::string value = vet::util::toLower(getString(key));
    if (value.empty()) {
        return fallback;
    }
    return value == "1" || value == "true" || value == "yes" || value == "on";
}
