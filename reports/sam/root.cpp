// The root template: every service as a nested application, switched on one
// at a time in the extraction order, behind one HTTP API that is the
// strangler facade: the routes of extracted services go to them, everything
// else to the monolith.
#include "reports/sam/names.hpp"
#include "reports/sam/template_parts.hpp"

namespace cleave::sam {

using json = nlohmann::ordered_json;

namespace {

bool on_http_api(const Operation& op) { return op.style == "query" || op.style == "command"; }

std::string extract_param(const ServicePlan& s) { return "Extract" + s.id; }
std::string extracted(const ServicePlan& s) { return s.id + "Extracted"; }

json facade_url() { return cfn_sub("https://${StranglerApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"); }

// An HTTP proxy integration and its route; HTTP proxy integrations take
// payload format 1.0, and "{name}" in the URI is the route's path parameter.
void route(json& resources, const std::string& id, const std::string& condition, const std::string& route_key, json uri,
           const std::string& api = "StranglerApi") {
  json integration = {{"Type", "AWS::ApiGatewayV2::Integration"},
                      {"Properties",
                       {{"ApiId", cfn_ref(api)},
                        {"IntegrationType", "HTTP_PROXY"},
                        {"IntegrationMethod", route_key.substr(0, route_key.find(' '))},
                        {"IntegrationUri", std::move(uri)},
                        {"PayloadFormatVersion", "1.0"}}}};
  json r = {
      {"Type", "AWS::ApiGatewayV2::Route"},
      {"Properties",
       {{"ApiId", cfn_ref(api)},
        {"RouteKey", route_key},
        {"Target", {{"Fn::Join", json::array({"/", json::array({"integrations", cfn_ref(id + "Integration")})})}}}}}};
  if (!condition.empty()) {
    integration["Condition"] = condition;
    r["Condition"] = condition;
  }
  resources[id + "Integration"] = integration;
  resources[id + "Route"] = r;
}

json application_parameters(const AppPlan& app, const ServicePlan& s) {
  json params = json::object();
  for (const auto& p : s.peers) params[p.param] = facade_url();
  auto from = [&](const std::string& service, const std::string& output, bool wired) -> json {
    for (const auto& other : app.services) {
      if (other.name == service && wired) {
        return {{"Fn::If", json::array({extracted(other), cfn_get_att(other.id, "Outputs." + output), ""})}};
      }
    }
    return "";
  };
  for (const auto& c : s.consumers) {
    params[c.topic_param] = from(c.publisher, c.topic_output, c.wired);
  }
  for (const auto& p : s.saga_peers) params[p.param] = from(p.service, "ApiFunctionName", p.wired);
  if (s.fitness.database_proxy) {
    for (const char* p : kDatabaseParams) params[p] = cfn_ref(p);
  }
  return params;
}

// Services that still run SQL on the monolith's database reach it through
// one RDS Proxy; its settings are set here once and passed to each of them.
// Empty by default: the stacks deploy, and grant no database access until
// the team has created the proxy (the root README says so).
void database_proxy_parameters(const AppPlan& app, json& params) {
  std::string services;
  for (const auto& s : app.services) {
    if (s.fitness.database_proxy) services += (services.empty() ? "" : ", ") + s.name;
  }
  if (services.empty()) return;
  const std::string users = " (" + services + ")";
  params[kProxyEndpoint] = {
      {"Type", "String"},
      {"Default", ""},
      {"Description",
       clip("Endpoint of an RDS Proxy (IAM authentication) in front of the monolith's database, for the services "
            "that still query it" +
                users,
            4000)}};
  params[kProxyResourceId] = {
      {"Type", "String"},
      {"Default", ""},
      {"Description", "Resource id of that proxy (prx-...), for their rds-db:connect permission"}};
  params[kDatabaseUser] = {{"Type", "String"},
                           {"Default", ""},
                           {"Description", clip("Database user they connect as through the proxy" + users, 4000)}};
  params[kDatabaseSubnets] = {
      {"Type", "String"},
      {"Default", ""},
      {"Description", "Comma-separated subnet ids in the proxy's VPC for their functions to attach to"}};
  params[kDatabaseSecurityGroups] = {
      {"Type", "String"},
      {"Default", ""},
      {"Description", "Comma-separated security group ids for those functions, admitted by the proxy"}};
}

}  // namespace

std::vector<RouteStack> route_stacks(const AppPlan& app) {
  NameScope ids;  // the root template's logical ids
  for (const char* fixed : {"StranglerApi", "MonolithIntegration", "MonolithRoute"}) ids.claim(fixed);
  for (const auto& s : app.services) ids.claim(s.id);
  std::vector<RouteStack> stacks;
  unsigned part = 0;  // of the current service's routes
  for (std::size_t i = 0; i < app.services.size(); ++i) {
    const ServicePlan& s = app.services[i];
    for (std::size_t k = 0; k < s.operations.size(); ++k) {
      if (!on_http_api(s.operations[k])) continue;
      if (stacks.empty() || stacks.back().service != i || stacks.back().operations.size() == kRoutesPerStack) {
        part = stacks.empty() || stacks.back().service != i ? 1 : part + 1;
        RouteStack r;
        r.service = i;
        r.file = "services/" + s.dir + (part == 1 ? "/routes.yaml" : "/routes-" + std::to_string(part) + ".yaml");
        r.app_id = ids.claim(s.id + "Routes" + (part == 1 ? "" : std::to_string(part)));
        stacks.push_back(std::move(r));
      }
      stacks.back().operations.push_back(k);
    }
  }
  return stacks;
}

json routes_template(const AppPlan& app, const RouteStack& stack) {
  const ServicePlan& s = app.services[stack.service];
  json resources = json::object();
  NameScope ids;
  for (std::size_t k : stack.operations) {
    const Operation& op = s.operations[k];
    const std::string id = [&] {
      const std::string base = pascal_case(op.stub).substr(0, 200);
      std::string candidate = base;
      for (unsigned n = 2; ids.taken(candidate + "Integration") || ids.taken(candidate + "Route"); ++n) {
        candidate = base + std::to_string(n);
      }
      ids.claim(candidate + "Integration");
      ids.claim(candidate + "Route");
      return candidate;
    }();
    route(resources, id, "", op.route_key, {{"Fn::Sub", "${ServiceUrl}" + op.path}}, "ApiId");
  }
  json doc;
  doc["AWSTemplateFormatVersion"] = "2010-09-09";
  doc["Transform"] = "AWS::Serverless-2016-10-31";
  doc["Description"] = clip("cleave: the strangler facade's routes to " + s.name);
  doc["Parameters"] = {{"ApiId", {{"Type", "String"}, {"Description", "The strangler facade's HTTP API"}}},
                       {"ServiceUrl", {{"Type", "String"}, {"Description", clip("Base URL of " + s.name + "'s API")}}}};
  doc["Resources"] = resources;
  return doc;
}

json root_template(const AppPlan& app) {
  json params = json::object(), conditions = json::object(), resources = json::object();
  params["MonolithUrl"] = {{"Type", "String"},
                           {"Default", "https://monolith.example.com"},
                           {"Description", "Base URL of the monolith: every route not yet extracted goes there"}};
  // The first step is on by default: the first service in the order that can
  // become functions at all (a keep-long-running one is emitted, not routed).
  unsigned first = 0;
  for (const auto& s : app.services) {
    if (!s.fitness.keep_long_running() && (first == 0 || s.rank < first)) first = s.rank;
  }
  for (const auto& s : app.services) {
    params[extract_param(s)] = {
        {"Type", "String"},
        {"AllowedValues", json::array({"true", "false"})},
        {"Default", s.rank == first ? "true" : "false"},
        {"Description",
         clip("Step " + std::to_string(s.rank) + ": route " + s.name + "'s API to its own service", 4000)}};
    conditions[extracted(s)] = {{"Fn::Equals", json::array({cfn_ref(extract_param(s)), "true"})}};
  }
  database_proxy_parameters(app, params);
  resources["StranglerApi"] = {
      {"Type", "AWS::Serverless::HttpApi"},
      {"Properties",
       {{"Description", clip("Strangler facade of " + app.project + ": extracted routes, else the monolith")}}}};
  route(resources, "Monolith", "", "ANY /{proxy+}", cfn_sub("${MonolithUrl}/{proxy}"));
  for (const auto& s : app.services) {
    json app_props = {{"Location", "services/" + s.dir + "/template.yaml"}};
    json p = application_parameters(app, s);
    if (!p.empty()) app_props["Parameters"] = p;
    resources[s.id] = {
        {"Type", "AWS::Serverless::Application"}, {"Condition", extracted(s)}, {"Properties", app_props}};
  }
  for (const RouteStack& stack : route_stacks(app)) {
    const ServicePlan& s = app.services[stack.service];
    resources[stack.app_id] = {
        {"Type", "AWS::Serverless::Application"},
        {"Condition", extracted(s)},
        {"Properties",
         {{"Location", stack.file},
          {"Parameters", {{"ApiId", cfn_ref("StranglerApi")}, {"ServiceUrl", cfn_get_att(s.id, "Outputs.ApiUrl")}}}}}};
  }
  json doc;
  doc["AWSTemplateFormatVersion"] = "2010-09-09";
  doc["Transform"] = "AWS::Serverless-2016-10-31";
  doc["Description"] = clip("cleave: " + app.project + " as serverless services, extracted one at a time");
  doc["Parameters"] = params;
  doc["Conditions"] = conditions;
  doc["Resources"] = resources;
  doc["Outputs"] = {{"StranglerUrl", exported("The one URL clients use", facade_url(), "StranglerUrl")}};
  return doc;
}

}  // namespace cleave::sam
