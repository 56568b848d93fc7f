// One set of counts (issue 18): the sentences every format uses for the SQL
// sites, and the no-SQL warning standing first in report.md and report.html.
#include "reports/common/report_input.hpp"
#include "reports/html/html_report.hpp"
#include "reports/markdown/markdown_report.hpp"
#include "tests/reports/fixture.hpp"

#include <catch2/catch.hpp>

using namespace cleave;
using namespace cleave::report;
using namespace cleave::report::testing;

TEST_CASE("the SQL sites add up in one sentence, and what is missing in another", "[counts]") {
  ParseHealth h;
  h.tus = 3;
  CHECK(h.no_sql());
  CHECK(sql_sites_summary(h) == "no SQL site found");
  h.sql_sites = 145;
  h.resolved_sites = 137;
  h.unresolved_sites = 1;
  h.no_table_sites = 7;
  h.unresolved_sql = 1;
  CHECK_FALSE(h.no_sql());
  CHECK(sql_sites_summary(h) ==
        "145 SQL sites: 137 resolved to tables, 1 unresolved, 7 naming no table (BEGIN, COMMIT, SET...)");
  CHECK(unresolved_sql_summary(h) == "1 of 145 SQL sites could not be resolved to tables");
  h.partly_resolved = 2;
  h.unresolved_sql = 3;
  CHECK(sql_sites_summary(h).find("137 resolved to tables (2 only in part)") != std::string::npos);
  CHECK(unresolved_sql_summary(h) == "1 of 145 SQL sites could not be resolved to tables, 2 more only in part");
  h.unresolved_sites = 0;
  CHECK(unresolved_sql_summary(h) == "2 of 145 SQL sites were resolved to tables only in part");
}

TEST_CASE("sites naming no table are told apart by kind, beside the other counts (issue 15)", "[counts]") {
  ParseHealth h;
  h.tus = 1;
  h.sql_sites = 20;
  h.resolved_sites = 10;
  h.no_table_sites = 10;
  h.no_table_kinds = {{"transaction", 6}, {"session", 2}, {"lock", 1}, {"probe", 1}};
  CHECK(sql_sites_summary(h) ==
        "20 SQL sites: 10 resolved to tables, 0 unresolved, 10 naming no table (6 transaction control, 2 session "
        "settings, 1 lock, 1 probe (SELECT 1...))");
  h.no_table_kinds = {{"routine", 3}, {"maintenance", 2}, {"schema", 1}, {"other", 4}};
  CHECK(sql_sites_summary(h).find("(2 maintenance, 3 routine calls, 1 schema change, 4 other)") != std::string::npos);
}

TEST_CASE("the schema files read, and the .sql files that were not, are named (issue 15)", "[counts]") {
  DataAccessFacts d;
  CHECK(schema_files_summary(d, "/p") == "no schema file read");
  d.schema_files = {"/p/db/schema.sql"};
  CHECK(schema_files_summary(d, "/p") == "schema from 1 file: db/schema.sql");
  d.schema_files.push_back("/p/db/routines.sql");
  d.sql_files_not_schema = {"/p/db/seed.sql", "/p/scratch.sql"};
  CHECK(schema_files_summary(d, "/p") ==
        "schema from 2 files: db/schema.sql, db/routines.sql; other 2 .sql files define no table and were not read: "
        "db/seed.sql, scratch.sql");
  d.schema_files.clear();
  d.sql_files_not_schema = {"/p/q.sql"};
  CHECK(schema_files_summary(d, "/p") == "no schema file read; 1 .sql file defines no table and was not read: q.sql");

  // report.md and the Health page of report.html say it too.
  Fixture f = make_shop();
  ReportInput input{f.model, f.proposal, "shop", kRoot, &f.findings};
  CHECK(render_markdown(input).find("| Schema | schema from 1 file: db/schema.sql |") != std::string::npos);
  const std::string html = render_html(ReportContext(input, [](const std::string&) { return std::string("<svg/>"); }));
  CHECK(html.find("<p id=\"schema-files\">Schema from 1 file: db/schema.sql.</p>") != std::string::npos);
}

TEST_CASE("no SQL found stands above everything else in report.md and report.html", "[counts]") {
  Fixture f = make_shop();
  f.proposal.warnings.insert(f.proposal.warnings.begin(),
                             make_finding(rules::kNoSql,
                                          "no call in the 6 translation units read reaches a database "
                                          "API cleave knows",
                                          "no-sql"));
  ReportInput input{f.model, f.proposal, "shop", kRoot, &f.findings};
  const std::string md = render_markdown(input);
  const auto no_sql = md.find("> **No SQL found.** no call in the 6 translation units");
  REQUIRE(no_sql != std::string::npos);
  CHECK(no_sql < md.find("partial analysis"));
  CHECK(md.find("- no call in the 6") == std::string::npos);  // not again among the configuration warnings

  const std::string html = render_html(ReportContext(input, [](const std::string&) { return std::string("<svg/>"); }));
  const auto banner = html.find("id=\"no-sql-warning\"");
  REQUIRE(banner != std::string::npos);
  CHECK(banner < html.find("id=\"partial-warning\""));
}

TEST_CASE("the summary says what was treated as vendored and as generated (issue 16)", "[reports][origins]") {
  Model m;
  CHECK(origins_summary(m, "/p").empty());
  m.vendored = {{"/p/dep/recast", "folder name", 48}, {"/p/libs/geo", "own licence file LICENSE", 1}};
  CHECK(origins_summary(m, "/p") ==
        "vendored code left out: dep/recast (48 files, folder name), libs/geo (1 file, own licence file LICENSE)");
  m.vendored.clear();
  m.generated = {{"/p/build/pb/a.pb.cc", "protobuf"},
                 {"/p/build/pb/a.pb.h", "protobuf"},
                 {"/p/build/pb/sub/b.pb.h", "protobuf"},
                 {"/p/build/gui/moc_server.cpp", "Qt moc"}};
  CHECK(origins_summary(m, "/p") ==
        "generated code taken as wire contracts (shared kernel): 4 files: 1 Qt moc (under build/gui), 3 protobuf "
        "(under build/pb)");
}
