// parse_each streams facts to a sink as TUs finish; parse_all is parse_each
// collected in job order. In-memory sources only.
#include "frontend_support.hpp"

#include <atomic>
#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cleave::test {
namespace {

void put(std::ostream& o, const Location& l) { o << l.file << ':' << l.line << ':' << l.column << '|'; }

void put(std::ostream& o, const StrValue& v) {
  o << '{';
  for (const auto& alt : v.alternatives) {
    for (const auto& p : alt) o << static_cast<int>(p.kind) << '\'' << p.text << '\'' << p.index << ',';
    o << ';';
  }
  o << '}';
}

// Every fact of a TU as text, everything but the parse time (which differs
// between two parses of the same TU).
std::string describe(const TuFacts& t) {
  std::ostringstream o;
  o << t.file << '|' << static_cast<int>(t.status) << '|' << t.error_count << '\n';
  for (const auto& d : t.diagnostics) {
    o << "D " << d.severity << ' ' << d.message << ' ';
    put(o, d.loc);
    o << '\n';
  }
  for (const auto& f : t.dropped_flags) o << "F " << f << '\n';
  for (const auto& s : t.symbols) {
    o << "S " << s.id << '|' << s.name << '|' << static_cast<int>(s.kind) << '|' << s.tag << '|' << s.parent << '|'
      << s.is_definition << s.is_static << s.is_virtual << s.is_implicit << s.in_anonymous_namespace << '|'
      << s.signature << '|';
    put(o, s.loc);
    o << '\n';
  }
  for (const auto& e : t.edges) {
    o << "E " << e.from << '|' << e.to << '|' << static_cast<int>(e.kind) << '|';
    put(o, e.site);
    o << '\n';
  }
  for (const auto& u : t.unresolved_calls) {
    o << "U " << u.caller << '|' << u.reason << '|' << u.text << '|';
    put(o, u.site);
    o << '\n';
  }
  for (const auto& v : t.var_values) {
    o << "V " << v.var << '|' << v.name << '|';
    put(o, v.loc);
    put(o, v.value);
    for (const auto& e : v.elements) put(o, e);
    o << '\n';
  }
  for (const auto& c : t.call_sites) {
    o << "C " << c.caller << '|' << c.callee << '|' << c.callee_name << '|' << c.object_type << '|' << c.object_var
      << '|' << c.order << '|';
    put(o, c.site);
    put(o, c.object_value);
    for (const auto& a : c.args) {
      o << a.index;
      put(o, a.value);
    }
    o << '\n';
  }
  for (const auto& l : t.locals) {
    o << "L " << l.function << '|' << l.var << '|' << l.name << '|' << l.type << '|' << l.scope_end_line << '|'
      << l.order << '|';
    put(o, l.loc);
    o << '\n';
  }
  return o.str();
}

struct Inputs {
  frontend::FrontendOptions options;
  std::vector<frontend::ParseJob> jobs;
};

// Five TUs sharing a header, each with a call, a string constant and a local,
// so every kind of fact has something to compare.
Inputs five_tus() {
  Inputs in;
  in.options.jobs = 2;
  in.options.project_root = kRoot;
  in.options.unsaved.push_back({kRoot + "/common.hpp", "#pragma once\ninline void run(const char*) {}\n"});
  for (int i = 0; i < 5; ++i) {
    const std::string n = std::to_string(i);
    const std::string source =
        "#include \"common.hpp\"\n"
        "const char* kSql" +
        n + " = \"SELECT * FROM t" + n +
        "\";\n"
        "struct Guard" +
        n + " { ~Guard" + n +
        "() {} };\n"
        "void f" +
        n + "() { Guard" + n + " g; run(kSql" + n + "); run(\"DELETE FROM t" + n + "\"); }\n";
    in.options.unsaved.push_back({kRoot + "/f" + n + ".cpp", source});
    in.jobs.push_back({kRoot + "/f" + n + ".cpp", {"-std=c++17", "-I" + kRoot}, {}});
  }
  return in;
}

}  // namespace

TEST_CASE("parse_each hands every job to the sink exactly once, with its own file", "[frontend][stream]") {
  const Inputs in = five_tus();
  std::vector<int> seen(in.jobs.size(), 0);
  std::vector<TuFacts> by_index(in.jobs.size());
  frontend::parse_each(in.jobs, in.options, [&](std::size_t job_index, TuFacts&& facts) {
    REQUIRE(job_index < in.jobs.size());
    ++seen[job_index];
    CHECK(facts.file == in.jobs[job_index].file);
    by_index[job_index] = std::move(facts);
  });
  for (std::size_t i = 0; i < seen.size(); ++i) {
    INFO("job " << i);
    CHECK(seen[i] == 1);
    CHECK(by_index[i].status == ParseStatus::Clean);
    CHECK_FALSE(by_index[i].call_sites.empty());
    CHECK_FALSE(by_index[i].locals.empty());
  }

  // parse_all is the same facts, in job order.
  const std::vector<TuFacts> all = frontend::parse_all(in.jobs, in.options);
  REQUIRE(all.size() == by_index.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    INFO("job " << i);
    CHECK(describe(all[i]) == describe(by_index[i]));
  }
}

TEST_CASE("parse_each never calls the sink concurrently", "[frontend][stream]") {
  const Inputs in = five_tus();
  std::atomic<int> inside{0};
  std::atomic<int> most_inside{0};
  std::atomic<std::size_t> calls{0};
  frontend::parse_each(in.jobs, in.options, [&](std::size_t, TuFacts&&) {
    const int now = ++inside;
    if (now > most_inside) most_inside = now;
    ++calls;
    // Long enough that a second worker finishing its TU would arrive here.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    --inside;
  });
  CHECK(calls == in.jobs.size());
  CHECK(most_inside == 1);
}

TEST_CASE("an exception from the sink stops the run and reaches the caller", "[frontend][stream]") {
  const Inputs in = five_tus();
  std::size_t calls = 0;
  CHECK_THROWS_AS(frontend::parse_each(in.jobs, in.options,
                                       [&](std::size_t, TuFacts&&) {
                                         ++calls;
                                         throw std::runtime_error("sink full");
                                       }),
                  std::runtime_error);
  CHECK(calls == 1);
}

}  // namespace cleave::test
