// String helpers shared by every area. Some of these exist twice in the
// code base under other names; these are the ones new code should use.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace vet::util {

std::string trim(const std::string& text);
std::vector<std::string> split(const std::string& text, char separator);
std::string join(const std::vector<std::string>& parts, const std::string& separator);
std::string toUpper(std::string text);
std::string toLower(std::string text);
bool startsWith(const std::string& text, const std::string& prefix);
bool isBlank(const std::string& text);
// Doubles single quotes. Only for the few places that still build SQL by hand.
std::string sqlEscape(const std::string& text);
std::string formatFixed(double value, int decimals);
std::string padRight(const std::string& text, std::size_t width);

// Joins any range of values after mapping each through `fn`.
template <typename T, typename Fn>
std::string joinMapped(const std::vector<T>& items, const std::string& separator, Fn fn) {
    std::ostringstream out;
    bool first = true;
    for (const auto& item : items) {
        if (!first) {
            out << separator;
        }
        out << fn(item);
        first = false;
    }
    return out.str();
}

}  // namespace vet::util
