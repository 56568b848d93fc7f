// The outputs of `cleave check`: one CheckResult (check/check.hpp) rendered
// as text, SARIF 2.1.0, JUnit XML, GitHub workflow commands, JSON or
// Markdown. A library of its own, so the CLI only picks a name.
//
// Contract
//  - Deterministic: the same result gives byte-identical output (no clock,
//    no host name, no absolute path but info.root in SARIF's SRCROOT).
//  - Every format says the same thing: new violations fail, baselined ones
//    (state Unchanged) are reported but do not, stale baseline entries fail
//    unless allowed; whether the run failed is check::fails(r, info.fail_on).
//  - Text from the analysed code may hold anything (markup, quotes, control
//    characters, invalid UTF-8); each format escapes it for itself.
//  - The rules described are the CLV-ARC-* entries of rule_catalogue(), all
//    of them, whether or not the architecture turned one off.
//  - SARIF validates against the 2.1.0 schema and every result has a
//    location (GitHub code scanning rejects an upload otherwise); JUnit
//    validates against the Ant schema (one test case per rule, failing
//    exactly when the check fails because of that rule).
//  - Markdown fits a PR comment: each list shows its first 50 entries and a
//    count of the rest; text, SARIF, JUnit, JSON and GitHub list everything.
#pragma once

#include "check/check.hpp"
#include "core/findings.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cleave::report {

struct CheckReportInfo {
  std::string tool_version;  // e.g. "0.9.0"
  std::string root;          // absolute project root; SARIF's SRCROOT (file:// URI ending in '/')
  Severity fail_on = Severity::Error;
};

// {"text", "sarif", "junit", "github", "json", "md"}
std::vector<std::string> check_format_names();

// `r` in `format`. Throws std::invalid_argument for an unknown format.
std::string render_check(const check::CheckResult& r, std::string_view format, const CheckReportInfo& info);

}  // namespace cleave::report
