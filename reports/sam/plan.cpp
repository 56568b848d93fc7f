// Step: from the proposal to the plan of the SAM application. Every name is
// claimed here, once, in the scope it must be unique in.
#include "core/paths.hpp"
#include "reports/sam/names.hpp"
#include "reports/sam/sam.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cleave::sam {
namespace {

// Tables a member reads and writes itself (not through its callees).
struct MemberData {
  std::set<std::string> reads, writes;
};

std::string split_method(const std::string& endpoint, std::string& path) {
  const auto space = endpoint.find(' ');
  std::string method = space == std::string::npos ? "POST" : endpoint.substr(0, space);
  path = space == std::string::npos ? endpoint : endpoint.substr(space + 1);
  static const std::set<std::string> methods = {"DELETE", "GET", "PATCH", "POST", "PUT"};
  return methods.count(method) ? method : "POST";
}

// "/Orders/{order id}/ship" -> "/orders/{order_id}/ship": segments in kebab
// case, path parameters in snake case, nothing else survives.
std::string safe_path(const std::string& raw, const std::string& fallback) {
  std::string out;
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t end = raw.find('/', start);
    if (end == std::string::npos) end = raw.size();
    const std::string seg = raw.substr(start, end - start);
    if (!seg.empty()) {
      const bool param = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
      out += "/" + (param ? "{" + snake_case(seg.substr(1, seg.size() - 2)) + "}" : kebab_case(seg));
    }
    start = end + 1;
  }
  return out.empty() ? "/" + kebab_case(fallback) : out;
}

// "onPaymentReceived" -> "payment-received": the event is what happened.
std::string event_name(const std::string& member) {
  std::string fn = last_component(member);
  for (const char* prefix : {"on", "notify", "publish", "emit", "raise", "signal"}) {
    const std::string p = prefix;
    if (fn.size() > p.size() && fn.compare(0, p.size(), p) == 0 &&
        !std::islower(static_cast<unsigned char>(fn[p.size()])))
      return kebab_case(fn.substr(p.size()));
  }
  return kebab_case(fn);
}

bool numeric_type(std::string type) {
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* t : {"INT", "NUMERIC", "DECIMAL", "REAL", "FLOAT", "DOUBLE", "SERIAL", "NUMBER"}) {
    if (type.find(t) != std::string::npos) return true;
  }
  return false;
}

class Planner {
 public:
  explicit Planner(const report::ReportContext& ctx) : ctx_(ctx) {
    for (const auto& a : ctx.model().data.accesses) {
      if (a.mode == AccessMode::Read) data_[a.symbol].reads.insert(a.table);
      if (a.mode == AccessMode::Write) data_[a.symbol].writes.insert(a.table);
    }
  }

  AppPlan run(const config::SamConfig& settings) {
    app_.project = ctx_.project_name();
    app_.settings = settings;
    services();
    for (auto& s : app_.services) {
      operations(s, *ctx_.service(s.name));
      tables(s, *ctx_.service(s.name));
    }
    events();
    peers();
    sagas();
    wire();
    return std::move(app_);
  }

 private:
  ServicePlan& plan(const std::string& service) { return app_.services[index_.at(service)]; }
  bool has(const std::string& service) const { return index_.count(service) != 0; }
  NameScope& ids(const std::string& service) { return ids_[service]; }

  // Services in the extraction order (the rest after, by name); folders and
  // root-template stems unique.
  void services() {
    std::vector<const Service*> order;
    std::set<std::string> seen;
    for (const auto& step : ctx_.proposal().extraction_order) {
      if (const Service* s = ctx_.service(step.service); s && seen.insert(s->name).second) order.push_back(s);
    }
    for (const auto& s : ctx_.proposal().services) {
      if (seen.insert(s.name).second) order.push_back(&s);
    }
    NameScope dirs(64), stems(40);
    stems.claim("Strangler");
    stems.claim("Monolith");
    for (const char* param : kDatabaseParams) stems.claim(param);  // root parameters
    for (const Service* s : order) {
      ServicePlan p;
      p.name = s->name;
      p.dir = dirs.claim(sanitize_name(s->name));
      p.id = stems.claim(pascal_case(s->name));
      p.rank = static_cast<unsigned>(app_.services.size() + 1);
      p.classes = s->classes;
      p.functions = s->functions;
      for (const auto& f : s->files) p.files.push_back(ctx_.rel(f));
      p.ddl = s->ddl;
      for (const auto& fk : ctx_.proposal().foreign_keys_to_cut) {
        if (fk.table_owner != s->name && fk.ref_owner != s->name) continue;
        std::string cols;
        for (const auto& c : fk.columns) cols += (cols.empty() ? "" : ", ") + c;
        p.foreign_keys_to_cut.push_back(fk.table + "(" + cols + ") of " + fk.table_owner + " -> " + fk.ref_table +
                                        " of " + fk.ref_owner);
      }
      index_[p.name] = app_.services.size();
      app_.services.push_back(std::move(p));
      for (const char* fixed : {"HttpApi", "ApiFunction", "ApiUrl", "ApiFunctionName"}) ids(s->name).claim(fixed);
      app_.services.back().api_function_id = "ApiFunction";
      fitness(app_.services.back());
    }
  }

  // The proposal's fitness verdict and findings, with paths as the README
  // shows them; downstream findings decide the template's reserved
  // concurrency and RDS Proxy parameters, whose ids are claimed here.
  void fitness(ServicePlan& p) {
    const auto& all = ctx_.proposal().fitness;
    const auto it = std::find_if(all.begin(), all.end(), [&](const ServiceFitness& f) { return f.service == p.name; });
    if (it == all.end()) return;
    FitnessPlan& out = p.fitness;
    out.verdict = it->verdict;
    out.evidence = it->evidence;
    std::set<std::string> downstream(it->downstream.begin(), it->downstream.end());
    for (const FitnessFinding& f : it->findings) {
      out.findings.push_back({f.rule, f.kind, f.what, f.function, f.via, ctx_.where(f.loc), f.conflict, f.replacement,
                              f.downstream, f.effort, f.central});
      const bool database = f.rule == "CLV-FIT-006", peer = f.rule == "CLV-FIT-007";
      out.database_proxy = out.database_proxy || database;
      out.reserve_concurrency = out.reserve_concurrency || database || peer;
      if ((database || peer) && !f.downstream.empty()) downstream.insert(f.downstream);
      if (database && f.downstream.empty()) downstream.insert("the monolith's database");
      if (peer && f.downstream.empty()) downstream.insert("the services it calls");
    }
    out.downstream.assign(downstream.begin(), downstream.end());
    if (out.reserve_concurrency) ids(p.name).claim(kReservedConcurrency);
    if (out.database_proxy) {
      for (const char* id : kDatabaseParams) ids(p.name).claim(id);
      for (const char* id : {kHasDatabaseProxy, kInDatabaseVpc}) ids(p.name).claim(id);
    }
  }

  std::string origin_of(const std::string& usr) const {
    const Symbol* sym = ctx_.symbol(usr);
    return sym ? ctx_.where(sym->loc) : std::string();
  }

  void add_operation(ServicePlan& s, Operation op) {
    std::string key = op.method + " " + op.path;
    for (unsigned n = 2; !routes_[s.name].insert(key).second; ++n) {
      key = op.method + " " + op.path + "-" + std::to_string(n);
    }
    op.path = key.substr(op.method.size() + 1);
    op.route_key = key;
    op.stub = stubs_[s.name].claim(cpp_identifier(op.stub));
    op.event_id = ids(s.name).claim(pascal_case(op.stub) + "Route");
    s.operations.push_back(std::move(op));
  }

  void operations(ServicePlan& s, const Service& service) {
    for (const ApiMember& m : service.api) {
      if (m.style == "event") continue;
      Operation op;
      op.member = m.name;
      op.style = m.style;
      std::string path;
      op.method = split_method(m.endpoint, path);
      op.path = safe_path(path, service.name);
      op.stub = last_component(m.name);
      op.origin = origin_of(m.symbol);
      if (auto it = data_.find(m.symbol); it != data_.end()) {
        op.reads.assign(it->second.reads.begin(), it->second.reads.end());
        op.writes.assign(it->second.writes.begin(), it->second.writes.end());
      }
      op.callers = m.callers;
      add_operation(s, std::move(op));
    }
  }

  void tables(ServicePlan& s, const Service& service) {
    for (const auto& name : service.tables) {
      TablePlan t;
      t.name = name;
      t.logical_id = ids(s.name).claim(pascal_case(name) + "Table");
      const Table* table = ctx_.table(name);
      auto type_of = [&](const std::string& column) {
        if (table) {
          for (const auto& c : table->columns) {
            if (c.name == column) return numeric_type(c.type) ? "N" : "S";
          }
        }
        return "S";
      };
      if (table && !table->primary_key.empty()) {
        t.partition_key = table->primary_key[0];
        if (table->primary_key.size() > 1) t.sort_key = table->primary_key[1];
      } else {
        t.partition_key = "id";
      }
      t.partition_type = type_of(t.partition_key);
      if (!t.sort_key.empty()) t.sort_type = type_of(t.sort_key);
      const std::string crud = ctx_.crud(name, s.name);
      t.written = crud.find_first_of("CUD") != std::string::npos;
      if (const TableOwnership* own = ctx_.ownership(name)) {
        for (const auto& r : own->readers) {
          if (r != s.name) t.readers.push_back(r);
        }
      }
      s.tables.push_back(std::move(t));
    }
  }

  Publication& publication(const std::string& publisher, const std::string& suffix, const std::string& reason) {
    ServicePlan& p = plan(publisher);
    const std::string event = publisher + "." + suffix;
    for (auto& pub : p.publications) {
      if (pub.event == event) return pub;
    }
    Publication pub;
    pub.event = event;
    pub.topic_id = ids(publisher).claim(pascal_case(suffix) + "Topic");
    pub.output_id = ids(publisher).claim(pub.topic_id + "Arn");
    pub.reason = reason;
    p.publications.push_back(std::move(pub));
    return p.publications.back();
  }

  void consume(const std::string& consumer, const std::string& publisher, const std::string& suffix,
               const std::string& reason, const std::string& member, const std::string& origin) {
    Publication& pub = publication(publisher, suffix, reason);
    if (std::find(pub.consumers.begin(), pub.consumers.end(), consumer) != pub.consumers.end()) return;
    pub.consumers.push_back(consumer);
    ServicePlan& s = plan(consumer);
    Consumer c;
    c.event = pub.event;
    c.publisher = publisher;
    const std::string stem = pascal_case(publisher + " " + suffix);
    c.stub = stubs_[consumer].claim(cpp_identifier("on " + publisher + " " + suffix));
    c.function_id = ids(consumer).claim("On" + stem + "Function");
    c.queue_id = ids(consumer).claim("On" + stem + "Queue");
    c.dlq_id = ids(consumer).claim("On" + stem + "DeadLetterQueue");
    c.topic_param = ids(consumer).claim(stem + "TopicArn");
    c.topic_output = pub.output_id;
    c.reason = reason;
    c.member = member;
    c.origin = origin;
    s.consumers.push_back(std::move(c));
  }

  // Events: members named like notifications (style "event") are raised by
  // their callers; a table another service keeps a read model of announces
  // its changes from its owner.
  void events() {
    for (const auto& service : ctx_.proposal().services) {
      if (!has(service.name)) continue;
      for (const ApiMember& m : service.api) {
        if (m.style != "event") continue;
        for (const auto& caller : m.callers) {
          if (!has(caller) || caller == service.name) continue;
          consume(service.name, caller, event_name(m.name),
                  caller + " calls " + m.name + " today; the call becomes an event " + service.name + " consumes",
                  m.name, origin_of(m.symbol));
        }
      }
    }
    for (const auto& t : ctx_.proposal().tables) {
      if (t.owner.empty() || !has(t.owner)) continue;
      for (const auto& a : t.accesses) {
        if (a.resolution != "read-model" || !has(a.service) || a.service == t.owner) continue;
        consume(
            a.service, t.owner, kebab_case(t.name) + "-changed",
            a.service + " reads " + t.name + " today and keeps a read model of it, fed by " + t.owner + "'s changes",
            "", "");
        for (auto& tp : plan(t.owner).tables) {
          if (tp.name == t.name) tp.stream = true;
        }
      }
    }
  }

  void add_peer(std::vector<Peer>& list, const std::string& owner, const std::string& peer, const char* suffix) {
    if (!has(peer) || peer == owner) return;
    for (const auto& p : list) {
      if (p.service == peer) return;
    }
    list.push_back({peer, ids(owner).claim(pascal_case(peer) + suffix)});
  }

  // Who calls whom over HTTP: API callers, and table access resolved by a
  // query or a command on the owner.
  void peers() {
    std::map<std::string, std::set<std::string>> calls;
    for (const auto& s : app_.services) {
      for (const auto& op : s.operations) {
        for (const auto& caller : op.callers) calls[caller].insert(s.name);
      }
    }
    for (const auto& t : ctx_.proposal().tables) {
      for (const auto& a : t.accesses) {
        if (a.resolution == "api-query" || a.resolution == "command") calls[a.service].insert(t.owner);
      }
    }
    for (auto& [caller, callees] : calls) {
      if (!has(caller)) continue;
      for (const auto& callee : callees) add_peer(plan(caller).peers, caller, callee, "BaseUrl");
    }
  }

  std::string internal_operation(const std::string& service, const std::string& style, const std::string& path,
                                 const std::string& stub, const DistributedTransaction& dt) {
    Operation op;
    op.member = dt.function;
    op.style = style;
    op.method = "POST";
    op.path = path;
    op.stub = stub;
    op.origin = ctx_.where(dt.loc);
    add_operation(plan(service), std::move(op));
    return plan(service).operations.back().route_key;
  }

  // One saga per distributed transaction, in the service whose code starts
  // it. A transaction listed twice (same function, same steps) is one saga.
  void sagas() {
    std::set<std::string> seen;
    for (const auto& dt : ctx_.proposal().distributed_transactions) {
      std::string key = dt.function;
      for (const auto& step : dt.saga) key += "|" + step.service + ":" + step.action;
      if (dt.saga.empty() || !seen.insert(key).second) continue;
      std::string starter = ctx_.service_of_name(dt.function);
      if (!has(starter)) starter = dt.saga.front().service;
      if (!has(starter)) continue;
      SagaPlan saga;
      saga.function = dt.function;
      saga.origin = ctx_.where(dt.loc);
      saga.tables = dt.tables;
      saga.name = kebab_case(last_component(dt.function));
      saga.logical_id = ids(starter).claim(pascal_case(last_component(dt.function)) + "Saga");
      NameScope states(80);
      for (const auto& step : dt.saga) {
        if (!has(step.service)) continue;
        SagaTask task;
        task.service = step.service;
        task.action = step.action;
        task.pivot = step.pivot;
        task.state = states.claim(pascal_case(step.action + " in " + step.service));
        const std::string base = "/sagas/" + saga.name + "/" + kebab_case(step.action);
        task.route_key = internal_operation(step.service, "saga-step", base, saga.name + " " + step.action, dt);
        if (!step.compensation.empty()) {
          task.compensation = states.claim("Undo" + task.state);
          task.compensation_text = step.compensation;
          task.compensation_route_key = internal_operation(step.service, "compensation", base + "/compensate",
                                                           "undo " + saga.name + " " + step.action, dt);
        }
        if (step.service != starter) add_peer(plan(starter).saga_peers, starter, step.service, "FunctionName");
        saga.tasks.push_back(std::move(task));
      }
      plan(starter).sagas.push_back(std::move(saga));
    }
  }

  // The root template passes topic ARNs and function names from one nested
  // stack to another; CloudFormation refuses a cycle among them. Edges are
  // wired in the extraction order and one that would close a cycle is left
  // for the team to set after both stacks exist (the README says which).
  void wire() {
    std::map<std::string, std::set<std::string>> needs;  // stack -> stacks it reads outputs of
    auto reaches = [&](const std::string& from, const std::string& to) {
      std::vector<std::string> stack = {from};
      std::set<std::string> seen;
      while (!stack.empty()) {
        const std::string s = stack.back();
        stack.pop_back();
        if (s == to) return true;
        if (!seen.insert(s).second) continue;
        for (const auto& n : needs[s]) stack.push_back(n);
      }
      return false;
    };
    auto link = [&](const std::string& from, const std::string& to) {
      if (reaches(to, from)) return false;
      needs[from].insert(to);
      return true;
    };
    for (auto& s : app_.services) {
      for (auto& c : s.consumers) c.wired = link(s.name, c.publisher);
      for (auto& p : s.saga_peers) p.wired = link(s.name, p.service);
    }
  }

  const report::ReportContext& ctx_;
  AppPlan app_;
  std::map<std::string, std::size_t> index_;
  std::map<std::string, NameScope> ids_;    // logical ids per service template
  std::map<std::string, NameScope> stubs_;  // C++ names per service
  std::map<std::string, std::set<std::string>> routes_;
  std::map<std::string, MemberData> data_;
};

}  // namespace

AppPlan plan_application(const report::ReportContext& ctx, const config::SamConfig& settings) {
  return Planner(ctx).run(settings);
}

}  // namespace cleave::sam
