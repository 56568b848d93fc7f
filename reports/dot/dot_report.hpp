// Graphviz output: DOT text written by our own writer, SVG laid out by libgvc
// in-process.
//
// Contract
//  - DOT text is deterministic: nodes and edges sorted, numbers printed with
//    fixed precision, every ID and label quoted and escaped (dot_quote).
//  - The service map shows services, never classes: one node per service
//    (class "service", id "svc-<slug>"), owned tables in its label, one edge
//    per ordered pair of services (parallel dependencies bundled), width and
//    label by call weight, synchronous solid, asynchronous dashed.
//  - A service's class graph shows at most kMaxClassNodes members (the most
//    connected) and kMaxClassEdges edges (the heaviest); edges leaving the
//    service are bundled per target service.
//  - dot_to_svg is deterministic (same DOT, same bytes) and thread-safe
//    (Graphviz is not: calls are serialised). It throws std::runtime_error
//    with Graphviz's message when the DOT does not parse.
#pragma once

#include "reports/common/report_input.hpp"

#include <string>

namespace cleave::report {

inline constexpr std::size_t kMaxClassNodes = 60;
inline constexpr std::size_t kMaxClassEdges = 150;
inline constexpr std::size_t kMaxMapEdges = 200;

std::string render_services_dot(const ReportInput& input);
std::string render_services_dot(const ReportContext& ctx);

// Throws std::invalid_argument when the service does not exist.
std::string render_service_class_dot(const ReportInput& input, const std::string& service);
std::string render_service_class_dot(const ReportContext& ctx, const std::string& service);

std::string dot_to_svg(const std::string& dot);

// The SVG without its XML prolog, DOCTYPE and comments, for inlining in HTML.
std::string svg_for_inline(const std::string& svg);

}  // namespace cleave::report
