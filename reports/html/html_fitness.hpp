// The "Serverless fitness" page of report.html (issue 17) and the overview's
// "Lambda fitness" column: per service its verdict, the evidence when it
// should stay long-running, its findings with the Lambda fact each conflicts
// with and the replacement, what downstream would see Lambda's bursts; then
// the shared kernel's findings. Internal to reports/html.
//
// Contract
//  - Shown only when the proposal carries fitness (a proposal from before
//    issue 17, or one read back from an older proposal.json, has none).
//  - Services in name order; findings in the proposal's order (by effort).
//  - Each service's entry is the anchor "#fitness/<slug>", the overview's
//    column links there.
#pragma once

#include "reports/html/html_writer.hpp"

#include <string>

namespace cleave::report::html {

bool has_fitness(const Proposal& proposal);

// A service's fitness; nullptr when the proposal judged it not.
const ServiceFitness* fitness_of(const Proposal& p, const std::string& service);
// CSS classes of a verdict, so it reads at a glance: "verdict ready",
// "verdict changes", "verdict keep"; "verdict" for one this version does not know.
std::string verdict_class(const std::string& verdict);

// The overview cell: the verdict in words, linking to the service's entry.
Cell fitness_cell(const ReportContext& ctx, const std::string& service);

void fitness_page(Writer& w, const ReportContext& ctx);

}  // namespace cleave::report::html
