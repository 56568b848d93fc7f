#include "check/check.hpp"

#include "core/errors.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace cleave::check {
namespace {

using Identity = std::tuple<std::string, std::string, std::string>;

Identity identity(const Violation& v) { return {v.rule, v.from, v.to}; }

}  // namespace

std::string_view to_string(BaselineState state) {
  switch (state) {
    case BaselineState::New:
      return "new";
    case BaselineState::Unchanged:
      return "unchanged";
    case BaselineState::Absent:
      return "absent";
  }
  return "new";
}

std::string write_baseline(const std::vector<Violation>& violations, const std::string& architecture_file) {
  std::vector<const Violation*> sorted;
  for (const Violation& v : violations) sorted.push_back(&v);
  std::sort(sorted.begin(), sorted.end(),
            [](const Violation* a, const Violation* b) { return identity(*a) < identity(*b); });
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const Violation* v : sorted) {
    entries.push_back({{"rule", v->rule},
                       {"from", v->from},
                       {"to", v->to},
                       {"fingerprint", v->fingerprint},
                       {"message", v->message},
                       {"file", v->location.file},
                       {"line", v->location.line}});
  }
  nlohmann::ordered_json doc{{"version", 1}, {"architecture", architecture_file}, {"violations", entries}};
  return doc.dump(2) + "\n";
}

std::vector<Violation> parse_baseline(std::string_view text, const std::string& file) {
  const std::string remedy = "write it again with 'cleave baseline -p BUILD_DIR -o " + file + "'";
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // byte offset -> line
    const std::size_t at = std::min<std::size_t>(e.byte, text.size());
    const auto line = static_cast<unsigned>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1);
    throw InputError(file, line, "not valid JSON", remedy);
  }
  if (!doc.is_object() || !doc.contains("violations") || !doc["violations"].is_array()) {
    throw InputError(file, 0, "not a cleave baseline (no \"violations\" list)", remedy);
  }
  if (doc.value("version", 0) != 1) {
    throw InputError(file, 0, "baseline version " + doc.value("version", nlohmann::json(0)).dump() + " is not 1",
                     remedy);
  }
  std::vector<Violation> out;
  std::set<Identity> seen;
  for (const auto& e : doc["violations"]) {
    if (!e.is_object() || !e.contains("rule") || !e["rule"].is_string() || !e.contains("from") ||
        !e["from"].is_string() || (e.contains("to") && !e["to"].is_string())) {
      throw InputError(file, 0, "entry " + std::to_string(out.size() + 1) + " needs string \"rule\", \"from\", \"to\"",
                       remedy);
    }
    Violation v;
    v.rule = e["rule"].get<std::string>();
    v.from = e["from"].get<std::string>();
    v.to = e.value("to", "");
    v.message = e.value("message", "");
    v.location.file = e.value("file", "");
    v.location.line = e.value("line", 0U);
    v.fingerprint = fingerprint_of(v.rule, v.from, v.to);
    if (const Rule* r = find_rule(v.rule)) v.severity = r->severity;
    if (seen.insert(identity(v)).second) out.push_back(std::move(v));
  }
  return out;
}

std::vector<Violation> load_baseline(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw InputError(file, 0, "cannot read the baseline",
                     "check the path, or record one with 'cleave baseline -p BUILD_DIR -o " + file + "'");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_baseline(text.str(), file);
}

CheckResult compare(std::vector<Violation> now, const std::vector<Violation>* baseline) {
  CheckResult result;
  std::set<Identity> current;
  for (const Violation& v : now) current.insert(identity(v));
  std::set<Identity> known;
  if (baseline) {
    for (const Violation& b : *baseline) {
      known.insert(identity(b));
      if (current.count(identity(b))) continue;
      Violation stale = b;
      stale.state = BaselineState::Absent;
      result.stale.push_back(std::move(stale));
    }
  }
  for (Violation& v : now) v.state = known.count(identity(v)) ? BaselineState::Unchanged : BaselineState::New;
  std::sort(now.begin(), now.end(), [](const Violation& a, const Violation& b) { return identity(a) < identity(b); });
  std::sort(result.stale.begin(), result.stale.end(),
            [](const Violation& a, const Violation& b) { return identity(a) < identity(b); });
  result.violations = std::move(now);
  return result;
}

bool fails(const CheckResult& result, Severity fail_on) {
  if (!result.allow_stale && !result.stale.empty()) return true;
  return std::any_of(result.violations.begin(), result.violations.end(), [fail_on](const Violation& v) {
    return v.state == BaselineState::New && static_cast<int>(v.severity) >= static_cast<int>(fail_on);
  });
}

}  // namespace cleave::check
