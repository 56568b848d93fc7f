// One set of counts (issue 18): the console summary, report.md, report.html,
// model.json and proposal.json of one run state the same figures, and the
// SQL sites add up (resolved + unresolved + naming no table), on both samples.
#include "e2e_support.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <string>

namespace fs = std::filesystem;
using cleave::e2e::slurp;
using nlohmann::json;

namespace {

// The first group of `pattern` in `text`, as a number; fails the test when absent.
unsigned number(const std::string& text, const std::string& pattern, const std::string& where) {
  std::smatch m;
  INFO(where << " should match: " << pattern);
  REQUIRE(std::regex_search(text, m, std::regex(pattern)));
  return static_cast<unsigned>(std::stoul(m[1].str()));
}

// "function file:line" of a transaction in model.json or proposal.json.
std::string site_of(const json& t, const std::string& function) {
  const json& at = t.contains("location") ? t.at("location") : t;
  return function + " " + at.at("file").get<std::string>() + ":" + std::to_string(at.at("line").get<unsigned>());
}

// Issue 16: one transaction site is one transaction, and proposal.json,
// report.md and report.html (overview card, transactions page) count the
// same distributed transactions.
void same_transactions(const json& model, const json& proposal, const std::string& md, const std::string& html) {
  std::map<std::string, std::string> name_of, owner_of;
  for (const auto& s : model.at("symbols")) name_of[s.at("id")] = s.at("name");
  for (const auto& t : proposal.at("tables")) owner_of[t.at("name")] = t.at("owner");
  std::set<std::string> sites, distributed_sites;
  for (const auto& t : model.at("transactions")) {
    const std::string site = site_of(t, name_of[t.at("function")]);
    INFO("model.json transaction at " << site);
    CHECK(sites.insert(site).second);
    std::set<std::string> services;
    for (const auto& w : t.at("writes")) {
      if (!owner_of[w].empty()) services.insert(owner_of[w]);
    }
    if (services.size() >= 2) distributed_sites.insert(site);
  }
  const json& dtx = proposal.at("distributed_transactions");
  std::set<std::string> listed;
  for (const auto& d : dtx) {
    INFO("proposal.json distributed transaction at " << site_of(d, d.at("function")));
    CHECK(listed.insert(site_of(d, d.at("function"))).second);
  }
  CHECK(listed == distributed_sites);
  const std::size_t n = dtx.size();
  CHECK(proposal.at("metrics").at("distributed_transactions") == n);

  // report.md: the metric row, and the section's items (listed + "... and N more").
  CHECK(number(md, R"(\| distributed transactions \(distributed_transactions\) \| (\d+))", "report.md") == n);
  std::size_t items = 0;
  if (n > 0) {
    const auto from = md.find("\n## Distributed transactions\n");
    REQUIRE(from != std::string::npos);
    const std::string section = md.substr(from + 1, md.find("\n## ", from + 1) - from - 1);
    for (std::size_t at = section.find("\n- "); at != std::string::npos; at = section.find("\n- ", at + 1)) ++items;
    std::smatch more;
    if (std::regex_search(section, more, std::regex(R"(and (\d+) more)"))) items += std::stoul(more[1].str());
  } else {
    CHECK(md.find("\n## Distributed transactions\n") == std::string::npos);
  }
  CHECK(items == n);

  // report.html: the overview card and one saga table per transaction on its page.
  CHECK(number(html, R"(<div class="n">(\d+)</div><div class="l">distributed transactions</div>)", "report.html") == n);
  const auto page = html.find("id=\"page-transactions\"");
  REQUIRE(page != std::string::npos);
  const std::string section = html.substr(page, html.find("</section>", page) - page);
  std::size_t sagas = 0;
  for (std::size_t at = section.find("<h3>"); at != std::string::npos; at = section.find("<h3>", at + 1)) ++sagas;
  CHECK(sagas == n);
}

void same_counts(const std::string& sample) {
  const fs::path scratch = cleave::e2e::fresh_dir("cleave-e2e-counts-" + sample);
  const fs::path out = scratch / "out";
  const fs::path console = scratch / "console.txt";
  const std::string cmd = "cd " + scratch.string() + " && " + CLEAVE_BINARY + " analyze --no-progress -p " +
                          cleave::e2e::sample_build(sample, scratch).string() + " -o " + out.string() + " >" +
                          console.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  INFO(slurp(console));
  REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));

  const std::string text = slurp(console), md = slurp(out / "report.md"), html = slurp(out / "report.html");
  const json summary = json::parse(slurp(out / "model.json")).at("summary");
  const json proposal = json::parse(slurp(out / "proposal.json"));

  // model.json: the SQL sites add up.
  const unsigned sites = summary.at("sql_sites"), resolved = summary.at("sql_sites_resolved"),
                 unresolved = summary.at("sql_sites_unresolved"), no_table = summary.at("sql_sites_without_table");
  CHECK(sites > 0);
  CHECK(resolved + unresolved + no_table == sites);

  // The console.
  CHECK(number(text, R"((\d+) TUs:)", "console") == summary.at("tus"));
  CHECK(number(text, R"((\d+) classes,)", "console") == summary.at("classes"));
  CHECK(number(text, R"((\d+) functions,)", "console") == summary.at("functions"));
  CHECK(number(text, R"((\d+) services proposed)", "console") == proposal.at("services").size());
  CHECK(number(text, R"((\d+) shared-kernel classes)", "console") == proposal.at("shared_kernel").at("classes").size());
  CHECK(number(text, R"((\d+) tables,)", "console") == summary.at("tables"));
  CHECK(number(text, R"((\d+) accesses)", "console") == summary.at("accesses"));
  const std::string sql = std::to_string(sites) + " SQL sites: " + std::to_string(resolved) + " resolved to tables";
  const std::string rest = std::to_string(unresolved) + " unresolved, " + std::to_string(no_table) + " naming no table";
  CHECK(text.find(sql) != std::string::npos);
  CHECK(text.find(rest) != std::string::npos);

  // report.md
  CHECK(number(md, R"(\| Translation units \| (\d+))", "report.md") == summary.at("tus"));
  CHECK(number(md, R"(\| Classes \| (\d+))", "report.md") == summary.at("classes"));
  CHECK(number(md, R"(\| Functions \| (\d+))", "report.md") == summary.at("functions"));
  CHECK(number(md, R"(\| Tables \| (\d+))", "report.md") == summary.at("tables"));
  CHECK(number(md, R"(\| Proposed services \| (\d+))", "report.md") == proposal.at("services").size());
  CHECK(md.find("| SQL | " + sql) != std::string::npos);
  CHECK(md.find(rest) != std::string::npos);

  // report.html: the overview's cards and the health page.
  auto card = [&](const std::string& label) {
    return number(html, "<div class=\"n\">(\\d+)</div><div class=\"l\">" + label + "</div>", "report.html");
  };
  CHECK(card("translation units") == summary.at("tus"));
  CHECK(card("classes") == summary.at("classes"));
  CHECK(card("functions") == summary.at("functions"));
  CHECK(card("tables") == summary.at("tables"));
  CHECK(card("SQL sites") == sites);
  CHECK(card("unresolved SQL sites") == unresolved);
  CHECK(card("proposed services") == proposal.at("services").size());
  CHECK(html.find(sql) != std::string::npos);
  CHECK(html.find(rest) != std::string::npos);

  // proposal.json owns each table of the model once.
  CHECK(proposal.at("tables").size() == summary.at("tables"));

  same_transactions(json::parse(slurp(out / "model.json")), proposal, md, html);
}

}  // namespace

TEST_CASE("vetclinic: every format states the same counts", "[e2e][counts]") { same_counts("vetclinic"); }

TEST_CASE("logistics: every format states the same counts", "[e2e][counts]") { same_counts("logistics"); }

TEST_CASE("library: every format states the same counts", "[e2e][counts]") { same_counts("library"); }
