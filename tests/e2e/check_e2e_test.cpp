// The drift check (issue 13) through the command line: accept an
// architecture from a bundled sample, then hold a copy of the sample to it.
// Each rule's violation is introduced by a real code edit and reported with
// its id at the line edited; a baseline absorbs them, ignores moved lines and
// turns stale when an edit is undone; bad input is refused with exit 2 before
// any parsing. Each copy is analysed once; re-checks after an edit go
// through the fact cache (BUILD/.cleave-cache), so only edited TUs re-parse.
#include "e2e_support.hpp"

#include <sys/wait.h>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using cleave::e2e::cleave_cmd;
using cleave::e2e::Run;
using cleave::e2e::slurp;

namespace {

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  REQUIRE(out.good());
}

// A copy of samples/<sample> in scratch/src, configured into scratch/build.
struct Copy {
  fs::path scratch, src, build;
};

void configure(const Copy& c) {
  const std::string cmd = "cmake -S " + c.src.string() + " -B " + c.build.string() + " >/dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  REQUIRE(fs::exists(c.build / "compile_commands.json"));
}

Copy copy_sample(const std::string& sample, const std::string& prefix) {
  Copy c;
  c.scratch = cleave::e2e::fresh_dir(prefix + "-" + sample);
  c.src = c.scratch / "src";
  c.build = c.scratch / "build";
  fs::copy(fs::path(CLEAVE_SOURCE_DIR) / "samples" / sample, c.src, fs::copy_options::recursive);
  configure(c);
  return c;
}

const std::string kCommon = " --no-progress -j 2 -p build";

Run check(const Copy& c, const std::string& extra = "") { return cleave_cmd(c.scratch, "check" + kCommon + extra); }

// Analyses the copy (filling the default cache) and accepts its proposal.
void analyze_and_accept(const Copy& c) {
  const Run a = cleave_cmd(c.scratch, "analyze" + kCommon + " -o out");
  INFO(a.out << a.err);
  REQUIRE(a.status == 0);
  const Run acc = cleave_cmd(c.scratch, "accept -o out");
  INFO(acc.out << acc.err);
  REQUIRE(acc.status == 0);
  REQUIRE(fs::exists(c.src / "architecture.yaml"));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// 1-based line of the first line of `file` holding `marker`.
unsigned line_of(const fs::path& file, const std::string& marker) {
  const auto lines = lines_of(slurp(file));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(marker) != std::string::npos) return static_cast<unsigned>(i + 1);
  }
  FAIL("no line holding '" << marker << "' in " << file);
  return 0;
}

// 1-based line of `file` that is exactly `text`.
unsigned line_equal(const fs::path& file, const std::string& text) {
  const auto lines = lines_of(slurp(file));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == text) return static_cast<unsigned>(i + 1);
  }
  FAIL("no line '" << text << "' in " << file);
  return 0;
}

void append(const fs::path& file, const std::string& text) {
  REQUIRE(fs::exists(file));
  spit(file, slurp(file) + text);
}

// Replaces the one occurrence of `from` in `file` by `to`.
void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = slurp(file);
  const auto at = text.find(from);
  INFO(file << " should hold '" << from << "'");
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  spit(file, text);
}

std::string escaped(const std::string& s) {
  return std::regex_replace(s, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
}

// A line of the text output: `file:line[:col]: severity: [RULE] ...`
// (the final format has a column, the placeholder none).
bool reported_at(const std::string& out, const std::string& rule, const std::string& file, unsigned line) {
  const std::regex re("(^|\n)" + escaped(file) + ":" + std::to_string(line) + R"((:\d+)?: \w+: \[)" + rule + R"(\])");
  return std::regex_search(out, re);
}

// Reported anywhere: a violation line with `rule`, whatever its place.
bool mentions(const std::string& out, const std::string& rule) {
  return std::regex_search(out, std::regex(R"((^|\n)[^\n]*:\d+(:\d+)?: \w+: \[)" + rule + R"(\])"));
}

// The check after an edit: exit 1, `rule` reported at `file`:`line`.
void expect_violation(const Copy& c, const std::string& rule, const std::string& file, unsigned line) {
  const Run r = check(c);
  INFO("check after the edit for " << rule << " at " << file << ":" << line << "\nstdout:\n"
                                   << r.out << "stderr:\n"
                                   << r.err);
  CHECK(r.status == 1);
  CHECK(reported_at(r.out, rule, file, line));
  CHECK(r.err.find("did not parse") == std::string::npos);  // an edit that breaks the build hides violations
  // Only the edited TUs re-parse: the rest comes from the cache.
  CHECK(std::regex_search(r.err, std::regex(R"(cleave: \d+ TUs, [1-9]\d* from the cache)")));
}

// ---- 1: accept, check, re-accept on a bundled sample ----

void accept_holds(const std::string& sample) {
  const Copy c = copy_sample(sample, "cleave-e2e-check-accept");
  analyze_and_accept(c);
  const fs::path yaml = c.src / "architecture.yaml";
  const std::string first = slurp(yaml);

  const Run same = check(c);
  INFO(sample << " check on the accepted code:\n" << same.out << same.err);
  CHECK(same.status == 0);

  // No absolute path: not the copy's, not any entry starting at '/'.
  CHECK(first.find(c.scratch.string()) == std::string::npos);
  CHECK(first.find(fs::temp_directory_path().string()) == std::string::npos);
  CHECK_FALSE(std::regex_search(first, std::regex(R"((^|\n)\s*(- |[\w.-]+: )["']?/)")));

  REQUIRE(cleave_cmd(c.scratch, "accept -o out").status == 0);
  CHECK((slurp(yaml) == first));  // re-accept: the same bytes

  // Comments written by hand above a context and beside a table survive.
  auto lines = lines_of(first);
  std::size_t context = 0, table = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i] == "contexts:" && context == 0) context = i + 1;
    if (lines[i].size() > 7 && lines[i].substr(lines[i].size() - 7) == "tables:" && table == 0) table = i + 1;
  }
  REQUIRE(context > 0);
  REQUIRE(table > 0);
  const std::string context_line = lines[context], table_line = lines[table];
  lines[table] += "  # kept by the DBA team";
  lines.insert(lines.begin() + static_cast<long>(context), "  # reviewed by the architects");
  spit(yaml, joined(lines));
  const Run again = cleave_cmd(c.scratch, "accept -o out");
  INFO(again.out << again.err);
  REQUIRE(again.status == 0);
  const std::string kept = slurp(yaml);
  INFO(kept);
  CHECK(kept.find("  # reviewed by the architects\n" + context_line + "\n") != std::string::npos);
  CHECK(kept.find(table_line + "  # kept by the DBA team\n") != std::string::npos);
  CHECK(check(c).status == 0);
}

// ---- 2: each rule's violation from a real edit, in a copy of logistics ----

struct Edited {
  Copy copy;
  std::string original_fleet;  // fleet_service.cpp before its edit
  bool done = false;
};

void cross_context_edits(const Copy& c) {
  const fs::path pricing = c.src / "src/pricing/pricing_engine.cpp";
  append(pricing, R"edit(
#include "sales/order_service.hpp"

namespace freight::pricing {

std::string auditOrderRequest(const sales::OrderRequest& request) { return sales::validateRequest(request); }  // clv-001

}  // namespace freight::pricing
)edit");
  const unsigned at = line_of(pricing, "clv-001");
  expect_violation(c, "CLV-ARC-001", "src/pricing/pricing_engine.cpp", at);  // pricing may depend on nothing
  expect_violation(c, "CLV-ARC-005", "src/pricing/pricing_engine.cpp", at);  // sales -> pricing -> sales

  const fs::path crm = c.src / "src/crm/customer_service.cpp";
  append(crm, R"edit(
#include "sales/order_service.hpp"

namespace freight::crm {

std::string screenOrder(const sales::OrderRequest& request) { return sales::validateRequest(request); }  // clv-002

}  // namespace freight::crm
)edit");
  expect_violation(c, "CLV-ARC-002", "src/crm/customer_service.cpp", line_of(crm, "clv-002"));
}

void table_edits(const Copy& c, Edited& e) {
  const fs::path billing = c.src / "src/billing/billing_service.cpp";
  append(billing, R"edit(
namespace freight::billing {

long shipmentsToBill(db::PgConnection& conn) { return conn.exec("SELECT count(*) FROM dispatch.\"Shipments\" WHERE status = 'delivered'").getLong(0, 0); }  // clv-003

}  // namespace freight::billing
)edit");
  expect_violation(c, "CLV-ARC-003", "src/billing/billing_service.cpp", line_of(billing, "clv-003"));

  const fs::path fleet = c.src / "src/fleet/fleet_service.cpp";
  e.original_fleet = slurp(fleet);
  append(fleet, R"edit(
#include "db/pg_connection.hpp"

namespace freight::fleet {

void releaseShipments(db::PgConnection& conn, long vehicleId) { conn.execParams("UPDATE dispatch.\"Shipments\" SET vehicle_id = NULL WHERE vehicle_id = $1", {std::to_string(vehicleId)}); }  // clv-004

}  // namespace freight::fleet
)edit");
  expect_violation(c, "CLV-ARC-004", "src/fleet/fleet_service.cpp", line_of(fleet, "clv-004"));

  const fs::path crm = c.src / "src/crm/customer_service.cpp";
  append(crm, R"edit(
#include "db/pg_connection.hpp"

namespace freight::crm {

void awardLoyaltyPoints(db::PgConnection& conn, long customerId) { conn.execParams("INSERT INTO loyalty_points (customer_id, points) VALUES ($1, 10)", {std::to_string(customerId)}); }  // clv-007

}  // namespace freight::crm
)edit");
  expect_violation(c, "CLV-ARC-007", "src/crm/customer_service.cpp", line_of(crm, "clv-007"));

  const fs::path kernel = c.src / "src/common/config.cpp";
  append(kernel, R"edit(
#include "db/pg_connection.hpp"

namespace freight::util {

long openInvoices(db::PgConnection& conn) { return conn.exec("SELECT count(*) FROM billing.invoices WHERE status = 'open'").getLong(0, 0); }  // clv-008

}  // namespace freight::util
)edit");
  expect_violation(c, "CLV-ARC-008", "src/common/config.cpp", line_of(kernel, "clv-008"));
}

// A class in a new folder no context claims: in the build, so in the database.
void unassigned_edit(const Copy& c) {
  fs::create_directories(c.src / "src/loyalty");
  const fs::path card = c.src / "src/loyalty/loyalty_card.cpp";
  spit(card, R"edit(#include "crm/customer_service.hpp"

namespace freight::loyalty {

class LoyaltyCard {  // clv-006
public:
    explicit LoyaltyCard(crm::CustomerService& customers) : customers_(customers) {}
    bool eligible(long customerId) { return customers_.canCharge(customerId, 0.0); }
    std::string holder(long customerId) { return customers_.describe(customerId); }

private:
    crm::CustomerService& customers_;
};

}  // namespace freight::loyalty
)edit");
  replace_in(c.src / "CMakeLists.txt", "  src/ops/operations_console.cpp\n",
             "  src/ops/operations_console.cpp\n  src/loyalty/loyalty_card.cpp\n");
  configure(c);
  const std::string file = "src/loyalty/loyalty_card.cpp";
  expect_violation(c, "CLV-ARC-006", file, line_of(card, "clv-006"));
  const Run r = check(c);
  std::smatch m;
  INFO(r.out);
  REQUIRE(std::regex_search(
      r.out, m, std::regex(escaped(file) + R"(:\d+(:\d+)?: \w+: \[CLV-ARC-006\] ([^\n]*LoyaltyCard[^\n]*))")));
  CHECK(std::regex_search(m[2].str(), std::regex(R"(suggests customers\b)")));
}

// A limit set at today's size, then a class more.
void limit_edit(const Copy& c) {
  const fs::path yaml = c.src / "architecture.yaml";
  replace_in(yaml, "\n  warehouses:\n", "\n  warehouses:\n    limits: {max_units: 0}\n");
  const Run zero = check(c);
  std::smatch m;
  INFO(zero.out << zero.err);
  REQUIRE(std::regex_search(zero.out, m, std::regex(R"(\[CLV-ARC-009\] warehouses has (\d+) )")));
  const std::string units = m[1].str();
  replace_in(yaml, "{max_units: 0}", "{max_units: " + units + "}");
  const Run at_limit = check(c);
  INFO(at_limit.out << at_limit.err);
  CHECK_FALSE(mentions(at_limit.out, "CLV-ARC-009"));

  append(c.src / "src/wms/inventory_service.cpp", R"edit(
namespace freight::wms {

class ReorderPolicy {
public:
    int threshold() const { return 5; }
};

}  // namespace freight::wms
)edit");
  expect_violation(c, "CLV-ARC-009", "architecture.yaml", line_equal(yaml, "  warehouses:"));
}

// A symbols entry whose method is renamed goes stale.
void stale_entry_edit(const Copy& c) {
  const fs::path yaml = c.src / "architecture.yaml";
  REQUIRE(slurp(yaml).find("- freight::ops::OperationsConsole::exportTariffs\n") != std::string::npos);
  for (const char* f : {"src/ops/operations_console.hpp", "src/ops/operations_console.cpp", "src/main.cpp"}) {
    replace_in(c.src / f, "exportTariffs(", "exportTariffSheet(");
  }
  expect_violation(c, "CLV-ARC-010", "architecture.yaml", line_equal(yaml, "  pricing:"));
  CHECK(check(c).out.find("exportTariffs") != std::string::npos);
}

// The logistics copy with every rule's violation in it (made once).
Edited& violating_copy() {
  static Edited e;
  if (e.done) return e;
  e.copy = copy_sample("logistics", "cleave-e2e-check-rules");
  analyze_and_accept(e.copy);
  const Run clean = check(e.copy);
  INFO(clean.out << clean.err);
  REQUIRE(clean.status == 0);
  REQUIRE(slurp(e.copy.src / "architecture.yaml").find("\n  pricing:\n") != std::string::npos);
  cross_context_edits(e.copy);
  table_edits(e.copy, e);
  unassigned_edit(e.copy);
  limit_edit(e.copy);
  stale_entry_edit(e.copy);
  e.done = true;
  return e;
}

// ---- 4: bad input, refused before any parsing ----

void refused(const Copy& c, const std::string& what, const std::string& args, const std::vector<std::string>& said) {
  const fs::path cache = c.scratch / ("fresh-cache-" + what);
  const Run r = cleave_cmd(c.scratch, "check --no-progress -j 2 --cache " + cache.string() + args);
  INFO(what << ": stdout:\n" << r.out << "stderr:\n" << r.err);
  CHECK(r.status == 2);
  for (const auto& s : said) CHECK(r.err.find(s) != std::string::npos);
  CHECK(r.err.find("from the cache") == std::string::npos);
  CHECK((!fs::exists(cache) || fs::is_empty(cache)));
}

// ---- 3: the baseline ----

void baseline_absorbs_then_goes_stale(Edited& e) {
  const Copy& c = e.copy;
  const Run made = cleave_cmd(c.scratch, "baseline" + kCommon + " -o baseline.json");
  INFO(made.out << made.err);
  REQUIRE(made.status == 0);
  REQUIRE(fs::exists(c.scratch / "baseline.json"));

  const Run absorbed = check(c, " --baseline baseline.json");
  INFO(absorbed.out << absorbed.err);
  CHECK(absorbed.status == 0);

  // Moving a violating function down changes no identity.
  const fs::path pricing = c.src / "src/pricing/pricing_engine.cpp";
  const unsigned before = line_of(pricing, "clv-001");
  replace_in(pricing, "std::string auditOrderRequest(", "\n\n\n\n\nstd::string auditOrderRequest(");
  REQUIRE(line_of(pricing, "clv-001") == before + 5);
  const Run moved = check(c, " --baseline baseline.json");
  INFO(moved.out << moved.err);
  CHECK(moved.status == 0);
  const Run unbaselined = check(c);
  CHECK(unbaselined.status == 1);
  CHECK(reported_at(unbaselined.out, "CLV-ARC-001", "src/pricing/pricing_engine.cpp", before + 5));

  // Undoing the foreign write leaves its entry stale: a failure unless allowed.
  spit(c.src / "src/fleet/fleet_service.cpp", e.original_fleet);
  const Run stale = check(c, " --baseline baseline.json");
  INFO(stale.out << stale.err);
  CHECK(stale.status == 1);
  CHECK(stale.out.find("CLV-ARC-004") != std::string::npos);
  CHECK_FALSE(mentions(check(c).out, "CLV-ARC-004"));  // the violation itself is gone
  const Run allowed = check(c, " --baseline baseline.json --allow-stale");
  INFO(allowed.out << allowed.err);
  CHECK(allowed.status == 0);
}

// ---- 5: files for CI ----

void formats_written(Edited& e) {
  for (const std::string format : {"sarif", "junit"}) {
    const fs::path file = e.copy.scratch / ("check." + format);
    const Run r = check(e.copy, " --format " + format + " -o " + file.string());
    INFO(format << ": " << r.out << r.err);
    CHECK(r.status == 1);
    CHECK(fs::exists(file));
    CHECK(fs::file_size(file) > 0);
  }
  // The real run's JUnit holds to the schema CI tools read it with.
  const std::string xsd = std::string(CLEAVE_SHARED_DIR) + "/schemas/junit.xsd";
  INFO("needs " << xsd << " (../shared beside the checkout) and xmllint (libxml2-utils)");
  REQUIRE(fs::exists(xsd));
  const std::string lint =
      "xmllint --noout --schema " + xsd + " " + (e.copy.scratch / "check.junit").string() + " >/dev/null 2>&1";
  CHECK(std::system(lint.c_str()) == 0);
  // On GitHub Actions, with no --format: the text and the annotations.
  ::setenv("GITHUB_ACTIONS", "true", 1);
  const Run on_github = check(e.copy, "");
  ::unsetenv("GITHUB_ACTIONS");
  INFO(on_github.out);
  CHECK(on_github.status == 1);
  CHECK(on_github.out.find("cleave check: FAILED") != std::string::npos);
  CHECK(on_github.out.find("\n::error file=src/") != std::string::npos);
  CHECK(check(e.copy, "").out.find("::error") == std::string::npos);
}

}  // namespace

TEST_CASE("the bundled samples: accept, then check on the same code is clean, and re-accept keeps bytes and comments",
          "[e2e][check]") {
  accept_holds("vetclinic");
  accept_holds("logistics");
}

// One process, one analysed copy: the sections share violating_copy(),
// made (and its edits checked) on the first pass; the baseline goes last
// because it undoes an edit.
TEST_CASE("logistics: each rule's violation from a code edit, the CI formats, a baseline that goes stale",
          "[e2e][check]") {
  Edited& e = violating_copy();
  REQUIRE(e.done);
  SECTION("each rule's violation, made by a code edit, is reported with its id at the edited line") {
    const Run all = check(e.copy);
    INFO(all.out);
    CHECK(all.status == 1);
    for (int i = 1; i <= 10; ++i) {
      CHECK(mentions(all.out, std::string("CLV-ARC-0") + (i < 10 ? "0" : "") + std::to_string(i)));
    }
  }
  SECTION("SARIF and JUnit are written to files, and the exit code still says violations") { formats_written(e); }
  SECTION("a baseline absorbs today's violations, ignores moved lines, and goes stale") {
    baseline_absorbs_then_goes_stale(e);
  }
}

TEST_CASE("bad input exits 2 naming the file and line, before any parsing", "[e2e][check]") {
  const Copy c = copy_sample("vetclinic", "cleave-e2e-check-input");
  refused(c, "missing", " -p build", {"architecture.yaml", "cleave accept"});

  spit(c.scratch / "unknown-key.yaml", "version: 1\ncontexts: {}\ncolour: blue\n");
  refused(c, "key", " -p build --architecture unknown-key.yaml", {"unknown-key.yaml:3", "colour"});

  spit(c.scratch / "unknown-context.yaml",
       "version: 1\ncontexts:\n  clinic:\n    paths: [\"src/**\"]\n    depends_on:\n      nowhere: sync\n");
  refused(c, "context", " -p build --architecture unknown-context.yaml", {"unknown-context.yaml:6", "nowhere"});

  spit(c.scratch / "ok.yaml", "version: 1\ncontexts:\n  clinic:\n    paths: [\"src/**\"]\n");
  spit(c.scratch / "broken.json", "{\"version\": 1,\n \"violations\": [\n");
  refused(c, "baseline", " -p build --architecture ok.yaml --baseline broken.json", {"broken.json:"});
  CHECK(std::regex_search(slurp(c.scratch / "stderr.txt"), std::regex(R"(broken\.json:\d+)")));

  refused(c, "no-p", "", {"-p"});
}

TEST_CASE("check --list-rules lists the catalogue without a build", "[e2e][check]") {
  const fs::path nowhere = cleave::e2e::fresh_dir("cleave-e2e-check-rules-list");
  const Run list = cleave_cmd(nowhere, "check --list-rules");
  INFO(list.out << list.err);
  CHECK(list.status == 0);
  for (int i = 1; i <= 10; ++i) {
    const std::string id = std::string("CLV-ARC-0") + (i < 10 ? "0" : "") + std::to_string(i);
    CHECK(list.out.find(id) != std::string::npos);
  }
}
