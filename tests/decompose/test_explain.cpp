// Placement by one score, explained by the same score (issue 16, items 1
// and 2): pulls, the verdict of `explain`, entity resolution, confidence.
#include "core/errors.hpp"
#include "decompose/decompose.hpp"
#include "decompose/pull.hpp"
#include "shop.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cleave;
using cleave::test::no_file;
using cleave::test::shop;
using cleave::test::ShopBuilder;

namespace {

const Placement* placement(const Proposal& p, const std::string& unit) {
  for (const auto& pl : p.placements) {
    if (pl.unit == unit) return &pl;
  }
  return nullptr;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// The shop with a value type that has constructors and an overloaded
// function: one entity each.
Model shop_with_money() {
  ShopBuilder b;
  b.m = shop();
  b.cls("shop::billing::Money", "/src/billing/money.hpp");
  b.method("shop::billing::Money", "Money", "void (long)");
  b.method("shop::billing::Money", "cents", "long ()");
  for (auto& s : b.m.symbols) {
    if (s.name == "shop::billing::Money::Money") s.kind = SymbolKind::Constructor;
  }
  b.call("shop::billing::InvoiceService::total", "shop::billing::Money::Money", 2);
  b.call("shop::billing::InvoiceService::total", "shop::billing::Money::cents");
  b.function("shop::orders::format", "/src/orders/format.cpp");
  b.function("shop::shipping::format", "/src/shipping/format.cpp");
  b.call("shop::orders::OrderService::get", "shop::orders::format");
  b.call("shop::shipping::ShipmentService::track", "shop::shipping::format");
  b.m.index();
  return b.m;
}

}  // namespace

TEST_CASE("pull: calls, tables and namespace towards each service, by the clustering's weights", "[decompose]") {
  Model m = shop();
  Proposal p = decompose::decompose(m, no_file());
  config::DecomposeWeights w;
  decompose::PullIndex index(m, p, w);
  const Placement* inv = placement(p, "shop::billing::InvoiceService");
  REQUIRE(inv);
  auto pulls = index.pulls("shop::billing::InvoiceService");
  REQUIRE_FALSE(pulls.empty());
  CHECK(pulls.front().service == inv->service);  // strongest first
  const Placement* order = placement(p, "shop::orders::OrderService");
  REQUIRE(order);
  auto to_order = std::find_if(pulls.begin(), pulls.end(), [&](const auto& x) { return x.service == order->service; });
  REQUIRE(to_order != pulls.end());
  CHECK(to_order->call_sites == 1);  // InvoiceService::create -> OrderService::get
  CHECK(to_order->weight == Approx(w.call * 1));
  // Doubling the call weight doubles that pull: the weights are the config's.
  w.call = 2;
  decompose::PullIndex heavier(m, p, w);
  auto again = heavier.pulls("shop::billing::InvoiceService");
  auto it = std::find_if(again.begin(), again.end(), [&](const auto& x) { return x.service == order->service; });
  REQUIRE(it != again.end());
  CHECK(it->weight == Approx(2.0));
}

TEST_CASE("explain's verdict is the placement, for every unit", "[decompose]") {
  Model m = shop_with_money();
  Proposal p = decompose::decompose(m, no_file());
  REQUIRE(p.placements.size() >= 10);
  for (const auto& pl : p.placements) {
    CAPTURE(pl.unit);
    const std::string verdict = first_line(decompose::explain(m, p, pl.unit));
    CHECK(verdict == pl.unit + " is in " + (pl.service.empty() ? "the shared kernel" : "service " + pl.service));
    CHECK(pl.confidence >= 0);
    CHECK(pl.confidence <= 1);
    CHECK(pl.stability >= 0);
    CHECK(pl.stability <= 1);
    // A placement against the strongest pull names the rule behind it.
    if (!pl.service.empty() && pl.runner_up_pull > pl.pull) CHECK(pl.rule != "pull");
  }
}

TEST_CASE("explain: a class, its constructor and overloads are one entity; distinct ones are ambiguous",
          "[decompose]") {
  Model m = shop_with_money();
  Proposal p = decompose::decompose(m, no_file());
  REQUIRE(placement(p, "shop::billing::Money"));
  CHECK(first_line(decompose::explain(m, p, "Money")).rfind("shop::billing::Money is in ", 0) == 0);
  CHECK(first_line(decompose::explain(m, p, "Money::Money")).rfind("shop::billing::Money is in ", 0) == 0);
  CHECK(first_line(decompose::explain(m, p, "shop::billing::Money::cents")).rfind("shop::billing::Money is in ", 0) ==
        0);
  try {
    decompose::explain(m, p, "format");
    FAIL("two different functions named format are not ambiguous");
  } catch (const InputError& e) {
    CHECK_THAT(e.remedy(), Catch::Contains("shop::orders::format") && Catch::Contains("shop::shipping::format"));
  }
}

TEST_CASE("explain: runner-up, margin and what would move it", "[decompose]") {
  Model m = shop();
  Proposal p = decompose::decompose(m, no_file());
  const Placement* inv = placement(p, "shop::billing::InvoiceService");
  REQUIRE(inv);
  REQUIRE_FALSE(inv->runner_up.empty());
  std::string why = decompose::explain(m, p, "InvoiceService");
  CHECK_THAT(why, Catch::Contains("runner-up " + inv->runner_up) && Catch::Contains("margin"));
  CHECK_THAT(why, Catch::Contains("moving it to " + inv->runner_up + " would make"));
  // The evidence behind a pull: here the tables a repository writes.
  CHECK_THAT(decompose::explain(m, p, "InvoiceRepo"), Catch::Contains("writes table invoices"));
}

TEST_CASE("confidence: deterministic, 1 for a pinned unit, lower when the margin is lower", "[decompose]") {
  Model m = shop();
  Proposal a = decompose::decompose(m, no_file()), b = decompose::decompose(m, no_file());
  REQUIRE(a.placements.size() == b.placements.size());
  for (std::size_t i = 0; i < a.placements.size(); ++i) {
    CHECK(a.placements[i].unit == b.placements[i].unit);
    CHECK(a.placements[i].confidence == b.placements[i].confidence);
  }
  config::DecomposeConfig cfg;
  config::ContextPin pin;
  pin.name = "payments";
  pin.classes = {"shop::billing::PaymentRepo"};
  cfg.contexts.push_back(pin);
  Proposal pinned = decompose::decompose(m, no_file(cfg));
  const Placement* pay = placement(pinned, "shop::billing::PaymentRepo");
  REQUIRE(pay);
  CHECK(pay->rule == "pin");
  CHECK(pay->confidence == 1);
  // The same stability with a smaller margin gives a smaller confidence.
  for (const auto& x : a.placements) {
    for (const auto& y : a.placements) {
      if (x.rule != "pull" || y.rule != "pull" || x.stability != y.stability || x.pull + x.runner_up_pull <= 0 ||
          y.pull + y.runner_up_pull <= 0)
        continue;
      double mx = (x.pull - x.runner_up_pull) / (x.pull + x.runner_up_pull);
      double my = (y.pull - y.runner_up_pull) / (y.pull + y.runner_up_pull);
      if (mx < my - 0.05) CHECK(x.confidence <= y.confidence);
    }
  }
}
