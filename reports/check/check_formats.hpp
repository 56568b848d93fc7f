// TEMPORARY local stub (not committed)
#pragma once
#include <string>
#include <string_view>
#include "check/check.hpp"
namespace cleave::report {
struct CheckReportInfo {
  std::string tool_version;
  std::string root;
  Severity fail_on = Severity::Error;
};
std::string render_check(const check::CheckResult& r, std::string_view format, const CheckReportInfo& info);
}  // namespace cleave::report
