// The merge: by USR, independent of TU order, with roll-ups and dispatch.
#include "model/model.hpp"
#include "model/program_graph.hpp"
#include "reports/json/model_json.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cleave;

namespace {

Symbol sym(const std::string& id, const std::string& name, SymbolKind kind, const std::string& parent = {},
           unsigned line = 1, bool def = true, const std::string& file = "/p/a.cpp") {
  Symbol s;
  s.id = id;
  s.name = name;
  s.kind = kind;
  s.parent = parent;
  s.loc = Location{file, line, 1};
  s.is_definition = def;
  return s;
}

Edge edge(const std::string& from, const std::string& to, EdgeKind kind, unsigned line) {
  return Edge{from, to, kind, Location{"/p/a.cpp", line, 1}};
}

// Two TUs: both see the header's class; the second holds a method's definition.
std::vector<TuFacts> two_tus() {
  TuFacts a;
  a.file = "/p/a.cpp";
  a.symbols = {sym("C:A", "A", SymbolKind::Class), sym("C:B", "B", SymbolKind::Class),
               sym("M:A::f", "A::f", SymbolKind::Method, "C:A", 3, false),
               sym("M:B::g", "B::g", SymbolKind::Method, "C:B", 9, true),
               sym("M:B::h", "B::h", SymbolKind::Method, "C:B", 11, true)};
  a.edges = {edge("M:A::f", "M:B::g", EdgeKind::Call, 20), edge("M:A::f", "M:B::g", EdgeKind::Call, 21),
             edge("M:A::f", "M:B::h", EdgeKind::Call, 22), edge("M:A::f", "C:A", EdgeKind::MemberOf, 3)};
  TuFacts b;
  b.file = "/p/b.cpp";
  b.symbols = {sym("C:A", "A", SymbolKind::Class),
               sym("M:A::f", "A::f", SymbolKind::Method, "C:A", 40, true, "/p/b.cpp")};
  // The same call site seen again through a header counts once.
  b.edges = {edge("M:A::f", "M:B::g", EdgeKind::Call, 20)};
  return {a, b};
}

}  // namespace

TEST_CASE("symbols merge by USR and keep the definition's location", "[model]") {
  Model m = merge(two_tus());
  const Symbol* f = m.find("M:A::f");
  REQUIRE(f);
  CHECK(f->is_definition);
  CHECK(f->loc.file == "/p/b.cpp");
  CHECK(std::count_if(m.symbols.begin(), m.symbols.end(), [](const Symbol& s) { return s.id == "C:A"; }) == 1);
}

TEST_CASE("edge weights count distinct sites; class roll-up sums them", "[model]") {
  Model m = merge(two_tus());
  auto find = [](const std::vector<ModelEdge>& v, const std::string& a, const std::string& b, EdgeKind k) {
    auto it =
        std::find_if(v.begin(), v.end(), [&](const ModelEdge& e) { return e.from == a && e.to == b && e.kind == k; });
    return it == v.end() ? 0u : it->weight;
  };
  CHECK(find(m.edges, "M:A::f", "M:B::g", EdgeKind::Call) == 2);
  CHECK(find(m.class_edges, "C:A", "C:B", EdgeKind::Call) == 3);
  CHECK(find(m.class_edges, "C:A", "C:A", EdgeKind::MemberOf) == 0);  // no self loops
}

TEST_CASE("the merged model does not depend on TU order", "[model][determinism]") {
  auto tus = two_tus();
  const std::string one = report::render_model_json(merge(tus), "/p");
  std::reverse(tus.begin(), tus.end());
  const std::string two = report::render_model_json(merge(tus), "/p");
  CHECK(one == two);
}

TEST_CASE("a virtual call reaches every override transitively", "[model][virtual]") {
  TuFacts t;
  t.file = "/p/a.cpp";
  t.symbols = {sym("F:use", "use", SymbolKind::Function), sym("M:Base::run", "Base::run", SymbolKind::Method),
               sym("M:Mid::run", "Mid::run", SymbolKind::Method), sym("M:Leaf::run", "Leaf::run", SymbolKind::Method)};
  t.edges = {edge("F:use", "M:Base::run", EdgeKind::Call, 5), edge("M:Mid::run", "M:Base::run", EdgeKind::Override, 7),
             edge("M:Leaf::run", "M:Mid::run", EdgeKind::Override, 9)};
  Model m = merge({t});
  auto has = [&](const std::string& to) {
    return std::any_of(m.edges.begin(), m.edges.end(), [&](const ModelEdge& e) {
      return e.from == "F:use" && e.to == to && e.kind == EdgeKind::Dispatch;
    });
  };
  CHECK(has("M:Mid::run"));
  CHECK(has("M:Leaf::run"));
}

TEST_CASE("model.json reads back into the same model", "[model][json]") {
  std::vector<TuFacts> tus = two_tus();
  // A hazard in a header both TUs include is one hazard.
  const Hazard cache{HazardKind::State, "", "V:cache", {"/p/cache.hpp", 3, 0}, "global std::map<int, int> cache"};
  const Hazard thread{HazardKind::Background, "F:use", "", {"/p/a.cpp", 9, 0}, "std::thread"};
  tus[0].hazards = {cache, thread};
  tus[1].hazards = {cache};
  Model m = merge(tus);
  CHECK(m.hazards == std::vector<Hazard>{thread, cache});  // by location
  const std::string text = report::render_model_json(m, "/p");
  CHECK(text.find("\"kind\": \"background\"") != std::string::npos);
  Model back = report::parse_model_json(text, "model.json");
  CHECK(back.hazards == m.hazards);
  CHECK(report::render_model_json(back, "/p") == text);
}

TEST_CASE("ProgramGraph finds cycles and reachability over class edges", "[model][graph]") {
  TuFacts t;
  t.file = "/p/a.cpp";
  t.symbols = {sym("C:A", "A", SymbolKind::Class),
               sym("C:B", "B", SymbolKind::Class),
               sym("C:C", "C", SymbolKind::Class),
               sym("M:A::a", "A::a", SymbolKind::Method, "C:A"),
               sym("M:B::b", "B::b", SymbolKind::Method, "C:B"),
               sym("M:C::c", "C::c", SymbolKind::Method, "C:C")};
  t.edges = {edge("M:A::a", "M:B::b", EdgeKind::Call, 1), edge("M:B::b", "M:A::a", EdgeKind::Call, 2),
             edge("M:B::b", "M:C::c", EdgeKind::Call, 3)};
  Model m = merge({t});
  ProgramGraph g(m, GraphLevel::Class, {EdgeKind::Call});
  CHECK(g.vertex_count() == 3);
  CHECK(g.weight("C:A", "C:B") == 1);
  CHECK(g.cycles() == std::vector<std::vector<std::string>>{{"C:A", "C:B"}});
  CHECK(g.reachable_from("C:A") == std::vector<std::string>{"C:B", "C:C"});
  CHECK(g.reachable_from("C:C").empty());
}

TEST_CASE("ProgramGraph over plain edges: in-degree, reach from a set, and what reaches it", "[model][graph]") {
  // a -> b -> c -> b, d -> c, e alone with f (f -> e), and a parallel a -> b.
  auto e = [](const char* from, const char* to) { return ModelEdge{from, to, EdgeKind::Call, 1, {}}; };
  std::vector<ModelEdge> edges = {e("a", "b"), e("b", "c"), e("c", "b"), e("d", "c"), e("f", "e"), e("a", "b")};
  edges.push_back({"a", "x", EdgeKind::TypeUse, 1, {}});
  ProgramGraph g(edges, {EdgeKind::Call});
  CHECK(g.vertex_count() == 6);
  CHECK(g.weight("a", "b") == 2);  // parallel edges merged
  CHECK(g.in_degree("b") == 2);    // a and c, each once
  CHECK(g.in_degree("c") == 2);
  CHECK(g.in_degree("a") == 0);
  CHECK(g.in_degree("nowhere") == 0);
  CHECK(g.reachable_from(std::vector<std::string>{"a", "f"}) == std::vector<std::string>{"b", "c", "e"});
  CHECK(g.reachable_from(std::vector<std::string>{"b"}) == std::vector<std::string>{"c"});
  CHECK(g.reaching({"c"}) == std::vector<std::string>{"a", "b", "d"});
  CHECK(g.reaching({"a", "nowhere"}).empty());
  CHECK(g.cycles() == std::vector<std::vector<std::string>>{{"b", "c"}});
}

namespace {

const ModelEdge* find_edge(const std::vector<ModelEdge>& v, const std::string& a, const std::string& b, EdgeKind k) {
  auto it =
      std::find_if(v.begin(), v.end(), [&](const ModelEdge& e) { return e.from == a && e.to == b && e.kind == k; });
  return it == v.end() ? nullptr : &*it;
}

// two_tus() with A::f -> B::g at line 21 inside a loop, seen by both TUs
// (a header's inline code): one site in a loop, counted once.
std::vector<TuFacts> loop_tus() {
  auto tus = two_tus();
  for (auto& tu : tus) {
    Edge again = edge("M:A::f", "M:B::g", EdgeKind::Call, 21);
    again.in_loop = true;
    if (tu.file == "/p/a.cpp") {
      for (auto& e : tu.edges) e.in_loop = e.site.line == 21;
    } else {
      tu.edges.push_back(again);
    }
  }
  return tus;
}

}  // namespace

TEST_CASE("calls in loops: the loop weight counts the distinct sites inside a loop", "[model][loops]") {
  Model m = merge(loop_tus());
  const ModelEdge* call = find_edge(m.edges, "M:A::f", "M:B::g", EdgeKind::Call);
  REQUIRE(call);
  CHECK(call->weight == 2);  // lines 20 and 21
  CHECK(call->loop_weight == 1);
  CHECK(call->first_loop_site == Location{"/p/a.cpp", 21, 1});
  const ModelEdge* plain = find_edge(m.edges, "M:A::f", "M:B::h", EdgeKind::Call);
  REQUIRE(plain);
  CHECK(plain->loop_weight == 0);
  CHECK(plain->first_loop_site == Location{});
  // The class roll-up sums what is below it.
  const ModelEdge* cls = find_edge(m.class_edges, "C:A", "C:B", EdgeKind::Call);
  REQUIRE(cls);
  CHECK(cls->weight == 3);
  CHECK(cls->loop_weight == 1);
  CHECK(cls->first_loop_site == Location{"/p/a.cpp", 21, 1});
  // The SQL stage's per-site view says which sites are in loops.
  Program p = build_program(loop_tus());
  std::vector<std::pair<unsigned, bool>> sites;
  for (const auto& e : p.call_and_override_sites()) {
    if (e.to == "M:B::g") sites.emplace_back(e.site.line, e.in_loop);
  }
  CHECK(sites == std::vector<std::pair<unsigned, bool>>{{20, false}, {21, true}});
}

TEST_CASE("calls in loops: two sites, both in loops, the first is the smallest", "[model][loops]") {
  TuFacts t;
  t.file = "/p/a.cpp";
  t.symbols = {sym("F:use", "use", SymbolKind::Function), sym("M:Base::run", "Base::run", SymbolKind::Method),
               sym("M:Mid::run", "Mid::run", SymbolKind::Method)};
  t.edges = {edge("F:use", "M:Base::run", EdgeKind::Call, 9), edge("F:use", "M:Base::run", EdgeKind::Call, 5),
             edge("F:use", "M:Base::run", EdgeKind::Call, 7), edge("M:Mid::run", "M:Base::run", EdgeKind::Override, 3)};
  t.edges[0].in_loop = t.edges[1].in_loop = true;
  Model m = merge({t});
  const ModelEdge* call = find_edge(m.edges, "F:use", "M:Base::run", EdgeKind::Call);
  REQUIRE(call);
  CHECK(call->weight == 3);
  CHECK(call->loop_weight == 2);
  CHECK(call->first_loop_site.line == 5);
  // A virtual call in a loop reaches the override in that loop too.
  const ModelEdge* dispatch = find_edge(m.edges, "F:use", "M:Mid::run", EdgeKind::Dispatch);
  REQUIRE(dispatch);
  CHECK(dispatch->weight == 3);
  CHECK(dispatch->loop_weight == 2);
  CHECK(dispatch->first_loop_site.line == 5);
}

TEST_CASE("model.json writes loop weights only where there are some, and reads them back", "[model][json][loops]") {
  Model m = merge(loop_tus());
  const std::string text = report::render_model_json(m, "/p");
  CHECK(text.find("\"loop_weight\": 1") != std::string::npos);
  CHECK(text.find("\"first_loop_site\": {\n") != std::string::npos);
  // One edge in a loop (A::f -> B::g) and its class and file roll-ups: three.
  std::size_t count = 0;
  for (auto at = text.find("\"loop_weight\""); at != std::string::npos; at = text.find("\"loop_weight\"", at + 1)) {
    ++count;
  }
  CHECK(count == 3);
  Model back = report::parse_model_json(text, "model.json");
  const ModelEdge* call = find_edge(back.edges, "M:A::f", "M:B::g", EdgeKind::Call);
  REQUIRE(call);
  CHECK(call->loop_weight == 1);
  CHECK(call->first_loop_site.file == "/p/a.cpp");
  CHECK(call->first_loop_site.line == 21);
  const ModelEdge* plain = find_edge(back.edges, "M:A::f", "M:B::h", EdgeKind::Call);
  REQUIRE(plain);
  CHECK(plain->loop_weight == 0);
  CHECK(report::render_model_json(back, "/p") == text);
  // A model.json from before loop weights (no such keys) still reads.
  Model old = report::parse_model_json(report::render_model_json(merge(two_tus()), "/p"), "model.json");
  CHECK(std::all_of(old.edges.begin(), old.edges.end(), [](const ModelEdge& e) { return e.loop_weight == 0; }));
}

TEST_CASE("model.json names the vendored trees and generated files and reads them back (issue 16)",
          "[model][json][origins]") {
  Model m = merge(two_tus());
  m.vendored = {{"/p/dep/utf8", "folder name", 3}, {"**/libs/**", "--third-party", 2}};
  m.generated = {{"/p/build/pb/user.pb.h", "protobuf"}, {"/p/src/tables.h", "generated banner"}};
  const std::string text = report::render_model_json(m, "/p");
  CHECK(text.find("\"path\": \"dep/utf8\"") != std::string::npos);
  CHECK(text.find("\"file\": \"build/pb/user.pb.h\"") != std::string::npos);
  Model back = report::parse_model_json(text, "model.json");
  CHECK(back.vendored == m.vendored);  // the glob stays as given
  CHECK(back.generated == m.generated);
  CHECK(report::render_model_json(back, "/p") == text);
}
