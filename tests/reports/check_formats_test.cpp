// The outputs of `cleave check` (reports/check): one result with a new
// error, a new warning, a baselined violation, a violation without a file
// and a stale baseline entry, names holding markup, separators and a line
// break, rendered in every format. SARIF is validated against the OASIS
// schema (valijson), JUnit against the Ant schema (xmllint); both schemas
// come from CLEAVE_SHARED_DIR and their absence fails the test.
#include "reports/check/check_formats.hpp"

#include "tests/docs_schema.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using cleave::Severity;
using cleave::check::BaselineState;
using cleave::check::CheckResult;
using cleave::check::Violation;
using cleave::report::CheckReportInfo;
using cleave::report::render_check;
using nlohmann::json;

const std::string kSharedSchemas = std::string(CLEAVE_SHARED_DIR) + "/schemas/";
// Every character the formats must escape somewhere, and a line break.
const std::string kOddFile = "src/a b/bill<ing>&\"|,:%.cpp";
const std::string kOddMessage = "billing calls <Patients>& \"x\" | a,b:c 100%\nsecond line";

Violation violation(std::string rule, Severity severity, std::string from, std::string to, std::string message,
                    cleave::Location location, BaselineState state) {
  Violation v;
  v.rule = std::move(rule);
  v.severity = severity;
  v.from = std::move(from);
  v.to = std::move(to);
  v.message = std::move(message);
  v.location = std::move(location);
  v.fingerprint = cleave::fingerprint_of(v.rule, v.from, v.to);
  v.state = state;
  return v;
}

CheckResult sample_result() {
  CheckResult r;
  r.architecture_file = "architecture.yaml";
  r.baseline_file = ".cleave/baseline.json";
  r.violations = {
      violation("CLV-ARC-001", Severity::Error, "vet::billing::pay<int>&", "vet::patients::Patient \"|,:%", kOddMessage,
                {kOddFile, 12, 5}, BaselineState::New),
      violation("CLV-ARC-003", Severity::Error, "vet::Old::read", "invoices", "reads invoices (owned by billing)",
                {"src/old.cpp", 7, 2}, BaselineState::Unchanged),
      violation("CLV-ARC-006", Severity::Warning, "vet::Util", "", "vet::Util is in no context\x01; bell\x07 and \r",
                {"src/util.cpp", 3, 0}, BaselineState::New),
      violation("CLV-ARC-009", Severity::Error, "billing", "", "context billing has 41 units; the limit is 40", {},
                BaselineState::New),
  };
  r.stale = {violation("CLV-ARC-004", Severity::Error, "vet::Clinic::close", "payments", "writes payments",
                       {"src/clinic.cpp", 9, 0}, BaselineState::Absent)};
  r.contexts = 3;
  r.units = 40;
  r.tables = 5;
  return r;
}

CheckReportInfo sample_info() { return {"0.9.0", "/work/my project", Severity::Error}; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The first ten schema errors, empty when `doc` is valid. FAILs naming the
// path when the schema is absent: the shared schemas are part of the setup.
std::vector<std::string> sarif_schema_errors(const json& doc) {
  const std::string path = kSharedSchemas + "sarif-schema-2.1.0.json";
  if (!std::filesystem::exists(path)) {
    FAIL("the SARIF schema is missing: cannot read " << path << " (the shared schemas, ../shared/schemas)");
  }
  return cleave::test::schema_errors(path, doc, valijson::SchemaParser::kDraft4);
}

// Runs xmllint on `xml` against the Ant schema; returns its exit status and
// what it printed. FAILs when xmllint or the schema is missing.
std::pair<int, std::string> xmllint(const std::string& xml) {
  const std::string xsd = kSharedSchemas + "junit.xsd";
  if (!std::filesystem::exists(xsd)) FAIL("the JUnit schema is missing: " << xsd << " (the shared schemas)");
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) {
    FAIL("xmllint is not installed (Debian package libxml2-utils; scripts/install-deps.sh installs it)");
  }
  const auto dir = std::filesystem::temp_directory_path();
  const std::string stem = "cleave-check-formats-" + std::to_string(::getpid());
  const auto file = dir / (stem + ".xml");
  const auto log = dir / (stem + ".log");
  std::ofstream(file, std::ios::binary) << xml;
  const std::string cmd = "xmllint --noout --schema '" + xsd + "' '" + file.string() + "' >'" + log.string() + "' 2>&1";
  const int status = std::system(cmd.c_str());
  std::ifstream in(log);
  std::stringstream printed;
  printed << in.rdbuf();
  std::filesystem::remove(file);
  std::filesystem::remove(log);
  return {status, printed.str()};
}

}  // namespace

TEST_CASE("check formats: the names, and an unknown one throws", "[check-formats]") {
  CHECK(cleave::report::check_format_names() ==
        std::vector<std::string>{"text", "sarif", "junit", "github", "json", "md"});
  CHECK_THROWS_AS(render_check(sample_result(), "xml", sample_info()), std::invalid_argument);
  CHECK_THROWS_AS(render_check(sample_result(), "", sample_info()), std::invalid_argument);
}

TEST_CASE("check formats: every format is byte-identical on two calls", "[check-formats]") {
  for (const std::string& format : cleave::report::check_format_names()) {
    INFO(format);
    const std::string first = render_check(sample_result(), format, sample_info());
    CHECK_FALSE(first.empty());
    CHECK(first == render_check(sample_result(), format, sample_info()));
  }
}

TEST_CASE("check formats: text is compiler style, new before baselined, then stale and the summary",
          "[check-formats]") {
  const std::vector<std::string> lines = lines_of(render_check(sample_result(), "text", sample_info()));
  const std::vector<std::string> expected{
      "src/a b/bill<ing>&\"|,:%.cpp:12:5: error: [CLV-ARC-001] billing calls <Patients>& \"x\" | a,b:c 100% second "
      "line",
      "src/util.cpp:3:1: warning: [CLV-ARC-006] vet::Util is in no context ; bell  and  ",
      "architecture.yaml: error: [CLV-ARC-009] context billing has 41 units; the limit is 40",
      "src/old.cpp:7:2: error: [CLV-ARC-003] reads invoices (owned by billing) (in the baseline)",
      ".cleave/baseline.json: error: [CLV-ARC-004] stale baseline entry: vet::Clinic::close -> payments no longer "
      "occurs; remove it (cleave baseline rewrites the file)",
      "cleave check: 4 violations (3 new, 1 in the baseline), 1 stale baseline entry; 3 contexts, 40 units, 5 tables "
      "checked",
      "cleave check: FAILED"};
  CHECK(lines == expected);
}

TEST_CASE("check formats: text passes with only baselined violations, warnings and allowed stale entries",
          "[check-formats]") {
  CheckResult r = sample_result();
  std::erase_if(r.violations,
                [](const Violation& v) { return v.severity == Severity::Error && v.state == BaselineState::New; });
  r.allow_stale = true;
  const std::vector<std::string> lines = lines_of(render_check(r, "text", sample_info()));
  REQUIRE(lines.size() == 5);
  CHECK(lines[2].starts_with(".cleave/baseline.json: warning: [CLV-ARC-004] stale baseline entry:"));
  CHECK(lines[4] == "cleave check: passed");
  // The same result fails when warnings do.
  CheckReportInfo strict = sample_info();
  strict.fail_on = Severity::Warning;
  CHECK(lines_of(render_check(r, "text", strict)).back() == "cleave check: FAILED");
}

TEST_CASE("check formats: SARIF validates, with rules, fingerprints, baseline states and encoded URIs",
          "[check-formats]") {
  const std::string text = render_check(sample_result(), "sarif", sample_info());
  const json doc = json::parse(text);
  const std::vector<std::string> errors = sarif_schema_errors(doc);
  INFO(text);
  for (const std::string& e : errors) UNSCOPED_INFO(e);
  REQUIRE(errors.empty());

  CHECK(doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(doc["version"] == "2.1.0");
  REQUIRE(doc["runs"].size() == 1);
  const json& run = doc["runs"][0];
  const json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "cleave");
  CHECK(driver["version"] == "0.9.0");
  CHECK_FALSE(driver.contains("informationUri"));
  REQUIRE(driver["rules"].size() == 10);  // every CLV-ARC rule, reported or not
  CHECK(driver["rules"][0]["id"] == "CLV-ARC-001");
  CHECK(driver["rules"][9]["id"] == "CLV-ARC-010");
  CHECK(driver["rules"][9]["defaultConfiguration"]["level"] == "warning");
  CHECK_FALSE(driver["rules"][0]["help"]["text"].get<std::string>().empty());
  CHECK(run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file:///work/my%20project/");
  CHECK(run["invocations"] == json::parse(R"([{"executionSuccessful": true}])"));

  const json& results = run["results"];
  REQUIRE(results.size() == 5);
  for (const json& result : results) {
    CHECK(driver["rules"][result["ruleIndex"].get<std::size_t>()]["id"] == result["ruleId"]);
  }
  const json& first = results[0];
  CHECK(first["level"] == "error");
  CHECK(first["message"]["text"] == kOddMessage);
  const json& physical = first["locations"][0]["physicalLocation"];
  CHECK(physical["artifactLocation"]["uri"] == "src/a%20b/bill%3Cing%3E%26%22%7C%2C%3A%25.cpp");
  CHECK(physical["artifactLocation"]["uriBaseId"] == "SRCROOT");
  CHECK(physical["region"] == json::parse(R"({"startLine": 12, "startColumn": 5})"));
  CHECK(first["partialFingerprints"]["cleave/v1"] ==
        cleave::fingerprint_of("CLV-ARC-001", "vet::billing::pay<int>&", "vet::patients::Patient \"|,:%"));
  std::vector<std::string> states;
  for (const json& result : results) states.push_back(result["baselineState"]);
  CHECK(states == std::vector<std::string>{"new", "unchanged", "new", "new", "absent"});
  CHECK(results[2]["level"] == "warning");
  // No result without a location (GitHub code scanning rejects the upload):
  // the limit violation has no file and points at the architecture, the
  // stale entry at the baseline; neither has a line.
  const json architecture = json::parse(R"([{"physicalLocation":
      {"artifactLocation": {"uri": "architecture.yaml", "uriBaseId": "SRCROOT"}}}])");
  CHECK(results[3]["locations"] == architecture);
  const json baseline = json::parse(R"([{"physicalLocation":
      {"artifactLocation": {"uri": ".cleave/baseline.json", "uriBaseId": "SRCROOT"}}}])");
  CHECK(results[4]["locations"] == baseline);
  CHECK(results[4]["ruleId"] == "CLV-ARC-004");
  CHECK(results[4]["level"] == "error");
  CHECK(contains(results[4]["message"]["text"], "stale baseline entry: vet::Clinic::close -> payments"));
}

TEST_CASE("check formats: SARIF has no baselineState without a baseline, stale entries warn when allowed",
          "[check-formats]") {
  CheckResult r = sample_result();
  r.baseline_file.clear();
  r.stale.clear();
  for (Violation& v : r.violations) v.state = BaselineState::New;
  const json doc = json::parse(render_check(r, "sarif", sample_info()));
  const std::vector<std::string> errors = sarif_schema_errors(doc);  // outside REQUIRE: its FAIL reads clearly
  REQUIRE(errors.empty());
  for (const json& result : doc["runs"][0]["results"]) CHECK_FALSE(result.contains("baselineState"));

  CheckResult allowed = sample_result();
  allowed.allow_stale = true;
  const json stale = json::parse(render_check(allowed, "sarif", sample_info()))["runs"][0]["results"][4];
  CHECK(stale["level"] == "warning");
  CHECK(stale["baselineState"] == "absent");
}

TEST_CASE("check formats: JUnit validates against the Ant schema, one test case per rule", "[check-formats]") {
  const std::string xml = render_check(sample_result(), "junit", sample_info());
  const auto [status, printed] = xmllint(xml);
  INFO(xml);
  INFO(printed);
  REQUIRE(status == 0);

  CHECK(contains(xml,
                 "<testsuite name=\"cleave check\" timestamp=\"1970-01-01T00:00:00\" hostname=\"localhost\" "
                 "tests=\"10\" failures=\"3\" errors=\"0\" time=\"0\">"));
  CHECK(contains(xml, "<testcase name=\"CLV-ARC-002: "));
  CHECK(contains(xml, "classname=\"cleave.architecture\""));
  CHECK(contains(xml,
                 "type=\"CLV-ARC-001\">src/a b/bill&lt;ing&gt;&amp;&quot;|,:%.cpp:12: billing calls "
                 "&lt;Patients&gt;&amp; &quot;x&quot; | a,b:c 100% second line\n</failure>"));
  CHECK(contains(xml, "type=\"CLV-ARC-009\">architecture.yaml: context billing has 41 units; the limit is 40\n"));
  CHECK(contains(xml,
                 "type=\"CLV-ARC-004\">.cleave/baseline.json: stale baseline entry: vet::Clinic::close -&gt; "
                 "payments no longer occurs"));
  // Reported, not failing: the baselined violation and the warning.
  CHECK(contains(xml,
                 "<system-out>[CLV-ARC-003] src/old.cpp:7: reads invoices (owned by billing) (in the baseline)\n"
                 "[CLV-ARC-006] src/util.cpp:3: vet::Util is in no context ; bell  and   (new, warning)\n"));
  CHECK(contains(xml, "cleave check: FAILED\n</system-out>"));
  CHECK_FALSE(contains(xml, "type=\"CLV-ARC-006\""));
}

TEST_CASE("check formats: JUnit keeps characters XML 1.0 forbids out", "[check-formats]") {
  CheckResult r = sample_result();
  static const char kText[] = "nul\x00 esc\x1b del\x7f \xef\xbf\xbe bad\xff";
  r.violations[0].message = std::string(kText, sizeof kText - 1);  // the NUL inside included, the terminator not
  r.violations[0].location.file = "src/\x02x.cpp";
  const auto [status, printed] = xmllint(render_check(r, "junit", sample_info()));
  INFO(printed);
  CHECK(status == 0);
}

TEST_CASE("check formats: GitHub annotations for new violations and stale entries only", "[check-formats]") {
  const std::vector<std::string> lines = lines_of(render_check(sample_result(), "github", sample_info()));
  const std::vector<std::string> expected{
      "::error file=src/a b/bill<ing>&\"|%2C%3A%25.cpp,line=12,col=5,title=CLV-ARC-001::billing calls <Patients>& "
      "\"x\" | a,b:c 100%25%0Asecond line",
      "::warning file=src/util.cpp,line=3,title=CLV-ARC-006::vet::Util is in no context ; bell  and %0D",
      "::error title=CLV-ARC-009::context billing has 41 units; the limit is 40",
      "::error file=.cleave/baseline.json,title=CLV-ARC-004::stale baseline entry: vet::Clinic::close -> payments no "
      "longer occurs; remove it (cleave baseline rewrites the file)"};
  CHECK(lines == expected);

  CheckResult r = sample_result();
  r.violations[0].severity = Severity::Note;
  r.allow_stale = true;
  const std::vector<std::string> relaxed = lines_of(render_check(r, "github", sample_info()));
  CHECK(relaxed[0].starts_with("::notice file="));
  CHECK(relaxed[3].starts_with("::warning file=.cleave/baseline.json,"));
}

TEST_CASE("check formats: JSON carries the verdict, the counts and every violation", "[check-formats]") {
  const json doc = json::parse(render_check(sample_result(), "json", sample_info()));
  CHECK(doc["version"] == 1);
  CHECK(doc["architecture"] == "architecture.yaml");
  CHECK(doc["baseline"] == ".cleave/baseline.json");
  CHECK(doc["passed"] == false);
  CHECK(doc["summary"] == json::parse(R"({"violations": 4, "new": 3, "baselined": 1, "stale": 1,
                                          "contexts": 3, "units": 40, "tables": 5})"));
  REQUIRE(doc["violations"].size() == 4);
  const json& first = doc["violations"][0];
  CHECK(first["rule"] == "CLV-ARC-001");
  CHECK(first["severity"] == "error");
  CHECK(first["state"] == "new");
  CHECK(first["from"] == "vet::billing::pay<int>&");
  CHECK(first["to"] == "vet::patients::Patient \"|,:%");
  CHECK(first["message"] == kOddMessage);
  CHECK(first["file"] == kOddFile);
  CHECK(first["line"] == 12);
  CHECK(first["column"] == 5);
  CHECK(first["fingerprint"].get<std::string>().size() == 16);
  CHECK(doc["violations"][1]["state"] == "unchanged");
  CHECK(doc["violations"][3]["file"].is_null());
  REQUIRE(doc["stale"].size() == 1);
  CHECK(doc["stale"][0]["state"] == "absent");

  CheckResult none = sample_result();
  none.baseline_file.clear();
  none.stale.clear();
  none.violations.clear();
  const json clean = json::parse(render_check(none, "json", sample_info()));
  CHECK(clean["baseline"].is_null());
  CHECK(clean["passed"] == true);
}

TEST_CASE("check formats: Markdown for a PR comment, with code text that cannot become markup", "[check-formats]") {
  const std::string md = render_check(sample_result(), "md", sample_info());
  INFO(md);
  const std::vector<std::string> lines = lines_of(md);
  CHECK(lines[0] == "### ❌ cleave check failed");
  CHECK(lines[2] ==
        "3 new violations, 1 in the baseline, 1 stale baseline entry (3 contexts, 40 units, 5 tables "
        "checked against `architecture.yaml`).");
  CHECK(contains(md, "| Rule | Severity | Where | Message |"));
  // The odd file in a code span ('|' escaped for the table), the message
  // with markup escaped and its line break gone.
  CHECK(contains(md,
                 "| `CLV-ARC-001` | error | `src/a b/bill<ing>&\"\\|,:%.cpp:12` | billing calls \\<Patients>& "
                 "\"x\" \\| a,b:c 100% second line |"));
  CHECK(
      contains(md, "| `CLV-ARC-009` | error | `architecture.yaml` | context billing has 41 units; the limit is 40 |"));
  CHECK_FALSE(contains(md, "<Patients>& \"x\" |"));  // never raw HTML nor a cell break
  const auto details = md.find("<details>");
  REQUIRE(details != std::string::npos);
  CHECK(md.find("src/old.cpp:7", details) != std::string::npos);
  CHECK(md.find("src/old.cpp:7") > details);  // baselined only inside the collapsed block
  CHECK(contains(md, "- `CLV-ARC-004` `vet::Clinic::close` → `payments`"));

  CheckResult clean = sample_result();
  clean.violations.clear();
  clean.stale.clear();
  const std::string passed = render_check(clean, "md", sample_info());
  CHECK(passed.starts_with("### ✅ cleave check passed\n"));
  CHECK_FALSE(contains(passed, "<details>"));
}

TEST_CASE("check formats: Markdown stays small enough for a PR comment", "[check-formats]") {
  CheckResult r = sample_result();
  r.violations.clear();
  for (int i = 0; i < 120; ++i) {
    const std::string from = "vet::F" + std::to_string(1000 + i);
    r.violations.push_back(violation("CLV-ARC-001", Severity::Error, from, "vet::G", "calls vet::G",
                                     {"src/f.cpp", static_cast<unsigned>(i + 1), 1}, BaselineState::New));
  }
  const std::string md = render_check(r, "md", sample_info());
  std::size_t rows = 0;
  for (const std::string& line : lines_of(md)) rows += line.starts_with("| `CLV-ARC-001`");
  CHECK(rows == 50);
  CHECK(contains(md, "... and 70 more (the text output lists all)."));
  CHECK(lines_of(render_check(r, "text", sample_info())).size() == 120 + 3);  // the text output does list all
}
