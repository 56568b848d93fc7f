#include "reports/dot/dot_report.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <mutex>
#include <stdexcept>

namespace cleave::report {
namespace {

// Graphviz keeps global state (the error handler, the plugin registry) and
// is not thread-safe: every use goes through this lock.
std::mutex& graphviz_mutex() {
  static std::mutex m;
  return m;
}

std::string& graphviz_errors() {
  static std::string errors;
  return errors;
}

int collect_error(char* message) {
  graphviz_errors() += message;
  return 0;
}

GVC_t* context() {
  // One context for the process: loading the plugin configuration per call
  // would cost more than laying out a small graph.
  static GVC_t* gvc = gvContext();
  return gvc;
}

}  // namespace

std::string dot_to_svg(const std::string& dot) {
  std::lock_guard<std::mutex> lock(graphviz_mutex());
  graphviz_errors().clear();
  agseterr(AGERR);
  agseterrf(collect_error);
  GVC_t* gvc = context();
  if (!gvc) throw std::runtime_error("Graphviz: cannot create a context");
  Agraph_t* g = agmemread(dot.c_str());
  if (!g) throw std::runtime_error("Graphviz could not read the DOT text: " + graphviz_errors());
  if (gvLayout(gvc, g, "dot") != 0) {
    agclose(g);
    throw std::runtime_error("Graphviz layout failed: " + graphviz_errors() +
                             " (is the Graphviz plugin configuration installed? run `dot -c`)");
  }
  char* data = nullptr;
  unsigned int length = 0;
  int rc = gvRenderData(gvc, g, "svg", &data, &length);
  std::string svg;
  if (rc == 0 && data) svg.assign(data, length);
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc, g);
  agclose(g);
  if (rc != 0) throw std::runtime_error("Graphviz could not render SVG: " + graphviz_errors());
  return svg;
}

std::string svg_for_inline(const std::string& svg) {
  std::size_t start = svg.find("<svg");
  if (start == std::string::npos) return {};
  std::string out;
  out.reserve(svg.size() - start);
  // Drop comments: they carry the Graphviz version and the graph name, the
  // latter taken from the analysed code.
  for (std::size_t i = start; i < svg.size();) {
    if (svg.compare(i, 4, "<!--") == 0) {
      std::size_t end = svg.find("-->", i + 4);
      if (end == std::string::npos) break;
      i = end + 3;
      while (i < svg.size() && svg[i] == '\n') ++i;
    } else {
      out += svg[i++];
    }
  }
  return out;
}

}  // namespace cleave::report
