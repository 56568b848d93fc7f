// Serverless fitness for the shop fixture, set by hand as the proposal's
// fitness step would (issue 17): customers is under downstream pressure
// (SQL on the monolith's database, and a synchronous call in a loop),
// billing is ready after one change, orders keeps a server loop at its core
// and stays long-running, catalog is ready.
#pragma once

#include "decompose/proposal.hpp"

#include <string>

namespace cleave::sam::test {

inline FitnessFinding fitness_finding(std::string rule, std::string kind, std::string what, std::string file,
                                      unsigned line, unsigned effort, std::string replacement) {
  FitnessFinding f;
  f.rule = std::move(rule);
  f.kind = std::move(kind);
  f.what = std::move(what);
  f.loc = {"/src/shop/" + file, line, 3};  // under the fixture's root
  f.effort = effort;
  f.replacement = std::move(replacement);
  f.conflict = "Lambda functions are stateless and ephemeral";
  return f;
}

// `database` adds customers' CLV-FIT-006 finding, `peer` its CLV-FIT-007.
inline void add_fitness(Proposal& p, bool database = true, bool peer = true) {
  ServiceFitness customers{"customers", "ready-after-changes", {}, {}, {}};
  FitnessFinding cache = fitness_finding("CLV-FIT-001", "state", "static std::map<int, Customer> cache",
                                         "src/customers/cache.cpp", 12, 1, "DynamoDB or ElastiCache");
  cache.function = "shop::CustomerCache::get";
  customers.findings.push_back(cache);
  if (database) {
    FitnessFinding sql = fitness_finding("CLV-FIT-006", "downstream", "SELECT on orders, owned by orders",
                                         "src/customers/history.cpp", 40, 2, "RDS Proxy and a reserved concurrency");
    sql.function = "shop::CustomerHistory::load";
    sql.downstream = "the monolith's database";
    customers.findings.push_back(sql);
  }
  if (peer) {
    FitnessFinding loop = fitness_finding("CLV-FIT-007", "downstream", "billing's API called in a loop",
                                          "src/customers/statement.cpp", 77, 3, "one batched call, or an event");
    loop.function = "shop::Statement::build";
    loop.via = "shop::Customers::statement";
    loop.downstream = "service billing";
    customers.findings.push_back(loop);
  }
  for (const auto& f : customers.findings) {
    if (!f.downstream.empty()) customers.downstream.push_back(f.downstream);
  }

  ServiceFitness billing{"billing", "ready-after-changes", {}, {}, {}};
  billing.findings.push_back(fitness_finding("CLV-FIT-002", "local-file", "std::ofstream(\"exports/invoices.csv\")",
                                             "src/billing/export.cpp", 9, 1, "S3"));

  ServiceFitness orders{"orders", "keep-long-running", {"accepts connections on a listening socket"}, {}, {}};
  FitnessFinding server = fitness_finding("CLV-FIT-004", "server", "bind/listen/accept on port 7171",
                                          "src/orders/server.cpp", 30, 3, "API Gateway in front, or a container");
  server.central = true;
  server.conflict = "a function does not listen on a socket: requests come to it as events";
  orders.findings.push_back(server);

  ServiceFitness catalog{"catalog", "ready", {}, {}, {}};
  p.fitness = {billing, catalog, customers, orders};  // by service name
}

}  // namespace cleave::sam::test
