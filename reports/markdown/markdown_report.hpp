// Markdown summary for pull-request comments and wikis.
//
// Contract
//  - GitHub-flavoured Markdown; every value from the analysed code goes
//    through md_escape (text, table cells) or md_code / md_code_cell (code
//    and SQL as code spans), so names cannot open links, emphasis or raw
//    HTML. No HTML entities.
//  - Links the service map the `svg` output writes beside it (kServiceMapImage).
//  - Metrics with their full names, direction and meaning (metric_words.hpp);
//    each service's cost of the cut (service_facts.hpp).
//  - Stays small enough for a PR comment: long lists (unresolved SQL, parse
//    failures, transactions) show their first kMaxListed entries and a count.
//  - Partial analysis (parse failures, unresolved SQL) is stated at the top.
//  - Serverless fitness, when the proposal carries it: a verdict per service,
//    each service's findings in the proposal's order, the shared kernel's.
//  - Findings, when the input carries them, close the report: one table per
//    rule under its id, summary and remedy, each capped at kMaxListed rows.
#pragma once

#include "reports/common/report_input.hpp"

#include <string>

namespace cleave::report {

inline constexpr std::size_t kMaxListed = 20;
// The image reference to services.svg, the file the registry's `svg` output writes.
inline constexpr const char* kServiceMapImage = "![Service map](services.svg)";

std::string render_markdown(const ReportInput& input);
std::string render_markdown(const ReportContext& ctx);

}  // namespace cleave::report
