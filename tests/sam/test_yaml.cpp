// The YAML emitter: every document reads back (strictly, see
// template_checks.hpp) as the same JSON, key order included, and templates
// stay readable.
#include "reports/sam/yaml.hpp"
#include "template_checks.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>

using cleave::sam::to_yaml;
using cleave::sam::test::yaml_to_ordered_json;
using nlohmann::ordered_json;

namespace {

// The document survives the trip; on failure the YAML is shown.
void round_trips(const ordered_json& doc) {
  const std::string yaml = to_yaml(doc);
  INFO("YAML:\n" << yaml);
  ordered_json back;
  REQUIRE_NOTHROW(back = yaml_to_ordered_json(yaml));
  CHECK(back == doc);
  CHECK(to_yaml(doc) == yaml);  // deterministic
}

const std::vector<std::string>& hostile_strings() {
  static const std::vector<std::string> strings = {
      // what a reader would type
      "", " ", "~", "null", "Null", "NULL", "true", "False", "TRUE", "yes", "No", "ON", "off", "y", "Y", "n", "N", "0",
      "-1", "+1", "1.0", "1e3", "1E3", "1.5e-3", "0x1F", "0o17", "017", "0b101", ".5", "-.5", "+.5", "1_000", "1:30",
      "190:20:30", ".inf", "-.Inf", ".NaN", "2010-09-09", "2001-12-14t21:59:43.10-05:00", "=", "<<", "_", "_1", "1.2.3",
      ".", "..", "e", "123abc",
      // indicators and structure
      "-", "- x", "-x", "?", "? x", ":", ":x", "a:", "a: b", "a:b", "http://x.y/z", "a #b", "a#b", "#x", "&a", "*a",
      "!Ref X", "!!str", "|", ">", "'q'", "\"q\"", "%YAML", "@x", "`x`", "[a]", "{a: b}", "a,b", "a[0]", "x{y}", ",x",
      "---", "...", "--- x", "a ", " a", "a\tb", "\ta", "a\n", "\n", "\n\n", "a\nb", "a\n\nb\n", " a\nb", "a \nb",
      "a\r\nb\r\n", "a\rb", "line\n  indented\n", "a\n\n\n", "#c\n- d\n",
      // escapes, quotes, paths, dollars
      "../../etc/passwd", "..\\..\\x", "it's", "say \"hi\"", "back\\slash", "${AWS::Region}", "$x", "$", "a $b",
      "arn:${AWS::Partition}:s3:::bucket/*", "a  b", "a\\nb",
      // controls (no NUL), line separators, BOM, bidi
      "\x01\x02\x1f", "a\x7f", "bell\a", "\b\f\v", "\xc2\x85nel", "ls\xe2\x80\xa8ps\xe2\x80\xa9",
      "\xef\xbb\xbf"
      "bom",
      "rlo\xe2\x80\xae"
      "evil",
      "\xef\xbf\xbe",
      // non-ASCII
      "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "emoji \xf0\x9f\x9a\x80 rocket",
      "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7",
      "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd8\xb9\xd8\xa7\xd9\x84\xd9\x85", "\xc2\xa0nbsp",
      // long
      std::string(5000, 'x'), std::string(3000, ' ') + "x", "k: " + std::string(2000, 'y'),
      std::string(1000, 'a') + "\n" + std::string(1000, 'b')};
  return strings;
}

}  // namespace

TEST_CASE("hostile strings round-trip as values, keys and sequence items", "[sam][yaml]") {
  for (const auto& s : hostile_strings()) {
    INFO("string: " << ordered_json(s).dump());
    round_trips(ordered_json(s));
    round_trips(ordered_json{{"k", s}});
    round_trips(ordered_json::array({s, s}));
    round_trips(ordered_json{{"a", ordered_json::array({ordered_json{{"k", s}, {"m", s}}})}});
    if (!s.empty()) round_trips(ordered_json{{s, s}, {"after", 1}});
  }
}

TEST_CASE("keys longer than YAML's implicit-key limit use the explicit form", "[sam][yaml]") {
  const std::string key(2000, 'k');
  round_trips(ordered_json{{key, "v"}, {"n", ordered_json{{key, ordered_json::array({1, 2})}}}});
  CHECK(to_yaml(ordered_json{{key, 1}}).starts_with("? \""));
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, so the output is always valid UTF-8", "[sam][yaml]") {
  const ordered_json doc = {{"k",
                             "a\xff"
                             "b\xc0\xaf"},
                            {"m", "x\xed\xa0\x80y\nz"}};
  const ordered_json back = yaml_to_ordered_json(to_yaml(doc));
  CHECK(back["k"] ==
        "a\xef\xbf\xbd"
        "b\xef\xbf\xbd\xef\xbf\xbd");
  CHECK(back["m"] == "x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdy\nz");
}

TEST_CASE("numbers, booleans and null keep their type", "[sam][yaml]") {
  const ordered_json doc = {{"zero", 0},
                            {"neg", -42},
                            {"big", std::numeric_limits<std::int64_t>::max()},
                            {"small", std::numeric_limits<std::int64_t>::min()},
                            {"huge", std::numeric_limits<std::uint64_t>::max()},
                            {"one", 1.0},
                            {"tenth", 0.1},
                            {"third", 1.0 / 3.0},
                            {"neg_float", -2.5},
                            {"tiny", 1e-300},
                            {"vast", 1e300},
                            {"exp", 123456789012345678.0},
                            {"denormal", std::numeric_limits<double>::denorm_min()},
                            {"t", true},
                            {"f", false},
                            {"nothing", nullptr},
                            {"list", ordered_json::array({1, 2.5, true, nullptr, "1"})}};
  round_trips(doc);
  const ordered_json back = yaml_to_ordered_json(to_yaml(doc));
  CHECK(back["one"].is_number_float());
  CHECK(back["zero"].is_number_integer());
  CHECK(back["huge"].is_number_unsigned());
  CHECK(back["list"][4].is_string());
  CHECK(to_yaml(ordered_json{{"vast", 1e300}}) == "vast: 1.0e+300\n");

  const ordered_json special = {{"inf", HUGE_VAL}, {"ninf", -HUGE_VAL}, {"nan", std::nan("")}};
  const ordered_json back_special = yaml_to_ordered_json(to_yaml(special));
  CHECK(back_special["inf"].get<double>() == HUGE_VAL);
  CHECK(back_special["ninf"].get<double>() == -HUGE_VAL);
  CHECK(std::isnan(back_special["nan"].get<double>()));
}

TEST_CASE("containers: empty, nested, sequences of maps, maps in sequences in maps", "[sam][yaml]") {
  round_trips(ordered_json::object());
  round_trips(ordered_json::array());
  round_trips(ordered_json{{"o", ordered_json::object()}, {"a", ordered_json::array()}});
  round_trips(ordered_json::array(
      {ordered_json::object(), ordered_json::array(), ordered_json::array({ordered_json::array()})}));
  round_trips(ordered_json::array({ordered_json::array({1, ordered_json::array({2, 3})}), ordered_json::array({"x"})}));
  round_trips(ordered_json::array(
      {ordered_json{{"a", 1}, {"b", ordered_json{{"c", ordered_json::array({ordered_json{{"d", 2}}})}}}},
       ordered_json{{"e", ordered_json::object()}}}));
  round_trips(ordered_json{{"z", 1}, {"a", 2}, {"m", ordered_json{{"y", 1}, {"b", 2}}}});  // order kept
  CHECK(to_yaml(ordered_json{{"z", 1}, {"a", 2}}) == "z: 1\na: 2\n");
}

TEST_CASE("multi-line strings are literal blocks when that keeps them exactly", "[sam][yaml]") {
  const std::string ddl = "CREATE TABLE orders (\n  id INTEGER PRIMARY KEY,\n  total NUMERIC\n);";
  const ordered_json doc = {{"Ddl", ddl}, {"WithNewline", ddl + "\n"}, {"Items", ordered_json::array({ddl})}};
  const std::string yaml = to_yaml(doc);
  CHECK(yaml.find("Ddl: |-\n  CREATE TABLE orders (\n    id INTEGER PRIMARY KEY,\n") != std::string::npos);
  CHECK(yaml.find("WithNewline: |\n  CREATE") != std::string::npos);
  CHECK(yaml.find("Items:\n  - |-\n    CREATE TABLE") != std::string::npos);
  round_trips(doc);
  // trailing spaces and tabs would not survive a literal block: quoted
  CHECK(to_yaml(ordered_json{{"k", "a \nb"}}) == "k: \"a \\nb\"\n");
  CHECK(to_yaml(ordered_json{{"k", "a\tb\nc"}}) == "k: \"a\\tb\\nc\"\n");
}

TEST_CASE("templates read well: types, intrinsics and ARNs stay plain", "[sam][yaml]") {
  const ordered_json doc = {
      {"AWSTemplateFormatVersion", "2010-09-09"},
      {"Resources",
       {{"Fn",
         {{"Type", "AWS::Serverless::Function"},
          {"Properties",
           {{"Handler", "bootstrap"},
            {"Policies", ordered_json::array({{{"DynamoDBCrudPolicy", {{"TableName", {{"Ref", "Orders"}}}}}}})},
            {"Environment",
             {{"Variables",
               {{"ARN", {{"Fn::GetAtt", ordered_json::array({"Orders", "Arn"})}}},
                {"URL",
                 {{"Fn::Sub", "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.amazonaws.com"}}}}}}}}}}}}}};
  const std::string yaml = to_yaml(doc);
  INFO(yaml);
  CHECK(yaml.find("AWSTemplateFormatVersion: \"2010-09-09\"\n") != std::string::npos);
  CHECK(yaml.find("\n    Type: AWS::Serverless::Function\n") != std::string::npos);
  CHECK(yaml.find(
            "      Policies:\n        - DynamoDBCrudPolicy:\n            TableName:\n              Ref: Orders\n") !=
        std::string::npos);
  CHECK(yaml.find("ARN:\n            Fn::GetAtt:\n              - Orders\n              - Arn\n") != std::string::npos);
  CHECK(yaml.find("Fn::Sub: https://${ServerlessHttpApi}.execute-api.${AWS::Region}.amazonaws.com\n") !=
        std::string::npos);
  CHECK(yaml.find('!') == std::string::npos);
  CHECK(to_yaml(ordered_json{{"CodeUri", "."}, {"Handler", "bootstrap"}}) == "CodeUri: .\nHandler: bootstrap\n");
  round_trips(doc);
}

TEST_CASE("a realistic SAM template with long-form intrinsics round-trips", "[sam][yaml]") {
  const ordered_json doc = ordered_json::parse(R"json({
    "AWSTemplateFormatVersion": "2010-09-09",
    "Transform": "AWS::Serverless-2016-10-31",
    "Description": "orders: extracted from the monolith (cleave)",
    "Parameters": {"MonolithUrl": {"Type": "String", "Default": "https://monolith.example.com"},
                   "ExtractOrders": {"Type": "String", "AllowedValues": ["true", "false"], "Default": "true"}},
    "Conditions": {"OrdersOn": {"Fn::Equals": [{"Ref": "ExtractOrders"}, "true"]}},
    "Globals": {"Function": {"Runtime": "provided.al2023", "Architectures": ["arm64"], "MemorySize": 512,
                             "Timeout": 10, "Tracing": "Active"}},
    "Resources": {
      "OrdersApi": {"Type": "AWS::Serverless::Function", "Condition": "OrdersOn",
        "Metadata": {"BuildMethod": "makefile"},
        "Properties": {"CodeUri": ".", "Handler": "bootstrap",
          "Events": {"GetOrder": {"Type": "HttpApi", "Properties": {"Method": "GET", "Path": "/orders/{id}"}}},
          "Policies": [{"DynamoDBReadPolicy": {"TableName": {"Ref": "OrdersTable"}}}]}},
      "OrdersTable": {"Type": "AWS::DynamoDB::Table", "Properties": {
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}}},
      "Saga": {"Type": "AWS::Serverless::StateMachine", "Properties": {
        "Definition": {"StartAt": "Reserve", "States": {"Reserve": {"Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "${ReserveArn}", "Payload.$": "$"},
          "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 3}],
          "End": true}}},
        "DefinitionSubstitutions": {"ReserveArn": {"Fn::GetAtt": ["OrdersApi", "Arn"]}}}}
    },
    "Outputs": {"ApiUrl": {"Value": {"Fn::Sub": "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"},
                           "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-ApiUrl"}}}}
  })json");
  round_trips(doc);
  const std::string yaml = to_yaml(doc);
  CHECK(yaml.find("Payload.$: $\n") != std::string::npos);
  CHECK(yaml.find("BackoffRate: 2.0\n") != std::string::npos);
  CHECK(yaml.find("AllowedValues:\n      - \"true\"\n      - \"false\"\n") != std::string::npos);
  CHECK(cleave::sam::test::check_template(yaml).empty());
  for (const auto& p : cleave::sam::test::check_template(yaml)) WARN(p);
}

TEST_CASE("the strict reader rejects what YAML readers disagree on, and tags", "[sam][yaml]") {
  using cleave::sam::test::yaml_to_json;
  for (const char* bad : {"k: yes", "k: off", "k: y", "k: 1_000", "k: 010", "k: 1:30", "k: 1e3", "k: 0o17",
                          "k: 2010-09-09", "<<: x", "k: !Ref X", "k: !GetAtt A.B", "k: !!str x", "true: 1",
                          "k: 1\nk: 2", "? [a]\n: b", "a: &x 1\nb: *x", "a: &x [1]", "a: 1\n---\nb: 2"}) {
    INFO(bad);
    CHECK_THROWS(yaml_to_json(bad));
  }
  CHECK(yaml_to_json("k: \"yes\"")["k"] == "yes");
  CHECK(yaml_to_json("k: '1e3'")["k"] == "1e3");
  CHECK(yaml_to_json("k: 0x1F")["k"] == 31);
  CHECK(yaml_to_json("k: 1.5e+3")["k"] == 1500.0);
  CHECK(yaml_to_json("k: ~")["k"].is_null());
  CHECK(yaml_to_json("k: |-\n  12\n")["k"] == "12");
}

TEST_CASE("random strings over YAML's tricky characters round-trip", "[sam][yaml]") {
  // A fixed seed: deterministic, and wide enough to reach combinations the
  // hand-written list misses (": " after a digit, "#" after a tab, ...).
  const std::vector<std::string> pieces = {" ",
                                           ":",
                                           "#",
                                           "-",
                                           "?",
                                           "\n",
                                           "\t",
                                           "\r",
                                           "\"",
                                           "'",
                                           "\\",
                                           "0",
                                           "1",
                                           "e",
                                           "E",
                                           ".",
                                           "_",
                                           "+",
                                           "{",
                                           "}",
                                           "[",
                                           ",",
                                           "y",
                                           "n",
                                           "o",
                                           "N",
                                           "x",
                                           "!",
                                           "&",
                                           "*",
                                           "|",
                                           ">",
                                           "%",
                                           "@",
                                           "`",
                                           "~",
                                           "<",
                                           "=",
                                           "$",
                                           "\xc3\xa9",
                                           "\xe2\x80\xa8",
                                           "\xf0\x9f\x9a\x80",
                                           "\x01",
                                           "\x7f",
                                           "\xc2\x85"};
  std::mt19937 rng(12345);
  for (int i = 0; i < 4000; ++i) {
    std::string s;
    const int length = static_cast<int>(rng() % 7);
    for (int k = 0; k < length; ++k) s += pieces[rng() % pieces.size()];
    INFO("string: " << ordered_json(s).dump());
    const ordered_json doc = {{"k", s}, {"l", ordered_json::array({s})}};
    const std::string yaml = to_yaml(doc);
    INFO("YAML:\n" << yaml);
    ordered_json back;
    REQUIRE_NOTHROW(back = yaml_to_ordered_json(yaml));
    REQUIRE(back == doc);
    if (!s.empty()) REQUIRE(yaml_to_ordered_json(to_yaml(ordered_json{{s, 1}})) == ordered_json{{s, 1}});
  }
}
