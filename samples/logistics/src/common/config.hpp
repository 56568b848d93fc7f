#pragma once

#include <map>
#include <string>

namespace freight::util {

// key=value settings: first the file, then FREIGHT_* environment variables override.
class Config {
public:
    bool loadFile(const std::string& path);
    void loadEnvironment();

    std::string get(const std::string& key, const std::string& fallback) const;
    long getLong(const std::string& key, long fallback) const;
    double getDouble(const std::string& key, double fallback) const;
    bool has(const std::string& key) const;
    void set(const std::string& key, const std::string& value);

private:
    std::map<std::string, std::string> values_;
};

}  // namespace freight::util
