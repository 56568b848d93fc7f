// Graphviz output: DOT text written by our own writer, SVG laid out by libgvc
// in-process.
//
// Contract
//  - DOT text is deterministic: nodes and edges sorted, numbers printed with
//    fixed precision, every ID and label quoted and escaped (dot_quote).
//  - The service map shows services, never classes: one node per service
//    (class "service", id "svc-<slug>") labelled with its extraction step,
//    its size (classes, functions, tables) and its owned tables; one edge per
//    ordered pair of services with calls (parallel dependencies bundled, a
//    dependency of call weight 0 not drawn), width and label by call weight,
//    synchronous solid, asynchronous dashed; the shared kernel as a node of
//    its own (class "kernel", id "map-kernel") naming the services that use
//    it, dotted lines to them when the map is sparse.
//  - A service's class graph shows at most kMaxClassNodes members (the most
//    connected) and kMaxClassEdges edges (the heaviest); edges leaving the
//    service are bundled per target service; members no drawn edge touches
//    are left out (the title says how many); a legend draws each edge kind.
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
