#include "core/errors.hpp"
#include "decompose/compare.hpp"

#include <catch2/catch.hpp>

using namespace cleave;
using namespace cleave::decompose;

namespace {
const char* kExpected = R"({
  "contexts": {
    "billing": { "classes": ["a::Invoice", "a::Payment"], "functions": ["a::Front::bill"], "tables": ["invoices"] },
    "orders":  { "classes": ["a::Order", "a::Cart"], "functions": [], "tables": ["orders", "carts"] }
  },
  "shared_kernel": { "classes": ["a::Log"], "functions": ["a::trim"] },
  "split_classes": { "a::Front": { "a::Front::bill": "billing" } }
})";

Proposal proposal(bool swap_cart) {
  Proposal p;
  Service s1;
  s1.name = "pay";
  s1.classes = {"a::Invoice", "a::Payment"};
  s1.functions = {"a::Front::bill"};
  s1.tables = {"invoices"};
  Service s2;
  s2.name = "shop";
  s2.classes = {"a::Order"};
  if (!swap_cart) s2.classes.push_back("a::Cart");
  std::sort(s2.classes.begin(), s2.classes.end());
  if (swap_cart) s1.classes = {"a::Cart", "a::Invoice", "a::Payment"};
  p.services = {s1, s2};
  p.shared_kernel_classes = {"a::Log"};
  p.shared_kernel_functions = {"a::trim"};
  p.tables = {{"carts", "pay", {}, {}, "", {}, {}, 0},
              {"invoices", "pay", {}, {}, "", {}, {}, 0},
              {"orders", "shop", {}, {}, "", {}, {}, 0}};
  return p;
}
}  // namespace

TEST_CASE("compare: identical grouping under other names scores 1") {
  auto e = parse_expected(kExpected, "d.json");
  CHECK(e.contexts.size() == 3);  // billing, orders, shared kernel
  CHECK(e.split_classes["a::Front"]["a::Front::bill"] == "billing");
  Proposal p = proposal(false);
  p.tables[0].owner = "shop";
  auto a = compare(p, e);
  CHECK(a.items == 7);
  CHECK(a.ari == Approx(1.0));
  CHECK(a.mojofm == Approx(100.0));
  CHECK(a.service_to_context["pay"] == "billing");
  CHECK(a.tables == 3);
  CHECK(a.tables_owned_as_expected == 3);
  CHECK(a.missing.empty());
}

TEST_CASE("compare: one misplaced class and one misowned table") {
  auto a = compare(proposal(true), parse_expected(kExpected, "d.json"));
  // Truth: billing {Invoice, Payment, bill}, orders {Order, Cart}, kernel {Log, trim}
  // Got:   pay {Invoice, Payment, bill, Cart}, shop {Order}, kernel {Log, trim}
  // Pairs together in both: billing 3, kernel 1 -> index 4. Rows (got): C(4,2)+0+1 = 7.
  // Cols (truth): 3 + 1 + 1 = 5. n = 7, C(7,2) = 21, expected = 35/21 = 5/3, max = 6.
  // ARI = (4 - 5/3) / (6 - 5/3) = (7/3) / (13/3) = 7/13
  CHECK(a.ari == Approx(7.0 / 13));
  REQUIRE(a.misplaced.size() == 1);
  CHECK_THAT(a.misplaced[0], Catch::Contains("a::Cart"));
  REQUIRE(a.table_mismatches.size() == 1);
  CHECK_THAT(a.table_mismatches[0], Catch::Contains("carts"));
}

TEST_CASE("compare: malformed expected files name the file") {
  CHECK_THROWS_AS(parse_expected("{", "bad.json"), InputError);
  try {
    parse_expected(R"({"contexts": {"x": {"classes": "notalist"}}})", "bad.json");
    FAIL("accepted a malformed file");
  } catch (const InputError& e) {
    CHECK(e.file() == "bad.json");
    CHECK_THAT(e.problem(), Catch::Contains("contexts.x.classes"));
  }
}
