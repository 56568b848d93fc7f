#include "common/config.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"

#include <fstream>

namespace shelf::util {

bool Config::loadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    Logger::instance().warn("no configuration at " + path + ", using defaults");
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    values_[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return true;
}

std::string Config::get(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

int Config::getInt(const std::string& key, int fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  try {
    return std::stoi(it->second);
  } catch (...) {
    return fallback;
  }
}

}  // namespace shelf::util
