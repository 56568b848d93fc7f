// The pictures of report.html (issue 18): the extraction roadmap, each saga
// as a sequence diagram, table ownership as a heat map, and a god class's
// split. Hand-built inline SVG: no layout engine, no script, no fetch.
// Internal to reports/html.
//
// Contract
//  - Each function returns an HTML fragment: a <div class="svgbox picture">
//    holding one <svg role="img"> with an aria-label and a <title> that say
//    what it shows in words; "" when there is nothing to draw.
//  - Every text from the analysed code is escaped (html_escape) in text,
//    attributes and tooltips; long names are shortened with an ellipsis on
//    the picture and given in full in the tooltip (<title>).
//  - Deterministic: the layout depends on the data only (no text
//    measurement; widths come from character counts).
//  - Marks tests and the browser test count: roadmap g.step (g.step.keep for
//    services to keep long-running); saga g.lifeline per participant,
//    g.orchestrator, path.forward / path.compensation arrows; heat map g.cell
//    per (table, service) with CRUD letters, rect.owner-mark, g.row.conflict;
//    split g.god and g.part per receiving service.
#pragma once

#include "reports/common/report_input.hpp"

#include <cstddef>
#include <string>

namespace cleave::report::html {

// Rows of the heat map at most; past it, the tables most services reach
// (conflicts first) are drawn and the note says how many were left out.
inline constexpr std::size_t kHeatMapRows = 200;

// Steps by rank, top to bottom: the service, what it takes along (classes,
// functions, tables, the APIs and events it will offer), its impact score
// and, when the proposal carries fitness, its verdict.
std::string roadmap_picture(const ReportContext& ctx);

// Lifelines for the saga's orchestrator and each participating service; the
// forward steps in order, then the compensations as dashed return arrows in
// the order they would run (reverse).
std::string saga_picture(const DistributedTransaction& t);

// Rows: tables some code accesses; columns: services, and "(no service)"
// when code no service owns reaches a table. A note above the picture says
// how many tables it leaves out and why.
std::string ownership_heat_map(const ReportContext& ctx);

// The class on top, one box per service its methods go to, with the methods.
std::string split_picture(const SplitClass& c);

}  // namespace cleave::report::html
