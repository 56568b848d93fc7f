// Arguments of a front-desk command line: "verb|key=value|key=value".
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

namespace vet {

class CommandError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class CommandArgs {
public:
    static CommandArgs parse(const std::string& line);

    const std::string& verb() const { return verb_; }
    bool has(const std::string& key) const { return values_.count(key) != 0; }
    std::string get(const std::string& key) const;
    std::string get(const std::string& key, const std::string& fallback) const;
    std::int64_t id(const std::string& key) const;
    int number(const std::string& key, int fallback) const;
    double decimal(const std::string& key) const;

private:
    std::string verb_;
    std::map<std::string, std::string> values_;
};

}  // namespace vet
