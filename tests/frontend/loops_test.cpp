// Calls inside loops (issue 17: a peer called synchronously in a loop): each
// Call edge says whether its site is inside a loop of its caller.
#include "frontend_support.hpp"

#include <algorithm>

using namespace cleave;
using cleave::test::parse_one;

namespace {

// "line" or "line loop" for every Call edge from `from` to `to`, by line.
std::vector<std::string> call_lines(const test::Parsed& p, const std::string& from, const std::string& to) {
  const std::string a = p.id(from), b = p.id(to);
  std::vector<std::pair<unsigned, bool>> found;
  for (const auto& tu : p.tus) {
    for (const auto& e : tu.edges) {
      if (e.kind == EdgeKind::Call && e.from == a && e.to == b) found.emplace_back(e.site.line, e.in_loop);
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (const auto& [line, loop] : found) out.push_back(std::to_string(line) + (loop ? " loop" : ""));
  return out;
}

}  // namespace

TEST_CASE("a call in each kind of loop is in a loop; before and after it is not", "[frontend][loops]") {
  auto p = parse_one(R"(void work(int) {}
bool more();
void each(int n) {
  int xs[2] = {1, 2};
  work(0);                                     // before: no
  for (int i = 0; i < n; ++i) work(i);         // for
  for (int x : xs) work(x);                    // range-for
  while (n-- > 0) work(n);                     // while
  do { work(1); } while (false);               // do
  while (more()) {}                            // a loop's condition runs every time
  work(2);                                     // after: no
}
)");
  CHECK(call_lines(p, "each", "work") == std::vector<std::string>{"5", "6 loop", "7 loop", "8 loop", "9 loop", "11"});
  CHECK(call_lines(p, "each", "more") == std::vector<std::string>{"10 loop"});
  // The model counts the sites in loops and keeps the first.
  const ModelEdge* e = p.edge("each", "work", EdgeKind::Call);
  REQUIRE(e);
  CHECK(e->weight == 6);
  CHECK(e->loop_weight == 4);
  CHECK(e->first_loop_site.line == 6);
  const ModelEdge* never = p.edge("each", "more", EdgeKind::Call);
  REQUIRE(never);
  CHECK(never->loop_weight == 1);
}

TEST_CASE("a range-for's range expression runs once: only its body is in the loop", "[frontend][loops]") {
  auto p = parse_one(R"(struct Orders { int* begin(); int* end(); };
Orders& ready(int);
void send(int);
void dispatch(int day) {
  for (int id : ready(day)) {
    send(id);
  }
  for (auto& id : ready(day)) for (int x : ready(id)) send(x);
}
)");
  CHECK(call_lines(p, "dispatch", "ready") == std::vector<std::string>{"5", "8", "8 loop"});
  CHECK(call_lines(p, "dispatch", "send") == std::vector<std::string>{"6 loop", "8 loop"});
}

TEST_CASE("nested loops, and a loop in one function marks no call of another", "[frontend][loops]") {
  auto p = parse_one(R"(void work(int) {}
void nested(int n) {
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) work(j);       // inner loop
    work(i);                                   // still in the outer loop
  }
  work(n);                                     // after both: no
}
void other() { work(3); }                      // another function: no
)");
  CHECK(call_lines(p, "nested", "work") == std::vector<std::string>{"4 loop", "5 loop", "7"});
  CHECK(call_lines(p, "other", "work") == std::vector<std::string>{"9"});
  const ModelEdge* e = p.edge("other", "work", EdgeKind::Call);
  REQUIRE(e);
  CHECK(e->loop_weight == 0);
  CHECK(e->first_loop_site == Location{});
}

// A dependent call in a template (handle(t) with T t) is an unresolved call,
// not an edge per overload candidate: libclang 16 does not name the overload
// set from the call, so there is no candidate edge to mark here.
TEST_CASE("constructors, lambdas and local classes in loops", "[frontend][loops]") {
  auto p = parse_one(R"(void work(int) {}
struct Repo { explicit Repo(int) {} };
template <typename T> void each_t(T* xs, int n) {
  for (int i = 0; i < n; ++i) work(1);         // in a template
}
void build(int n) {
  for (int i = 0; i < n; ++i) {
    Repo r(i);                                 // a constructor call
    auto f = [] { work(6); };                  // a lambda's calls are build's: in the loop
    f();
    struct Step { void go() { work(5); } };    // a local class's method is its own function
    Step{}.go();
  }
  Repo once(1);                                // no
}
)");
  CHECK(call_lines(p, "build", "Repo::Repo") == std::vector<std::string>{"8 loop", "14"});
  CHECK(call_lines(p, "each_t", "work") == std::vector<std::string>{"4 loop"});
  CHECK(call_lines(p, "build", "work") == std::vector<std::string>{"9 loop"});
  CHECK(call_lines(p, "build::Step::go", "work") == std::vector<std::string>{"11"});
}
