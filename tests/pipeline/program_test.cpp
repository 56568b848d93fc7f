// The program is merged once and does not depend on the order TUs finish in.
#include "model/program.hpp"
#include "model/model.hpp"
#include "sql/sql.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cleave;

namespace {

Symbol sym(std::string id, std::string name, Location loc, bool def) {
  Symbol s;
  s.id = std::move(id);
  s.name = std::move(name);
  s.kind = SymbolKind::Function;
  s.loc = std::move(loc);
  s.is_definition = def;
  return s;
}

CallSite site(std::string caller, std::string sql, Location at) {
  CallSite c;
  c.caller = std::move(caller);
  c.callee_name = "sqlite3_exec";
  c.site = std::move(at);
  c.args = {{1, StrValue{{{Piece{PieceKind::Literal, std::move(sql), -1}}}}}};
  return c;
}

// Three TUs that describe shared things differently: a header function seen
// declared in one and defined in two (at two places: an ODR slip real code
// has), one header call site whose folded SQL differs by TU, and a header
// constant.
std::vector<TuFacts> tus() {
  std::vector<TuFacts> v(3);
  v[0].file = "/p/c.cpp";
  v[1].file = "/p/a.cpp";
  v[2].file = "/p/b.cpp";
  v[0].symbols = {sym("c:@F@f", "f", {"/p/h.hpp", 3, 1}, false),
                  sym("c:@F@main_c", "main_c", {"/p/c.cpp", 1, 1}, true)};
  v[1].symbols = {sym("c:@F@f", "f", {"/p/h.hpp", 9, 1}, true), sym("c:@F@main_a", "main_a", {"/p/a.cpp", 1, 1}, true)};
  v[2].symbols = {sym("c:@F@f", "f", {"/p/h.hpp", 9, 1}, true)};
  v[2].symbols.back().signature = "void ()";  // same place, other description: the TU whose file sorts first wins
  for (auto& tu : v) {
    tu.edges.push_back({"c:@F@main_a", "c:@F@f", EdgeKind::Call, {"/p/a.cpp", 2, 1}});
    tu.call_sites.push_back(site("c:@F@f", "SELECT * FROM " + std::string(tu.file == "/p/a.cpp" ? "orders" : "items"),
                                 {"/p/h.hpp", 10, 3}));
    VarValue v1;
    v1.var = "c:@kQ";
    v1.loc = {"/p/h.hpp", 1, 1};
    v1.value = StrValue{{{Piece{PieceKind::Literal, tu.file, -1}}}};
    tu.var_values.push_back(v1);
  }
  return v;
}

}  // namespace

TEST_CASE("the program is the same whatever order the TUs are added in", "[program]") {
  std::vector<TuFacts> base = tus();
  std::vector<std::size_t> order{0, 1, 2};
  const Program first = build_program(base);
  do {
    std::vector<TuFacts> shuffled;
    for (std::size_t i : order) shuffled.push_back(base[i]);
    const Program p = build_program(shuffled);
    REQUIRE(p.symbols.size() == first.symbols.size());
    for (const auto& [id, s] : first.symbols) {
      CHECK(p.symbols.at(id).loc == s.loc);
      CHECK(p.symbols.at(id).signature == s.signature);
    }
    REQUIRE(p.call_sites.size() == 1);
    CHECK(p.call_sites[0].args[0].value == first.call_sites[0].args[0].value);
    REQUIRE(p.var_values.size() == 1);
    CHECK(p.var_values[0].value == first.var_values[0].value);
    CHECK(p.tus.front().file == "/p/a.cpp");
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST_CASE("a definition beats a declaration, and exact ties go to the TU whose file sorts first", "[program]") {
  const Program p = build_program(tus());
  const Symbol& f = p.symbols.at("c:@F@f");
  CHECK(f.is_definition);
  CHECK(f.loc.line == 9);
  CHECK(f.signature.empty());  // from /p/a.cpp, not /p/b.cpp
  CHECK(p.call_sites[0].args[0].value.alternatives[0][0].text == "SELECT * FROM orders");
  CHECK(p.var_values[0].value.alternatives[0][0].text == "/p/a.cpp");
  // One site of the call however many TUs saw it.
  REQUIRE(p.edge_sites.size() == 1);
  CHECK(p.edge_sites.begin()->second.size() == 1);
  CHECK(p.call_and_override_sites().size() == 1);
}

TEST_CASE("the SQL stage and the model read the one merged program", "[program]") {
  sql::SqlOptions o;
  o.rule_files = {std::string(CLEAVE_SOURCE_DIR) + "/rules/db_apis.json"};
  Program program = build_program(tus());
  DataAccessFacts data = sql::analyze(program, o);
  REQUIRE(data.accesses.size() == 1);
  CHECK(data.accesses[0].table == "orders");
  CHECK(data.accesses[0].verb == "SELECT");
  CHECK(data.undeclared_tables == std::vector<std::string>{"orders"});
  const Model m = build_model(std::move(program), std::move(data));
  CHECK(m.data.accesses.size() == 1);
  CHECK(m.tus.size() == 3);
  REQUIRE(m.find("c:@F@f"));
  CHECK(m.edges.size() == 1);
}
