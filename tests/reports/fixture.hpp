// Hand-built models and proposals for the report tests: a small shop
// monolith (four services, a god class, a shared table, a distributed
// transaction, unresolved SQL, parse failures) and a large synthetic one.
#pragma once

#include "core/findings.hpp"
#include "decompose/proposal.hpp"
#include "model/model.hpp"

#include <string>

namespace cleave::report::testing {

inline constexpr const char* kRoot = "/src/shop";
inline constexpr const char* kInjection = "</script><script>alert(1)</script>";

struct Fixture {
  Model model;
  Proposal proposal;
  std::vector<Finding> findings;  // make_shop: five rules, one finding without a location
};

// `inject` puts kInjection into a symbol name, a file path, SQL excerpts,
// finding messages, a table name, a god class's reason, a saga's
// compensation and an extraction step's reason.
Fixture make_shop(bool inject = false);

// Serverless fitness (issue 17) for the shop, as the fitness step would fill
// it: billing ready after changes (a resident cache, a CSV export to a local
// folder, connections to the monolith's database), catalog and customers
// ready, orders to keep long-running (a server loop, central), and a
// kernel helper's static buffer that orders reaches. `what` of the CSV
// export finding gets `what_suffix` (tests pass markup there).
void add_fitness(Fixture& f, const std::string& what_suffix = "");

// Deterministic synthetic monolith: `classes` classes with 8 methods each,
// spread over `services` services owning `tables` tables.
Fixture make_big(unsigned classes, unsigned tables, unsigned services);

// For the pictures at size (issue 18): on a make_big fixture, a saga over
// the first five services (four compensated steps, then the pivot) and a
// god class, the first class, split over the first six services (nine
// methods to the first, so its box counts the rest).
void add_big_plans(Fixture& f);

}  // namespace cleave::report::testing
