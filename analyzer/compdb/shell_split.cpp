#include "compdb/compdb.hpp"

#include <stdexcept>

namespace cleave::compdb {

std::vector<std::string> shell_split(std::string_view command) {
  std::vector<std::string> out;
  std::string current;
  bool in_word = false;
  enum class Quote { None, Single, Double } quote = Quote::None;

  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    switch (quote) {
      case Quote::Single:
        if (c == '\'') {
          quote = Quote::None;
        } else {
          current += c;
        }
        break;
      case Quote::Double:
        if (c == '"') {
          quote = Quote::None;
        } else if (c == '\\' && i + 1 < command.size()) {
          // Inside double quotes a backslash escapes only these.
          const char n = command[i + 1];
          if (n == '"' || n == '\\' || n == '$' || n == '`') {
            current += n;
            ++i;
          } else if (n == '\n') {
            ++i;
          } else {
            current += c;
          }
        } else {
          current += c;
        }
        break;
      case Quote::None:
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          if (in_word) {
            out.push_back(std::move(current));
            current.clear();
            in_word = false;
          }
        } else if (c == '\'') {
          quote = Quote::Single;
          in_word = true;
        } else if (c == '"') {
          quote = Quote::Double;
          in_word = true;
        } else if (c == '\\') {
          in_word = true;
          if (i + 1 < command.size()) {
            if (command[i + 1] != '\n') current += command[i + 1];
            ++i;
          }
        } else {
          current += c;
          in_word = true;
        }
        break;
    }
  }
  if (quote != Quote::None) {
    throw std::invalid_argument(quote == Quote::Single ? "unterminated single quote" : "unterminated double quote");
  }
  if (in_word) out.push_back(std::move(current));
  return out;
}

}  // namespace cleave::compdb
