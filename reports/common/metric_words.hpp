// Metrics in words, the same in every report: the full name of a figure of
// proposal.json's metrics{} (and of each service's and candidate's), what it
// means in one line and which direction is better. One source for report.html
// (tooltips and the glossary) and report.md (the glossary under Metrics); the
// definitions are those of docs/metrics.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cleave::report {

struct MetricWords {
  std::string_view key;      // as in proposal.json: "icp"
  std::string_view name;     // "inter-call percentage"
  std::string_view meaning;  // one line
  std::string_view better;   // "lower is better", "higher is better (at most 1)", "a count"
};

// Every metric a report may show, in the order of docs/metrics.md.
const std::vector<MetricWords>& metric_glossary();

// The entry of `key`; nullptr for a key this version does not know.
const MetricWords* metric_words(std::string_view key);

// "inter-call percentage (icp)"; the key itself when unknown.
std::string metric_title(std::string_view key);

// "Share of calls between units that cross a service boundary. Lower is
// better."; "" when unknown. For tooltips.
std::string metric_tooltip(std::string_view key);

}  // namespace cleave::report
