// Findings in report.html and report.md: grouped by rule under the
// catalogue's id, summary and remedy, escaped, capped, and said when absent.
#include "reports/common/escape.hpp"
#include "reports/html/html_report.hpp"
#include "reports/markdown/markdown_report.hpp"
#include "tests/reports/fixture.hpp"
#include "tests/reports/predicates.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cleave;
using namespace cleave::report;
using namespace cleave::report::testing;

TEST_CASE("every finding shows under its rule's id and summary", "[reports][findings][predicates]") {
  Fixture f = make_shop();
  REQUIRE(f.findings.size() == 5);
  std::size_t formats = 0;
  for (const FormatProbe& p : probes_for(f)) {
    if (!p.shows_finding) continue;
    ++formats;
    INFO("format " << p.name);
    for (const Finding& finding : f.findings) CHECK(p.shows_finding(p.text, finding.rule, finding.message));
    // The predicate can fail: a message under another rule is not found.
    const auto sql = std::find_if(f.findings.begin(), f.findings.end(),
                                  [](const Finding& x) { return x.rule == rules::kSqlUnresolved; });
    REQUIRE(sql != f.findings.end());
    CHECK_FALSE(p.shows_finding(p.text, std::string(rules::kTuFailed), sql->message));
    CHECK_FALSE(p.shows_finding(p.text, std::string(rules::kServiceCycle), "no such finding"));
  }
  CHECK(formats == 2);  // html and markdown
}

TEST_CASE("a group names the rule's remedy and where each finding is", "[reports][findings]") {
  Fixture f = make_shop();
  const ReportInput in{f.model, f.proposal, "shop", kRoot, &f.findings};
  const Rule* sql = find_rule(rules::kSqlUnresolved);
  REQUIRE(sql);
  const std::string html = render_html(in);
  CHECK(html.find("data-route=\"findings\"") != std::string::npos);
  CHECK(html.find("<a href=\"#findings\">Findings</a>") != std::string::npos);
  CHECK(html.find("What to do: " + html_escape(std::string(sql->remedy))) != std::string::npos);
  CHECK(html.find("web/shop_controller.cpp:230") != std::string::npos);
  const std::string md = render_markdown(in);
  CHECK(md.find("## Findings\n\n5 findings: 1 error, 4 warnings, 0 notes.\n") != std::string::npos);
  CHECK(md.find("### CLV-SQL-001: " + md_escape(std::string(sql->summary))) != std::string::npos);
  CHECK(md.find("What to do: " + md_escape(std::string(sql->remedy))) != std::string::npos);
  CHECK(md.find("| web/shop_controller.cpp:230 | warning | ") != std::string::npos);
  // A finding with no place in the code has an empty location, not "0".
  CHECK(md.find("|  | warning | service 'shipping' matched no class |") != std::string::npos);
  // Groups in rule-id order.
  CHECK(md.find("### CLV-CFG-001") < md.find("### CLV-DEC-003"));
  CHECK(md.find("### CLV-DEC-003") < md.find("### CLV-SQL-001"));
  CHECK(md.find("### CLV-SQL-001") < md.find("### CLV-TU-001"));
}

TEST_CASE("a hostile finding message renders as text", "[reports][findings][escaping]") {
  Fixture f = make_shop();
  f.findings.push_back(make_finding(rules::kServiceCycle, "<script>alert(1)</script> & <b>bold</b>", "x"));
  const ReportInput in{f.model, f.proposal, "shop", kRoot, &f.findings};
  const std::string html = render_html(in);
  CHECK(count(html, "<script") == 2);  // the data block and the report's own script
  CHECK(html.find("<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</td>") != std::string::npos);
  CHECK(html.find("<b>bold") == std::string::npos);
  const std::string md = render_markdown(in);
  CHECK(md.find("| " + md_escape(f.findings.back().message) + " |") != std::string::npos);
  CHECK(md.find("| \\<script>alert(1)\\</script> & \\<b>bold\\</b> |") != std::string::npos);
  CHECK(md.find("&lt;") == std::string::npos);
  for (const FormatProbe& p : probes_for(f)) {
    if (p.shows_finding) CHECK(p.shows_finding(p.text, std::string(rules::kServiceCycle), f.findings.back().message));
  }
  // The injection fixture carries kInjection in two messages.
  Fixture evil = make_shop(true);
  const std::string evil_html = render_html({evil.model, evil.proposal, "shop", kRoot, &evil.findings});
  CHECK(count(evil_html, "<script") == 2);
  CHECK(evil_html.find("alert(1)</script>") == std::string::npos);
}

TEST_CASE("long groups are capped in Markdown and say how many more", "[reports][findings][size]") {
  Fixture f = make_shop();
  f.findings.clear();
  for (unsigned i = 0; i < kMaxListed + 7; ++i) {
    f.findings.push_back(make_finding(rules::kSqlUnresolved, "site " + std::to_string(100 + i), "s" + std::to_string(i),
                                      {std::string(kRoot) + "/a.cpp", 10 + i, 1}));
  }
  const ReportInput in{f.model, f.proposal, "shop", kRoot, &f.findings};
  const std::string md = render_markdown(in);
  CHECK(count(md, "| a.cpp:") == kMaxListed);
  CHECK(md.find("… and 7 more (see report.html).") != std::string::npos);
  CHECK(md.find("site " + std::to_string(100 + kMaxListed - 1)) != std::string::npos);
  CHECK(md.find("site " + std::to_string(100 + kMaxListed)) == std::string::npos);
  // The HTML keeps them all, as every other table does (lazily past kLazyRows).
  CHECK(count(render_html(in), "<td class=\"loc\">a.cpp:") == kMaxListed + 7);
}

TEST_CASE("no findings is said; findings not given leave the section out", "[reports][findings]") {
  Fixture f = make_shop();
  f.findings.clear();
  const ReportInput none{f.model, f.proposal, "shop", kRoot, &f.findings};
  CHECK(render_markdown(none).find("## Findings\n\nNo findings.\n") != std::string::npos);
  CHECK(render_html(none).find("<h2>Findings</h2>") != std::string::npos);
  CHECK(render_html(none).find("No findings.") != std::string::npos);
  const ReportInput absent{f.model, f.proposal, "shop", kRoot};
  CHECK(render_markdown(absent).find("## Findings") == std::string::npos);
  CHECK(render_html(absent).find("data-route=\"findings\"") == std::string::npos);
  CHECK(render_html(absent).find("#findings") == std::string::npos);
}

TEST_CASE("a rule id the catalogue does not know still shows", "[reports][findings]") {
  Fixture f = make_shop();
  f.findings = {make_finding("CLV-XYZ-999", "from a newer cleave", "x")};
  const ReportInput in{f.model, f.proposal, "shop", kRoot, &f.findings};
  CHECK(render_markdown(in).find("### CLV-XYZ-999: (a rule this version does not know)") != std::string::npos);
  CHECK(render_html(in).find("<code>CLV-XYZ-999</code> (a rule this version does not know)") != std::string::npos);
}
