#include "tests/reports/predicates.hpp"

#include "reports/cml/cml_report.hpp"
#include "reports/common/escape.hpp"
#include "reports/dot/dot_report.hpp"
#include "reports/html/html_report.hpp"
#include "reports/markdown/markdown_report.hpp"
#include "tests/reports/fixture.hpp"

#include <sstream>

namespace cleave::report::testing {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Rows of the Markdown table under a "## heading".
std::vector<std::vector<std::string>> md_table(const std::string& text, const std::string& heading) {
  std::vector<std::vector<std::string>> rows;
  bool in = false;
  for (const auto& l : lines_of(text)) {
    if (l.rfind("## ", 0) == 0) in = l == "## " + heading;
    if (in && l.rfind("| ", 0) == 0) rows.push_back(md_cells(l));
  }
  if (rows.size() >= 1) rows.erase(rows.begin());  // header
  return rows;
}

// The text of a brace block that starts with `opener`.
std::string block(const std::string& text, const std::string& opener) {
  auto start = text.find(opener);
  if (start == std::string::npos) return {};
  int depth = 0;
  for (std::size_t i = text.find('{', start); i < text.size(); ++i) {
    if (text[i] == '{') ++depth;
    if (text[i] == '}' && --depth == 0) return text.substr(start, i - start + 1);
  }
  return {};
}

// The DOT label of the node whose quoted ID is `id`, line breaks as '\n'.
std::string dot_label(const std::string& text, const std::string& id) {
  for (const auto& l : lines_of(text)) {
    std::string head = "  " + dot_quote(id) + " [";
    if (l.rfind(head, 0) != 0) continue;
    auto p = l.find("label=\"");
    if (p == std::string::npos) return {};
    std::string label;
    for (std::size_t i = p + 7; i < l.size() && l[i] != '"'; ++i) {
      if (l[i] == '\\' && i + 1 < l.size()) {
        ++i;
        label += l[i] == 'n' ? '\n' : l[i];
      } else {
        label += l[i];
      }
    }
    return label;
  }
  return {};
}

std::string svg_node(const std::string& svg, const std::string& title) {
  auto t = svg.find("<title>" + html_escape(title) + "</title>");
  if (t == std::string::npos) return {};
  auto end = svg.find("<!--", t);
  return svg.substr(t, end == std::string::npos ? std::string::npos : end - t);
}

// The text from a heading to the next heading of the same level.
std::string section(const std::string& text, const std::string& heading, const std::string& next) {
  auto start = text.find(heading);
  if (start == std::string::npos) return {};
  auto end = text.find(next, start + heading.size());
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string summary_of(const std::string& rule) {
  const Rule* r = find_rule(rule);
  return r ? std::string(r->summary) : std::string();
}

bool html_shows_finding(const std::string& t, const std::string& rule, const std::string& message) {
  std::string group = section(t, "<h3 id=\"rule-" + html_escape(slug(rule)) + "\">", "<h3");
  if (group.find("<code>" + html_escape(rule) + "</code> " + html_escape(summary_of(rule))) == std::string::npos) {
    return false;
  }
  return group.find("<td>" + html_escape(message) + "</td>") != std::string::npos;
}

bool md_shows_finding(const std::string& t, const std::string& rule, const std::string& message) {
  std::string group = section(t, "\n### " + md_escape(rule) + ": " + md_escape(summary_of(rule)) + "\n", "\n### ");
  for (const auto& line : lines_of(group)) {
    if (line.rfind("| ", 0) != 0) continue;
    auto cells = md_cells(line);
    if (cells.size() >= 3 && cells[2] == md_escape(message)) return true;
  }
  return false;
}

}  // namespace

// Cells of a Markdown table row, split on unescaped '|', trimmed.
std::vector<std::string> md_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cur;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      cur += line[i];
      cur += line[++i];
    } else if (line[i] == '|') {
      auto b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
      cells.push_back(b == std::string::npos ? "" : cur.substr(b, e - b + 1));
      cur.clear();
    } else {
      cur += line[i];
    }
  }
  return cells;
}

std::vector<FormatProbe> probes_for(const Fixture& f) {
  ReportInput in{f.model, f.proposal, "shop", kRoot, &f.findings};
  std::vector<FormatProbe> probes;

  probes.push_back({"html", render_html(in),
                    [](const std::string& t, const std::string& s) {
                      return t.find("data-service=\"" + html_escape(s) + "\"") != std::string::npos;
                    },
                    [](const std::string& t, const std::string& table, const std::string& s) {
                      return t.find("<tr data-table=\"" + html_escape(table) + "\" data-owner=\"" + html_escape(s) +
                                    "\"") != std::string::npos;
                    },
                    html_shows_finding});

  probes.push_back({"markdown", render_markdown(in),
                    [](const std::string& t, const std::string& s) {
                      for (const auto& row : md_table(t, "Services")) {
                        if (!row.empty() && row[0] == md_escape(s)) return true;
                      }
                      return false;
                    },
                    [](const std::string& t, const std::string& table, const std::string& s) {
                      for (const auto& row : md_table(t, "Table ownership")) {
                        if (row.size() < 2) continue;
                        std::string name = row[0].substr(0, row[0].find(" **(conflict)**"));
                        if (name == md_escape(table) && row[1] == md_escape(s)) return true;
                      }
                      return false;
                    },
                    md_shows_finding});

  auto dot_has = [](const std::string& t, const std::string& s) { return !dot_label(t, "svc:" + s).empty(); };
  auto dot_owns = [](const std::string& t, const std::string& table, const std::string& s) {
    std::string label = dot_label(t, "svc:" + s);
    return ("\n" + label + "\n").find("\n" + table + "\n") != std::string::npos;
  };
  std::string dot = render_services_dot(in);
  probes.push_back({"dot", dot, dot_has, dot_owns});

  probes.push_back({"svg", dot_to_svg(dot),
                    [](const std::string& t, const std::string& s) { return !svg_node(t, "svc:" + s).empty(); },
                    [](const std::string& t, const std::string& table, const std::string& s) {
                      return svg_node(t, "svc:" + s).find(">" + html_escape(table) + "</text>") != std::string::npos;
                    }});

  probes.push_back({"cml", render_cml(in),
                    [](const std::string& t, const std::string& s) {
                      return !block(t, "BoundedContext " + cml_identifier(s, true) + "Context {").empty() &&
                             block(t, "ContextMap").find(cml_identifier(s, true) + "Context") != std::string::npos;
                    },
                    [](const std::string& t, const std::string& table, const std::string& s) {
                      std::string bc = block(t, "BoundedContext " + cml_identifier(s, true) + "Context {");
                      return bc.find("Entity " + cml_identifier(table, true) + " {") != std::string::npos;
                    }});
  return probes;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace cleave::report::testing
