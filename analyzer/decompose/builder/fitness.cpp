// Step: serverless fitness (issue 17).
// Reads: the model's hazards (what assumes a long-lived process on one
//   machine), every table access, call edges with their loop sites, Reference
//   edges, and the proposal's services and table owners.
// Decides: per service the findings of its own code and those it reaches
//   through shared-kernel code (following callers up to the first function a
//   service owns, so a static map in a kernel helper is the problem of every
//   service that calls it, and the kernel's too); per service a verdict:
//   "keep-long-running" when a finding is central to its design (a listening
//   socket, unless the service serves HTTP, which API Gateway fronts; threads
//   or event loops in a service that listens, HTTP aside, or starts two or
//   more; resident state of a container or class type that three or more of
//   its functions use, or that holds the service's own objects in its fields,
//   as a game's world holds its map), else "ready-after-changes" when
//   anything was found, else "ready".
// Introduced with issue 17.
#include "decompose/builder/builder.hpp"

#include "core/findings.hpp"

#include <array>
#include <cctype>
#include <deque>
#include <string_view>
#include <tuple>

namespace cleave::decompose::detail {
namespace {

constexpr std::string_view kMonolithDatabase = "the monolith's relational database";

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool contains_any(std::string_view text, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return text.find(w) != std::string_view::npos; });
}

// The type of a State hazard's `what`: "global std::map<int, X> cache" ->
// "std::map<int, X>"; "singleton S: function-local static S instance" -> "S".
std::string state_type(std::string what) {
  if (auto colon = what.find(": "); starts_with(what, "singleton ") && colon != std::string::npos) {
    what = what.substr(colon + 2);
  }
  for (std::string_view p :
       {"thread_local ", "function-local static ", "static member ", "global ", "struct ", "class "}) {
    if (starts_with(what, p)) what = what.substr(p.size());
  }
  const auto space = what.rfind(' ');
  return space == std::string::npos ? what : what.substr(0, space);
}

// State that holds data requests build up and read back: a container, or an
// object of a class (a world, a registry, a singleton). Scalars, strings and
// synchronisation primitives are state too, but never a resident cache.
bool resident(const Hazard& h) {
  const std::string type = state_type(h.what);
  // Judge the outer type: std::map<std::string, Tariff> is a cache even though
  // it names std::string, and std::atomic<Stats *> is a counter, not a store.
  const std::string_view outer = std::string_view(type).substr(0, type.find('<'));
  if (contains_any(outer, {"mutex", "condition_variable", "lock", "atomic", "random", "mt19937", "once_flag", "thread",
                           "iterator"}) ||
      outer == "std::string" || outer == "std::basic_string" || outer == "std::string_view" || outer == "QString") {
    return false;
  }
  if (starts_with(h.what, "singleton ")) return true;
  if (contains_any(type, {"map<", "set<", "vector<", "list<", "deque<", "queue<", "array<", "stack<", "Map", "Set",
                          "List", "Cache", "cache", "Pool", "pool", "Registry"})) {
    return true;
  }
  // A class type: its last name component starts with an upper-case letter
  // (Game, Vocations *, Items), unlike int32_t, bool or size_t.
  std::string_view last = type;
  if (auto at = last.rfind("::"); at != std::string_view::npos) last = last.substr(at + 2);
  return !last.empty() && std::isupper(static_cast<unsigned char>(last.front()));
}

// "A, B, C and 2 more" ("A, B" for two); empty for none.
std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 3; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 3) out += " and " + std::to_string(names.size() - 3) + " more";
  return out;
}

// A background hazard that runs work beside the requests rather than waiting.
bool starts_work(const Hazard& h) {
  return contains_any(h.what,
                      {"std::thread", "std::jthread", "boost::thread", "pthread_create", "QThread::start", "::run"});
}

// An HTTP server's own call (the front end labels it): request and response,
// which API Gateway's HTTP API turns into one event per invocation.
bool serves_http(const FitnessFinding& f) {
  constexpr std::string_view label = " (serves HTTP)";
  return f.rule == rules::kFitServer && f.what.size() >= label.size() &&
         f.what.compare(f.what.size() - label.size(), label.size(), label) == 0;
}

FitnessFinding from_hazard(const Hazard& h, const std::string& function) {
  FitnessFinding f;
  f.what = h.what;
  f.function = function;
  f.loc = h.loc;
  switch (h.kind) {
    case HazardKind::State:
      f.rule = rules::kFitState;
      f.kind = "state";
      f.conflict =
          "Lambda functions are stateless: an instance's memory is shared with no other instance and lost when it "
          "is recycled.";
      if (resident(h)) {
        f.effort = 2;
        f.replacement =
            "Keep what requests share in ElastiCache (a cache) or DynamoDB (state), or rebuild it per invocation.";
      } else {
        f.replacement = "Make it per invocation, or keep it in DynamoDB when requests must share it.";
      }
      break;
    case HazardKind::LocalFile:
      f.rule = rules::kFitLocalFile;
      f.kind = "local-file";
      f.conflict =
          "A function's disk is its own and ephemeral: only /tmp is writable, and nothing there outlives the "
          "instance.";
      f.replacement = h.what.find("reads local configuration") != std::string::npos
                          ? "Read the configuration from environment variables or SSM Parameter Store."
                          : "Write to S3 (or to /tmp for scratch data one invocation uses).";
      break;
    case HazardKind::Background:
      f.rule = rules::kFitBackground;
      f.kind = "background";
      f.conflict =
          "A function is frozen between invocations: threads and timers stop with it, and time spent waiting is "
          "billed.";
      if (starts_work(h)) {
        f.effort = 3;
        f.replacement =
            "Send the work to an SQS queue another function consumes; run periodic jobs on an EventBridge Scheduler "
            "schedule.";
      } else {
        f.effort = 2;
        f.replacement =
            "Wait in a Step Functions wait state or an EventBridge Scheduler schedule, not in the function.";
      }
      break;
    case HazardKind::Server:
      f.rule = rules::kFitServer;
      f.kind = "server";
      f.effort = 3;
      f.conflict = "A function is invoked with one event at a time; it never listens for connections.";
      f.replacement =
          serves_http(f)
              ? "Put API Gateway's HTTP API in front: each request reaches the function as an event, parsed, so the "
                "listener, the request reading and the I/O loop go."
              : "Put API Gateway in front and handle one request per invocation, or keep the service as a container.";
      break;
  }
  return f;
}

auto finding_key(const FitnessFinding& f) { return std::tie(f.effort, f.loc, f.rule, f.what, f.function, f.via); }

void sort_findings(std::vector<FitnessFinding>& v) {
  std::sort(v.begin(), v.end(),
            [](const FitnessFinding& a, const FitnessFinding& b) { return finding_key(a) < finding_key(b); });
  v.erase(
      std::unique(v.begin(), v.end(),
                  [](const FitnessFinding& a, const FitnessFinding& b) { return finding_key(a) == finding_key(b); }),
      v.end());
}

}  // namespace

// The findings gathered per service before verdicts; `uses` counts, per
// State hazard, the service's functions that use it (for centrality).
struct Builder::FitnessScan {
  std::map<std::string, std::vector<std::string>> callers;     // callee -> callers (Call, Dispatch)
  std::map<std::string, std::vector<std::string>> users;       // variable -> functions referencing it
  std::map<std::string, std::vector<FitnessFinding>> service;  // service -> findings
  std::map<std::string, std::map<const Hazard*, unsigned>> uses;
  std::vector<FitnessFinding> kernel;
  std::map<std::string, std::vector<std::string>> fields;  // class -> classes of its fields (FieldType)
  std::map<std::string, std::string> classes;              // qualified name -> USR
};

std::string Builder::name_of(const std::string& usr) const {
  const Symbol* s = model_.find(usr);
  return s ? s->name : usr;
}

// The services that reach `fn` (code of no service) through callers, each
// with the first of its own functions on the way (the smallest name when
// several are).
std::map<std::string, std::string> Builder::reached_from(const std::string& fn, const FitnessScan& scan) const {
  std::map<std::string, std::string> out;
  std::set<std::string> seen{fn};
  std::deque<std::string> queue{fn};
  while (!queue.empty()) {
    const std::string at = queue.front();
    queue.pop_front();
    auto it = scan.callers.find(at);
    if (it == scan.callers.end()) continue;
    for (const auto& caller : it->second) {
      if (!seen.insert(caller).second) continue;
      if (const std::string& s = service_of_symbol(caller); !s.empty()) {
        const std::string via = name_of(caller);
        auto [slot, fresh] = out.emplace(s, via);
        if (!fresh && via < slot->second) slot->second = via;
      } else {
        queue.push_back(caller);
      }
    }
  }
  return out;
}

void Builder::fitness_hazards(FitnessScan& scan) const {
  for (const Hazard& h : model_.hazards) {
    const std::string& owner = service_of_symbol(h.function.empty() ? h.variable : h.function);
    FitnessFinding f = from_hazard(h, h.function.empty() ? std::string() : name_of(h.function));
    if (!owner.empty()) {
      scan.service[owner].push_back(f);
      // A singleton is used through its accessor; other state directly.
      for (const auto& user : starts_with(h.what, "singleton ") ? scan.callers[h.function] : scan.users[h.variable]) {
        if (service_of_symbol(user) == owner) ++scan.uses[owner][&h];
      }
      continue;
    }
    // Code no service owns: the shared kernel's finding, and the problem of
    // every service that reaches it. A global a service's code uses directly
    // is that service's own state too.
    std::map<std::string, std::string> reached;
    std::map<std::string, unsigned> direct;
    bool kernel_uses = false;
    const bool global = h.function.empty();
    for (const auto& entry : global ? scan.users[h.variable] : std::vector<std::string>{h.function}) {
      if (const std::string& s = service_of_symbol(entry); !s.empty()) {
        ++direct[s];
        continue;
      }
      kernel_uses = true;
      for (auto& [s, via] : reached_from(entry, scan)) {
        auto [slot, fresh] = reached.emplace(s, via);
        if (!fresh && via < slot->second) slot->second = via;
      }
    }
    // A global only one service's code uses is that service's alone.
    if (kernel_uses || direct.size() != 1) scan.kernel.push_back(f);
    for (const auto& [s, n] : direct) {
      scan.service[s].push_back(f);
      scan.uses[s][&h] = n;
    }
    for (const auto& [s, via] : reached) {
      if (direct.count(s)) continue;
      FitnessFinding g = f;
      g.via = via;
      scan.service[s].push_back(std::move(g));
    }
  }
}

// Long work and downstream pressure, from table accesses and call loops.
void Builder::fitness_pressure(FitnessScan& scan) const {
  std::map<std::string, const std::string*> owner;
  for (const auto& t : p_.tables) owner[t.name] = &t.owner;
  std::map<std::pair<std::string, std::string>, std::pair<const TableAccess*, std::set<AccessMode>>> foreign;
  for (const TableAccess& a : model_.data.accesses) {
    if (a.mode != AccessMode::Read && a.mode != AccessMode::Write) continue;
    const std::string& s = service_of_symbol(a.symbol);
    if (s.empty()) continue;
    if (a.every_row) {
      FitnessFinding f;
      f.rule = rules::kFitLongWork;
      f.kind = "long-work";
      f.what = "reads every row of table " + a.table + ": " + (a.sql.size() > 90 ? a.sql.substr(0, 87) + "..." : a.sql);
      f.function = name_of(a.symbol);
      f.loc = a.loc;
      f.effort = 2;
      f.conflict = "An invocation runs at most 15 minutes; work that grows with the data will one day exceed it.";
      f.replacement =
          "Page the reads and drive the pages with a Step Functions Map state, or run it as a scheduled batch.";
      scan.service[s].push_back(std::move(f));
    }
    auto it = owner.find(a.table);
    if (it != owner.end() && *it->second == s) continue;
    auto& [first, modes] = foreign[{s, a.table}];
    if (!first || std::tie(a.loc, a.symbol) < std::tie(first->loc, first->symbol)) first = &a;
    modes.insert(a.mode);
  }
  for (const auto& [key, use] : foreign) {
    const auto& [s, table] = key;
    const std::string table_owner = owner.count(table) ? *owner[table] : std::string();
    FitnessFinding f;
    f.rule = rules::kFitDatabase;
    f.kind = "downstream";
    f.what = std::string(use.second.size() > 1                ? "reads and writes"
                         : use.second.count(AccessMode::Read) ? "reads"
                                                              : "writes") +
             " table " + table + (table_owner.empty() ? " (no service owns it)" : " (owned by " + table_owner + ")");
    f.function = name_of(use.first->symbol);
    f.loc = use.first->loc;
    f.downstream = std::string(kMonolithDatabase);
    f.conflict = "Lambda scales per request: each concurrent instance opens its own database connection.";
    f.replacement =
        "Connect through RDS Proxy with a reserved concurrency until the table moves; then call its owner's API.";
    scan.service[s].push_back(std::move(f));
  }
  // A synchronous call in a loop: to an operation of the callee's HTTP API,
  // a query or a command (events go through queues, which absorb the burst;
  // constructors and getters are no operation), one finding per calling
  // function and callee service, at its first loop site.
  std::set<std::pair<std::string, std::string>> operations;  // (service, member USR)
  for (const auto& s : p_.services) {
    for (const auto& m : s.api) {
      if (m.style != "event") operations.emplace(s.name, m.symbol);
    }
  }
  struct LoopCalls {
    std::vector<std::string> callees;
    Location first;
  };
  std::map<std::pair<std::string, std::string>, LoopCalls> loops;  // (caller USR, callee service)
  for (const ModelEdge& e : model_.edges) {
    if (e.kind != EdgeKind::Call || e.loop_weight == 0) continue;
    const std::string& from = service_of_symbol(e.from);
    const std::string& to = service_of_symbol(e.to);
    if (from.empty() || to.empty() || from == to || !operations.count({to, e.to})) continue;
    LoopCalls& l = loops[{e.from, to}];
    if (l.callees.empty() || e.first_loop_site < l.first) l.first = e.first_loop_site;
    l.callees.push_back(name_of(e.to));
  }
  for (auto& [key, l] : loops) {
    const auto& [caller, to] = key;
    sort_unique(l.callees);
    FitnessFinding f;
    f.rule = rules::kFitLoopCall;
    f.kind = "downstream";
    f.what = "calls service " + to + "'s API in a loop: " + name_list(l.callees);
    f.function = name_of(caller);
    f.loc = l.first;
    f.effort = 2;
    f.downstream = "service " + to;
    f.conflict =
        "Lambda scales per request: each invocation's loop multiplies the callee's load, and a slow callee holds "
        "every caller.";
    f.replacement = "Batch the calls into one request, or publish the items to a queue the callee consumes.";
    scan.service[service_of_symbol(caller)].push_back(std::move(f));
  }
}

// The service's classes whose objects a resident global of class type holds
// through its fields (two levels deep), as "A, B and 3 more"; empty when none.
std::string Builder::held_classes(const Hazard& h, const std::string& service, const FitnessScan& scan) const {
  std::string type = state_type(h.what);
  while (!type.empty() && (type.back() == '*' || type.back() == '&' || type.back() == ' ')) type.pop_back();
  if (starts_with(type, "const ")) type = type.substr(6);
  auto root = scan.classes.find(type);
  if (root == scan.classes.end()) return {};
  std::set<std::string> seen{root->second};
  std::vector<std::string> level{root->second}, held;
  for (int depth = 0; depth < 2 && !level.empty(); ++depth) {
    std::vector<std::string> next;
    for (const auto& c : level) {
      auto it = scan.fields.find(c);
      if (it == scan.fields.end()) continue;
      for (const auto& f : it->second) {
        if (!seen.insert(f).second) continue;
        next.push_back(f);
        if (service_of_symbol(f) == service) held.push_back(name_of(f));
      }
    }
    level = std::move(next);
  }
  sort_unique(held);
  return name_list(held);
}

ServiceFitness Builder::judge(const std::string& service, FitnessScan& scan) const {
  ServiceFitness out;
  out.service = service;
  auto& findings = scan.service[service];
  // Evidence, strongest first: listening sockets, then work run beside the
  // requests, then resident state by how many of its functions use it.
  std::vector<std::tuple<int, std::string>> evidence;
  for (const auto& [h, n] : scan.uses[service]) {
    if (h->kind != HazardKind::State || !resident(*h)) continue;
    std::string why;
    if (n >= 3) {
      why = "resident state at its core: " + h->what + ", used by " + std::to_string(n) + " of its functions";
    } else if (auto held = held_classes(*h, service, scan); !held.empty()) {
      why = "its " + held + " objects live in " + h->what + ", held for the life of the process";
    } else {
      continue;
    }
    for (auto& f : findings) {
      if (f.via.empty() && f.rule == rules::kFitState && f.loc == h->loc && f.what == h->what) f.central = true;
    }
    evidence.emplace_back(-static_cast<int>(n), std::move(why));
  }
  // A service that serves HTTP (request and response) is what API Gateway
  // fronts: its listening sockets, and the threads and loops that drive them,
  // are changes, not its core.
  unsigned workers = 0;
  bool listens = false, http = false;
  for (const auto& f : findings) {
    if (!f.via.empty()) continue;
    listens |= f.rule == rules::kFitServer;
    http |= serves_http(f);
    workers += f.rule == rules::kFitBackground && f.effort == 3;
  }
  std::map<std::pair<bool, std::string>, std::vector<std::string>> by_function;  // (worker, function) -> what
  for (auto& f : findings) {
    if (!f.via.empty()) continue;
    const bool server = f.rule == rules::kFitServer && !http;
    const bool worker = f.rule == rules::kFitBackground && f.effort == 3 && !http && (listens || workers >= 2);
    if (!server && !worker) continue;
    f.central = true;
    by_function[{worker, f.function}].push_back(f.what);
  }
  for (auto& [key, whats] : by_function) {
    sort_unique(whats);
    std::string list;
    for (const auto& w : whats) list += (list.empty() ? "" : ", ") + w;
    evidence.emplace_back(key.first ? -1'000'000 : -2'000'000,
                          std::string(key.first ? "runs work beside its requests" : "listens for connections") +
                              (key.second.empty() ? "" : " in " + key.second) + ": " + list);
  }
  std::sort(evidence.begin(), evidence.end());
  for (auto& e : evidence) out.evidence.push_back(std::move(std::get<1>(e)));
  sort_findings(findings);
  for (const auto& f : findings) {
    if (!f.downstream.empty()) out.downstream.push_back(f.downstream);
  }
  sort_unique(out.downstream);
  out.verdict = !out.evidence.empty() ? "keep-long-running" : findings.empty() ? "ready" : "ready-after-changes";
  out.findings = std::move(findings);
  return out;
}

void Builder::fitness() {
  FitnessScan scan;
  for (const ModelEdge& e : model_.edges) {
    if (e.kind == EdgeKind::Call || e.kind == EdgeKind::Dispatch) scan.callers[e.to].push_back(e.from);
    if (e.kind == EdgeKind::Reference) scan.users[e.to].push_back(e.from);
    if (e.kind == EdgeKind::FieldType) scan.fields[e.from].push_back(e.to);
  }
  for (const Symbol& s : model_.symbols) {
    if (s.kind == SymbolKind::Class) scan.classes.emplace(s.name, s.id);
  }
  fitness_hazards(scan);
  fitness_pressure(scan);
  for (const auto& s : p_.services) p_.fitness.push_back(judge(s.name, scan));
  std::sort(p_.fitness.begin(), p_.fitness.end(),
            [](const ServiceFitness& a, const ServiceFitness& b) { return a.service < b.service; });
  sort_findings(scan.kernel);
  p_.kernel_fitness = std::move(scan.kernel);
}

}  // namespace cleave::decompose::detail
