// The root template: every service as a nested application, switched on one
// at a time in the extraction order, behind one HTTP API that is the
// strangler facade: the routes of extracted services go to them, everything
// else to the monolith.
#include "reports/sam/names.hpp"
#include "reports/sam/template_parts.hpp"

namespace cleave::sam {

using json = nlohmann::ordered_json;

namespace {

std::string extract_param(const ServicePlan& s) { return "Extract" + s.id; }
std::string extracted(const ServicePlan& s) { return s.id + "Extracted"; }

json facade_url() { return cfn_sub("https://${StranglerApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"); }

// An HTTP proxy integration and its route; HTTP proxy integrations take
// payload format 1.0, and "{name}" in the URI is the route's path parameter.
void route(json& resources, const std::string& id, const std::string& condition, const std::string& route_key,
           json uri) {
  json integration = {{"Type", "AWS::ApiGatewayV2::Integration"},
                      {"Properties",
                       {{"ApiId", cfn_ref("StranglerApi")},
                        {"IntegrationType", "HTTP_PROXY"},
                        {"IntegrationMethod", route_key.substr(0, route_key.find(' '))},
                        {"IntegrationUri", std::move(uri)},
                        {"PayloadFormatVersion", "1.0"}}}};
  json r = {{"Type", "AWS::ApiGatewayV2::Route"},
            {"Properties",
             {{"ApiId", cfn_ref("StranglerApi")},
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
    std::string output;
    for (const auto& other : app.services) {
      for (const auto& pub : other.publications) {
        if (pub.event == c.event) output = pub.output_id;
      }
    }
    params[c.topic_param] = from(c.publisher, output, c.wired);
  }
  for (const auto& p : s.saga_peers) params[p.param] = from(p.service, "ApiFunctionName", p.wired);
  return params;
}

}  // namespace

json root_template(const AppPlan& app) {
  json params = json::object(), conditions = json::object(), resources = json::object();
  params["MonolithUrl"] = {{"Type", "String"},
                           {"Default", "https://monolith.example.com"},
                           {"Description", "Base URL of the monolith: every route not yet extracted goes there"}};
  for (const auto& s : app.services) {
    params[extract_param(s)] = {
        {"Type", "String"},
        {"AllowedValues", json::array({"true", "false"})},
        {"Default", s.rank == 1 ? "true" : "false"},
        {"Description", clip("Step " + std::to_string(s.rank) + ": route " + s.name + "'s API to its own service", 4000)}};
    conditions[extracted(s)] = {{"Fn::Equals", json::array({cfn_ref(extract_param(s)), "true"})}};
  }
  resources["StranglerApi"] = {
      {"Type", "AWS::Serverless::HttpApi"},
      {"Properties", {{"Description", clip("Strangler facade of " + app.project + ": extracted routes, else the monolith")}}}};
  route(resources, "Monolith", "", "ANY /{proxy+}", cfn_sub("${MonolithUrl}/{proxy}"));
  // Route ids share the template with the applications: claimed in pairs.
  NameScope ids;
  for (const auto& [id, r] : resources.items()) ids.claim(id);
  for (const auto& s : app.services) ids.claim(s.id);
  auto route_id = [&ids](const std::string& stem) {
    const std::string base = stem.substr(0, 200);
    std::string id = base;
    for (unsigned n = 2; ids.taken(id + "Integration") || ids.taken(id + "Route"); ++n) id = base + std::to_string(n);
    ids.claim(id + "Integration");
    ids.claim(id + "Route");
    return id;
  };
  for (const auto& s : app.services) {
    json app_props = {{"Location", "services/" + s.dir + "/template.yaml"}};
    json p = application_parameters(app, s);
    if (!p.empty()) app_props["Parameters"] = p;
    resources[s.id] = {{"Type", "AWS::Serverless::Application"}, {"Condition", extracted(s)}, {"Properties", app_props}};
    for (const auto& op : s.operations) {
      if (op.style != "query" && op.style != "command") continue;
      json uri = {{"Fn::Sub", json::array({"${Url}" + op.path, {{"Url", cfn_get_att(s.id, "Outputs.ApiUrl")}}})}};
      route(resources, route_id(s.id + pascal_case(op.stub)), extracted(s), op.route_key, uri);
    }
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
