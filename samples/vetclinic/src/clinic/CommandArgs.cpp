#include "clinic/CommandArgs.hpp"

#include "common/StringUtil.hpp"

#include <cstdlib>

namespace vet {

CommandArgs CommandArgs::parse(const std::string& line) {
    CommandArgs args;
    auto parts = util::split(line, '|');
    args.verb_ = util::toLower(util::trim(parts.front()));
    for (std::size_t i = 1; i < parts.size(); ++i) {
        auto eq = parts[i].find('=');
        if (eq == std::string::npos) {
            throw CommandError("argument without '=': " + parts[i]);
        }
        args.values_[util::trim(parts[i].substr(0, eq))] = util::trim(parts[i].substr(eq + 1));
    }
    return args;
}

std::string CommandArgs::get(const std::string& key) const {
    auto it = values_.find(key);
    if (it == values_.end()) {
        throw CommandError("missing argument '" + key + "' for " + verb_);
    }
    return it->second;
}

std::string CommandArgs::get(const std::string& key, const std::string& fallback) const {
    auto it = values_.find(key);
    return it == values_.end() ? fallback : it->second;
}

std::int64_t CommandArgs::id(const std::string& key) const {
    const std::string text = get(key);
    char* end = nullptr;
    long long value = std::strtoll(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || value <= 0) {
        throw CommandError("'" + key + "' must be a positive id, got '" + text + "'");
    }
    return value;
}

int CommandArgs::number(const std::string& key, int fallback) const {
    return has(key) ? std::atoi(get(key).c_str()) : fallback;
}

double CommandArgs::decimal(const std::string& key) const { return std::strtod(get(key).c_str(), nullptr); }

}  // namespace vet
