// Shared semantic checks, one implementation per format: the same question
// ("is there a service X?", "is table T owned by X?") asked of every report.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace cleave::report::testing {

struct FormatProbe {
  std::string name;
  std::string text;  // the rendered report
  std::function<bool(const std::string& text, const std::string& service)> has_service;
  std::function<bool(const std::string& text, const std::string& table, const std::string& service)> owns;
  // Empty for formats that carry no findings (DOT, SVG, CML): is there a
  // finding of `rule` with `message`, under a heading with the rule's id and
  // catalogue summary?
  std::function<bool(const std::string& text, const std::string& rule, const std::string& message)> shows_finding;
};

std::vector<FormatProbe> probes_for(const struct Fixture& f);

// Cells of a Markdown table row ("| a | b\\|c |"), split on unescaped '|', trimmed.
std::vector<std::string> md_cells(const std::string& line);

// How often `needle` occurs in `text`, overlapping occurrences included.
std::size_t count(const std::string& text, const std::string& needle);

}  // namespace cleave::report::testing
