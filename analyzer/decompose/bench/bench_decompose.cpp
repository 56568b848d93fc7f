// Decomposes a synthetic monolith and prints timings. Not a test: run it by
// hand or in CI to watch the "100k units under 10 s" budget.
//
//   cleave_bench_decompose [units=100000] [contexts=40] [seed=1]
//
// The graph: `contexts` planted areas, each with its own namespace and
// tables; 90% of calls stay inside an area, the rest go anywhere; a few
// helpers are called from everywhere. The planted areas are compared with
// the result (ARI), so a fast but wrong run shows.
#include "decompose/compare.hpp"
#include "decompose/decompose.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace cleave;

int main(int argc, char** argv) {
  const std::size_t units = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const std::size_t contexts = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 40;
  const unsigned seed = argc > 3 ? static_cast<unsigned>(std::strtoul(argv[3], nullptr, 10)) : 1;
  std::mt19937 rng(seed);
  auto t0 = std::chrono::steady_clock::now();

  Model model;
  decompose::ExpectedDecomposition expected;
  std::vector<std::string> ids(units);
  std::vector<std::size_t> area(units);
  for (std::size_t i = 0; i < units; ++i) {
    area[i] = i % contexts;
    bool cls = i % 3 != 0;
    Symbol s;
    s.id = "u" + std::to_string(i);
    std::string ns = "app::area" + std::to_string(area[i]);
    s.name = ns + (cls ? "::Type" : "::fn") + std::to_string(i);
    s.kind = cls ? SymbolKind::Class : SymbolKind::Function;
    s.loc = {"/src/area" + std::to_string(area[i]) + "/f" + std::to_string(i / 10) + ".cpp", 1, 1};
    s.is_definition = true;
    ids[i] = s.id;
    expected.contexts["area" + std::to_string(area[i])].push_back(s.name);
    model.symbols.push_back(std::move(s));
  }
  std::uniform_int_distribution<std::size_t> any(0, units - 1);
  std::uniform_int_distribution<std::size_t> in_area(0, units / contexts - 1);
  std::uniform_real_distribution<double> coin(0, 1);
  for (std::size_t i = 0; i < units; ++i) {
    for (int k = 0; k < 4; ++k) {
      std::size_t j = coin(rng) < 0.9 ? in_area(rng) * contexts + area[i] : any(rng);
      if (j >= units || j == i) continue;
      model.edges.push_back({ids[i], ids[j], EdgeKind::Call, 1 + static_cast<unsigned>(rng() % 3), {}});
    }
  }
  for (std::size_t c = 0; c < contexts; ++c) {
    for (int t = 0; t < 3; ++t) {
      std::string table = "t" + std::to_string(c) + "_" + std::to_string(t);
      model.data.tables.push_back({table, {{"id", "int"}}, {"id"}, {}, {}, true});
      expected.table_owner[table] = "area" + std::to_string(c);
      for (int w = 0; w < 5; ++w) {
        std::size_t u = in_area(rng) * contexts + c;
        if (u < units) model.data.accesses.push_back({ids[u], table, AccessMode::Write, {}, "", ""});
      }
    }
  }
  std::sort(model.edges.begin(), model.edges.end(),
            [](const ModelEdge& a, const ModelEdge& b) { return std::tie(a.from, a.to) < std::tie(b.from, b.to); });
  model.index();
  auto t1 = std::chrono::steady_clock::now();

  decompose::DecomposeOptions options;
  options.config = config::DecomposeConfig{};
  Proposal p = decompose::decompose(model, options);
  auto t2 = std::chrono::steady_clock::now();
  auto agreement = decompose::compare(p, expected);
  auto t3 = std::chrono::steady_clock::now();

  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::printf("units %zu, edges %zu, contexts %zu\n", units, model.edges.size(), contexts);
  std::printf("build synthetic model: %8.1f ms\n", ms(t0, t1));
  std::printf("decompose:             %8.1f ms\n", ms(t1, t2));
  std::printf("compare:               %8.1f ms\n", ms(t2, t3));
  std::printf("services %zu, kernel %zu, ARI %.3f, MoJoFM %.1f, Q %.3f\n", p.services.size(),
              p.shared_kernel_classes.size() + p.shared_kernel_functions.size(), agreement.ari, agreement.mojofm,
              p.metrics["modularity_q"]);
  return 0;
}
