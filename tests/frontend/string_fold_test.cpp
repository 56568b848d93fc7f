#include "frontend/string_fold.hpp"

#include <catch2/catch.hpp>

using namespace cleave;
using namespace cleave::frontend;

TEST_CASE("string literal tokens decode with their prefixes and escapes", "[strings][decode]") {
  CHECK(decode_string_literal(R"("a\tb\"c")") == "a\tb\"c");
  CHECK(decode_string_literal(R"(L"wide")") == "wide");
  CHECK(decode_string_literal(R"(u8"caf\u00e9")") == "caf\xc3\xa9");
  CHECK(decode_string_literal(R"(R"x(raw "text" \n)x")") == R"(raw "text" \n)");
  CHECK(decode_string_literal(R"("oct\101\x42")") == "octAB");
  CHECK(decode_string_literal(R"("lit"s)") == "lit");
  CHECK_FALSE(decode_string_literal("'c'").has_value());
  CHECK_FALSE(decode_string_literal("R\"x(unterminated").has_value());
}

TEST_CASE("concatenation multiplies alternatives and merges literals", "[strings][fold]") {
  StrValue v = concat(alternatives_of(literal_value("a"), literal_value("b")), literal_value("c"));
  REQUIRE(v.alternatives.size() == 2);
  REQUIRE(v.alternatives[0].size() == 1);
  CHECK(v.alternatives[0][0].text == "ac");
  CHECK(v.alternatives[1][0].text == "bc");
}

TEST_CASE("alternatives are capped", "[strings][fold]") {
  StrValue v = literal_value("x");
  for (int i = 0; i < 8; ++i) v = concat(v, alternatives_of(literal_value("0"), literal_value("1")));
  CHECK(v.alternatives.size() == kMaxAlternatives);
}

TEST_CASE("has_constant_part tells constants from placeholders", "[strings][fold]") {
  CHECK_FALSE(has_constant_part(unknown_value("x")));
  CHECK(has_constant_part(concat(unknown_value("x"), literal_value("FROM t"))));
}

TEST_CASE("the top-level arguments of a template's spelling", "[strings][fold]") {
  using V = std::vector<std::string>;
  CHECK(split_template_args("Repository<shop::Order>") == V{"shop::Order"});
  CHECK(split_template_args("const Repo<kSessions, std::map<int, char>> *") == V{"kSessions", "std::map<int, char>"});
  CHECK(split_template_args("Named<FixedString<4>{\"a,>b\"}>") == V{"FixedString<4>{\"a,>b\"}"});
  CHECK(split_template_args("Plain").empty());
}
