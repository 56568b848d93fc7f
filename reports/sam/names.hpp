// How names from the analysed code become names in the SAM application.
// Every function here is total: any input (quotes, "../", "$", spaces,
// non-ASCII, empty) gives a safe, non-empty result.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace cleave::sam {

// Words of an identifier or a sentence: ASCII letters and digits, split at
// other characters and at lower-to-upper case changes ("recordEvent",
// "order_lines" and "order lines" give the same words). Non-ASCII is dropped.
std::string pascal_case(std::string_view raw);  // "OrderLines"; "X" when no word is left
std::string snake_case(std::string_view raw);   // "order_lines"; "x" when no word is left
std::string kebab_case(std::string_view raw);   // "order-lines"; "x" when no word is left

// A C++ identifier: snake_case, never a keyword, never starting with a
// digit.
std::string cpp_identifier(std::string_view raw);

// Hands out names unique within one scope (a template's logical ids, a
// service's stubs, the folders under services/): the second "Orders" is
// "Orders2". Logical ids are cut to fit 255 characters with the suffix.
class NameScope {
 public:
  explicit NameScope(std::size_t max_length = 255) : max_(max_length) {}
  std::string claim(const std::string& base);
  bool taken(const std::string& name) const { return used_.count(name) != 0; }

 private:
  std::size_t max_;
  std::set<std::string> used_;
};

// The last component of a qualified C++ name ("a::B::run" -> "run").
std::string last_component(std::string_view qualified);

}  // namespace cleave::sam
