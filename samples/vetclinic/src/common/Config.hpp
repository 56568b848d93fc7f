// Legacy configuration reader (key = value, '#' comments). Predates the
// vet:: namespaces and was never moved.
#pragma once

#include <map>
#include <string>

class ConfigReader {
public:
    ConfigReader() = default;

    static ConfigReader& global();

    bool load(const std::string& path);
    void set(const std::string& key, const std::string& value);

    std::string getString(const std::string& key, const std::string& fallback = "") const;
    int getInt(const std::string& key, int fallback = 0) const;
    double getDouble(const std::string& key, double fallback = 0.0) const;
    bool getBool(const std::string& key, bool fallback = false) const;
    bool has(const std::string& key) const;

private:
    std::map<std::string, std::string> values_;
};
