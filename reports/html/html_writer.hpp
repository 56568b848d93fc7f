// The pieces every page of report.html is written with: cells, filterable
// tables (lazy past kLazyRows), cards and the links between pages. Internal
// to reports/html; the pages live in html_report.cpp and html_fitness.cpp.
//
// Contract
//  - Every text a Cell or a helper here takes is escaped on output (e());
//    callers pass raw values from the analysed code, never markup.
//  - Rows are written in the order given; sort_rows makes it text order.
#pragma once

#include "reports/common/report_input.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace cleave::report::html {

// A table cell. A class starting with "tag " draws the text as a tag (a
// span inside the cell); a title becomes the cell's tooltip.
struct Cell {
  std::string text;
  std::string href;
  std::string cls;
  std::string title;
};
using Row = std::vector<Cell>;

std::string e(const std::string& text);  // html_escape

std::string service_route(const std::string& name);  // "service/<slug>"
std::string service_href(const std::string& name);   // "#service/<slug>"
Cell service_cell(const std::string& name);          // a link to the service; "(shared kernel)" for ""

class Writer {
 public:
  explicit Writer(const ReportContext& ctx) : ctx_(ctx), lazy_(nlohmann::json::object()) {}

  std::ostringstream out;

  // A table with a filter; rows beyond kLazyRows travel as JSON instead.
  // `header_titles`, when given, holds a tooltip per header ("" for none).
  void table(const std::string& key, const std::vector<std::string>& headers, const std::vector<Row>& rows,
             const std::string& empty_text = "None.", bool force_lazy = false,
             const std::vector<std::string>& header_titles = {});
  void cell(const Cell& c);

  Cell loc(const Location& l) const { return {ctx_.where(l), "", "loc"}; }
  Cell loc_of(const std::string& qualified_name) const { return {ctx_.where_symbol(qualified_name), "", "loc"}; }
  Cell symbol_name(const std::string& usr) const;
  Location symbol_loc(const std::string& usr) const;

  const nlohmann::json& lazy() const { return lazy_; }

 private:
  const ReportContext& ctx_;
  nlohmann::json lazy_;
};

// The SVG of a DOT text for inlining, laid out once per run (ctx.svg); a
// note in its place when Graphviz cannot draw it.
std::string inline_svg(const ReportContext& ctx, const std::string& dot);

// Rows in text order, cell by cell, so the input's order never shows.
void sort_rows(std::vector<Row>& rows);

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ");

// A figure with its label; `title`, when given, is its tooltip.
void card(std::ostream& out, const std::string& number, const std::string& label, bool bad = false,
          const std::string& title = "");

// A metric (metric_words.hpp) as a card: its full name, its meaning and
// direction as the tooltip.
void metric_card(std::ostream& out, const std::string& key, double value);

// A visible glossary of the given metric keys: full name, key, direction,
// meaning. Unknown keys are left out; nothing when none is known.
void metric_glossary(std::ostream& out, const std::vector<std::string>& keys, const std::string& id = "");

}  // namespace cleave::report::html
