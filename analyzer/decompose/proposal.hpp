// The decomposition proposal: what analyzer/decompose produces and every
// report renders. Plain data, sorted, no graph types (design.md section 4).
//
// Terminology
//  - unit: what gets assigned: a class, a free function, or one method of a
//    god class (split class).
//  - service: a proposed bounded context; owns its units and its tables.
//  - shared kernel: units used from many services that touch no tables; a
//    library, never a service, never glue between services.
#pragma once

#include "core/findings.hpp"

#include "core/data_access.hpp"

#include <map>
#include <string>
#include <vector>

namespace cleave {

struct ApiMember {
  std::string symbol;                // USR
  std::string name;                  // qualified name
  std::string style;                 // "query" (synchronous HTTP) | "command" | "event" (asynchronous)
  std::string endpoint;              // e.g. "GET /orders/{id}" or "orders.order-placed"
  std::vector<std::string> callers;  // services that call it
  unsigned call_weight = 0;
};

struct ServiceDependency {
  std::string service;
  unsigned call_weight = 0;
  std::string style;  // "sync" | "async" | "mixed"
};

struct Service {
  std::string name;                    // domain name, e.g. "billing"
  std::vector<std::string> classes;    // qualified names
  std::vector<std::string> functions;  // qualified names (free functions and split methods)
  std::vector<std::string> files;
  std::vector<std::string> tables;     // owned
  std::vector<std::string> databases;  // of its tables, when the schema names several (Table::database)
  std::vector<ApiMember> api;
  std::vector<ServiceDependency> depends_on;
  std::string ddl;                           // CREATE TABLE statements of its own database
  std::map<std::string, double> metrics;     // per-service figures (size, cohesion, ...)
  std::vector<std::string> naming_evidence;  // why this name
  std::vector<std::string> folded;           // stateless parts folded into it, and why
  // Why it is a stateful core (owns no table, keeps state in memory: keep it
  // together as one long-running process); "" for a service with its data.
  std::string stateful_core;
};

struct SplitMethod {
  std::string method;  // qualified name
  std::string service;
};

struct SplitClass {
  std::string name;
  std::vector<SplitMethod> methods;
  std::string reason;
};

// How one non-owning service reaches a table once the database is split.
struct AccessResolution {
  std::string service;
  std::string mode;        // "read" | "write"
  std::string resolution;  // "api-query" | "read-model" | "command"
  std::string detail;      // e.g. "GET /invoices/{id} on billing"
  unsigned statements = 0;
};

struct TableOwnership {
  std::string name;
  std::string owner;                 // service name; empty when no service writes it
  std::vector<std::string> readers;  // services
  std::vector<std::string> writers;  // services
  std::string resolution;            // how non-owners reach it (summary)
  std::vector<std::string> evidence;
  std::vector<AccessResolution> accesses;  // one per non-owning (service, mode)
  double entropy = 0;                      // of the services its accessors fall in; 0 = single owner
  std::string database;                    // Table::database: empty unless the schema names several
};

struct CrossServiceForeignKey {
  std::string table;
  std::string ref_table;
  std::string table_owner;
  std::string ref_owner;
  std::vector<std::string> columns;
};

struct SagaStep {
  std::string service;
  std::string action;        // "write orders"
  std::string compensation;  // "delete the order" ; empty for the pivot and after
  bool pivot = false;
};

struct DistributedTransaction {
  std::string id;
  std::string function;  // qualified name
  Location loc;
  std::vector<std::string> services;
  std::vector<std::string> tables;
  std::vector<SagaStep> saga;
};

struct ExtractionStep {
  unsigned rank = 0;
  std::string service;
  double score = 0;
  std::vector<std::string> reasons;
};

// Serverless fitness (issue 17): what in a service's code assumes a
// long-lived process on one machine, which Lambda's stateless, ephemeral
// functions do not give, and what to use instead.
struct FitnessFinding {
  std::string rule;         // CLV-FIT-00N of the findings catalogue
  std::string kind;         // "state" | "local-file" | "background" | "server" | "long-work" | "downstream"
  std::string what;         // the construct: "static std::map<int, Player *> cache", "std::thread"
  std::string function;     // qualified name of the code that has it; empty at namespace scope
  std::string via;          // the service's own function that reaches it when it lies outside the service
                            // (shared kernel); empty when the service's own code has it
  Location loc;             // where it is
  std::string conflict;     // the Lambda fact it conflicts with
  std::string replacement;  // what to use instead
  std::string downstream;   // kind "downstream": what sees the burst ("the monolith's database", "service billing")
  unsigned effort = 1;      // 1 small, 2 medium, 3 large: the order of the list
  bool central = false;     // at the core of the service's design: the service should stay long-running
};

struct ServiceFitness {
  std::string service;
  std::string verdict;                   // "ready" | "ready-after-changes" | "keep-long-running"
  std::vector<std::string> evidence;     // keep-long-running: the central findings, in words
  std::vector<FitnessFinding> findings;  // by effort, then file, line
  std::vector<std::string> downstream;   // what would see Lambda's bursts, distinct, sorted
};

// Where one unit (a class, a free function, or a split class's method;
// overloads and constructors are the unit they belong to) landed, which rule
// put it there, and how certain that is (docs/metrics.md, "Confidence").
struct Placement {
  std::string unit;       // qualified name
  std::string service;    // "" = shared kernel
  std::string rule;       // "pull" | "community" | "pin" | "kernel" | "split"
  std::string reason;     // the rule in words
  std::string runner_up;  // the strongest other service; "" when nothing pulls elsewhere
  double pull = 0;        // towards its service (decompose/pull.hpp)
  double runner_up_pull = 0;
  double stability = 1;   // share of the alternative clusterings that place it the same
  double confidence = 1;  // stability x (1 + margin) / 2, margin = (pull - runner_up_pull) / (pull + runner_up_pull)
};

struct CandidateQuality {
  unsigned services = 0;
  std::map<std::string, double> metrics;
  bool chosen = false;
  // The proposal's row, when the finishing passes changed the number of
  // services: the candidate's count it was made from (0: not refined).
  unsigned refined_from = 0;
};

struct Proposal {
  std::vector<Service> services;
  std::vector<std::string> shared_kernel_classes;
  std::vector<std::string> shared_kernel_functions;
  std::vector<SplitClass> split_classes;
  std::vector<TableOwnership> tables;
  std::vector<CrossServiceForeignKey> foreign_keys_to_cut;
  std::vector<DistributedTransaction> distributed_transactions;
  std::vector<ExtractionStep> extraction_order;
  std::vector<ServiceFitness> fitness;  // one per service, by service name
  std::vector<FitnessFinding>
      kernel_fitness;  // findings in shared-kernel code (also listed under each service using it)
  std::map<std::string, double> metrics;
  std::vector<CandidateQuality> candidates;
  // symbol USR -> service name ("" = shared kernel), for explain and reports;
  // covers units and the members of classes.
  std::map<std::string, std::string> assignment;
  std::map<std::string, std::string> shared_kernel_reasons;  // qualified name -> why it is kernel
  std::vector<Placement> placements;                         // by unit name
  // Config entries that matched nothing (CLV-CFG-001), data seeded first
  // (CLV-DEC-001); proposal.json lists their messages.
  std::vector<Finding> warnings;
  std::string config_file;  // the config that shaped this proposal, if any
};

}  // namespace cleave
