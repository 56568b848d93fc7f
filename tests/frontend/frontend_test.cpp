// One construct per test: the facts the front end must extract from it.
#include "compdb/compdb.hpp"
#include "frontend_support.hpp"

#include <unistd.h>
#include <filesystem>
#include <fstream>

using namespace cleave;
using cleave::test::parse;
using cleave::test::parse_one;

TEST_CASE("classes, methods and free functions with qualified names", "[frontend]") {
  auto p = parse_one(R"(
    namespace shop { namespace orders {
      class OrderService { public: void place(int); static int count(); int field_; };
      void OrderService::place(int) {}
      int OrderService::count() { return 0; }
      int free_fn() { return 1; }
    } }
  )");
  REQUIRE(p.symbol("shop::orders::OrderService", SymbolKind::Class));
  const Symbol* place = p.symbol("shop::orders::OrderService::place", SymbolKind::Method);
  REQUIRE(place);
  CHECK(place->is_definition);
  CHECK(place->loc.line == 4);  // the definition wins over the declaration
  CHECK(p.symbol("shop::orders::OrderService::count", SymbolKind::Method)->is_static);
  REQUIRE(p.symbol("shop::orders::free_fn", SymbolKind::Function));
  REQUIRE(p.symbol("shop::orders::OrderService::field_", SymbolKind::Field));
  CHECK(p.edge("shop::orders::OrderService::place", "shop::orders::OrderService", EdgeKind::MemberOf));
}

TEST_CASE("virtual dispatch reaches every override", "[frontend][virtual]") {
  auto p = parse_one(R"(
    struct Notifier { virtual ~Notifier() = default; virtual void send() = 0; };
    struct Email : Notifier { void send() override {} };
    struct Sms : Notifier { void send() override {} };
    void notify(Notifier& n) { n.send(); }
  )");
  CHECK(p.edge("Email", "Notifier", EdgeKind::Inherits));
  CHECK(p.edge("Email::send", "Notifier::send", EdgeKind::Override));
  CHECK(p.edge("notify", "Notifier::send", EdgeKind::Call));
  CHECK(p.edge("notify", "Email::send", EdgeKind::Dispatch));
  CHECK(p.edge("notify", "Sms::send", EdgeKind::Dispatch));
  CHECK(p.symbol("Notifier::send", SymbolKind::Method)->is_virtual);
}

TEST_CASE("templates: calls from a template and template arguments as type uses", "[frontend][templates]") {
  auto p = parse_one(R"(
    struct Item {};
    void audit(int) {}
    template <typename T> struct Box { T value; void log() { audit(1); } };
    template <typename T> void process(T t) { audit(2); }
    void run() { Box<Item> b; b.log(); process(3); }
  )");
  REQUIRE(p.symbol("Box", SymbolKind::Class));
  CHECK(p.edge("Box::log", "audit", EdgeKind::Call));
  CHECK(p.edge("process", "audit", EdgeKind::Call));
  CHECK(p.edge("run", "Item", EdgeKind::TypeUse));
  CHECK(p.edge("run", "Box", EdgeKind::TypeUse));
  CHECK(p.edge("run", "process", EdgeKind::Call));
}

TEST_CASE("calls inside lambdas belong to the enclosing function", "[frontend][lambdas]") {
  auto p = parse_one(R"(
    void target() {}
    void outer() { auto f = [] { target(); }; f(); }
  )");
  CHECK(p.edge("outer", "target", EdgeKind::Call));
}

TEST_CASE("macros that expand to calls", "[frontend][macros]") {
  auto p = parse_one(R"(
    void log_line(const char*) {}
    #define LOG(msg) log_line(msg)
    void work() { LOG("hi"); }
  )");
  const ModelEdge* e = p.edge("work", "log_line", EdgeKind::Call);
  REQUIRE(e);
  CHECK(e->first_site.line == 4);
}

TEST_CASE("a method defined out of line in another file is one symbol", "[frontend][merge]") {
  auto p = parse({{"svc.hpp", "#pragma once\nnamespace app { struct Svc { void a(); void b(); }; }\n"},
                  {"svc.cpp", "#include \"svc.hpp\"\nvoid app::Svc::a() { b(); }\n"},
                  {"svc_more.cpp", "#include \"svc.hpp\"\nnamespace app {\nvoid Svc::b() {}\n}\n"}},
                 {"svc.cpp", "svc_more.cpp"});
  const Symbol* b = p.symbol("app::Svc::b", SymbolKind::Method);
  REQUIRE(b);
  CHECK(b->loc.file == "/virtual/svc_more.cpp");
  CHECK(b->loc.line == 3);
  REQUIRE(p.symbol("app::Svc", SymbolKind::Class));  // seen from both TUs, listed once
  CHECK(p.edge("app::Svc::a", "app::Svc::b", EdgeKind::Call));
  CHECK(p.edge("/virtual/svc.cpp", "/virtual/svc.hpp", EdgeKind::Include));
}

TEST_CASE("anonymous namespaces are named as clang prints them", "[frontend]") {
  auto p = parse_one(R"(
    namespace app { namespace { int helper() { return 1; } } int use() { return helper(); } }
  )");
  const Symbol* h = p.symbol("app::(anonymous namespace)::helper", SymbolKind::Function);
  REQUIRE(h);
  CHECK(h->in_anonymous_namespace);
  CHECK(p.edge("app::use", "app::(anonymous namespace)::helper", EdgeKind::Call));
}

TEST_CASE("operator overloads are calls", "[frontend][operators]") {
  auto p = parse_one(R"(
    struct Money { long cents; Money operator+(const Money& o) const { return Money{cents + o.cents}; } };
    bool operator==(const Money& a, const Money& b) { return a.cents == b.cents; }
    bool total(Money a, Money b) { Money c = a + b; return c == a; }
  )");
  CHECK(p.edge("total", "Money::operator+", EdgeKind::Call));
  CHECK(p.edge("total", "operator==", EdgeKind::Call));
}

TEST_CASE("constructors are calls", "[frontend]") {
  auto p = parse_one(R"(
    struct Repo { explicit Repo(int) {} };
    void make() { Repo r(1); Repo* q = new Repo(2); delete q; }
  )");
  const ModelEdge* e = p.edge("make", "Repo::Repo", EdgeKind::Call);
  REQUIRE(e);
  CHECK(e->weight == 2);
}

TEST_CASE("calls through std::function and function pointers are unresolved, with their site",
          "[frontend][unresolved]") {
  auto p = parse_one(R"(
    #include <functional>
    void cb_target() {}
    void run(std::function<void()> f, void (*fp)()) {
      std::function<void()> g = cb_target;
      f();
      fp();
      g();
    }
  )");
  std::vector<std::string> reasons;
  std::vector<unsigned> lines;
  for (const auto& u : p.model.unresolved_calls) {
    reasons.push_back(u.reason);
    lines.push_back(u.site.line);
  }
  CHECK(reasons == std::vector<std::string>{"std::function", "function pointer", "std::function"});
  CHECK(lines == std::vector<unsigned>{6, 7, 8});
  // Taking cb_target's address is a reference, not a call.
  CHECK(p.edge("run", "cb_target", EdgeKind::Reference));
  CHECK_FALSE(p.edge("run", "cb_target", EdgeKind::Call));
}

TEST_CASE("fields give composition edges, including through containers", "[frontend]") {
  auto p = parse_one(R"(
    #include <vector>
    struct Line {};
    struct Invoice { std::vector<Line> lines; Line* first; };
  )");
  const ModelEdge* e = p.edge("Invoice", "Line", EdgeKind::FieldType);
  REQUIRE(e);
  CHECK(e->weight == 2);
}

TEST_CASE("system headers yield no symbols", "[frontend][scope]") {
  auto p = parse_one("#include <string>\n#include <map>\nstd::string f() { return {}; }\n");
  for (const auto& s : p.model.symbols) {
    INFO(s.name);
    CHECK(s.loc.file.rfind("/virtual/", 0) == 0);
  }
  CHECK(p.symbol("f", SymbolKind::Function));
}

TEST_CASE("a TU with errors is reported with diagnostics and still yields facts", "[frontend][errors]") {
  auto p = parse_one("void ok() {}\nvoid broken() { undeclared_call(); }\n");
  REQUIRE(p.tus.size() == 1);
  CHECK(p.tus[0].status == ParseStatus::WithErrors);
  CHECK(p.tus[0].error_count == 1);
  REQUIRE_FALSE(p.tus[0].diagnostics.empty());
  CHECK(p.tus[0].diagnostics[0].loc.line == 2);
  CHECK(p.symbol("ok", SymbolKind::Function));
}

TEST_CASE("a TU that cannot be parsed at all is Failed, and the others go on", "[frontend][errors]") {
  frontend::FrontendOptions options;
  options.project_root = test::kRoot;
  options.unsaved.push_back({"/virtual/good.cpp", "int good() { return 0; }\n"});
  auto tus = frontend::parse_all(
      {{"/virtual/missing.cpp", {"-std=c++17"}, {}}, {"/virtual/good.cpp", {"-std=c++17"}, {}}}, options);
  REQUIRE(tus.size() == 2);
  CHECK(tus[0].status != ParseStatus::Clean);
  CHECK_FALSE(tus[0].diagnostics.empty());
  CHECK(tus[1].status == ParseStatus::Clean);
}

TEST_CASE("results do not depend on the number of workers", "[frontend][determinism]") {
  std::map<std::string, std::string> files;
  std::vector<std::string> mains;
  for (int i = 0; i < 6; ++i) {
    const std::string n = std::to_string(i);
    files["f" + n + ".cpp"] = "#include \"common.hpp\"\nvoid f" + n + "() { shared(" + n + "); }\n";
    mains.push_back("f" + n + ".cpp");
  }
  files["common.hpp"] = "#pragma once\ninline void shared(int) {}\n";
  auto one = parse(files, mains, 1);
  auto two = parse(files, mains, 2);
  REQUIRE(one.model.symbols.size() == two.model.symbols.size());
  for (std::size_t i = 0; i < one.model.symbols.size(); ++i) CHECK(one.model.symbols[i].id == two.model.symbols[i].id);
  CHECK(one.model.edges == two.model.edges);
  // shared() is defined in a header seen by all six TUs: one symbol.
  CHECK(one.symbol("shared", SymbolKind::Function));
}

TEST_CASE("converting constructors inside a braced list are calls", "[frontend][initlist]") {
  auto p = parse_one(R"(
    #include <string>
    #include <vector>
    struct Value { Value(long long) {} Value(const std::string&) {} Value(double) {} };
    void bind(const std::vector<Value>&) {}
    void use(int id, const std::string& name) { bind({id, name, 2.5}); }
  )");
  const std::string from = p.id("use");
  std::vector<std::string> ctors;
  for (const auto& e : p.model.edges) {
    if (e.from == from && e.kind == EdgeKind::Call && p.model.find(e.to)->kind == SymbolKind::Constructor) {
      ctors.push_back(p.model.find(e.to)->signature);
    }
  }
  std::sort(ctors.begin(), ctors.end());
  CHECK(ctors == std::vector<std::string>{"void (const std::string &)", "void (double)", "void (long long)"});
}

TEST_CASE("a command line libclang rejects whole is retried with the essential flags", "[frontend][errors]") {
  frontend::FrontendOptions options;
  options.project_root = test::kRoot;
  options.unsaved.push_back(
      {"/virtual/a.cpp", "#ifndef NEEDED\n#error define missing\n#endif\nint a() { return 0; }\n"});
  // An -std value no clang knows makes the driver reject the invocation.
  auto tus = frontend::parse_all({{"/virtual/a.cpp", {"-std=c++99999", "-DNEEDED"}, {}}}, options);
  REQUIRE(tus.size() == 1);
  CHECK(tus[0].status == ParseStatus::Clean);
  CHECK_FALSE(tus[0].dropped_flags.empty());
}

TEST_CASE("a TU built with -fopenmp parses cleanly where clang's OpenMP mode rejects valid C++", "[frontend][errors]") {
  // clang 14-16 in OpenMP mode: "capturing a structured binding is not yet
  // supported in OpenMP", an error for code gcc compiles.
  frontend::FrontendOptions options;
  options.project_root = test::kRoot;
  options.unsaved.push_back({"/virtual/a.cpp",
                             "struct P { int k, v; };\n"
                             "int f(P p) { auto& [k, v] = p; auto g = [&k]() { return k; }; return g() + v; }\n"});
  compdb::CompileCommand c;
  c.file = "/virtual/a.cpp";
  c.directory = "/virtual";
  c.arguments = {"c++", "-std=c++20", "-fopenmp", "-c", "a.cpp"};
  const compdb::ParseArgs prepared = compdb::prepare_args(c, {});
  auto tus = frontend::parse_all({{c.file, prepared.args, prepared.dropped}}, options);
  REQUIRE(tus.size() == 1);
  CHECK(tus[0].status == ParseStatus::Clean);
  CHECK(tus[0].error_count == 0);
  REQUIRE_FALSE(tus[0].dropped_flags.empty());
  CHECK(tus[0].dropped_flags[0].find("-fopenmp") == 0);
}

// System headers' bodies are skipped (FrontendOptions::skip_system_bodies;
// only for files on disk); a member defaulted in the project and used only
// from such a body must read the same either way: defined where it is
// declared, and without the exception specification the compiler computes
// only when a body uses it.
TEST_CASE("a defaulted member reads the same whether system bodies are parsed or skipped", "[frontend]") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("cleave-bodies-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "sysinc");
  std::filesystem::create_directories(dir / "src");
  std::ofstream(dir / "sysinc/relocate.h") << "template <class T> void relocate(T& a) { T b(static_cast<T&&>(a)); }\n";
  std::ofstream(dir / "src/main.cpp") << "#include <relocate.h>\n"
                                         "struct Node { Node() = default; Node(Node&&) = default; int v = 0; };\n"
                                         "void use() { Node n; relocate(n); }\n";
  auto parse_with = [&](bool skip) {
    frontend::FrontendOptions options;
    options.project_root = (dir / "src").string();
    options.skip_system_bodies = skip;
    const frontend::ParseJob job{
        (dir / "src/main.cpp").string(), {"-std=c++17", "-isystem", (dir / "sysinc").string()}, {}, {}};
    return frontend::parse_tu(job, options);
  };
  for (const bool skip : {true, false}) {
    const TuFacts facts = parse_with(skip);
    INFO("skip system bodies: " << skip);
    CHECK(facts.status == ParseStatus::Clean);
    std::size_t seen = 0;
    for (const Symbol& s : facts.symbols) {
      if (s.kind != SymbolKind::Constructor || s.name != "Node::Node") continue;
      ++seen;
      CHECK(s.is_definition);
      CHECK(s.signature.find("noexcept") == std::string::npos);
    }
    CHECK(seen == 2);
  }
  CHECK(parse_with(true).symbols.size() == parse_with(false).symbols.size());
}
