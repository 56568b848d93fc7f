// Key=value configuration, read once at start-up.
#pragma once

#include <map>
#include <string>

namespace shelf::util {

class Config {
 public:
  // Reads `path` (default /etc/shelfd/shelfd.conf); missing keys keep defaults.
  bool loadFile(const std::string& path);
  std::string get(const std::string& key, const std::string& fallback = "") const;
  int getInt(const std::string& key, int fallback) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace shelf::util
