// `cleave diff` through the command line on vetclinic: a real code edit (a
// handler of notify starts asking staff) is reported as exactly that one
// added cross-context call; a run against itself reports nothing; a side
// without model.json is exit 2 naming the file and what to run.
#include "e2e_support.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <cstdlib>
#include <string>

namespace fs = std::filesystem;
using cleave::e2e::cleave_cmd;
using cleave::e2e::Run;
using cleave::e2e::slurp;

namespace {

// `text` with `from` replaced by `to`, which must occur exactly once.
std::string replace_once(const std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.substr(0, at) + to + text.substr(at + from.size());
}

// A copy of vetclinic in which ClinicManager::cmdSendReminders (notify)
// looks a person up in the staff directory (staff): one new call.
fs::path edited_vetclinic(const fs::path& scratch) {
  const fs::path src = scratch / "vetclinic-edited";
  fs::copy(fs::path(CLEAVE_SOURCE_DIR) / "samples" / "vetclinic", src, fs::copy_options::recursive);
  const fs::path file = src / "src" / "clinic" / "ClinicManager.cpp";
  const std::string anchor = "    int queued = reminders_.queueVaccinationReminders(args.number(\"days\", 30));\n";
  const std::string edited = replace_once(slurp(file), anchor,
                                          "    if (staff_.findById(args.number(\"by\", 0))) {\n"
                                          "        return \"reminders are sent by the clinic, not by one person\";\n"
                                          "    }\n" +
                                              anchor);
  std::ofstream(file, std::ios::binary) << edited;
  const fs::path build = scratch / "build-edited";
  const std::string cmd = "cmake -S " + src.string() + " -B " + build.string() + " >/dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  REQUIRE(fs::exists(build / "compile_commands.json"));
  return build;
}

// Both analyses, once per process: before (the sample) and after the edit.
const fs::path& analysed() {
  static const fs::path scratch = [] {
    const fs::path dir = cleave::e2e::fresh_dir("cleave-e2e-diff");
    const std::string before = cleave::e2e::sample_build("vetclinic", dir).string();
    const std::string after = edited_vetclinic(dir).string();
    // The sample through the tests' shared fact cache; the edited copy, whose
    // path is this process's own, parses afresh and keeps nothing.
    const Run a = cleave_cmd(dir, "analyze --no-progress -j 2 -p " + before + " -o old");
    INFO(a.out << a.err);
    REQUIRE(a.status == 0);
    const Run b = cleave_cmd(dir, "analyze --no-progress -j 2 --no-cache -p " + after + " -o new");
    INFO(b.out << b.err);
    REQUIRE(b.status == 0);
    return dir;
  }();
  return scratch;
}

// The line of the added call in the edited copy.
unsigned added_line() {
  std::istringstream in(slurp(analysed() / "vetclinic-edited" / "src" / "clinic" / "ClinicManager.cpp"));
  std::string line;
  for (unsigned n = 1; std::getline(in, line); ++n) {
    if (line.find("staff_.findById(args.number(\"by\"") != std::string::npos) return n;
  }
  FAIL("the edit is not in the copy");
  return 0;
}

}  // namespace

TEST_CASE("cleave diff: a real edit adds exactly its cross-context call", "[e2e][diff]") {
  const fs::path& scratch = analysed();
  const Run d = cleave_cmd(scratch, "diff old new --format json");
  INFO(d.out << d.err);
  REQUIRE(d.status == 0);
  const auto doc = nlohmann::json::parse(d.out);
  CHECK(doc["unchanged"] == false);
  REQUIRE(doc["calls"]["added"].size() == 1);
  const auto& call = doc["calls"]["added"][0];
  CHECK(call["caller"] == "vet::ClinicManager::cmdSendReminders");
  CHECK(call["callee"] == "vet::staff::StaffDirectory::findById");
  CHECK(call["from_context"] == "notifications");
  CHECK(call["to_context"] == "staff");
  CHECK(call["file"] == "src/clinic/ClinicManager.cpp");  // relative to the edited copy's root
  CHECK(call["line"] == added_line());
  CHECK(doc["calls"]["removed"].empty());
  CHECK(doc["table_accesses"]["added"].empty());
  CHECK(doc["table_accesses"]["removed"].empty());
  CHECK(doc["cycles"]["added"].empty());
  CHECK(doc["cycles"]["removed"].empty());
  bool icp = false;
  for (const auto& m : doc["metrics"]) {
    if (m["key"] == "icp") icp = m["delta"].get<double>() > 0;  // one more call between services
  }
  CHECK(icp);

  const Run text = cleave_cmd(scratch, "diff old new");
  REQUIRE(text.status == 0);
  CHECK(text.out.find("cross-context calls: 1 added, 0 removed\n") != std::string::npos);
  CHECK(text.out.find("vet::ClinicManager::cmdSendReminders -> vet::staff::StaffDirectory::findById") !=
        std::string::npos);
  const Run md = cleave_cmd(scratch, "diff old new --format md");
  REQUIRE(md.status == 0);
  CHECK(md.out.find("| added | `vet::ClinicManager::cmdSendReminders` | `vet::staff::StaffDirectory::findById` |") !=
        std::string::npos);
}

TEST_CASE("cleave diff: a run against itself adds and removes nothing", "[e2e][diff]") {
  const fs::path& scratch = analysed();
  const Run d = cleave_cmd(scratch, "diff new new --format json");
  INFO(d.out << d.err);
  REQUIRE(d.status == 0);
  const auto doc = nlohmann::json::parse(d.out);
  CHECK(doc["unchanged"] == true);
  for (const char* what : {"calls", "table_accesses", "cycles"}) {
    CHECK(doc[what]["added"].empty());
    CHECK(doc[what]["removed"].empty());
  }
  REQUIRE(doc["metrics"].size() > 5);
  for (const auto& m : doc["metrics"]) CHECK(m["delta"] == 0);
  for (const auto& m : doc["totals"]) CHECK(m["delta"] == 0);
}

TEST_CASE("cleave diff: a side without model.json is exit 2 with the file and the remedy", "[e2e][diff]") {
  const fs::path& scratch = analysed();
  const Run d = cleave_cmd(scratch, "diff old missing");
  CHECK(d.status == 2);
  CHECK(d.err.find("missing/model.json") != std::string::npos);
  CHECK(d.err.find("cleave analyze") != std::string::npos);
  CHECK(d.out.empty());
}
