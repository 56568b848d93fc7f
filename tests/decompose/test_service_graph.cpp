// The service dependency graph on Boost.Graph: cycles between services.
#include "decompose/decompose.hpp"

#include <catch2/catch.hpp>

using namespace cleave;

namespace {

Proposal with_dependencies(const std::vector<std::pair<std::string, std::vector<std::string>>>& graph) {
  Proposal p;
  for (const auto& [name, deps] : graph) {
    Service s;
    s.name = name;
    for (const auto& d : deps) s.depends_on.push_back({d, 1, "sync"});
    p.services.push_back(s);
  }
  return p;
}

}  // namespace

TEST_CASE("service_cycles: each strongly connected group of services, sorted", "[decompose][graph]") {
  // billing <-> orders; dispatch -> fleet -> tracking -> dispatch; crm alone
  // depends on billing, which closes no cycle.
  Proposal p = with_dependencies({{"orders", {"billing"}},
                                  {"billing", {"orders", "crm"}},
                                  {"crm", {}},
                                  {"tracking", {"dispatch"}},
                                  {"fleet", {"tracking"}},
                                  {"dispatch", {"fleet", "crm"}}});
  CHECK(decompose::service_cycles(p) ==
        std::vector<std::vector<std::string>>{{"billing", "orders"}, {"dispatch", "fleet", "tracking"}});
}

TEST_CASE("service_cycles: none when the dependencies form no cycle", "[decompose][graph]") {
  Proposal p = with_dependencies({{"orders", {"billing", "crm"}}, {"billing", {"crm"}}, {"crm", {}}});
  CHECK(decompose::service_cycles(p).empty());
  CHECK(decompose::service_cycles(Proposal{}).empty());
}
