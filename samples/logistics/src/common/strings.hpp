#pragma once

#include <string>
#include <vector>

namespace freight::util {

std::string trim(const std::string& text);
std::string toUpper(std::string text);
std::string toLower(std::string text);
std::vector<std::string> split(const std::string& text, char sep);
std::string join(const std::vector<std::string>& parts, const std::string& sep);
bool startsWith(const std::string& text, const std::string& prefix);
std::string formatMoney(double amount);
std::string padRight(const std::string& text, std::size_t width);
long toLong(const std::string& text, long fallback);
double toDouble(const std::string& text, double fallback);

}  // namespace freight::util
