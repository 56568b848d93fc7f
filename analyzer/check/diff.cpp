#include "check/diff.hpp"

#include "check/check.hpp"
#include "core/paths.hpp"
#include "model/program_graph.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

namespace cleave::check {

ContextMap contexts_from_proposal(const Proposal& proposal) {
  ContextMap map;
  map.source = "proposal";
  for (const auto& [usr, service] : proposal.assignment) {
    map.of_symbol[usr] = service.empty() ? std::string(kKernelName) : service;
  }
  for (const auto& t : proposal.tables) {
    if (!t.owner.empty()) map.table_owner[t.name] = t.owner;
  }
  return map;
}

ContextMap contexts_from_architecture(const Model& model, const Architecture& architecture, const std::string& root) {
  ContextMap map;
  map.source = architecture.file.empty() ? std::string(kArchitectureFileName) : architecture.file;
  map.of_symbol = contexts_of(model, architecture, root);
  for (const auto& c : architecture.contexts) {
    for (const auto& t : c.tables) map.table_owner[t] = c.name;
  }
  return map;
}

namespace {

// The context of `usr`: its own entry (a method placed on its own), else its unit's.
const std::string* context_of(const Model& model, const ContextMap& contexts, const std::string& usr) {
  auto it = contexts.of_symbol.find(usr);
  if (it == contexts.of_symbol.end()) {
    const auto unit = model.unit_of(usr);
    if (unit) it = contexts.of_symbol.find(*unit);
  }
  return it == contexts.of_symbol.end() ? nullptr : &it->second;
}

std::string name_of(const Model& model, const std::string& usr) {
  const Symbol* s = model.find(usr);
  return s ? s->name : usr;
}

Location relative(Location loc, const std::string& root) {
  if (!loc.file.empty() && !root.empty()) loc.file = relative_to(loc.file, root);
  return loc;
}

// The smaller of two locations, an empty one losing to any other.
void keep_smaller(Location& kept, const Location& candidate) {
  if (candidate.file.empty()) return;
  if (kept.file.empty() || candidate < kept) kept = candidate;
}

std::vector<CrossCall> cross_calls(const Model& model, const ContextMap& contexts, const std::string& root) {
  std::map<std::pair<std::string, std::string>, CrossCall> by_identity;
  for (const ModelEdge& e : model.edges) {
    if (e.kind != EdgeKind::Call) continue;
    const std::string* from = context_of(model, contexts, e.from);
    const std::string* to = context_of(model, contexts, e.to);
    if (!from || !to || *from == *to || *to == kKernelName) continue;
    const std::string caller = name_of(model, e.from), callee = name_of(model, e.to);
    CrossCall& c = by_identity[{caller, callee}];
    if (c.caller.empty()) c = {caller, callee, *from, *to, 0, {}};
    c.sites += e.weight;
    keep_smaller(c.location, relative(e.first_site, root));
  }
  std::vector<CrossCall> out;
  for (auto& [key, c] : by_identity) out.push_back(std::move(c));
  return out;
}

std::vector<CrossAccess> cross_accesses(const Model& model, const ContextMap& contexts, const std::string& root) {
  std::map<std::tuple<std::string, std::string, std::string>, CrossAccess> by_identity;
  for (const TableAccess& a : model.data.accesses) {
    if (a.mode != AccessMode::Read && a.mode != AccessMode::Write) continue;  // DDL and routine calls touch no rows
    const auto owner = contexts.table_owner.find(a.table);
    const std::string* context = context_of(model, contexts, a.symbol);
    if (owner == contexts.table_owner.end() || !context || *context == owner->second) continue;
    const std::string function = name_of(model, a.symbol), mode(to_string(a.mode));
    CrossAccess& x = by_identity[{function, a.table, mode}];
    if (x.function.empty()) x = {function, a.table, mode, *context, owner->second, {}};
    keep_smaller(x.location, relative(a.loc, root));
  }
  std::vector<CrossAccess> out;
  for (auto& [key, x] : by_identity) out.push_back(std::move(x));
  return out;
}

// Cycles of the context graph: an edge per cross-context call and access.
std::vector<ContextCycle> context_cycles(const std::vector<CrossCall>& calls,
                                         const std::vector<CrossAccess>& accesses) {
  std::vector<ModelEdge> edges;
  for (const auto& c : calls) edges.push_back({c.from_context, c.to_context, EdgeKind::Call, c.sites, {}});
  for (const auto& a : accesses) edges.push_back({a.context, a.owner, EdgeKind::Call, 1, {}});
  return ProgramGraph(edges).cycles();
}

// Items of `a` whose identity `b` lacks; both sorted by identity.
template <class T, class Key>
std::vector<T> missing_from(const std::vector<T>& a, const std::vector<T>& b, Key key) {
  std::set<decltype(key(a.front()))> in_b;
  for (const T& x : b) in_b.insert(key(x));
  std::vector<T> out;
  for (const T& x : a) {
    if (!in_b.count(key(x))) out.push_back(x);
  }
  return out;
}

}  // namespace

Crossings crossings_of(const Model& model, const ContextMap& contexts, const std::string& root) {
  Crossings c;
  c.calls = cross_calls(model, contexts, root);
  c.accesses = cross_accesses(model, contexts, root);
  c.cycles = context_cycles(c.calls, c.accesses);
  return c;
}

bool Diff::unchanged() const {
  return calls_added.empty() && calls_removed.empty() && accesses_added.empty() && accesses_removed.empty() &&
         cycles_added.empty() && cycles_removed.empty();
}

Diff diff(const DiffSide& old_side, const DiffSide& new_side) {
  Diff d;
  d.old_label = old_side.label;
  d.new_label = new_side.label;
  d.contexts_source = new_side.contexts.source;
  for (const auto& [key, value] : old_side.metrics) {
    if (auto it = new_side.metrics.find(key); it != new_side.metrics.end())
      d.metrics.push_back({key, value, it->second});
  }
  const Crossings was = crossings_of(old_side.model, old_side.contexts, old_side.root);
  const Crossings now = crossings_of(new_side.model, new_side.contexts, new_side.root);
  auto count = [](std::size_t n) { return static_cast<double>(n); };
  d.totals = {{"context_cycles", count(was.cycles.size()), count(now.cycles.size())},
              {"cross_context_accesses", count(was.accesses.size()), count(now.accesses.size())},
              {"cross_context_calls", count(was.calls.size()), count(now.calls.size())}};

  auto call_key = [](const CrossCall& c) { return std::make_pair(c.caller, c.callee); };
  auto access_key = [](const CrossAccess& a) { return std::make_tuple(a.function, a.table, a.mode); };
  auto cycle_key = [](const ContextCycle& c) { return c; };
  d.calls_added = missing_from(now.calls, was.calls, call_key);
  d.calls_removed = missing_from(was.calls, now.calls, call_key);
  d.accesses_added = missing_from(now.accesses, was.accesses, access_key);
  d.accesses_removed = missing_from(was.accesses, now.accesses, access_key);
  d.cycles_added = missing_from(now.cycles, was.cycles, cycle_key);
  d.cycles_removed = missing_from(was.cycles, now.cycles, cycle_key);
  return d;
}

// ---- outputs ---------------------------------------------------------------

namespace {

double rounded(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0 ? 0 : r;  // no "-0"
}

// At most 6 decimals, trailing zeros dropped; `sign` adds "+" to positives.
std::string number(double x, bool sign = false) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", rounded(x));
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (sign && rounded(x) > 0) s = "+" + s;
  return s;
}

std::string where(const Location& loc) {
  if (loc.file.empty()) return "";
  return loc.line ? loc.file + ":" + std::to_string(loc.line) : loc.file;
}

// A strongly connected group of contexts, not one path through them: two
// read "a <-> b", more "a, b, c (each reaches the others)".
std::string cycle_text(const ContextCycle& c) {
  if (c.size() == 2) return c[0] + " <-> " + c[1];
  std::string out;
  for (const auto& name : c) out += (out.empty() ? "" : ", ") + name;
  return out + " (each reaches the others)";
}

// Rows of cells, each column padded to its widest cell; "" cells end a row early.
std::string aligned(const std::vector<std::vector<std::string>>& rows, const std::string& indent) {
  std::vector<std::size_t> width;
  for (const auto& r : rows) {
    width.resize(std::max(width.size(), r.size()));
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line = indent;
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string counted(std::size_t added, std::size_t removed) {
  return std::to_string(added) + " added, " + std::to_string(removed) + " removed";
}

std::string access_verb(const std::string& mode) { return mode == "write" ? "writes" : "reads"; }

void text_calls(const Diff& d, std::string& out) {
  out += "\ncross-context calls: " + counted(d.calls_added.size(), d.calls_removed.size()) + "\n";
  std::vector<std::vector<std::string>> rows;
  auto row = [&rows](const char* mark, const CrossCall& c) {
    rows.push_back(
        {mark, c.caller + " -> " + c.callee, "(" + c.from_context + " -> " + c.to_context + ")", where(c.location)});
  };
  for (const auto& c : d.calls_added) row("+", c);
  for (const auto& c : d.calls_removed) row("-", c);
  out += aligned(rows, "  ");
}

void text_accesses(const Diff& d, std::string& out) {
  out += "\ntable accesses across owners: " + counted(d.accesses_added.size(), d.accesses_removed.size()) + "\n";
  std::vector<std::vector<std::string>> rows;
  auto row = [&rows](const char* mark, const CrossAccess& a) {
    rows.push_back({mark, a.function + " " + access_verb(a.mode) + " " + a.table,
                    "(" + a.context + " -> owner " + a.owner + ")", where(a.location)});
  };
  for (const auto& a : d.accesses_added) row("+", a);
  for (const auto& a : d.accesses_removed) row("-", a);
  out += aligned(rows, "  ");
}

}  // namespace

std::string render_diff_text(const Diff& d) {
  std::string out = "cleave diff: " + d.old_label + " -> " + d.new_label + " (contexts: " + d.contexts_source + ")\n\n";
  std::vector<std::vector<std::string>> rows{{"metric", "old", "new", "delta"}};
  for (const auto* list : {&d.metrics, &d.totals}) {
    for (const auto& m : *list) {
      rows.push_back({m.key, number(m.old_value), number(m.new_value), number(m.delta(), true)});
    }
  }
  out += aligned(rows, "");
  text_calls(d, out);
  text_accesses(d, out);
  out += "\ncycles between contexts: " + counted(d.cycles_added.size(), d.cycles_removed.size()) + "\n";
  for (const auto& c : d.cycles_added) out += "  + " + cycle_text(c) + "\n";
  for (const auto& c : d.cycles_removed) out += "  - " + cycle_text(c) + "\n";
  return out;
}

namespace {

nlohmann::json metric_json(const std::vector<MetricDelta>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : list) {
    out.push_back(
        {{"key", m.key}, {"old", rounded(m.old_value)}, {"new", rounded(m.new_value)}, {"delta", rounded(m.delta())}});
  }
  return out;
}

nlohmann::json calls_json(const std::vector<CrossCall>& calls) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : calls) {
    out.push_back({{"caller", c.caller},
                   {"callee", c.callee},
                   {"from_context", c.from_context},
                   {"to_context", c.to_context},
                   {"sites", c.sites},
                   {"file", c.location.file},
                   {"line", c.location.line}});
  }
  return out;
}

nlohmann::json accesses_json(const std::vector<CrossAccess>& accesses) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : accesses) {
    out.push_back({{"function", a.function},
                   {"table", a.table},
                   {"mode", a.mode},
                   {"context", a.context},
                   {"owner", a.owner},
                   {"file", a.location.file},
                   {"line", a.location.line}});
  }
  return out;
}

}  // namespace

std::string render_diff_json(const Diff& d) {
  nlohmann::json doc{
      {"version", 1},
      {"old", d.old_label},
      {"new", d.new_label},
      {"contexts", d.contexts_source},
      {"unchanged", d.unchanged()},
      {"metrics", metric_json(d.metrics)},
      {"totals", metric_json(d.totals)},
      {"calls", {{"added", calls_json(d.calls_added)}, {"removed", calls_json(d.calls_removed)}}},
      {"table_accesses", {{"added", accesses_json(d.accesses_added)}, {"removed", accesses_json(d.accesses_removed)}}},
      {"cycles", {{"added", d.cycles_added}, {"removed", d.cycles_removed}}},
  };
  return doc.dump(2) + "\n";
}

namespace {

// A table cell: pipes escaped, code in backticks.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}
std::string code(const std::string& text) { return text.empty() ? "" : "`" + cell(text) + "`"; }

void md_calls(const Diff& d, std::string& out) {
  out += "\n### Cross-context calls: " + counted(d.calls_added.size(), d.calls_removed.size()) + "\n";
  if (d.calls_added.empty() && d.calls_removed.empty()) return;
  out += "\n| | caller | callee | contexts | where |\n| --- | --- | --- | --- | --- |\n";
  auto row = [&out](const char* mark, const CrossCall& c) {
    out += std::string("| ") + mark + " | " + code(c.caller) + " | " + code(c.callee) + " | " + cell(c.from_context) +
           " → " + cell(c.to_context) + " | " + code(where(c.location)) + " |\n";
  };
  for (const auto& c : d.calls_added) row("added", c);
  for (const auto& c : d.calls_removed) row("removed", c);
}

void md_accesses(const Diff& d, std::string& out) {
  out += "\n### Table accesses across owners: " + counted(d.accesses_added.size(), d.accesses_removed.size()) + "\n";
  if (d.accesses_added.empty() && d.accesses_removed.empty()) return;
  out += "\n| | function | table | mode | context → owner | where |\n| --- | --- | --- | --- | --- | --- |\n";
  auto row = [&out](const char* mark, const CrossAccess& a) {
    out += std::string("| ") + mark + " | " + code(a.function) + " | " + code(a.table) + " | " + a.mode + " | " +
           cell(a.context) + " → " + cell(a.owner) + " | " + code(where(a.location)) + " |\n";
  };
  for (const auto& a : d.accesses_added) row("added", a);
  for (const auto& a : d.accesses_removed) row("removed", a);
}

}  // namespace

std::string render_diff_markdown(const Diff& d) {
  std::string out = "## Coupling trend: " + code(d.old_label) + " → " + code(d.new_label) + "\n\n";
  out += "Contexts from: " + code(d.contexts_source) + ". ";
  out += d.unchanged() ? "No cross-context call, table access or cycle was added or removed.\n"
                       : "Cross-context dependencies changed; details below.\n";
  out += "\n| metric | old | new | delta |\n| --- | ---: | ---: | ---: |\n";
  for (const auto* list : {&d.metrics, &d.totals}) {
    for (const auto& m : *list) {
      out += "| " + code(m.key) + " | " + number(m.old_value) + " | " + number(m.new_value) + " | " +
             number(m.delta(), true) + " |\n";
    }
  }
  md_calls(d, out);
  md_accesses(d, out);
  out += "\n### Cycles between contexts: " + counted(d.cycles_added.size(), d.cycles_removed.size()) + "\n";
  if (!d.cycles_added.empty() || !d.cycles_removed.empty()) out += "\n";
  for (const auto& c : d.cycles_added) out += "- added: " + cell(cycle_text(c)) + "\n";
  for (const auto& c : d.cycles_removed) out += "- removed: " + cell(cycle_text(c)) + "\n";
  return out;
}

}  // namespace cleave::check
