// The AWS SAM application of a proposal: one serverless application per
// proposed service, a root template that stitches them behind a strangler
// facade, and C++ handlers on aws-lambda-cpp (mission step 4).
//
// Contract
//  - plan_application() decides every name once: folders, logical ids, C++
//    identifiers, routes, events, queues, topics, tables and sagas. The
//    renderers (templates, handlers, READMEs) only read the plan, so a name
//    can never differ between the template and the code that serves it.
//  - Names from the analysed code never reach the file system or a template
//    unsanitised: folders are sanitize_name(), logical ids are [A-Za-z0-9]
//    (<= 255, unique in their template), C++ identifiers are [a-z0-9_] and
//    never keywords. Paths of OutputFiles stay under "sam/".
//  - The API surface is the proposal's (Service::api): a query becomes GET,
//    a command POST/PUT/DELETE by its endpoint; events (style "event") and
//    changes of tables another service keeps a read model of travel on
//    SNS topics to SQS queues. Nothing here derives a second API.
//  - Deterministic: a pure function of the report context and the settings.
#pragma once

#include "config/config.hpp"
#include "reports/common/report_input.hpp"

#include <nlohmann/json.hpp>

#include <array>

#include <string>
#include <vector>

namespace cleave::sam {

// One HTTP operation of a service's synchronous API.
struct Operation {
  std::string member;  // qualified name of the monolith member it replaces
  // "query" | "command": on the HTTP API; "saga-step" | "compensation":
  // invoked by a saga's state machine with a payload-2.0 event carrying the
  // route key, never exposed on the HTTP API.
  std::string style;
  std::string method;                // GET | POST | PUT | DELETE
  std::string path;                  // "/orders/{id}", unique with the method in its service
  std::string route_key;             // "GET /orders/{id}" (HTTP API payload 2.0 routeKey)
  std::string stub;                  // C++ function name, unique in the service
  std::string event_id;              // logical id of its HttpApi event
  std::string origin;                // "src/orders/repo.cpp:42" relative to the root; "" when unknown
  std::vector<std::string> reads;    // tables it reads
  std::vector<std::string> writes;   // tables it writes
  std::vector<std::string> callers;  // services that call it today
};

// An event a service publishes on its own SNS topic.
struct Publication {
  std::string event;                   // "billing.invoices-changed"
  std::string topic_id;                // logical id of the AWS::SNS::Topic
  std::string output_id;               // logical id of the Output holding its ARN
  std::string reason;                  // why it exists, for the README
  std::vector<std::string> consumers;  // services subscribed
};

// An event a service consumes: a queue subscribed to the publisher's topic,
// redriven to a dead-letter queue, drained by one function.
struct Consumer {
  std::string event;         // as in Publication::event
  std::string publisher;     // service name
  std::string stub;          // C++ function name; also the function's Handler
  std::string function_id;   // logical id of the AWS::Serverless::Function
  std::string queue_id;      // logical id of the AWS::SQS::Queue
  std::string dlq_id;        // logical id of its dead-letter queue
  std::string topic_param;   // Parameter holding the publisher's topic ARN ("" = not yet extracted)
  std::string topic_output;  // the publisher's Output holding that ARN (Publication::output_id)
  std::string reason;        // why it consumes it
  std::string member;        // the monolith member that handles it today, "" when none
  std::string origin;        // its file:line, "" when unknown
  bool wired = true;         // the root template passes the topic ARN (false: it would close a stack cycle)
};

// A DynamoDB table for an owned SQL table.
struct TablePlan {
  std::string name;            // SQL table name
  std::string logical_id;      // logical id of the AWS::DynamoDB::Table
  std::string partition_key;   // first primary-key column ("id" when the schema has none)
  std::string partition_type;  // DynamoDB attribute type: "S" or "N"
  std::string sort_key;        // second primary-key column, "" when none
  std::string sort_type;
  bool written = false;              // the service writes it (Crud policy) or only reads it
  bool stream = false;               // another service keeps a read model of it
  std::vector<std::string> readers;  // other services that read it today
};

// A distributed transaction as a Step Functions saga in the service that
// starts it.
struct SagaTask {
  std::string state;         // state name of the forward step
  std::string service;       // the service that performs it
  std::string action;        // "write invoices, payments"
  std::string route_key;     // the step's operation in that service ("POST /sagas/x/write-invoices")
  std::string compensation;  // state name of its compensating step, "" for the pivot and after
  std::string compensation_text;
  std::string compensation_route_key;
  bool pivot = false;
};
struct SagaPlan {
  std::string logical_id;  // of the AWS::Serverless::StateMachine
  std::string name;        // kebab-case, in the routes of its steps
  std::string function;    // qualified name of the monolith function running the transaction
  std::string origin;      // its file:line
  std::vector<std::string> tables;
  std::vector<SagaTask> tasks;
};

// A peer service this one calls: synchronously through the strangler facade
// (param holds the base URL), or from a saga (param holds its API function's
// name).
struct Peer {
  std::string service;
  std::string param;
  bool wired = true;  // the root template passes the value (false: it would close a stack cycle)
};

// Serverless fitness of a service (issue 17), from Proposal::fitness: what
// in its code assumes a long-lived process, in the proposal's order.
struct FitnessItem {
  std::string rule;         // CLV-FIT-00N
  std::string kind;         // "state" | "local-file" | "background" | "server" | "long-work" | "downstream"
  std::string what;         // the construct
  std::string function;     // qualified name of the code that has it, "" at namespace scope
  std::string via;          // the service's own function reaching it in kernel code, "" when its own
  std::string origin;       // "src/cache.cpp:12" relative to the root; "" when unknown
  std::string conflict;     // the Lambda fact it conflicts with
  std::string replacement;  // what to use instead
  std::string downstream;   // rule CLV-FIT-006/007: what sees the burst
  unsigned effort = 1;      // 1 small, 2 medium, 3 large
  bool central = false;     // at the core of the design
};
struct FitnessPlan {
  std::string verdict;  // "ready" | "ready-after-changes" | "keep-long-running"; "" when the proposal has none
  std::vector<std::string> evidence;    // keep-long-running: why, in words
  std::vector<FitnessItem> findings;    // by effort, as the proposal orders them
  std::vector<std::string> downstream;  // what would see Lambda's bursts, distinct, sorted
  // Downstream pressure: a CLV-FIT-006 or CLV-FIT-007 finding. Each function
  // then reserves its concurrency (parameter ReservedConcurrency).
  bool reserve_concurrency = false;
  // CLV-FIT-006: it still runs SQL on the monolith's database, through an RDS
  // Proxy with IAM authentication (parameters DatabaseProxyEndpoint,
  // DatabaseProxyResourceId, DatabaseUser; rds-db:connect once they are set).
  bool database_proxy = false;
  bool keep_long_running() const { return verdict == "keep-long-running"; }
};

// Parameters of a service template under downstream pressure, and their
// defaults.
inline constexpr const char* kReservedConcurrency = "ReservedConcurrency";
inline constexpr unsigned kDefaultReservedConcurrency = 10;
inline constexpr const char* kProxyEndpoint = "DatabaseProxyEndpoint";
inline constexpr const char* kProxyResourceId = "DatabaseProxyResourceId";
inline constexpr const char* kDatabaseUser = "DatabaseUser";
inline constexpr const char* kHasDatabaseProxy = "HasDatabaseProxy";  // condition: all three set
// The proxy answers inside its VPC: the functions attach to these subnets
// (comma-separated ids) with these security groups once both are set too.
inline constexpr const char* kDatabaseSubnets = "DatabaseSubnetIds";
inline constexpr const char* kDatabaseSecurityGroups = "DatabaseSecurityGroupIds";
inline constexpr const char* kInDatabaseVpc = "InDatabaseVpc";  // condition: all five set
// What the root template passes to every service that still queries the
// monolith's database, in this order.
inline constexpr std::array<const char*, 5> kDatabaseParams{kProxyEndpoint, kProxyResourceId, kDatabaseUser,
                                                            kDatabaseSubnets, kDatabaseSecurityGroups};

struct ServicePlan {
  std::string name;             // the proposal's service name
  std::string dir;              // folder under sam/services/, sanitised, unique
  std::string id;               // PascalCase stem of logical ids in the root template, unique
  unsigned rank = 0;            // position in the extraction order (1 = first)
  std::string api_function_id;  // logical id of the synchronous API function
  std::vector<Operation> operations;
  std::vector<Publication> publications;
  std::vector<Consumer> consumers;
  std::vector<TablePlan> tables;
  std::vector<Peer> peers;       // base URLs of services it calls
  std::vector<Peer> saga_peers;  // API function names of services its sagas invoke
  std::vector<SagaPlan> sagas;
  std::vector<std::string> classes, functions, files;  // what moves
  std::string ddl;                                     // CREATE TABLE statements of its tables
  std::vector<std::string> foreign_keys_to_cut;        // "invoices(customer_id) -> customers of crm"
  FitnessPlan fitness;
};

struct AppPlan {
  std::string project;
  config::SamConfig settings;
  std::vector<ServicePlan> services;  // in the proposal's extraction order
};

AppPlan plan_application(const report::ReportContext& ctx, const config::SamConfig& settings);

// The strangler facade's routes to one service, in nested stacks of at most
// kRoutesPerStack routes each (two resources a route), so that no template
// passes CloudFormation's 500 resources however large the API.
inline constexpr std::size_t kRoutesPerStack = 200;
// HttpApi events on one function before they are grouped by path (each
// becomes a Lambda permission when SAM transforms the template).
inline constexpr std::size_t kMaxRouteEvents = 150;
struct RouteStack {
  std::string file;                     // "services/<dir>/routes.yaml", "routes-2.yaml", ... relative to sam/
  std::string app_id;                   // logical id of its AWS::Serverless::Application in the root template
  std::size_t service = 0;              // index in AppPlan::services
  std::vector<std::size_t> operations;  // indexes in that service's operations (HTTP ones only)
};
std::vector<RouteStack> route_stacks(const AppPlan& app);

// Templates as JSON documents (key order kept); render_application writes
// them as YAML (yaml.hpp). Intrinsics are long form: {"Ref": ...},
// {"Fn::GetAtt": [...]}, {"Fn::Sub": ...}.
nlohmann::ordered_json root_template(const AppPlan& app);                           // sam/template.yaml
nlohmann::ordered_json service_template(const AppPlan& app, const ServicePlan& s);  // sam/services/<dir>/template.yaml
nlohmann::ordered_json routes_template(const AppPlan& app, const RouteStack& stack);  // sam/<stack.file>
std::string handler_source(const ServicePlan& s);                                     // .../src/handler.cpp
std::string handler_cmake(const ServicePlan& s);                                      // .../CMakeLists.txt
std::string handler_makefile(const ServicePlan& s);                                   // .../Makefile

// Every file under "sam/": the plan rendered.
std::vector<report::OutputFile> render_application(const AppPlan& app);

// plan_application + render_application with the context's settings: what
// the "sam" format writes.
std::vector<report::OutputFile> generate_sam(const report::ReportContext& ctx);

}  // namespace cleave::sam
