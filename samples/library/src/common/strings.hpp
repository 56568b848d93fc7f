// String helpers shared by every module, including the formatter the SQL of
// the older modules is built with.
#pragma once

#include <string>
#include <vector>

namespace shelf::util {

std::string trim(const std::string& s);
std::string toUpper(std::string s);
std::vector<std::string> split(const std::string& s, char sep);
std::string join(const std::vector<std::string>& parts, const std::string& sep);
bool startsWith(const std::string& s, const std::string& prefix);

// printf into `out` (replacing its contents). The 2009 code base formatted
// every statement with it; the newer modules bind parameters instead.
void Fmt(std::string& out, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

// Doubles single quotes, for the few places that still splice text into SQL.
std::string sqlQuote(const std::string& s);

}  // namespace shelf::util
