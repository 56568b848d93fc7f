// Writes every report format for the hand-built fixtures into a directory:
// the input of the browser test and of scripts/screenshot-report.sh.
//   report_fixture_tool OUT_DIR
// OUT_DIR/shop/: every format of the registry (report.html, report.md,
//   services.dot, services.svg, services/<s>.*, services.cml, model.json,
//   proposal.json) and expect.json; OUT_DIR/injection/ the same for hostile names
// OUT_DIR/big/report.html (+ expect.json): 400 classes, 40 tables, 12 services,
//   a saga over five of them and a god class split over six.
// expect.json names the services and what each picture must draw (steps,
// lifelines, heat-map rows and cells, split parts).
#include "reports/registry/registry.hpp"
#include "tests/reports/fixture.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

namespace fs = std::filesystem;
using namespace cleave;
using namespace cleave::report;

namespace {

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void write_all(const fs::path& dir, const testing::Fixture& f, const std::string& name, bool everything) {
  const ReportContext ctx = make_context({f.model, f.proposal, name, testing::kRoot, &f.findings});
  for (const OutputFile& file : generate_outputs(ctx, everything ? format_names() : std::vector<std::string>{"html"})) {
    fs::create_directories((dir / file.path).parent_path());
    write(dir / file.path, file.content);
  }
  nlohmann::json expect;
  expect["services"] = nlohmann::json::array();
  for (const auto& s : f.proposal.services) expect["services"].push_back(s.name);
  // What the pictures must draw (html_pictures.hpp), for the browser test.
  expect["roadmap_steps"] = f.proposal.extraction_order.size();
  expect["roadmap_keep"] = std::count_if(f.proposal.fitness.begin(), f.proposal.fitness.end(),
                                         [](const ServiceFitness& s) { return s.verdict == "keep-long-running"; });
  expect["saga_lifelines"] = nlohmann::json::array();
  for (const DistributedTransaction& t : f.proposal.distributed_transactions) {
    std::set<std::string> lanes(t.services.begin(), t.services.end());
    for (const SagaStep& s : t.saga) lanes.insert(s.service);
    expect["saga_lifelines"].push_back(lanes.size());
  }
  std::set<std::string> accessed;
  std::size_t cells = 0;
  for (const auto& [key, letters] : ctx.crud_map()) {
    if (letters.empty()) continue;
    ++cells;
    accessed.insert(key.first);
  }
  expect["heatmap_rows"] = accessed.size();
  expect["heatmap_cells"] = cells;
  expect["split_parts"] = nlohmann::json::array();
  for (const SplitClass& c : f.proposal.split_classes) {
    std::set<std::string> parts;
    for (const SplitMethod& m : c.methods) parts.insert(m.service);
    expect["split_parts"].push_back(parts.size());
  }
  write(dir / "expect.json", expect.dump(2));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: report_fixture_tool OUT_DIR\n";
    return 2;
  }
  try {
    fs::path out = argv[1];
    testing::Fixture shop = testing::make_shop(false);
    testing::add_fitness(shop);
    write_all(out / "shop", shop, "shop", true);
    testing::Fixture injection = testing::make_shop(true);
    testing::add_fitness(injection, testing::kInjection);
    write_all(out / "injection", injection, std::string("shop") + testing::kInjection, true);
    testing::Fixture big = testing::make_big(400, 40, 12);
    testing::add_big_plans(big);
    write_all(out / "big", big, "big", false);
  } catch (const std::exception& ex) {
    std::cerr << "report_fixture_tool: " << ex.what() << "\n";
    return 1;
  }
  return 0;
}
