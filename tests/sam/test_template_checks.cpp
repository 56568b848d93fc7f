// The template checks catch what they should on small hand-written
// templates and pass a good one; a missing schemas directory fails loudly.
#include "template_checks.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using nlohmann::json;
namespace checks = cleave::sam::test;

namespace {

// A minimal valid SAM template with one of each reference kind.
json good_template() {
  return json::parse(R"json({
    "AWSTemplateFormatVersion": "2010-09-09",
    "Transform": "AWS::Serverless-2016-10-31",
    "Parameters": {"Stage": {"Type": "String", "Default": "dev"},
                   "Extract": {"Type": "String", "Default": "true"}},
    "Conditions": {"On": {"Fn::Equals": [{"Ref": "Extract"}, "true"]},
                   "OnInDev": {"Fn::And": [{"Condition": "On"}, {"Fn::Equals": [{"Ref": "Stage"}, "dev"]}]}},
    "Resources": {
      "Api": {"Type": "AWS::Serverless::Function", "Condition": "On", "DependsOn": "Orders",
        "Properties": {"CodeUri": ".", "Handler": "bootstrap", "Runtime": "provided.al2023",
          "Environment": {"Variables": {"TABLE": {"Ref": "Orders"}, "STAGE": {"Fn::If": ["OnInDev", "dev", {"Ref": "AWS::NoValue"}]},
                                        "ROLE": {"Fn::GetAtt": "ApiRole.Arn"}}},
          "Events": {"Get": {"Type": "HttpApi", "Properties": {"Method": "GET", "Path": "/orders"}}},
          "Policies": [{"DynamoDBCrudPolicy": {"TableName": {"Ref": "Orders"}}}, {"AMIDescribePolicy": {}},
                       "AWSLambdaBasicExecutionRole",
                       {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}]}},
      "Orders": {"Type": "AWS::DynamoDB::Table", "Properties": {
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}},
      "Saga": {"Type": "AWS::Serverless::StateMachine", "Properties": {
        "Definition": {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "${ApiArn}", "Payload.$": "$", "Ref": "not an intrinsic: data"}, "End": true}}},
        "DefinitionSubstitutions": {"ApiArn": {"Fn::GetAtt": ["Api", "Arn"]}},
        "Policies": [{"LambdaInvokePolicy": {"FunctionName": {"Ref": "Api"}}}]}}
    },
    "Outputs": {
      "Url": {"Condition": "On", "Value": {"Fn::Sub": "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}/${!Literal}"}},
      "TableArn": {"Value": {"Fn::Sub": ["${Arn}-${Orders.Arn}", {"Arn": {"Fn::GetAtt": ["Orders", "Arn"]}}]},
                   "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-TableArn"}}}
    }
  })json");
}

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

}  // namespace

TEST_CASE("a good template passes every check", "[sam][checks]") {
  const json doc = good_template();
  CHECK(joined(checks::validate_sam_schema(doc)) == "");
  CHECK(joined(checks::check_policy_templates(doc)) == "");
  CHECK(joined(checks::check_references(doc)) == "");
  CHECK(joined(checks::check_limits(doc, doc.dump())) == "");
}

TEST_CASE("the schema rejects an unknown function property and a table without KeySchema", "[sam][checks]") {
  json doc = good_template();
  doc["Resources"]["Api"]["Properties"]["Hadler"] = "typo";
  const auto errors = checks::validate_sam_schema(doc);
  INFO(joined(errors));
  CHECK(mentions(errors, "/Resources/Api"));

  json table = good_template();
  table["Resources"]["Orders"]["Properties"].erase("KeySchema");
  CHECK(!checks::validate_sam_schema(table).empty());

  json top = good_template();
  top["Resource"] = json::object();
  CHECK(!checks::validate_sam_schema(top).empty());
}

TEST_CASE("a minimal SAM template is valid", "[sam][checks]") {
  const json doc = json::parse(R"json({"Transform": "AWS::Serverless-2016-10-31", "Resources": {
    "Fn": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": ".", "Handler": "bootstrap",
           "Runtime": "provided.al2023"}}}})json");
  CHECK(joined(checks::validate_sam_schema(doc)) == "");
}

TEST_CASE("policy templates: unknown names and wrong parameters are caught", "[sam][checks]") {
  json doc = good_template();
  auto& policies = doc["Resources"]["Api"]["Properties"]["Policies"];
  policies.push_back({{"DynamoDBCrudPolicyy", {{"TableName", "x"}}}});
  policies.push_back({{"SQSSendMessagePolicy", {{"TableName", "x"}}}});
  policies.push_back({{"AMIDescribePolicy", {{"Extra", 1}}}});
  doc["Globals"] = {{"Function", {{"Policies", json::array({{{"SNSPublishMessagePolicy", json::object()}}})}}}};
  const auto problems = checks::check_policy_templates(doc);
  INFO(joined(problems));
  CHECK(mentions(problems, "/Resources/Api/Properties/Policies/4: unknown policy template 'DynamoDBCrudPolicyy'"));
  CHECK(mentions(problems, "/Resources/Api/Properties/Policies/5: SQSSendMessagePolicy has no parameter 'TableName'"));
  CHECK(mentions(problems, "/Resources/Api/Properties/Policies/5: SQSSendMessagePolicy needs parameter 'QueueName'"));
  CHECK(mentions(problems, "/Resources/Api/Properties/Policies/6: AMIDescribePolicy has no parameter 'Extra'"));
  CHECK(mentions(problems, "/Globals/Function/Policies/0: SNSPublishMessagePolicy needs parameter 'TopicName'"));
  CHECK(problems.size() == 5);
}

TEST_CASE("references: dangling Ref, GetAtt, Sub variables, DependsOn, conditions", "[sam][checks]") {
  json doc = good_template();
  auto& vars = doc["Resources"]["Api"]["Properties"]["Environment"]["Variables"];
  vars["A"] = {{"Ref", "Missing"}};
  vars["B"] = {{"Fn::GetAtt", json::array({"Nope", "Arn"})}};
  vars["C"] = {{"Fn::GetAtt", "Gone.Arn"}};
  vars["D"] = {{"Fn::Sub", "${Absent}/${AWS::Region}/${Ghost.Arn}"}};
  vars["E"] = {{"Fn::Sub", json::array({"${Local}-${Other}", {{"Local", "x"}}})}};
  vars["F"] = {{"Fn::If", json::array({"NoSuchCondition", 1, 2})}};
  vars["G"] = {{"Fn::FindInMap", json::array({"NoMap", "a", "b"})}};
  vars["H"] = {{"Ref", "Stage"}};  // a parameter: fine
  doc["Resources"]["Api"]["DependsOn"] = json::array({"Orders", "Stage"});
  doc["Resources"]["Orders"]["Condition"] = "Off";
  doc["Conditions"]["Bad"] = {{"Fn::Not", json::array({{{"Condition", "Nowhere"}}})}};
  doc["Resources"]["Saga"]["Properties"]["Definition"]["States"]["A"]["Parameters"]["Other"] = "${Unsubstituted}";
  doc["Outputs"]["Url"]["Value"] = {{"Ref", "AWS::Nonsense"}};

  const auto problems = checks::check_references(doc);
  INFO(joined(problems));
  const std::string v = "/Resources/Api/Properties/Environment/Variables/";
  CHECK(mentions(problems, v + "A/Ref: Ref to 'Missing'"));
  CHECK(mentions(problems, v + "B/Fn::GetAtt: Fn::GetAtt of 'Nope'"));
  CHECK(mentions(problems, v + "C/Fn::GetAtt: Fn::GetAtt of 'Gone'"));
  CHECK(mentions(problems, "Fn::Sub variable ${Absent}"));
  CHECK(mentions(problems, "(${Ghost.Arn}): Fn::GetAtt of 'Ghost'"));
  CHECK(mentions(problems, "Fn::Sub variable ${Other}"));
  CHECK(!mentions(problems, "${Local}"));
  CHECK(mentions(problems, v + "F/Fn::If/0: condition \"NoSuchCondition\""));
  CHECK(mentions(problems, v + "G/Fn::FindInMap: Fn::FindInMap of 'NoMap'"));
  CHECK(mentions(problems, "/Resources/Api/DependsOn: DependsOn \"Stage\" is no resource"));
  CHECK(mentions(problems, "/Resources/Orders/Condition: condition \"Off\""));
  CHECK(mentions(problems, "/Conditions/Bad/Fn::Not/0/Condition: condition \"Nowhere\""));
  CHECK(mentions(problems, "${Unsubstituted} is not in DefinitionSubstitutions"));
  CHECK(mentions(problems, "/Outputs/Url/Value/Ref: Ref to 'AWS::Nonsense'"));
  CHECK(problems.size() == 13);
}

TEST_CASE("SAM's implicit resources resolve only when SAM creates them", "[sam][checks]") {
  json doc = good_template();
  doc["Resources"]["Api"]["Properties"]["Role"] = "arn:aws:iam::123456789012:role/x";
  doc["Resources"]["Api"]["Properties"]["Events"]["Get"]["Properties"]["ApiId"] = {{"Ref", "Stage"}};
  const auto problems = checks::check_references(doc);
  INFO(joined(problems));
  CHECK(mentions(problems, "Fn::GetAtt of 'ApiRole'"));
  CHECK(mentions(problems, "Fn::Sub variable ${ServerlessHttpApi}"));
}

TEST_CASE("limits: counts, body size and logical ids", "[sam][checks]") {
  json doc = good_template();
  for (int i = 0; i < 201; ++i) doc["Outputs"]["O" + std::to_string(i)] = {{"Value", "x"}};
  doc["Resources"]["bad-id"] = doc["Resources"]["Orders"];
  doc["Resources"][std::string(256, 'L')] = doc["Resources"]["Orders"];
  doc["Parameters"]["Über"] = {{"Type", "String"}};
  const auto problems = checks::check_limits(doc, std::string(1'048'577, ' '));
  INFO(joined(problems));
  CHECK(mentions(problems, "Outputs has 203 entries, over 200"));
  CHECK(mentions(problems, "/Resources/bad-id: logical id must be [A-Za-z0-9]"));
  CHECK(mentions(problems, "/Resources/" + std::string(256, 'L') + ": logical id"));
  CHECK(mentions(problems, "/Parameters/Über: logical id"));
  CHECK(mentions(problems, "template body is 1048577 bytes, over 1 MiB"));
  CHECK(problems.size() == 5);

  json many = good_template();
  for (int i = 0; i < 500; ++i) many["Resources"]["T" + std::to_string(i)] = many["Resources"]["Orders"];
  CHECK(mentions(checks::check_limits(many, ""), "Resources has 503 entries, over 500"));
  for (int i = 0; i < 200; ++i) many["Parameters"]["P" + std::to_string(i)] = {{"Type", "String"}};
  CHECK(mentions(checks::check_limits(many, ""), "Parameters has 202 entries, over 200"));
}

TEST_CASE("check_template prefixes each problem with the check that found it", "[sam][checks]") {
  CHECK(checks::check_template("Resources: !Ref X\n").at(0).starts_with("yaml: "));
  CHECK(checks::check_template("a: [\n").at(0).starts_with("yaml: "));
  const auto problems = checks::check_template(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
      "    Properties:\n      CodeUri: .\n      Handler: bootstrap\n      Runtime: provided.al2023\n"
      "      Policies:\n        - NoSuchPolicy: {}\n      Environment:\n        Variables:\n          X:\n"
      "            Ref: Nothing\n");
  INFO(joined(problems));
  CHECK(mentions(problems, "policy: /Resources/Fn/Properties/Policies/0: unknown policy template"));
  CHECK(mentions(problems, "ref: /Resources/Fn/Properties/Environment/Variables/X/Ref"));
}

TEST_CASE("a missing schemas directory fails with where the schemas belong", "[sam][checks]") {
  const auto missing = std::filesystem::temp_directory_path() / "cleave-no-such-schemas-dir";
  const json doc = good_template();
  CHECK_THROWS_WITH(checks::validate_sam_schema(doc, missing),
                    Catch::Matchers::Contains("../shared/schemas/ must sit beside the checkout") &&
                        Catch::Matchers::Contains("NOTICE.md"));
  CHECK_THROWS_WITH(checks::check_policy_templates(doc, missing), Catch::Matchers::Contains("../shared/schemas/"));
  // The real directory is there (CI has shared/ beside the checkout); if not,
  // this fails with the same message rather than skipping.
  CHECK_NOTHROW(checks::validate_sam_schema(doc, checks::default_schemas_dir()));
}
