#include "reports/check/check_formats.hpp"

#include "reports/common/escape.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <stdexcept>
#include <utility>

namespace cleave::report {
namespace {

using check::BaselineState;
using check::CheckResult;
using check::Violation;
using Json = nlohmann::ordered_json;  // keys in the order written: readable, and still deterministic

constexpr std::string_view kArcPrefix = "CLV-ARC-";
constexpr std::string_view kStaleRemedy = "remove it (cleave baseline rewrites the file)";

// The rules a check reports, in catalogue (id) order.
std::vector<const Rule*> arc_rules() {
  std::vector<const Rule*> out;
  for (const Rule& rule : rule_catalogue()) {
    if (rule.id.starts_with(kArcPrefix)) out.push_back(&rule);
  }
  return out;
}

bool is_new(const Violation& v) { return v.state == BaselineState::New; }
bool is_baselined(const Violation& v) { return v.state == BaselineState::Unchanged; }

struct Counts {
  std::size_t fresh = 0, baselined = 0;
};

Counts count(const CheckResult& r) {
  Counts c;
  for (const Violation& v : r.violations) (is_new(v) ? c.fresh : c.baselined) += 1;
  return c;
}

// Stale entries fail unless allowed; their severity says which.
Severity stale_severity(const CheckResult& r) { return r.allow_stale ? Severity::Warning : Severity::Error; }

std::string architecture_file(const CheckResult& r) {
  return r.architecture_file.empty() ? std::string(check::kArchitectureFileName) : r.architecture_file;
}
std::string baseline_file(const CheckResult& r) { return r.baseline_file.empty() ? "baseline" : r.baseline_file; }

// One line of terminal or log text: valid UTF-8, no line break or other
// control character (each becomes a space), so one violation stays one line.
std::string one_line(std::string_view text) {
  std::string out = sanitize_utf8(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

std::string stale_message(const Violation& v) {
  std::string what = v.from;
  if (!v.to.empty()) what += " -> " + v.to;
  return "stale baseline entry: " + what + " no longer occurs; " + std::string(kStaleRemedy);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "file:line" for readers; "file" without a line, the architecture file
// when the violation has no place in the code.
std::string where(const Violation& v, const CheckResult& r) {
  if (v.location.file.empty()) return architecture_file(r);
  if (v.location.line == 0) return v.location.file;
  return v.location.file + ":" + std::to_string(v.location.line);
}

// ---------------------------------------------------------------- text

std::string summary(const CheckResult& r, const CheckReportInfo& info);

std::string text_line(const Violation& v, const CheckResult& r, std::string_view suffix) {
  std::string place;
  if (v.location.file.empty()) {
    place = architecture_file(r);
  } else {
    place = v.location.file;
    if (v.location.line > 0) {
      place += ":" + std::to_string(v.location.line) + ":" + std::to_string(std::max(v.location.column, 1U));
    }
  }
  return one_line(place) + ": " + std::string(to_string(v.severity)) + ": [" + v.rule + "] " + one_line(v.message) +
         std::string(suffix) + "\n";
}

std::string render_text(const CheckResult& r, const CheckReportInfo& info) {
  std::string out;
  for (const Violation& v : r.violations) {
    if (is_new(v)) out += text_line(v, r, "");
  }
  for (const Violation& v : r.violations) {
    if (is_baselined(v)) out += text_line(v, r, " (in the baseline)");
  }
  for (const Violation& v : r.stale) {
    out += one_line(baseline_file(r)) + ": " + std::string(to_string(stale_severity(r))) + ": [" + v.rule + "] " +
           one_line(stale_message(v)) + "\n";
  }
  return out + summary(r, info);
}

// The closing two lines of the text output: counts, then the verdict.
std::string summary(const CheckResult& r, const CheckReportInfo& info) {
  const Counts c = count(r);
  std::string out = "cleave check: " + plural(r.violations.size(), "violation", "violations") + " (" +
                    std::to_string(c.fresh) + " new, " + std::to_string(c.baselined) + " in the baseline), " +
                    plural(r.stale.size(), "stale baseline entry", "stale baseline entries") + "; " +
                    plural(r.contexts, "context", "contexts") + ", " + plural(r.units, "unit", "units") + ", " +
                    plural(r.tables, "table", "tables") + " checked\n";
  out += check::fails(r, info.fail_on) ? "cleave check: FAILED\n" : "cleave check: passed\n";
  return out;
}

// ---------------------------------------------------------------- SARIF

// Percent-encodes all but unreserved characters and '/' (RFC 3986). A
// relative reference must not have ':' in its first segment (it would read
// as a scheme), so ':' is kept only where asked (an absolute path).
std::string uri_encode(std::string_view text, bool keep_colon) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '.' || c == '_' || c == '~' || c == '/' || (keep_colon && c == ':');
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

// file:///abs/path/ (a Windows "C:/x" becomes file:///C:/x/).
std::string file_uri(std::string path) {
  if (!path.ends_with('/')) path += '/';
  if (!path.starts_with('/')) path.insert(0, "/");
  return "file://" + uri_encode(path, true);
}

// A file and, when known, the line and column in it.
Json sarif_location(const std::string& file, unsigned line, unsigned column) {
  Json artifact;
  if (file.starts_with('/')) {  // outside the project root: absolute
    artifact["uri"] = "file://" + uri_encode(file, true);
  } else {
    artifact["uri"] = uri_encode(file, false);
    artifact["uriBaseId"] = "SRCROOT";
  }
  Json physical{{"artifactLocation", std::move(artifact)}};
  if (line > 0) physical["region"] = {{"startLine", line}, {"startColumn", std::max(column, 1U)}};
  return Json::array({Json{{"physicalLocation", std::move(physical)}}});
}

// Every result has a location: GitHub code scanning rejects a whole upload
// with a result that has none ("locationFromSarifResult: expected at least
// one location", github/codeql-action#1738, #2459). A violation without a
// place in the code points at the architecture file, a stale entry at the
// baseline (its file and line are where the violation was when the baseline
// was written, not in today's code): both files as given, which `cleave
// check` reads relative to the project root by default.
Json sarif_result(const Violation& v, Severity level, const std::string& message, const CheckResult& r,
                  const std::map<std::string_view, std::size_t>& rule_index) {
  Json result{{"ruleId", v.rule}};
  if (const auto it = rule_index.find(v.rule); it != rule_index.end()) result["ruleIndex"] = it->second;
  result["level"] = to_string(level);
  result["message"] = {{"text", message}};
  if (v.state == BaselineState::Absent) {
    result["locations"] = sarif_location(baseline_file(r), 0, 0);
  } else if (v.location.file.empty()) {
    result["locations"] = sarif_location(architecture_file(r), 0, 0);
  } else {
    result["locations"] = sarif_location(v.location.file, v.location.line, v.location.column);
  }
  result["partialFingerprints"] = {{"cleave/v1", v.fingerprint}};
  if (!r.baseline_file.empty()) result["baselineState"] = check::to_string(v.state);
  return result;
}

Json sarif_rules(std::map<std::string_view, std::size_t>& rule_index) {
  Json rules = Json::array();
  for (const Rule* rule : arc_rules()) {
    rule_index[rule->id] = rules.size();
    rules.push_back({{"id", rule->id},
                     {"shortDescription", {{"text", rule->summary}}},
                     {"help", {{"text", rule->remedy}}},
                     {"defaultConfiguration", {{"level", to_string(rule->severity)}}}});
  }
  return rules;
}

std::string render_sarif(const CheckResult& r, const CheckReportInfo& info) {
  std::map<std::string_view, std::size_t> rule_index;
  Json driver{{"name", "cleave"}};
  if (!info.tool_version.empty()) driver["version"] = info.tool_version;
  driver["rules"] = sarif_rules(rule_index);

  Json results = Json::array();
  for (const Violation& v : r.violations) results.push_back(sarif_result(v, v.severity, v.message, r, rule_index));
  for (const Violation& v : r.stale) {
    results.push_back(sarif_result(v, stale_severity(r), stale_message(v), r, rule_index));
  }

  Json run{{"tool", {{"driver", std::move(driver)}}}};
  run["invocations"] = Json::array({Json{{"executionSuccessful", true}}});
  if (!info.root.empty()) run["originalUriBaseIds"] = {{"SRCROOT", {{"uri", file_uri(info.root)}}}};
  run["results"] = std::move(results);

  Json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}};
  doc["runs"] = Json::array({std::move(run)});
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// ---------------------------------------------------------------- JUnit

// XML 1.0 character data or attribute value. Characters XML 1.0 does not
// allow (C0 controls but tab and line breaks, U+FFFE, U+FFFF) become U+FFFD;
// in attributes tab and line breaks are character references, so attribute
// value normalisation does not turn them into spaces.
std::string xml_escape(std::string_view text, bool attribute) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  const std::string valid = sanitize_utf8(text);
  std::string out;
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const char c = valid[i];
    if (c == '\xEF' && i + 2 < valid.size() && valid[i + 1] == '\xBF' &&
        (valid[i + 2] == '\xBE' || valid[i + 2] == '\xBF')) {
      out += kReplacement;
      i += 2;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += kReplacement;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value, true) + "\"";
}

// What one rule's test case reports: the lines of its failure (the check
// fails because of them) and the lines only reported (system-out).
struct RuleOutcome {
  std::vector<std::string> failing, reported;
};

std::map<std::string, RuleOutcome> outcomes(const CheckResult& r, Severity fail_on) {
  std::map<std::string, RuleOutcome> out;
  for (const Violation& v : r.violations) {
    const std::string line = where(v, r) + ": " + one_line(v.message);
    const bool fails = is_new(v) && v.severity >= fail_on;
    if (fails) {
      out[v.rule].failing.push_back(line);
    } else {
      const std::string why = is_new(v) ? " (new, " + std::string(to_string(v.severity)) + ")" : " (in the baseline)";
      out[v.rule].reported.push_back("[" + v.rule + "] " + line + why);
    }
  }
  for (const Violation& v : r.stale) {
    const std::string line = baseline_file(r) + ": " + one_line(stale_message(v));
    if (r.allow_stale) {
      out[v.rule].reported.push_back("[" + v.rule + "] " + line + " (allowed)");
    } else {
      out[v.rule].failing.push_back(line);
    }
  }
  return out;
}

std::string junit_properties(const CheckResult& r, const CheckReportInfo& info) {
  std::string out = "  <properties>\n";
  const auto property = [&out](std::string_view name, std::string_view value) {
    out += "    <property" + attr("name", name) + attr("value", value) + "/>\n";
  };
  property("cleave.version", info.tool_version);
  property("architecture", architecture_file(r));
  property("baseline", r.baseline_file);
  property("fail_on", to_string(info.fail_on));
  property("allow_stale", r.allow_stale ? "true" : "false");
  return out + "  </properties>\n";
}

// The Ant schema (junit.xsd) requires a timestamp and a host name. A fixed
// epoch timestamp and "localhost" (the schema's own fallback) keep the
// output byte-identical between runs, so CI can compare or cache it.
std::string render_junit(const CheckResult& r, const CheckReportInfo& info) {
  const std::vector<const Rule*> rules = arc_rules();
  const std::map<std::string, RuleOutcome> by_rule = outcomes(r, info.fail_on);
  std::string cases, system_out;
  std::size_t failures = 0;
  for (const Rule* rule : rules) {
    const std::string name = std::string(rule->id) + ": " + std::string(rule->summary);
    cases += "  <testcase" + attr("name", name) + attr("classname", "cleave.architecture") + attr("time", "0");
    const auto it = by_rule.find(std::string(rule->id));
    if (it == by_rule.end() || it->second.failing.empty()) {
      cases += "/>\n";
    } else {
      ++failures;
      const std::vector<std::string>& lines = it->second.failing;
      std::string text;
      for (const std::string& line : lines) text += line + "\n";
      cases += ">\n    <failure" +
               attr("message", plural(lines.size(), "failure", "failures") + " of " + std::string(rule->id) + ": " +
                                   std::string(rule->remedy)) +
               attr("type", rule->id) + ">" + xml_escape(text, false) + "</failure>\n  </testcase>\n";
    }
    if (it != by_rule.end()) {
      for (const std::string& line : it->second.reported) system_out += line + "\n";
    }
  }
  system_out += summary(r, info);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuite" + attr("name", "cleave check") + attr("timestamp", "1970-01-01T00:00:00") +
         attr("hostname", "localhost") + attr("tests", std::to_string(rules.size())) +
         attr("failures", std::to_string(failures)) + attr("errors", "0") + attr("time", "0") + ">\n";
  out += junit_properties(r, info);
  out += cases;
  out += "  <system-out>" + xml_escape(system_out, false) + "</system-out>\n";
  out += "  <system-err></system-err>\n</testsuite>\n";
  return out;
}

// ---------------------------------------------------------------- GitHub

// Workflow command data: '%' first, then line breaks (GitHub's toolkit
// escapeData); properties additionally ':' and ',' (escapeProperty). Other
// control characters become spaces.
std::string github_escape(std::string_view text, bool property) {
  std::string out;
  for (const char c : sanitize_utf8(text)) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:  // no other control character reaches the log (a terminal escape, a bell)
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    }
  }
  return out;
}

std::string_view github_command(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "notice";
  }
  return "error";
}

std::string github_line(Severity severity, const std::string& file, unsigned line, unsigned column,
                        const std::string& rule, const std::string& message) {
  std::vector<std::string> properties;
  if (!file.empty()) properties.push_back("file=" + github_escape(file, true));
  if (!file.empty() && line > 0) properties.push_back("line=" + std::to_string(line));
  if (!file.empty() && line > 0 && column > 0) properties.push_back("col=" + std::to_string(column));
  properties.push_back("title=" + github_escape(rule, true));
  std::string out = "::" + std::string(github_command(severity)) + " ";
  for (std::size_t i = 0; i < properties.size(); ++i) out += (i > 0 ? "," : "") + properties[i];
  return out + "::" + github_escape(message, false) + "\n";
}

// Only what needs a reader's attention on the pull request: new violations
// and stale entries. Baselined ones are in the text output's summary.
std::string render_github(const CheckResult& r) {
  std::string out;
  for (const Violation& v : r.violations) {
    if (!is_new(v)) continue;
    out += github_line(v.severity, v.location.file, v.location.line, v.location.column, v.rule, v.message);
  }
  for (const Violation& v : r.stale)
    out += github_line(stale_severity(r), r.baseline_file, 0, 0, v.rule, stale_message(v));
  return out;
}

// ---------------------------------------------------------------- JSON

Json violation_json(const Violation& v) {
  Json j{{"rule", v.rule},
         {"severity", to_string(v.severity)},
         {"state", check::to_string(v.state)},
         {"from", v.from},
         {"to", v.to},
         {"message", v.message}};
  j["file"] = v.location.file.empty() ? Json(nullptr) : Json(v.location.file);
  j["line"] = v.location.line > 0 ? Json(v.location.line) : Json(nullptr);
  j["column"] = v.location.column > 0 ? Json(v.location.column) : Json(nullptr);
  j["fingerprint"] = v.fingerprint;
  return j;
}

std::string render_json(const CheckResult& r, const CheckReportInfo& info) {
  const Counts c = count(r);
  Json doc{{"version", 1}, {"architecture", architecture_file(r)}};
  doc["baseline"] = r.baseline_file.empty() ? Json(nullptr) : Json(r.baseline_file);
  doc["passed"] = !check::fails(r, info.fail_on);
  doc["summary"] = {{"violations", r.violations.size()},
                    {"new", c.fresh},
                    {"baselined", c.baselined},
                    {"stale", r.stale.size()},
                    {"contexts", r.contexts},
                    {"units", r.units},
                    {"tables", r.tables}};
  doc["violations"] = Json::array();
  for (const Violation& v : r.violations) doc["violations"].push_back(violation_json(v));
  doc["stale"] = Json::array();
  for (const Violation& v : r.stale) doc["stale"].push_back(violation_json(v));
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// ---------------------------------------------------------------- Markdown

// A PR comment holds at most 65,536 characters: long lists show their first
// rows and say how many more the text output has.
constexpr std::size_t kMaxMdRows = 50;

std::string md_more(std::size_t total) {
  if (total <= kMaxMdRows) return "";
  return "\n... and " + std::to_string(total - kMaxMdRows) + " more (the text output lists all).\n";
}

std::string md_table(const std::vector<const Violation*>& rows, const CheckResult& r) {
  std::string out = "| Rule | Severity | Where | Message |\n| --- | --- | --- | --- |\n";
  for (std::size_t i = 0; i < rows.size() && i < kMaxMdRows; ++i) {
    const Violation& v = *rows[i];
    out += "| " + md_code_cell(v.rule) + " | " + std::string(to_string(v.severity)) + " | " +
           md_code_cell(where(v, r)) + " | " + md_escape(v.message) + " |\n";
  }
  return out + md_more(rows.size());
}

std::string md_stale(const CheckResult& r) {
  std::string out = "\n#### Stale baseline entries\n\nThese entries of " + md_code(baseline_file(r)) +
                    " no longer occur in the code" + (r.allow_stale ? " (allowed by --allow-stale)" : "") +
                    "; remove them (`cleave baseline` rewrites the file).\n\n";
  for (std::size_t i = 0; i < r.stale.size() && i < kMaxMdRows; ++i) {
    const Violation& v = r.stale[i];
    out += "- " + md_code(v.rule) + " " + md_code(one_line(v.from));
    if (!v.to.empty()) out += " → " + md_code(one_line(v.to));
    out += "\n";
  }
  return out + md_more(r.stale.size());
}

std::string render_markdown(const CheckResult& r, const CheckReportInfo& info) {
  const Counts c = count(r);
  const bool failed = check::fails(r, info.fail_on);
  std::string out = failed ? "### ❌ cleave check failed\n\n" : "### ✅ cleave check passed\n\n";
  out += plural(c.fresh, "new violation", "new violations") + ", " + std::to_string(c.baselined) +
         " in the baseline, " + plural(r.stale.size(), "stale baseline entry", "stale baseline entries") + " (" +
         plural(r.contexts, "context", "contexts") + ", " + plural(r.units, "unit", "units") + ", " +
         plural(r.tables, "table", "tables") + " checked against " + md_code(architecture_file(r)) + ").\n";
  std::vector<const Violation*> fresh, baselined;
  for (const Violation& v : r.violations) (is_new(v) ? fresh : baselined).push_back(&v);
  if (!fresh.empty()) out += "\n#### New violations\n\n" + md_table(fresh, r);
  if (!baselined.empty()) {
    out += "\n<details>\n<summary>" + plural(baselined.size(), "violation", "violations") +
           " in the baseline (reported, not failing)</summary>\n\n" + md_table(baselined, r) + "\n</details>\n";
  }
  if (!r.stale.empty()) out += md_stale(r);
  return out;
}

}  // namespace

std::vector<std::string> check_format_names() { return {"text", "sarif", "junit", "github", "json", "md"}; }

std::string render_check(const check::CheckResult& r, std::string_view format, const CheckReportInfo& info) {
  if (format == "text") return render_text(r, info);
  if (format == "sarif") return render_sarif(r, info);
  if (format == "junit") return render_junit(r, info);
  if (format == "github") return render_github(r);
  if (format == "json") return render_json(r, info);
  if (format == "md") return render_markdown(r, info);
  std::string known;
  for (const std::string& name : check_format_names()) known += (known.empty() ? "" : ", ") + name;
  throw std::invalid_argument("unknown check format '" + std::string(format) + "' (one of: " + known + ")");
}

}  // namespace cleave::report
