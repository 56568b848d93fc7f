#include "reports/html/html_writer.hpp"

#include "reports/common/escape.hpp"
#include "reports/common/metric_words.hpp"
#include "reports/dot/dot_report.hpp"
#include "reports/html/html_report.hpp"

#include <algorithm>

namespace cleave::report::html {

using nlohmann::json;

std::string e(const std::string& text) { return html_escape(text); }

std::string service_route(const std::string& name) { return "service/" + slug(name); }
std::string service_href(const std::string& name) { return "#" + service_route(name); }

Cell service_cell(const std::string& name) {
  if (name.empty()) return {"(shared kernel)", "", "muted"};
  return {name, service_href(name), ""};
}

void Writer::table(const std::string& key, const std::vector<std::string>& headers, const std::vector<Row>& rows,
                   const std::string& empty_text, bool force_lazy, const std::vector<std::string>& header_titles) {
  if (rows.empty()) {
    out << "<p class=\"muted\">" << e(empty_text) << "</p>\n";
    return;
  }
  bool lazy = force_lazy || rows.size() > kLazyRows;
  if (lazy) {
    out << "<div class=\"lazy\" data-lazy=\"" << e(key) << "\">";
  } else {
    out << "<div class=\"tbl\">";
  }
  if (lazy || rows.size() > 8) {
    out << "<input class=\"filter\" type=\"search\" placeholder=\"Filter by name\" aria-label=\"Filter\">";
    out << "<span class=\"count\">" << rows.size() << " rows</span>";
  }
  out << "<table><thead><tr>";
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const bool titled = i < header_titles.size() && !header_titles[i].empty();
    out << "<th" << (titled ? " title=\"" + e(header_titles[i]) + "\"" : "") << ">" << e(headers[i]) << "</th>";
  }
  out << "</tr></thead><tbody>";
  if (lazy) {
    json arr = json::array();
    for (const Row& r : rows) {
      json jr = json::array();
      for (const Cell& c : r) {
        if (c.href.empty() && c.cls.empty() && c.title.empty()) {
          jr.push_back(c.text);
        } else if (c.title.empty()) {
          jr.push_back(json::array({c.text, c.href, c.cls}));
        } else {
          jr.push_back(json::array({c.text, c.href, c.cls, c.title}));
        }
      }
      arr.push_back(std::move(jr));
    }
    lazy_[key] = std::move(arr);
  } else {
    for (const Row& r : rows) {
      out << "<tr>";
      for (const Cell& c : r) cell(c);
      out << "</tr>";
    }
  }
  out << "</tbody></table>";
  if (lazy) out << "<div class=\"more\"></div>";
  out << "</div>\n";
}

void Writer::cell(const Cell& c) {
  // A tag is an inline box: on the cell itself it would take the cell out of the table's layout.
  const bool tag = c.cls.rfind("tag ", 0) == 0;
  out << "<td" << (c.cls.empty() || tag ? "" : " class=\"" + e(c.cls) + "\"")
      << (c.title.empty() ? "" : " title=\"" + e(c.title) + "\"") << ">";
  if (tag) out << "<span class=\"" << e(c.cls) << "\">";
  if (!c.href.empty()) {
    out << "<a href=\"" << e(c.href) << "\">" << e(c.text) << "</a>";
  } else {
    out << e(c.text);
  }
  if (tag) out << "</span>";
  out << "</td>";
}

Cell Writer::symbol_name(const std::string& usr) const {
  const Symbol* s = ctx_.symbol(usr);
  return {s ? s->name : usr, "", ""};
}

Location Writer::symbol_loc(const std::string& usr) const {
  const Symbol* s = ctx_.symbol(usr);
  return s ? s->loc : Location{};
}

std::string inline_svg(const ReportContext& ctx, const std::string& dot) {
  try {
    return svg_for_inline(ctx.svg(dot));
  } catch (const std::exception& ex) {
    return "<p class=\"muted\">Graphviz could not draw this graph: " + e(ex.what()) + "</p>";
  }
}

void sort_rows(std::vector<Row>& rows) {
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
      if (a[i].text != b[i].text) return a[i].text < b[i].text;
    }
    return a.size() < b.size();
  });
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

void card(std::ostream& out, const std::string& number, const std::string& label, bool bad, const std::string& title) {
  out << "<div class=\"card" << (bad ? " bad" : "") << "\"" << (title.empty() ? "" : " title=\"" + e(title) + "\"")
      << "><div class=\"n\">" << e(number) << "</div><div class=\"l\">" << e(label) << "</div></div>";
}

void metric_card(std::ostream& out, const std::string& key, double value) {
  card(out, format_number(value), metric_title(key), false, metric_tooltip(key));
}

void metric_glossary(std::ostream& out, const std::vector<std::string>& keys, const std::string& id) {
  std::string items;
  for (const std::string& key : keys) {
    const MetricWords* w = metric_words(key);
    if (!w) continue;
    const std::string code = w->name == key ? "" : " <code>" + e(key) + "</code>";
    items += "<dt title=\"" + e(metric_tooltip(key)) + "\">" + e(std::string(w->name)) + code +
             "</dt><dd><span class=\"better\">" + e(std::string(w->better)) + ".</span> " + e(std::string(w->meaning)) +
             "</dd>";
  }
  if (items.empty()) return;
  out << "<dl class=\"glossary\"" << (id.empty() ? "" : " id=\"" + e(id) + "\"") << ">" << items << "</dl>";
}

}  // namespace cleave::report::html
