#include "reports/check/check_formats.hpp"
namespace cleave::report {
std::string render_check(const check::CheckResult& r, std::string_view, const CheckReportInfo&) {
  std::string out;
  for (const auto& v : r.violations)
    out += v.location.file + ":" + std::to_string(v.location.line) + ": " + std::string(to_string(v.severity)) + ": [" +
           v.rule + "] " + v.message + " {" + std::string(check::to_string(v.state)) + "}\n";
  for (const auto& v : r.stale) out += "stale: [" + v.rule + "] " + v.from + " -> " + v.to + "\n";
  return out;
}
}  // namespace cleave::report
