// A service's page of report.html: on its first screen the cost of the cut
// (calls that become API operations, events, tables that move, foreign keys
// to cut, transactions that become sagas, extraction step and impact score),
// then its sizes and metrics (each once, with tooltips and a glossary), its
// dependencies with calls and its API, its tables and data access, the
// foreign keys and transactions its cut breaks (each saga in words, with its
// pivot), its members and, on demand, its class graph. Internal to
// reports/html.
#pragma once

#include "reports/html/html_writer.hpp"

#include <string>

namespace cleave::report::html {

void service_page(Writer& w, const ReportContext& ctx, const std::string& name);

}  // namespace cleave::report::html
