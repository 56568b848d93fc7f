// A command line from a desk terminal: "verb|key=value|key=value".
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace shelf {

class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CommandArgs {
  std::string verb;
  std::map<std::string, std::string> values;

  static CommandArgs parse(const std::string& line);
  const std::string& get(const std::string& key) const;
  std::string opt(const std::string& key, const std::string& fallback = "") const;
  long long id(const std::string& key) const;
  int number(const std::string& key, int fallback) const;
};

}  // namespace shelf
