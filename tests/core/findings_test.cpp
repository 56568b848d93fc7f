#include "core/findings.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <set>

using namespace cleave;

TEST_CASE("every rule of the catalogue has a well-formed, unique id and a summary", "[findings]") {
  std::set<std::string> ids;
  const std::regex shape("CLV-[A-Z]{2,4}-[0-9]{3}");
  for (const Rule& r : rule_catalogue()) {
    CHECK(std::regex_match(std::string(r.id), shape));
    CHECK(ids.insert(std::string(r.id)).second);
    CHECK_FALSE(r.summary.empty());
    CHECK_FALSE(r.remedy.empty());
    CHECK(find_rule(r.id) == &r);
  }
  CHECK(find_rule("CLV-NOPE-999") == nullptr);
  CHECK(find_rule(rules::kSqlUnresolved)->severity == Severity::Warning);
}

TEST_CASE("a fingerprint ignores the line and column but not the file, rule or subject", "[findings]") {
  Finding at10 = make_finding(rules::kSqlUnresolved, "SQL is not a compile-time constant", "shop::Orders::load",
                              {"src/orders.cpp", 10, 3});
  Finding at42 = at10;
  at42.location.line = 42;
  at42.location.column = 7;
  std::vector<Finding> a{at10}, b{at42};
  assign_fingerprints(a);
  assign_fingerprints(b);
  CHECK(a[0].fingerprint == b[0].fingerprint);
  CHECK(a[0].fingerprint.size() == 16);

  CHECK(fingerprint_of(rules::kSqlUnresolved, "src/orders.cpp", "x") !=
        fingerprint_of(rules::kSqlUnresolved, "src/other.cpp", "x"));
  CHECK(fingerprint_of(rules::kSqlUnresolved, "f", "x") != fingerprint_of(rules::kTuErrors, "f", "x"));
  CHECK(fingerprint_of("r", "ab", "c") != fingerprint_of("r", "a", "bc"));
  // FNV-1a 64 with its published offset basis and prime, a 0xff byte after each
  // field: the value any other implementation of the format computes.
  CHECK(fingerprint_of("r", "f", "s") == "a0787e517cdf3e37");
}

TEST_CASE("equal fingerprints are told apart by order, and findings sort errors first", "[findings]") {
  std::vector<Finding> f{
      make_finding(rules::kSqlUnresolved, "m", "same", {"a.cpp", 20, 1}),
      make_finding(rules::kSqlUnresolved, "m", "same", {"a.cpp", 5, 1}),
      make_finding(rules::kTuFailed, "failed to parse", "b.cpp", {"b.cpp", 0, 0}),
  };
  assign_fingerprints(f);
  REQUIRE(f.size() == 3);
  CHECK(f[0].rule == rules::kTuFailed);
  CHECK(f[0].severity == Severity::Error);
  CHECK(f[1].location.line == 5);
  CHECK(f[2].fingerprint == f[1].fingerprint + "#2");
}

TEST_CASE("a finding prints as file:line: severity: message [id]", "[findings]") {
  Finding f = make_finding(rules::kTableUndeclared, "table 'audit' is in no schema", "audit", {"src/a.cpp", 7, 2});
  CHECK(format_finding(f) == "src/a.cpp:7: warning: table 'audit' is in no schema [CLV-SCH-002]");
  CHECK(parse_severity("error") == Severity::Error);
  CHECK_FALSE(parse_severity("fatal"));
}

TEST_CASE("the catalogue by prefix: the drift check's rules only", "[findings]") {
  const std::string arc = rule_catalogue_text("CLV-ARC-");
  std::size_t listed = 0;
  for (const Rule& r : rule_catalogue()) {
    const bool in = arc.find(std::string(r.id) + "  ") != std::string::npos;
    CHECK(in == r.id.starts_with("CLV-ARC-"));
    listed += in;
  }
  CHECK(listed == 10);
  CHECK(rule_catalogue_text("") == rule_catalogue_text());
  CHECK(rule_catalogue_text("CLV-NOPE-").empty());
}

TEST_CASE("a rule's page: id, severity, meaning, remedy; the drift check's with an example and its setting",
          "[findings]") {
  const Rule& read = *find_rule(rules::kArcForeignRead);
  const std::string page = rule_doc_markdown(read);
  CHECK(page.find("# CLV-ARC-003\n") == 0);
  CHECK(page.find("Default severity: **error**") != std::string::npos);
  CHECK(page.find(std::string(read.summary)) != std::string::npos);
  CHECK(page.find(std::string(read.remedy)) != std::string::npos);
  CHECK(page.find("## Example") != std::string::npos);
  CHECK(page.find("```cpp") != std::string::npos);
  CHECK(page.find("rules:\n  CLV-ARC-003: warning") != std::string::npos);
  for (const Rule& r : rule_catalogue()) {
    INFO(r.id);
    CHECK(r.details.empty() != r.id.starts_with("CLV-ARC-"));  // every drift-check rule has its example
    const std::string p = rule_doc_markdown(r);
    CHECK((p.find("## How to configure") != std::string::npos) == r.id.starts_with("CLV-ARC-"));
    // Fences are balanced: the page renders as written.
    std::size_t fences = 0;
    for (auto at = p.find("```"); at != std::string::npos; at = p.find("```", at + 3)) ++fences;
    CHECK(fences % 2 == 0);
  }
  const std::string plain = rule_doc_markdown(*find_rule(rules::kSqlUnresolved));
  CHECK(plain.find("# CLV-SQL-001\n") == 0);
  CHECK(plain.find("## Example") == std::string::npos);
}
