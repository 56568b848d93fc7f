// A distributed transaction as an orchestrated saga on Step Functions: one
// task per step invoking the service that owns it, retried with backoff; a
// step that fails (or answers an HTTP error) runs the compensations of the
// steps before it, in reverse order. Steps after the pivot are not
// compensated: they are retried, then left for a person.
#include "reports/sam/names.hpp"
#include "reports/sam/template_parts.hpp"

#include <set>

namespace cleave::sam {

using json = nlohmann::ordered_json;

namespace {

constexpr const char* kFailed = "SagaFailed";
constexpr const char* kManual = "NeedsManualRecovery";

// The payload a step's function receives: an HTTP API (payload 2.0) event
// for the step's route, so the service's one router serves it.
json invoke(const std::string& function_var, const std::string& route_key) {
  const std::string path = route_key.substr(route_key.find(' ') + 1);
  return {{"FunctionName", "${" + function_var + "}"},
          {"Payload",
           {{"version", "2.0"},
            {"routeKey", route_key},
            {"rawPath", path},
            {"requestContext", {{"http", {{"method", "POST"}, {"path", path}}}}},
            {"body.$", "States.JsonToString($.input)"}}}};
}

json retry(unsigned attempts) {
  return json::array({{{"ErrorEquals", json::array({"Lambda.ServiceException", "Lambda.AWSLambdaException",
                                                     "Lambda.SdkClientException", "Lambda.TooManyRequestsException"})},
                       {"IntervalSeconds", 2},
                       {"MaxAttempts", attempts},
                       {"BackoffRate", 2}}});
}

json task(const std::string& function_var, const std::string& route_key, const std::string& result,
          unsigned attempts, const std::string& on_error, const std::string& next) {
  return {{"Type", "Task"},
          {"Resource", "arn:aws:states:::lambda:invoke"},
          {"Parameters", invoke(function_var, route_key)},
          {"ResultSelector", {{"statusCode.$", "$.Payload.statusCode"}, {"body.$", "$.Payload.body"}}},
          {"ResultPath", "$.results." + result},
          {"Retry", retry(attempts)},
          {"Catch", json::array({{{"ErrorEquals", json::array({"States.ALL"})},
                                  {"ResultPath", "$.error"},
                                  {"Next", on_error}}})},
          {"Next", next}};
}

// An HTTP status of 300 or more is a failed step, like an exception.
json check(const std::string& result, const std::string& on_error, const std::string& next) {
  return {{"Type", "Choice"},
          {"Choices", json::array({{{"Variable", "$.results." + result + ".statusCode"},
                                    {"NumericGreaterThanEquals", 300},
                                    {"Next", on_error}}})},
          {"Default", next}};
}

std::string function_var(const std::string& service) { return "Fn" + pascal_case(service); }

json definition(const SagaPlan& saga) {
  std::set<std::string> names = {kFailed, kManual, "Done"};
  for (const auto& t : saga.tasks) names.insert({t.state, t.compensation});
  NameScope scope(80);
  for (const auto& n : names) scope.claim(n);
  std::vector<std::string> checks;
  for (const auto& t : saga.tasks) checks.push_back(scope.claim("Check" + t.state));

  json states = json::object();
  bool after_pivot = false;
  std::string undo = kFailed;  // where a failure goes: the latest compensation so far
  for (std::size_t i = 0; i < saga.tasks.size(); ++i) {
    const SagaTask& t = saga.tasks[i];
    const std::string next = i + 1 < saga.tasks.size() ? saga.tasks[i + 1].state : "Done";
    const std::string on_error = after_pivot ? kManual : undo;
    states[t.state] = task(function_var(t.service), t.route_key, t.state, after_pivot ? 6 : 3, on_error, checks[i]);
    states[checks[i]] = check(t.state, on_error, next);
    if (!t.compensation.empty() && !after_pivot) {
      // Undo this step, then the ones before it.
      states[t.compensation] = task(function_var(t.service), t.compensation_route_key, t.compensation, 6, kManual, undo);
      states[t.compensation]["Comment"] = t.compensation_text;
      undo = t.compensation;
    }
    after_pivot = after_pivot || t.pivot;
  }
  states["Done"] = {{"Type", "Succeed"}};
  states[kFailed] = {{"Type", "Fail"}, {"Error", "SagaCompensated"}, {"Cause", "a step failed; earlier steps were undone"}};
  states[kManual] = {{"Type", "Fail"},
                     {"Error", "SagaNeedsManualRecovery"},
                     {"Cause", "a step after the pivot, or a compensation, kept failing"}};
  return {{"Comment", clip("Saga for " + saga.function + " (" + saga.origin + "), tables " + [&] {
             std::string t;
             for (const auto& name : saga.tables) t += (t.empty() ? "" : ", ") + name;
             return t;
           }())},
          {"StartAt", saga.tasks.empty() ? std::string("Done") : saga.tasks.front().state},
          {"States", states}};
}

}  // namespace

void saga_resources(const ServicePlan& s, const SagaPlan& saga, json& resources, json& conditions) {
  json substitutions = json::object(), policies = json::array();
  std::vector<std::string> needs;  // conditions: the peers it invokes are extracted
  std::set<std::string> services;
  for (const auto& t : saga.tasks) services.insert(t.service);
  for (const auto& service : services) {
    json function = cfn_ref("ApiFunction");
    if (service != s.name) {
      for (const auto& p : s.saga_peers) {
        if (p.service == service) {
          function = cfn_ref(p.param);
          needs.push_back("Has" + p.param);
        }
      }
    }
    substitutions[function_var(service)] = function;
    policies.push_back({{"LambdaInvokePolicy", {{"FunctionName", function}}}});
  }
  json machine = {{"Type", "AWS::Serverless::StateMachine"},
                  {"Properties",
                   {{"Type", "STANDARD"},
                    {"Definition", definition(saga)},
                    {"DefinitionSubstitutions", substitutions},
                    {"Policies", policies},
                    {"Tracing", {{"Enabled", true}}}}}};
  if (needs.size() == 1) machine["Condition"] = needs.front();
  if (needs.size() > 1) {
    // Fn::And takes 2 to 10 conditions; nest beyond that.
    json all = json{{"Condition", needs.front()}};
    for (std::size_t i = 1; i < needs.size(); ++i) {
      all = json{{"Fn::And", json::array({all, json{{"Condition", needs[i]}}})}};
    }
    conditions[saga.logical_id + "Ready"] = all;
    machine["Condition"] = saga.logical_id + "Ready";
  }
  resources[saga.logical_id] = machine;
}

}  // namespace cleave::sam
