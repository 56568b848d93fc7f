#include "reports/html/html_pictures.hpp"

#include "reports/common/fitness_words.hpp"
#include "reports/html/html_fitness.hpp"
#include "reports/html/html_writer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

namespace cleave::report::html {
namespace {

// One <svg>, written in document order; its size is known at the end.
// Coordinates are whole pixels, so the bytes never depend on float printing.
class Svg {
 public:
  std::ostringstream b;

  void open(const std::string& cls, const std::string& tip, const std::string& attrs = "") {
    b << "<g class=\"" << cls << "\"" << attrs << "><title>" << e(tip) << "</title>";
  }
  void close() { b << "</g>"; }
  void rect(int x, int y, int w, int h, const std::string& cls, int rx = 0) {
    b << "<rect class=\"" << cls << "\" x=\"" << x << "\" y=\"" << y << "\" width=\"" << w << "\" height=\"" << h
      << "\"";
    if (rx > 0) b << " rx=\"" << rx << "\"";
    b << "/>";
  }
  void text(int x, int y, const std::string& t, const std::string& cls = "", const char* anchor = "start") {
    b << "<text x=\"" << x << "\" y=\"" << y << "\"";
    if (!cls.empty()) b << " class=\"" << cls << "\"";
    if (std::string(anchor) != "start") b << " text-anchor=\"" << anchor << "\"";
    b << ">" << e(t) << "</text>";
  }
  void path(const std::string& d, const std::string& cls) { b << "<path class=\"" << cls << "\" d=\"" << d << "\"/>"; }
  // A horizontal arrow from x1 to x2 at y, its head at x2.
  void arrow(int x1, int x2, int y, const std::string& cls) {
    path("M" + std::to_string(x1) + " " + std::to_string(y) + " H" + std::to_string(x2), cls);
    const int back = x2 > x1 ? -9 : 9;
    path("M" + std::to_string(x2) + " " + std::to_string(y) + " l" + std::to_string(back) + " -4 v8 z", "head");
  }
  // A downward arrow head whose tip is at (x, y).
  void head_down(int x, int y) { path("M" + std::to_string(x) + " " + std::to_string(y) + " l-4 -9 h8 z", "head"); }

  // The picture in its box; `label` is both the aria-label and the title.
  std::string finish(const std::string& cls, int w, int h, const std::string& label, bool scroll = false) const {
    std::ostringstream out;
    out << "<div class=\"svgbox picture" << (scroll ? " scroll" : "") << "\"><svg class=\"pic " << cls
        << "\" role=\"img\" aria-label=\"" << e(label) << "\" viewBox=\"0 0 " << w << " " << h << "\" width=\"" << w
        << "\" height=\"" << h << "\"><title>" << e(label) << "</title>" << b.str() << "</svg></div>";
    return out.str();
  }
};

// At most `max` bytes, cut on a character boundary, with an ellipsis when
// shortened. Bytes stand in for widths: no font is measured.
std::string fit(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max > 1 ? max - 1 : 0;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "\u2026";
}

// The end of a name when it is too long: "…Class0::method0" says more than "big::serv…".
std::string fit_tail(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = s.size() - (max > 1 ? max - 1 : 0);
  while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) ++cut;
  return "\u2026" + s.substr(cut);
}

int chars_for(int pixels) { return std::max(4, pixels * 10 / 65); }  // ~6.5 px a character at 12 px

std::string n_of(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string service_label(const std::string& s) { return s.empty() ? "(shared kernel)" : s; }

std::string short_name(const std::string& qualified) {
  auto p = qualified.rfind("::");
  return p == std::string::npos || p + 2 >= qualified.size() ? qualified : qualified.substr(p + 2);
}

// ---- Extraction roadmap ----

// What extracting a service moves out of the monolith, in words.
std::string moves_of(const Service* s) {
  if (!s) return "not among the proposed services";
  std::vector<std::string> tables = s->tables;
  std::sort(tables.begin(), tables.end());
  std::string out = n_of(s->classes.size(), "class", "classes") + ", " +
                    n_of(s->functions.size(), "function", "functions") + " \u00b7 ";
  if (tables.empty()) {
    out += "takes no table";
  } else {
    std::vector<std::string> shown(tables.begin(), tables.begin() + std::min<std::size_t>(tables.size(), 3));
    out += "takes " + n_of(tables.size(), "table", "tables") + " (" + join(shown) +
           (tables.size() > 3 ? ", \u2026" : "") + ")";
  }
  const auto events = static_cast<std::size_t>(
      std::count_if(s->api.begin(), s->api.end(), [](const ApiMember& a) { return a.style == "event"; }));
  out += " \u00b7 creates " + n_of(s->api.size() - events, "API", "APIs") + ", " + n_of(events, "event", "events");
  return out;
}

}  // namespace

std::string roadmap_picture(const ReportContext& ctx) {
  std::vector<ExtractionStep> steps = ctx.proposal().extraction_order;
  if (steps.empty()) return "";
  std::sort(steps.begin(), steps.end(),
            [](const auto& a, const auto& b) { return std::tie(a.rank, a.service) < std::tie(b.rank, b.service); });
  double max_score = 0;
  for (const auto& s : steps) max_score = std::max(max_score, s.score);
  if (max_score <= 0) max_score = 1;
  constexpr int kW = 900, kRow = 64, kTop = 8, kSpine = 28, kBox = 56, kBar = 380, kBarW = 160;
  const int n = static_cast<int>(steps.size());
  Svg svg;
  svg.path("M" + std::to_string(kSpine) + " " + std::to_string(kTop + 27) + " V" +
               std::to_string(kTop + 27 + (n - 1) * kRow),
           "spine");
  std::size_t keep = 0;
  for (int i = 0; i < n; ++i) {
    const ExtractionStep& step = steps[static_cast<std::size_t>(i)];
    const int y = kTop + i * kRow;
    const ServiceFitness* fitness = fitness_of(ctx.proposal(), step.service);
    const std::string verdict = fitness ? fitness->verdict : "";
    const bool keeps = verdict == "keep-long-running";
    keep += keeps ? 1 : 0;
    const std::string moves = moves_of(ctx.service(step.service));
    std::string tip = "Step " + std::to_string(step.rank) + ": extract " + step.service + "; impact score " +
                      format_number(step.score) + "; " + moves;
    if (!verdict.empty()) tip += "; Lambda fitness: " + verdict_words(verdict);
    if (!step.reasons.empty()) tip += "; why: " + join(step.reasons, "; ");
    svg.open(keeps ? "step keep" : "step", tip,
             " data-service=\"" + e(step.service) + "\" data-rank=\"" + std::to_string(step.rank) + "\"");
    svg.b << "<circle class=\"dot\" cx=\"" << kSpine << "\" cy=\"" << y + 27 << "\" r=\"14\"/>";
    svg.text(kSpine, y + 31, std::to_string(step.rank), "num", "middle");
    svg.rect(kBox, y + 2, kW - kBox - 8, 52, "box", 6);
    svg.b << "<a href=\"" << e(service_href(step.service)) << "\">";
    svg.text(kBox + 12, y + 22, fit(step.service, 38), "strong");
    svg.b << "</a>";
    svg.rect(kBar, y + 13, kBarW, 10, "bar-bg", 2);
    svg.rect(kBar, y + 13, std::max(2, static_cast<int>(kBarW * step.score / max_score)), 10, "bar", 2);
    svg.text(kBar + kBarW + 8, y + 22, "impact " + format_number(step.score), "small");
    if (!verdict.empty()) svg.text(kW - 20, y + 22, verdict_words(verdict), verdict_class(verdict), "end");
    svg.text(kBox + 12, y + 43, fit(moves, 122), "detail");
    svg.close();
  }
  std::string label = "Extraction roadmap: " + n_of(steps.size(), "step", "steps") + ", least impact first";
  if (keep > 0) label += "; " + n_of(keep, "service", "services") + " to keep long-running (dashed red)";
  return svg.finish("roadmap", kW, kTop + n * kRow + 4, label);
}

std::string saga_picture(const DistributedTransaction& t) {
  if (t.saga.empty()) return "";
  std::vector<std::string> lanes;  // in the order the saga first reaches them
  for (const SagaStep& s : t.saga) {
    if (std::find(lanes.begin(), lanes.end(), s.service) == lanes.end()) lanes.push_back(s.service);
  }
  for (const std::string& s : t.services) {
    if (std::find(lanes.begin(), lanes.end(), s) == lanes.end()) lanes.push_back(s);
  }
  std::vector<std::size_t> undo;  // steps with a compensation, in the order they would run
  for (std::size_t i = t.saga.size(); i-- > 0;) {
    if (!t.saga[i].compensation.empty()) undo.push_back(i);
  }
  constexpr int kCol = 190, kStep = 38, kFirst = 58;
  const int n = static_cast<int>(lanes.size());
  const int w = kCol * (n + 1);
  const int steps = static_cast<int>(t.saga.size());
  const int h = kFirst + steps * kStep + (undo.empty() ? 0 : 30 + static_cast<int>(undo.size()) * kStep) + 22;
  auto lane_x = [&](const std::string& s) {
    return kCol / 2 + kCol * (1 + static_cast<int>(std::find(lanes.begin(), lanes.end(), s) - lanes.begin()));
  };
  const int ox = kCol / 2;
  // A label runs from the orchestrator across the picture: lifelines are faint.
  const auto room = static_cast<std::size_t>(chars_for(w - ox - 24));
  Svg svg;
  auto head = [&](int x, const std::string& line1, const std::string& line2) {
    svg.path("M" + std::to_string(x) + " 50 V" + std::to_string(h - 6), "life");
    svg.rect(x - 84, 6, 168, 44, "box", 4);
    svg.text(x, line2.empty() ? 33 : 24, line1, "strong", "middle");
    if (!line2.empty()) svg.text(x, 41, line2, "small", "middle");
  };
  svg.open("orchestrator", "saga orchestrator: " + t.function);
  head(ox, "saga orchestrator", fit_tail(t.function, 24));
  svg.close();
  for (const std::string& s : lanes) {
    svg.open("lifeline", "service " + service_label(s), " data-service=\"" + e(s) + "\"");
    head(lane_x(s), fit(service_label(s), 22), "");
    svg.close();
  }
  int y = kFirst;
  for (int i = 0; i < steps; ++i) {
    const SagaStep& s = t.saga[static_cast<std::size_t>(i)];
    y += kStep;
    const std::string text = std::to_string(i + 1) + ". " + s.action + (s.pivot ? " (pivot)" : "");
    svg.open(s.pivot ? "call pivot" : "call", "step " + text + " on " + service_label(s.service));
    svg.arrow(ox, lane_x(s.service), y, "forward");
    svg.text(ox + 8, y - 6, fit(text, room));
    svg.close();
  }
  if (!undo.empty()) {
    y += 30;
    svg.path("M8 " + std::to_string(y - 4) + " H" + std::to_string(w - 8), "sep");
    svg.text(ox + 8, y + 10, "if a step before the pivot fails: compensations, in reverse", "small");
  }
  for (std::size_t i : undo) {
    const SagaStep& s = t.saga[i];
    y += kStep;
    const std::string text = "undo " + std::to_string(i + 1) + ": " + s.compensation;
    svg.open("return", text + " on " + service_label(s.service));
    svg.arrow(lane_x(s.service), ox, y, "compensation");
    svg.text(ox + 8, y - 6, fit(text, room), "undo");
    svg.close();
  }
  const std::string label = "Saga of " + t.function + ": " + n_of(t.saga.size(), "step", "steps") + " over " +
                            n_of(lanes.size(), "service", "services") + ", " +
                            n_of(undo.size(), "compensation", "compensations");
  return svg.finish("saga", w, h, label);
}

namespace {

// ---- Ownership heat map ----

// 0 none, 1 reads only, 2 one kind of write, 3 several: writes are darker.
int strength(const std::string& letters) {
  const auto writes = std::count_if(letters.begin(), letters.end(), [](char c) { return c != 'R'; });
  if (writes == 0) return letters.empty() ? 0 : 1;
  return writes == 1 ? 2 : 3;
}

struct HeatRows {
  std::vector<std::string> tables;  // shown, by name
  std::size_t accessed = 0;         // tables some code accesses
};

// Tables some code accesses; past kHeatMapRows, conflicts first, then the
// ones most columns reach, then by name.
HeatRows heat_rows(const ReportContext& ctx) {
  std::map<std::string, std::size_t> reach;
  for (const auto& [key, letters] : ctx.crud_map()) {
    if (!letters.empty()) ++reach[key.first];
  }
  HeatRows rows;
  rows.accessed = reach.size();
  std::vector<std::pair<std::string, std::size_t>> order(reach.begin(), reach.end());
  if (order.size() > kHeatMapRows) {
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      const bool ca = ctx.is_conflict(a.first), cb = ctx.is_conflict(b.first);
      if (ca != cb) return ca;
      return a.second > b.second;
    });
    order.resize(kHeatMapRows);
  }
  for (const auto& [table, n] : order) rows.tables.push_back(table);
  std::sort(rows.tables.begin(), rows.tables.end());
  return rows;
}

void heat_legend(Svg& svg) {
  const std::pair<const char*, const char*> items[] = {{"s1", "R: reads only"},
                                                       {"s2", "one kind of write"},
                                                       {"s3", "several kinds of write"},
                                                       {"owner-mark", "owner (frame)"},
                                                       {"conflict-band", "conflict (red row)"}};
  int y = 14;
  for (const auto& [cls, words] : items) {
    svg.rect(8, y - 10, 14, 12, cls);
    svg.text(28, y, words, "small");
    y += 18;
  }
}

}  // namespace

std::string ownership_heat_map(const ReportContext& ctx) {
  const HeatRows rows = heat_rows(ctx);
  if (rows.tables.empty()) return "";
  std::vector<std::string> columns = ctx.service_names();
  for (const auto& [key, letters] : ctx.crud_map()) {
    if (key.second.empty() && !letters.empty()) {
      columns.push_back("");
      break;
    }
  }
  constexpr int kLabel = 210, kCell = 36, kRow = 20, kHead = 140;
  const int w = kLabel + static_cast<int>(columns.size()) * kCell + 120;
  const int h = kHead + static_cast<int>(rows.tables.size()) * kRow + 8;
  Svg svg;
  heat_legend(svg);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const int x = kLabel + static_cast<int>(c) * kCell + kCell / 2;
    const std::string name = columns[c].empty() ? "(no service)" : columns[c];
    svg.b << "<text class=\"col" << (columns[c].empty() ? " muted" : "") << "\" x=\"" << x << "\" y=\"" << kHead - 6
          << "\" transform=\"rotate(-45 " << x << " " << kHead - 6 << ")\">" << e(fit(name, 24)) << "<title>" << e(name)
          << "</title></text>";
  }
  std::size_t cells = 0;
  for (std::size_t r = 0; r < rows.tables.size(); ++r) {
    const std::string& t = rows.tables[r];
    const int y = kHead + static_cast<int>(r) * kRow;
    const TableOwnership* o = ctx.ownership(t);
    const std::string owner = o ? o->owner : "";
    const bool conflict = ctx.is_conflict(t);
    svg.open(conflict ? "row conflict" : "row",
             t + (owner.empty() ? ", no owner" : ", owned by " + owner) + (conflict ? ", conflict" : ""),
             " data-table=\"" + e(t) + "\" data-owner=\"" + e(owner) + "\"");
    if (conflict) svg.rect(0, y, w, kRow, "conflict-band");
    svg.text(kLabel - 8, y + 14, fit(t, 30), conflict ? "label conflict" : "label", "end");
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string letters = ctx.crud(t, columns[c]);
      const int x = kLabel + static_cast<int>(c) * kCell;
      if (!letters.empty()) {
        ++cells;
        const bool owns = !owner.empty() && columns[c] == owner;
        svg.open("cell s" + std::to_string(strength(letters)) + (owns ? " owner" : ""),
                 t + " \u00d7 " + (columns[c].empty() ? "(no service)" : columns[c]) + ": " + letters +
                     (owns ? " (owner)" : ""),
                 " data-service=\"" + e(columns[c]) + "\"");
        svg.rect(x + 1, y + 1, kCell - 2, kRow - 2, "swatch");
        svg.text(x + kCell / 2, y + 14, letters, "letters", "middle");
        svg.close();
      }
      if (!owner.empty() && columns[c] == owner) svg.rect(x + 1, y + 1, kCell - 2, kRow - 2, "owner-mark");
    }
    svg.close();
  }
  const std::size_t total = ctx.table_names().size();
  std::string note =
      rows.tables.size() == total
          ? "All " + n_of(total, "table", "tables") + ", as the code accesses them."
          : "Showing " + std::to_string(rows.tables.size()) + " of " + n_of(total, "table", "tables") + ".";
  if (total > rows.accessed) {
    note += " " + n_of(total - rows.accessed, "table no code accesses is", "tables no code accesses are") +
            " left out (the table below lists every table).";
  }
  if (rows.accessed > rows.tables.size()) {
    note += " " + std::to_string(rows.accessed - rows.tables.size()) +
            " more that code accesses are left out: the picture keeps " + std::to_string(kHeatMapRows) +
            ", conflicts first, then those most services reach.";
  }
  const std::string label = "Table ownership heat map: " + n_of(rows.tables.size(), "table", "tables") + " by " +
                            n_of(columns.size(), "column", "columns") + ", " + n_of(cells, "access", "accesses") +
                            "; writes darker than reads, owners framed, conflicts in red";
  return "<p class=\"muted picture-note\">" + e(note) + "</p>" + svg.finish("heatmap", w, h, label, true);
}

namespace {
constexpr int kMaxLines = 8;  // methods listed on a part's box; the rest are counted
}  // namespace

std::string split_picture(const SplitClass& c) {
  std::map<std::string, std::vector<std::string>> parts;  // service -> methods
  for (const SplitMethod& m : c.methods) parts[m.service].push_back(m.method);
  if (parts.empty()) return "";
  for (auto& [s, methods] : parts) std::sort(methods.begin(), methods.end());
  constexpr int kPerRow = 4, kBoxW = 220, kGap = 24, kLine = 16, kGodW = 380, kGodH = 46;
  const int n = static_cast<int>(parts.size());
  const int per_row = std::min(n, kPerRow);
  const int w = std::max(per_row * (kBoxW + kGap) + kGap, kGodW + 2 * kGap);
  const int x0 = (w - per_row * (kBoxW + kGap) + kGap) / 2;
  auto lines_of = [](std::size_t k) { return std::min(static_cast<int>(k), kMaxLines) + (k > kMaxLines ? 1 : 0); };
  Svg svg;
  svg.open("god", c.name + (c.reason.empty() ? "" : ": " + c.reason));
  svg.rect((w - kGodW) / 2, 8, kGodW, kGodH, "box god-box", 4);
  svg.text(w / 2, 24, "god class, " + n_of(c.methods.size(), "method", "methods") + " to move", "small", "middle");
  svg.text(w / 2, 43, fit(c.name, 50), "strong", "middle");
  svg.close();
  std::string links;
  int y = 8 + kGodH + 40;
  int bus = y - 16;
  auto it = parts.begin();
  for (int row = 0; row * kPerRow < n; ++row) {
    const int count = std::min(kPerRow, n - row * kPerRow);
    int row_h = 0;
    bus = y - 16;
    const int first_cx = x0 + kBoxW / 2, last_cx = x0 + (count - 1) * (kBoxW + kGap) + kBoxW / 2;
    links += "M" + std::to_string(std::min(first_cx, w / 2)) + " " + std::to_string(bus) + " H" +
             std::to_string(std::max(last_cx, w / 2)) + " ";
    for (int k = 0; k < count; ++k, ++it) {
      const auto& [service, methods] = *it;
      const int x = x0 + k * (kBoxW + kGap);
      const int bh = 32 + lines_of(methods.size()) * kLine;
      row_h = std::max(row_h, bh);
      links += "M" + std::to_string(x + kBoxW / 2) + " " + std::to_string(bus) + " V" + std::to_string(y - 1) + " ";
      svg.head_down(x + kBoxW / 2, y);
      std::vector<std::string> tip_names(methods.begin(), methods.begin() + std::min<std::size_t>(methods.size(), 40));
      svg.open("part",
               "to " + service_label(service) + ": " + join(tip_names) + (methods.size() > 40 ? ", \u2026" : ""),
               " data-service=\"" + e(service) + "\"");
      svg.rect(x, y, kBoxW, bh, "box", 4);
      svg.rect(x, y, kBoxW, 24, "part-head", 4);
      svg.text(x + 8, y + 17, "\u2192 " + fit(service_label(service), 20), "strong");
      svg.text(x + kBoxW - 8, y + 17, n_of(methods.size(), "method", "methods"), "small", "end");
      for (int l = 0; l < std::min<int>(static_cast<int>(methods.size()), kMaxLines); ++l) {
        svg.text(x + 8, y + 42 + l * kLine, fit(short_name(methods[static_cast<std::size_t>(l)]), 31), "member");
      }
      if (methods.size() > kMaxLines) {
        svg.text(x + 8, y + 42 + kMaxLines * kLine, "+ " + std::to_string(methods.size() - kMaxLines) + " more",
                 "small");
      }
      svg.close();
    }
    y += row_h + 40;
  }
  // The trunk runs down the middle: between the second and third box of a full row.
  svg.path("M" + std::to_string(w / 2) + " " + std::to_string(8 + kGodH) + " V" + std::to_string(bus) + " " + links,
           "link");
  const std::string label = "Split of " + c.name + " into " + n_of(parts.size(), "part", "parts") + ": " +
                            n_of(c.methods.size(), "method", "methods") + " go to the services named on each box";
  return svg.finish("split", w, y - 16, label);
}

}  // namespace cleave::report::html
