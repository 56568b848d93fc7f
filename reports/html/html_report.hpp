// The HTML report: one self-contained file an architect opens offline.
//
// Contract
//  - One file, no network: inline CSS and JS, SVG inline (laid out by
//    Graphviz at generation time), and a Content-Security-Policy that
//    forbids every fetch, so a browser never reaches out.
//  - Every value from the analysed code is escaped for its context: HTML
//    text and attributes (html_escape), JSON inside <script> (json_for_script),
//    SVG text (Graphviz escapes what our DOT writer quoted; the hand-built
//    pictures escape as HTML).
//  - Partial analysis (parse failures, unresolved SQL) is announced in a
//    banner on every page, with the details one click away.
//  - Large tables (more than kLazyRows rows) travel as JSON and are rendered
//    by the page in chunks when first shown; per-service class graphs are
//    inert <template>s until opened. The map shows services, never classes.
//  - Findings, when the input carries them, have their own page: one table
//    per rule under its id, summary and remedy (large ones lazy, as above).
//  - Pictures where a table alone would not serve (html_pictures.hpp): the
//    extraction roadmap, each saga as a sequence diagram, the ownership heat
//    map and each god class's split, hand-built inline SVG above the tables
//    that keep every detail.
//  - Serverless fitness, when the proposal carries it, has its own page and
//    a "Lambda fitness" column on the overview (html_fitness.hpp).
//  - Deterministic: no timestamps, everything sorted.
#pragma once

#include "reports/common/report_input.hpp"

#include <string>

namespace cleave::report {

inline constexpr std::size_t kLazyRows = 150;

// Lays graphs out with Graphviz.
std::string render_html(const ReportInput& input);
// Lays graphs out through the context, which keeps each layout for the run.
std::string render_html(const ReportContext& ctx);

}  // namespace cleave::report
