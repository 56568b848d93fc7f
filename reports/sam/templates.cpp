// The template of one service: its API function, event consumers with their
// queues, the topics it publishes, its DynamoDB tables, its sagas, and only
// the permissions it uses.
#include "reports/sam/names.hpp"
#include "reports/sam/sam.hpp"
#include "reports/sam/template_parts.hpp"

#include <map>

namespace cleave::sam {

using json = nlohmann::ordered_json;

json cfn_ref(const std::string& name) { return json{{"Ref", name}}; }
json cfn_get_att(const std::string& resource, const std::string& attribute) {
  return json{{"Fn::GetAtt", json::array({resource, attribute})}};
}
json cfn_sub(const std::string& text) { return json{{"Fn::Sub", text}}; }
json exported(const std::string& description, json value, const std::string& name) {
  return json{{"Description", clip(description)},
              {"Value", std::move(value)},
              {"Export", {{"Name", cfn_sub("${AWS::StackName}-" + name)}}}};
}

namespace {

// A SQL table's DynamoDB table; single-table mode has one per service.
json dynamodb_table(const std::vector<std::pair<std::string, std::string>>& keys, bool stream) {
  json attributes = json::array(), schema = json::array();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    attributes.push_back({{"AttributeName", keys[i].first}, {"AttributeType", keys[i].second}});
    schema.push_back({{"AttributeName", keys[i].first}, {"KeyType", i == 0 ? "HASH" : "RANGE"}});
  }
  json props = {{"AttributeDefinitions", attributes},
                {"KeySchema", schema},
                {"BillingMode", "PAY_PER_REQUEST"},
                {"PointInTimeRecoverySpecification", {{"PointInTimeRecoveryEnabled", true}}},
                {"SSESpecification", {{"SSEEnabled", true}}}};
  if (stream) props["StreamSpecification"] = {{"StreamViewType", "NEW_AND_OLD_IMAGES"}};
  // The data outlives a stack that is deleted or a table that is replaced.
  return {{"Type", "AWS::DynamoDB::Table"},
          {"DeletionPolicy", "Retain"},
          {"UpdateReplacePolicy", "Retain"},
          {"Properties", props}};
}

bool single_table(const AppPlan& app) { return app.settings.table_mode == "single-table"; }

// Table policies: Crud on what the service writes, Read on what it only reads.
void table_policies(const AppPlan& app, const ServicePlan& s, json& policies) {
  if (s.tables.empty()) return;
  if (single_table(app)) {
    policies.push_back({{"DynamoDBCrudPolicy", {{"TableName", cfn_ref("ServiceTable")}}}});
    return;
  }
  for (const auto& t : s.tables) {
    policies.push_back(
        {{t.written ? "DynamoDBCrudPolicy" : "DynamoDBReadPolicy", {{"TableName", cfn_ref(t.logical_id)}}}});
  }
}

json globals(const AppPlan& app, const ServicePlan& s) {
  json vars = {{"SERVICE_NAME", s.name}};
  if (single_table(app) && !s.tables.empty()) vars["SERVICE_TABLE"] = cfn_ref("ServiceTable");
  if (!single_table(app)) {
    for (const auto& t : s.tables) vars[snake_upper("table " + t.name)] = cfn_ref(t.logical_id);
  }
  for (const auto& p : s.peers) vars[snake_upper(p.service + " base url")] = cfn_ref(p.param);
  if (s.fitness.database_proxy) {  // empty until the team sets them (HasDatabaseProxy)
    vars["DATABASE_PROXY_ENDPOINT"] = cfn_ref(kProxyEndpoint);
    vars["DATABASE_USER"] = cfn_ref(kDatabaseUser);
  }
  return {{"Function",
           {{"Runtime", "provided.al2023"},
            {"Architectures", json::array({app.settings.architecture})},
            {"MemorySize", app.settings.memory},
            {"Timeout", app.settings.timeout},
            {"Tracing", "Active"},
            {"Environment", {{"Variables", vars}}}}}};
}

// Downstream pressure (CLV-FIT-006/007): Lambda scales per request, so each
// function reserves its concurrency and the downstream sees at most that
// many callers. A service still running SQL on the monolith's database
// connects through its RDS Proxy with IAM authentication, allowed for the
// one database user, once the proxy's parameters are set.
void downstream_pressure(const ServicePlan& s, json& props, json& policies) {
  if (s.fitness.reserve_concurrency) props["ReservedConcurrentExecutions"] = cfn_ref(kReservedConcurrency);
  if (!s.fitness.database_proxy) return;
  json statement = {{"Effect", "Allow"},
                    {"Action", "rds-db:connect"},
                    {"Resource", cfn_sub("arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${" +
                                         std::string(kProxyResourceId) + "}/${" + kDatabaseUser + "}")}};
  json document = {{"Version", "2012-10-17"}, {"Statement", json::array({statement})}};
  policies.push_back({{"Fn::If", json::array({kHasDatabaseProxy, document, cfn_ref("AWS::NoValue")})}});
  // In the proxy's VPC once its subnets are set (SAM then adds the managed
  // policy for the network interfaces).
  auto ids = [](const char* param) { return json{{"Fn::Split", json::array({",", cfn_ref(param)})}}; };
  json vpc = {{"SubnetIds", ids(kDatabaseSubnets)}, {"SecurityGroupIds", ids(kDatabaseSecurityGroups)}};
  props["VpcConfig"] = {{"Fn::If", json::array({kInDatabaseVpc, vpc, cfn_ref("AWS::NoValue")})}};
}

void downstream_parameters(const ServicePlan& s, json& params, json& conditions) {
  if (s.fitness.reserve_concurrency) {
    const auto& names = s.fitness.downstream;
    std::string downstream;
    for (std::size_t i = 0; i < names.size(); ++i)
      downstream += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    // A queue's poller caps itself at the same number (MaximumConcurrency,
    // at least 2), so throttling never counts a message as received.
    const bool queues = !s.consumers.empty();
    params[kReservedConcurrency] = {
        {"Type", "Number"},
        {"Default", kDefaultReservedConcurrency},
        {"MinValue", queues ? 2 : 1},
        {"Description", clip("Concurrent executions reserved for each function of " + s.name +
                                 " (API and consumers): Lambda scales per request, and this caps the burst on " +
                                 downstream + (queues ? ". Queue pollers take the same maximum (2 at least)" : ""),
                             4000)}};
  }
  if (!s.fitness.database_proxy) return;
  params[kProxyEndpoint] = {
      {"Type", "String"},
      {"Default", ""},
      {"Description", clip("Endpoint of the RDS Proxy in front of the monolith's database, which " + s.name +
                               " still queries (empty: no database access is granted)",
                           4000)}};
  params[kProxyResourceId] = {
      {"Type", "String"},
      {"Default", ""},
      {"Description", "Resource id of that proxy (prx-...), for the rds-db:connect permission"}};
  params[kDatabaseUser] = {
      {"Type", "String"},
      {"Default", ""},
      {"Description", clip("Database user " + s.name + " connects as with IAM authentication", 4000)}};
  params[kDatabaseSubnets] = {
      {"Type", "String"},
      {"Default", ""},
      {"Description", "Comma-separated subnet ids in the proxy's VPC for the functions to attach to (empty: none)"}};
  params[kDatabaseSecurityGroups] = {
      {"Type", "String"},
      {"Default", ""},
      {"Description", "Comma-separated security group ids for the functions, admitted by the proxy"}};
  json set = json::array();
  for (const char* p : kDatabaseParams) {
    set.push_back({{"Fn::Not", json::array({{{"Fn::Equals", json::array({cfn_ref(p), ""})}}})}});
  }
  conditions[kInDatabaseVpc] = {{"Fn::And", set}};
  set.erase(set.begin() + 3, set.end());  // the proxy's three
  conditions[kHasDatabaseProxy] = {{"Fn::And", set}};
}

json http_event(const std::string& method, const std::string& path) {
  return {{"Type", "HttpApi"}, {"Properties", {{"ApiId", cfn_ref("HttpApi")}, {"Method", method}, {"Path", path}}}};
}

// One HttpApi event per operation, while they are few enough: SAM turns each
// event into a Lambda permission of its own, and a stack holds 500
// resources. Past that, one event per first path segment ("ANY
// /orders/{proxy+}"), then one for everything; the router in handler.cpp
// matches the method and path either way.
json http_events(const ServicePlan& s) {
  std::vector<const Operation*> ops;
  for (const auto& op : s.operations) {
    if (op.style == "query" || op.style == "command") ops.push_back(&op);
  }
  json events = json::object();
  if (ops.size() <= kMaxRouteEvents) {
    for (const Operation* op : ops) events[op->event_id] = http_event(op->method, op->path);
    return events;
  }
  std::map<std::string, bool> segments;  // first segment -> an operation has exactly "/segment"
  for (const Operation* op : ops) {
    const std::string seg =
        op->path.substr(1, op->path.find('/', 1) == std::string::npos ? std::string::npos : op->path.find('/', 1) - 1);
    segments[seg] = segments[seg] || op->path == "/" + seg;
  }
  if (segments.size() * 2 > kMaxRouteEvents) return {{"AllRoutes", http_event("ANY", "/{proxy+}")}};
  NameScope ids;
  for (const auto& [seg, bare] : segments) {
    const std::string id = ids.claim(pascal_case(seg) + "Routes");
    events[id] = http_event("ANY", "/" + seg + "/{proxy+}");
    if (bare) events[ids.claim(pascal_case(seg) + "Root")] = http_event("ANY", "/" + seg);
  }
  return events;
}

json api_function(const AppPlan& app, const ServicePlan& s, const json& resources) {
  const json events = http_events(s);
  json policies = json::array();
  table_policies(app, s, policies);
  for (const auto& pub : s.publications) {
    policies.push_back({{"SNSPublishMessagePolicy", {{"TopicName", cfn_get_att(pub.topic_id, "TopicName")}}}});
  }
  // It starts the sagas of the transactions it runs; a saga that waits for
  // other services to be extracted exists (and is allowed) only then.
  json env;
  for (const auto& saga : s.sagas) {
    const json& machine = resources.at(saga.logical_id);
    json policy = {{"StepFunctionsExecutionPolicy", {{"StateMachineName", cfn_get_att(saga.logical_id, "Name")}}}};
    json arn = cfn_ref(saga.logical_id);
    if (machine.contains("Condition")) {
      const std::string cond = machine["Condition"];
      policy = {{"Fn::If", json::array({cond, policy, cfn_ref("AWS::NoValue")})}};
      arn = {{"Fn::If", json::array({cond, arn, ""})}};
    }
    policies.push_back(policy);
    env[snake_upper(saga.logical_id + " arn")] = arn;
  }
  json props = {{"Description", clip("The synchronous API of " + s.name + " (stubs to fill in: src/handler.cpp)", 256)},
                {"CodeUri", "."},
                {"Handler", "bootstrap"}};
  if (!events.empty()) props["Events"] = events;
  downstream_pressure(s, props, policies);
  if (!policies.empty()) props["Policies"] = policies;
  for (const auto& pub : s.publications) env[snake_upper(pub.topic_id + " arn")] = cfn_ref(pub.topic_id);
  if (!env.empty()) props["Environment"] = {{"Variables", env}};
  return {{"Type", "AWS::Serverless::Function"}, {"Metadata", {{"BuildMethod", "makefile"}}}, {"Properties", props}};
}

void consumer_resources(const AppPlan& app, const ServicePlan& s, const Consumer& c, json& resources) {
  const std::string has = "Has" + c.topic_param;
  resources[c.dlq_id] = {{"Type", "AWS::SQS::Queue"},
                         {"Properties", {{"MessageRetentionPeriod", 1209600}, {"SqsManagedSseEnabled", true}}}};
  resources[c.queue_id] = {
      {"Type", "AWS::SQS::Queue"},
      {"Properties",
       {// Lambda's guidance: at least six times the function's timeout, so a
        // batch in flight is not handed to a second poller.
        {"VisibilityTimeout", 6 * app.settings.timeout},
        {"SqsManagedSseEnabled", true},
        {"RedrivePolicy", {{"deadLetterTargetArn", cfn_get_att(c.dlq_id, "Arn")}, {"maxReceiveCount", 5}}}}}};
  resources[c.queue_id + "Subscription"] = {{"Type", "AWS::SNS::Subscription"},
                                            {"Condition", has},
                                            {"Properties",
                                             {{"TopicArn", cfn_ref(c.topic_param)},
                                              {"Protocol", "sqs"},
                                              {"Endpoint", cfn_get_att(c.queue_id, "Arn")},
                                              {"RawMessageDelivery", true}}}};
  json statement = {{"Effect", "Allow"},
                    {"Principal", {{"Service", "sns.amazonaws.com"}}},
                    {"Action", "sqs:SendMessage"},
                    {"Resource", cfn_get_att(c.queue_id, "Arn")},
                    {"Condition", {{"ArnEquals", {{"aws:SourceArn", cfn_ref(c.topic_param)}}}}}};
  resources[c.queue_id + "Policy"] = {
      {"Type", "AWS::SQS::QueuePolicy"},
      {"Condition", has},
      {"Properties",
       {{"Queues", json::array({cfn_ref(c.queue_id)})},
        {"PolicyDocument", {{"Version", "2012-10-17"}, {"Statement", json::array({statement})}}}}}};
  json policies = json::array({{{"SQSPollerPolicy", {{"QueueName", cfn_get_att(c.queue_id, "QueueName")}}}}});
  table_policies(app, s, policies);
  json props = {
      {"Description", clip("Consumes " + c.event + " (stub to fill in: src/handler.cpp, " + c.stub + ")", 256)},
      {"CodeUri", "."},
      {"Handler", c.stub},
      {"Events",
       {{"Queue",
         {{"Type", "SQS"},
          {"Properties",
           {{"Queue", cfn_get_att(c.queue_id, "Arn")},
            {"BatchSize", 10},
            {"FunctionResponseTypes", json::array({"ReportBatchItemFailures"})}}}}}}}};
  if (s.fitness.reserve_concurrency) {
    // Polling past the reserved concurrency would throttle, and a throttled
    // batch returns to the queue counted as received: five of those and a
    // message that never ran lands in the dead-letter queue.
    props["Events"]["Queue"]["Properties"]["ScalingConfig"] = {{"MaximumConcurrency", cfn_ref(kReservedConcurrency)}};
  }
  downstream_pressure(s, props, policies);
  props["Policies"] = policies;
  resources[c.function_id] = {
      {"Type", "AWS::Serverless::Function"}, {"Metadata", {{"BuildMethod", "makefile"}}}, {"Properties", props}};
}

// A table's changes published on its topic by an EventBridge pipe: no code
// to write or run, and failed batches land in the pipe's dead-letter queue.
void change_pipe(const ServicePlan& s, const TablePlan& t, const Publication& pub, json& resources) {
  const std::string stem = pascal_case(t.name) + "Changes";
  const std::string role = stem + "PipeRole", dlq = stem + "PipeDeadLetterQueue";
  resources[dlq] = {{"Type", "AWS::SQS::Queue"},
                    {"Properties", {{"MessageRetentionPeriod", 1209600}, {"SqsManagedSseEnabled", true}}}};
  json statements =
      json::array({{{"Effect", "Allow"},
                    {"Action", json::array({"dynamodb:DescribeStream", "dynamodb:GetRecords",
                                            "dynamodb:GetShardIterator", "dynamodb:ListStreams"})},
                    {"Resource", cfn_get_att(t.logical_id, "StreamArn")}},
                   {{"Effect", "Allow"}, {"Action", "sns:Publish"}, {"Resource", cfn_ref(pub.topic_id)}},
                   {{"Effect", "Allow"}, {"Action", "sqs:SendMessage"}, {"Resource", cfn_get_att(dlq, "Arn")}}});
  resources[role] = {
      {"Type", "AWS::IAM::Role"},
      {"Properties",
       {{"AssumeRolePolicyDocument",
         {{"Version", "2012-10-17"},
          {"Statement", json::array({{{"Effect", "Allow"},
                                      {"Principal", {{"Service", "pipes.amazonaws.com"}}},
                                      {"Action", "sts:AssumeRole"}}})}}},
        {"Policies", json::array({{{"PolicyName", stem},
                                   {"PolicyDocument", {{"Version", "2012-10-17"}, {"Statement", statements}}}}})}}}};
  resources[stem + "Pipe"] = {
      {"Type", "AWS::Pipes::Pipe"},
      {"Properties",
       {{"Description", clip("Publishes changes of " + s.name + "'s " + t.name + " as " + pub.event, 512)},
        {"RoleArn", cfn_get_att(role, "Arn")},
        {"Source", cfn_get_att(t.logical_id, "StreamArn")},
        {"SourceParameters",
         {{"DynamoDBStreamParameters",
           {{"StartingPosition", "LATEST"},
            {"BatchSize", 10},
            {"MaximumRetryAttempts", 5},
            {"DeadLetterConfig", {{"Arn", cfn_get_att(dlq, "Arn")}}}}}}},
        {"Target", cfn_ref(pub.topic_id)}}}};
}

void tables_and_topics(const AppPlan& app, const ServicePlan& s, json& resources, json& outputs) {
  if (single_table(app) && !s.tables.empty()) {
    bool stream = false;
    for (const auto& t : s.tables) stream = stream || t.stream;
    resources["ServiceTable"] = dynamodb_table({{"PK", "S"}, {"SK", "S"}}, stream);
    outputs["ServiceTableName"] = exported("The table of " + s.name, cfn_ref("ServiceTable"), "ServiceTableName");
  }
  for (const auto& t : s.tables) {
    if (single_table(app)) continue;
    std::vector<std::pair<std::string, std::string>> keys = {{t.partition_key, t.partition_type}};
    if (!t.sort_key.empty()) keys.push_back({t.sort_key, t.sort_type});
    resources[t.logical_id] = dynamodb_table(keys, t.stream);
    outputs[t.logical_id + "Name"] =
        exported("DynamoDB table for " + t.name, cfn_ref(t.logical_id), t.logical_id + "Name");
  }
  for (const auto& pub : s.publications) {
    resources[pub.topic_id] = {{"Type", "AWS::SNS::Topic"}, {"Properties", {{"KmsMasterKeyId", "alias/aws/sns"}}}};
    outputs[pub.output_id] = exported(pub.event + ": " + pub.reason, cfn_ref(pub.topic_id), pub.output_id);
    if (single_table(app)) continue;
    for (const auto& t : s.tables) {
      if (t.stream && pub.event == s.name + "." + kebab_case(t.name) + "-changed") change_pipe(s, t, pub, resources);
    }
  }
}

}  // namespace

std::string clip(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a UTF-8 sequence
  return text.substr(0, end) + "...";
}

std::string snake_upper(const std::string& raw) {
  std::string out = snake_case(raw);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

json service_template(const AppPlan& app, const ServicePlan& s) {
  json params = json::object(), conditions = json::object(), resources = json::object(), outputs = json::object();
  for (const auto& p : s.peers) {
    params[p.param] = {{"Type", "String"},
                       {"Description", clip("Base URL of " + p.service + " (the strangler facade routes it)", 4000)}};
  }
  for (const auto& c : s.consumers) {
    params[c.topic_param] = {
        {"Type", "String"},
        {"Default", ""},
        {"Description", clip("ARN of " + c.event + " (empty until " + c.publisher + " is extracted)", 4000)}};
    conditions["Has" + c.topic_param] = {
        {"Fn::Not", json::array({{{"Fn::Equals", json::array({cfn_ref(c.topic_param), ""})}}})}};
  }
  for (const auto& p : s.saga_peers) {
    params[p.param] = {
        {"Type", "String"},
        {"Default", ""},
        {"Description", clip("Name of " + p.service + "'s API function (empty until it is extracted)", 4000)}};
    conditions["Has" + p.param] = {{"Fn::Not", json::array({{{"Fn::Equals", json::array({cfn_ref(p.param), ""})}}})}};
  }
  downstream_parameters(s, params, conditions);
  resources["HttpApi"] = {{"Type", "AWS::Serverless::HttpApi"},
                          {"Properties", {{"Description", clip("The API of " + s.name)}}}};
  resources["ApiFunction"] = nullptr;  // first in the file; filled once the sagas it starts exist
  for (const auto& c : s.consumers) consumer_resources(app, s, c, resources);
  tables_and_topics(app, s, resources, outputs);
  for (const auto& saga : s.sagas) saga_resources(s, saga, resources, conditions);
  resources["ApiFunction"] = api_function(app, s, resources);
  outputs["ApiUrl"] = exported("Base URL of the " + s.name + " API",
                               cfn_sub("https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"), "ApiUrl");
  outputs["ApiFunctionName"] =
      exported("The API function, for sagas of other services", cfn_ref("ApiFunction"), "ApiFunctionName");
  json doc;
  doc["AWSTemplateFormatVersion"] = "2010-09-09";
  doc["Transform"] = "AWS::Serverless-2016-10-31";
  doc["Description"] = clip("cleave: service " + s.name + " of " + app.project + " (step " + std::to_string(s.rank) +
                            " of the extraction order)");
  doc["Globals"] = globals(app, s);
  if (!params.empty()) doc["Parameters"] = params;
  if (!conditions.empty()) doc["Conditions"] = conditions;
  doc["Resources"] = resources;
  doc["Outputs"] = outputs;
  return doc;
}

}  // namespace cleave::sam
