#include "reports/dot/dot_report.hpp"

#include "reports/common/escape.hpp"
#include "reports/common/service_facts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace cleave::report {
namespace {

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Width grows with the logarithm of the weight: a 1000-call edge must not
// hide the map.
std::string pen_width(unsigned weight) {
  return fixed2(std::min(6.0, 1.0 + std::log2(1.0 + static_cast<double>(weight)) / 2.0));
}

constexpr std::size_t kMaxTablesInLabel = 8;

// Graphviz's crossing minimisation and spline routing grow fast with edges:
// a 45-node, 150-edge class graph took 2-7 s. Dense graphs get bounded
// iterations and straight edges (0.1 s); sparse ones keep curved splines.
constexpr std::size_t kDenseEdges = 40;

std::string layout_attrs(std::size_t edges) {
  if (edges <= kDenseEdges) return "";
  return ", mclimit=0.2, nslimit=1, nslimit1=1, searchsize=20, splines=line";
}

std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}
std::string classes(std::size_t n) { return std::to_string(n) + (n == 1 ? " class" : " classes"); }

constexpr std::size_t kMaxKernelUsersInLabel = 6;

// The shared kernel as a node of its own, with the services that use it:
// named in its label, and joined to it by dotted lines when some services do
// not use it and the map is sparse enough to afford them.
void kernel_node(std::ostream& out, const ReportContext& ctx, bool sparse) {
  const Proposal& p = ctx.proposal();
  if (p.shared_kernel_classes.empty() && p.shared_kernel_functions.empty()) return;
  const std::vector<std::string> users = kernel_users(ctx);
  const bool everyone = !users.empty() && users.size() == ctx.service_names().size();
  std::vector<std::string> lines{"shared kernel (a library)", classes(p.shared_kernel_classes.size()) + ", " +
                                                                  plural(p.shared_kernel_functions.size(), "function")};
  std::string all;
  for (const auto& u : users) all += (all.empty() ? "" : ", ") + u;
  if (users.empty()) {
    lines.push_back("used by no service");
  } else if (everyone) {
    lines.push_back("used by every service (" + std::to_string(users.size()) + ")");
  } else {
    lines.push_back("used by " + plural(users.size(), "service") + ":");
    for (std::size_t i = 0; i < users.size() && i < kMaxKernelUsersInLabel; ++i) lines.push_back(users[i]);
    if (users.size() > kMaxKernelUsersInLabel) {
      lines.push_back("+" + std::to_string(users.size() - kMaxKernelUsersInLabel) + " more");
    }
  }
  out << "  \"kernel\" [id=\"map-kernel\", class=\"kernel\", URL=\"#shared-kernel\", shape=folder, "
         "style=\"filled,dashed\", fillcolor=\"#f4f4f4\", color=\"#777777\", label="
      << dot_quote_lines(lines) << ", tooltip="
      << dot_quote("shared kernel, " + (users.empty() ? std::string("used by no service") : "used by " + all))
      << "];\n";
  if (!sparse || everyone) return;
  for (const std::string& u : users) {
    out << "  " << dot_quote("svc:" + u)
        << " -> \"kernel\" [style=dotted, color=\"#999999\", arrowhead=none, class=\"kernel-use\", tooltip="
        << dot_quote(u + " links the shared kernel") << "];\n";
  }
}

// "3. billing" (its extraction step), its size, then its tables.
std::string service_label(const ReportContext& ctx, const Service& s) {
  const CutCost cost = cut_cost(ctx, s.name);
  std::vector<std::string> lines{(cost.ranked ? std::to_string(cost.step) + ". " : std::string()) + s.name};
  lines.push_back(classes(s.classes.size()) + ", " + plural(s.functions.size(), "function") + ", " +
                  plural(s.tables.size(), "table"));
  if (!s.tables.empty()) {
    std::vector<std::string> tables = s.tables;
    std::sort(tables.begin(), tables.end());
    lines.push_back("");
    for (std::size_t i = 0; i < tables.size() && i < kMaxTablesInLabel; ++i) lines.push_back(tables[i]);
    if (tables.size() > kMaxTablesInLabel) {
      lines.push_back("+" + std::to_string(tables.size() - kMaxTablesInLabel) + " more");
    }
  }
  return dot_quote_lines(lines);
}

void edge_style(std::ostream& out, const std::string& style) {
  if (style == "async") {
    out << ", style=dashed, arrowhead=vee, color=\"#1f6fb2\", class=\"async\"";
  } else if (style == "mixed") {
    out << ", color=\"#444444:#1f6fb2\", class=\"mixed\"";
  } else {
    out << ", color=\"#444444\", class=\"sync\"";
  }
}

// A map people can read: past a budget of edges (twice the services, at most
// kDenseEdges so curved splines stay affordable), keep for every service its
// strongest outgoing dependency, then, while the budget lasts, for every
// service still without an incoming arrow its strongest caller, then fill
// the budget by weight. On
// opentibiabr/canary (27 services, 266 dependencies) keeping two outgoing and
// one incoming per service drew 72 arrows, and no layout of 72 arrows over
// 27 boxes was readable. Ties break by name, so the choice is deterministic.
std::vector<ServiceLink> legible_links(std::vector<ServiceLink> links, std::size_t services) {
  const std::size_t budget = std::min<std::size_t>(kDenseEdges, std::max<std::size_t>(24, 2 * services));
  if (links.size() <= budget) return links;
  std::stable_sort(links.begin(), links.end(), [](const ServiceLink& a, const ServiceLink& b) {
    return std::tie(b.weight, a.from, a.to) < std::tie(a.weight, b.from, b.to);
  });
  std::vector<bool> keep(links.size(), false);
  std::set<std::string> has_out, has_in;
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (has_out.insert(links[i].from).second) {
      keep[i] = true;
      has_in.insert(links[i].to);
    }
  }
  std::size_t kept = has_out.size();
  for (std::size_t i = 0; i < links.size() && kept < budget; ++i) {
    if (!keep[i] && has_in.insert(links[i].to).second) {
      keep[i] = true;
      ++kept;
    }
  }
  for (std::size_t i = 0; i < links.size() && kept < budget; ++i) {
    if (!keep[i]) {
      keep[i] = true;
      ++kept;
    }
  }
  std::vector<ServiceLink> out;
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (keep[i]) out.push_back(links[i]);
  }
  std::sort(out.begin(), out.end(),
            [](const ServiceLink& a, const ServiceLink& b) { return std::tie(a.from, a.to) < std::tie(b.from, b.to); });
  return out;
}

}  // namespace

std::string render_services_dot(const ReportInput& input) { return render_services_dot(ReportContext(input)); }

std::string render_services_dot(const ReportContext& ctx) {
  std::ostringstream out;
  out << "digraph services {\n"
      << "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=10, nodesep=0.4, ranksep=0.8, bgcolor=\"transparent\"";
  std::vector<ServiceLink> links = ctx.links();
  const std::size_t all_links = links.size();
  links = legible_links(std::move(links), ctx.service_names().size());
  const std::size_t dropped = all_links - links.size();
  out << layout_attrs(links.size());
  if (dropped > 0) {
    out << ", label="
        << dot_quote(std::to_string(dropped) + " lighter dependencies not drawn (the dependency matrix has them all)")
        << ", labelloc=b";
  }
  out << "];\n"
      << "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef4fb\", color=\"#3b6ea5\", "
         "fontname=\"Helvetica\", fontsize=11];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9, fontcolor=\"#333333\"];\n";
  for (const std::string& name : ctx.service_names()) {
    const Service* s = ctx.service(name);
    out << "  " << dot_quote("svc:" + name) << " [id=" << dot_quote("svc-" + slug(name))
        << ", class=\"service\", label=" << service_label(ctx, *s) << ", tooltip="
        << dot_quote(name + ": " + std::to_string(s->classes.size()) + " classes, " +
                     std::to_string(s->functions.size()) + " functions, " + std::to_string(s->tables.size()) +
                     " tables")
        << ", URL=" << dot_quote("#service/" + slug(name)) << "];\n";
  }
  for (const ServiceLink& l : links) {
    if (!ctx.service(l.from) || !ctx.service(l.to)) continue;
    out << "  " << dot_quote("svc:" + l.from) << " -> "
        << dot_quote("svc:" + l.to)
        // Dense maps label edges outside the layout (xlabel): a label is a
        // node to dot, and dozens of them bend straight edges into a fan.
        << " [" << (links.size() > kDenseEdges ? "xlabel=" : "label=") << dot_quote(std::to_string(l.weight))
        << ", penwidth=" << pen_width(l.weight) << ", tooltip="
        << dot_quote(l.from + " calls " + l.to + " (" + l.style + ", weight " + std::to_string(l.weight) + ")");
    edge_style(out, l.style);
    out << "];\n";
  }
  kernel_node(out, ctx, links.size() + ctx.service_names().size() <= kDenseEdges);
  out << "}\n";
  return out.str();
}

std::string render_service_class_dot(const ReportInput& input, const std::string& service) {
  return render_service_class_dot(ReportContext(input), service);
}

namespace {

struct Bundle {
  unsigned weight = 0;
  std::set<EdgeKind> kinds;
};

// A service's edges, bundled by endpoint: between its members, from a member
// to another service, from another service to a member.
struct ClassEdges {
  std::map<std::pair<std::string, std::string>, Bundle> internal;  // member -> member
  std::map<std::pair<std::string, std::string>, Bundle> outgoing;  // member -> service
  std::map<std::pair<std::string, std::string>, Bundle> incoming;  // service -> member
  std::map<std::string, unsigned> degree;                          // member -> weight of its edges
};

ClassEdges bundle_class_edges(const ReportContext& ctx, const std::string& svc, const std::set<std::string>& members) {
  ClassEdges out;
  for (const std::string& m : members) out.degree[m] = 0;
  auto add = [](Bundle& b, const ModelEdge& e) {
    b.weight += e.weight;
    b.kinds.insert(e.kind);
  };
  for (const ModelEdge& e : ctx.model().class_edges) {
    if (e.kind == EdgeKind::MemberOf || e.kind == EdgeKind::Include || e.from == e.to) continue;
    const Symbol* from = ctx.symbol(e.from);
    const Symbol* to = ctx.symbol(e.to);
    if (!from || !to) continue;
    bool from_in = members.count(from->name) > 0;
    bool to_in = members.count(to->name) > 0;
    if (from_in && to_in) {
      if (from->name == to->name) continue;
      add(out.internal[{from->name, to->name}], e);
    } else if (from_in) {
      std::string other = ctx.service_of_symbol(e.to);
      if (other.empty() || other == svc) continue;
      add(out.outgoing[{from->name, other}], e);
    } else if (to_in) {
      std::string other = ctx.service_of_symbol(e.from);
      if (other.empty() || other == svc) continue;
      add(out.incoming[{other, to->name}], e);
    } else {
      continue;
    }
    if (from_in) out.degree[from->name] += e.weight;
    if (to_in) out.degree[to->name] += e.weight;
  }
  return out;
}

struct Drawn {
  std::string from, to;  // node ids: "m:<member>" or "svc:<service>"
  Bundle bundle;
};

// What one class graph draws, within kMaxClassNodes and kMaxClassEdges.
struct ClassGraph {
  std::vector<std::string> shown;  // members, sorted
  std::vector<Drawn> drawn;        // sorted by (from, to)
  std::set<std::string> others;    // services at the far end of drawn edges
  std::size_t hidden = 0, hidden_edges = 0;
  std::size_t isolated = 0;  // members left out because no drawn edge touches them
};

ClassGraph choose_class_graph(const std::set<std::string>& members, ClassEdges edges) {
  ClassGraph g;
  // Keep the most connected members when the service is large.
  g.shown.assign(members.begin(), members.end());
  if (g.shown.size() > kMaxClassNodes) {
    std::stable_sort(g.shown.begin(), g.shown.end(),
                     [&](const std::string& a, const std::string& b) { return edges.degree[a] > edges.degree[b]; });
    g.hidden = g.shown.size() - kMaxClassNodes;
    g.shown.resize(kMaxClassNodes);
    std::sort(g.shown.begin(), g.shown.end());
  }
  std::set<std::string> shown_set(g.shown.begin(), g.shown.end());
  for (const auto& [key, b] : edges.internal) {
    if (shown_set.count(key.first) && shown_set.count(key.second)) {
      g.drawn.push_back({"m:" + key.first, "m:" + key.second, b});
    }
  }
  for (const auto& [key, b] : edges.outgoing) {
    if (shown_set.count(key.first)) g.drawn.push_back({"m:" + key.first, "svc:" + key.second, b});
  }
  for (const auto& [key, b] : edges.incoming) {
    if (shown_set.count(key.second)) g.drawn.push_back({"svc:" + key.first, "m:" + key.second, b});
  }
  if (g.drawn.size() > kMaxClassEdges) {
    std::stable_sort(g.drawn.begin(), g.drawn.end(),
                     [](const Drawn& a, const Drawn& b) { return a.bundle.weight > b.bundle.weight; });
    g.hidden_edges = g.drawn.size() - kMaxClassEdges;
    g.drawn.resize(kMaxClassEdges);
    std::sort(g.drawn.begin(), g.drawn.end(),
              [](const Drawn& a, const Drawn& b) { return std::tie(a.from, a.to) < std::tie(b.from, b.to); });
  }
  std::set<std::string> touched;
  for (const Drawn& d : g.drawn) {
    for (const std::string& end : {d.from, d.to}) {
      if (end.rfind("svc:", 0) == 0) g.others.insert(end.substr(4));
      if (end.rfind("m:", 0) == 0) touched.insert(end.substr(2));
    }
  }
  const std::size_t before = g.shown.size();
  g.shown.erase(std::remove_if(g.shown.begin(), g.shown.end(), [&](const std::string& m) { return !touched.count(m); }),
                g.shown.end());
  g.isolated = before - g.shown.size();
  return g;
}

// What the edge styles mean, drawn with the styles themselves.
void class_legend(std::ostream& out) {
  struct Kind {
    const char* label;
    const char* attrs;
  };
  static constexpr Kind kKinds[] = {{"calls (label: weight)", ""},
                                    {"inherits from", ", arrowhead=empty"},
                                    {"holds as a field", ", arrowhead=odiamond"},
                                    {"uses the type", ", style=dotted"}};
  out << "  subgraph cluster_legend {\n    graph [label=\"Legend\", fontsize=9, color=\"#cccccc\", "
         "style=rounded, id=\"legend\"];\n    node [shape=plaintext, label=\"\", width=0.2, height=0.2, "
         "fixedsize=true];\n";
  for (std::size_t i = 0; i < std::size(kKinds); ++i) {
    const std::string a = "legend:" + std::to_string(i) + "a", b = "legend:" + std::to_string(i) + "b";
    out << "    " << dot_quote(a) << "; " << dot_quote(b) << ";\n    " << dot_quote(a) << " -> " << dot_quote(b)
        << " [label=" << dot_quote(kKinds[i].label) << kKinds[i].attrs << ", class=\"legend\"];\n";
  }
  out << "    \"legend:svc\" [label=\"other service\", shape=box, style=\"rounded,dashed\", color=\"#888888\", "
         "fontcolor=\"#555555\", fixedsize=false, fontsize=9];\n  }\n";
}

void write_class_graph(std::ostream& out, const ReportContext& ctx, const std::string& service, const ClassGraph& g) {
  std::string title = service;
  if (g.hidden) title += " (" + std::to_string(g.hidden) + " less connected members not drawn)";
  if (g.hidden_edges) title += " (" + std::to_string(g.hidden_edges) + " lighter edges not drawn)";
  if (g.isolated) title += " (" + plural(g.isolated, "member") + " without an edge left out)";
  out << "digraph " << dot_quote("service:" + service) << " {\n"
      << "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=10, bgcolor=\"transparent\", label=" << dot_quote(title)
      << ", labelloc=t" << layout_attrs(g.drawn.size()) << "];\n"
      << "  node [shape=box, style=\"filled\", fillcolor=\"#ffffff\", color=\"#3b6ea5\", fontname=\"Helvetica\", "
         "fontsize=10];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\"];\n";
  for (const std::string& m : g.shown) {
    const Symbol* s = ctx.symbol_by_name(m);
    bool is_class = s && s->kind == SymbolKind::Class;
    std::string where = s ? ctx.where(s->loc) : std::string();
    out << "  " << dot_quote("m:" + m) << " [label=" << dot_quote(m)
        << ", tooltip=" << dot_quote(where.empty() ? m : m + " (" + where + ")")
        << (is_class ? ", class=\"class\"" : ", class=\"function\", shape=ellipse") << "];\n";
  }
  for (const std::string& o : g.others) {
    out << "  " << dot_quote("svc:" + o) << " [label=" << dot_quote("service " + o)
        << ", shape=box, style=\"rounded,dashed\", color=\"#888888\", fontcolor=\"#555555\", class=\"external\", URL="
        << dot_quote("#service/" + slug(o)) << "];\n";
  }
  for (const Drawn& d : g.drawn) {
    const Bundle& b = d.bundle;
    out << "  " << dot_quote(d.from) << " -> " << dot_quote(d.to) << " [label=" << dot_quote(std::to_string(b.weight))
        << ", penwidth=" << pen_width(b.weight);
    if (b.kinds.count(EdgeKind::Inherits)) {
      out << ", arrowhead=empty";
    } else if (b.kinds.count(EdgeKind::FieldType)) {
      out << ", arrowhead=odiamond";
    } else if (!b.kinds.count(EdgeKind::Call)) {
      out << ", style=dotted";
    }
    out << "];\n";
  }
  class_legend(out);
  out << "}\n";
}

}  // namespace

std::string render_service_class_dot(const ReportContext& ctx, const std::string& service) {
  const Service* svc = ctx.service(service);
  if (!svc) throw std::invalid_argument("no service named '" + service + "'");
  // Members by qualified name; symbols resolve their ids for the edges.
  std::set<std::string> members(svc->classes.begin(), svc->classes.end());
  members.insert(svc->functions.begin(), svc->functions.end());
  const ClassGraph graph = choose_class_graph(members, bundle_class_edges(ctx, service, members));
  std::ostringstream out;
  write_class_graph(out, ctx, service, graph);
  return out.str();
}

}  // namespace cleave::report
