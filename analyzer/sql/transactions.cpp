#include "sql/transactions.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

namespace cleave::sql {
namespace {

enum class Effect { None, Begin, End };

struct Event {
  Location loc;
  Effect effect = Effect::None;        // what the event does to the transaction state
  const SqlSiteEvent* site = nullptr;  // SQL run here
  std::string callee;                  // a call to a project function (its tables count)
};

constexpr int kMaxCallDepth = 32;  // a stack guard; the memo keeps it linear

Effect of(TxControl tx) {
  switch (tx) {
    case TxControl::Begin:
    case TxControl::Lock:
      return Effect::Begin;
    case TxControl::Commit:
    case TxControl::Rollback:
    case TxControl::Unlock:
      return Effect::End;
    case TxControl::None:
      break;
  }
  return Effect::None;
}

class Finder {
 public:
  explicit Finder(const TxContext& ctx) : ctx_(ctx) {
    for (const SqlSiteEvent& s : ctx.sites) events_[s.function].push_back({s.loc, of(s.tx), &s, {}});
    for (const Edge& e : ctx.calls) {
      // A call to a virtual method may run any override (a service calling
      // its repository interface reaches the SQL implementation).
      if (e.kind == EdgeKind::Override) overriders_[e.to].insert(e.from);
      if (e.kind != EdgeKind::Call) continue;
      Event ev{e.site, ctx.begin_calls.count(e.to) ? Effect::Begin : Effect::None, nullptr, e.to};
      auto name = ctx.names.find(e.to);
      if (name != ctx.names.end() && ctx.rules) {
        for (const TxCallRule& r : ctx.rules->tx_calls) {
          if (r.callee == name->second) ev.effect = r.action == TxAction::Begin ? Effect::Begin : Effect::End;
        }
      }
      events_[e.from].push_back(std::move(ev));
    }
    for (auto& [fn, evs] : events_) {
      std::stable_sort(evs.begin(), evs.end(), [](const Event& a, const Event& b) {
        return std::tie(a.loc.line, a.loc.column) < std::tie(b.loc.line, b.loc.column);
      });
    }
    find_helpers();
    if (ctx.rules) {
      for (const TxTypeRule& r : ctx.rules->tx_types) raii_types_.insert(r.type);
    }
    raii_types_.insert(ctx.holder_types.begin(), ctx.holder_types.end());
    find_raii_classes();
  }

  std::vector<Transaction> run() {
    std::vector<Transaction> out;
    for (const auto& [fn, evs] : events_) {
      std::vector<Transaction> mine;
      scan_explicit(fn, evs, mine);
      scan_raii(fn, evs, mine);
      merge_sites(mine);
      // A runner's own scope holds only what its callers hand it: they are the sites.
      if (runners_.count(fn)) {
        mine.erase(std::remove_if(mine.begin(), mine.end(),
                                  [](const Transaction& t) { return t.reads.empty() && t.writes.empty(); }),
                   mine.end());
      }
      std::sort(mine.begin(), mine.end(), [](const Transaction& a, const Transaction& b) {
        return std::tie(a.loc, a.kind) < std::tie(b.loc, b.kind);
      });
      for (std::size_t i = 0; i < mine.size(); ++i) {
        mine[i].id = fn + "#" + std::to_string(i);
        out.push_back(std::move(mine[i]));
      }
    }
    return out;
  }

 private:
  Effect effect_of(const Event& ev) const {
    if (ev.effect != Effect::None || ev.callee.empty()) return ev.effect;
    return helper_effect(ev.callee);
  }

  // A virtual call does what every override does, when they all agree
  // (`factory.transaction()` whose implementations each make a transaction).
  Effect helper_effect(const std::string& fn) const {
    if (auto it = helpers_.find(fn); it != helpers_.end()) return it->second;
    auto o = overriders_.find(fn);
    if (o == overriders_.end() || o->second.empty()) return Effect::None;
    std::optional<Effect> agreed;
    for (const std::string& override_usr : o->second) {
      auto it = helpers_.find(override_usr);
      const Effect e = it == helpers_.end() ? Effect::None : it->second;
      if (e == Effect::None || (agreed && *agreed != e)) return Effect::None;
      agreed = e;
    }
    return *agreed;
  }

  // What a function that ends its caller's transaction does before it ends
  // it (`upload()`: its writes, then commit()): that work is the caller's
  // transaction's. Through the helpers that end it in turn.
  const std::set<TableRef>& tables_before_end(const std::string& fn, int depth) {
    if (auto it = before_end_.find(fn); it != before_end_.end()) return it->second;
    static const std::set<TableRef> kEmpty;
    if (depth > kMaxCallDepth || ending_.count(fn)) return kEmpty;
    ending_.insert(fn);
    std::set<TableRef> acc;
    std::vector<std::string> ends_through;
    ends_through.push_back(fn);
    if (auto o = overriders_.find(fn); o != overriders_.end() && !helpers_.count(fn)) {
      ends_through.assign(o->second.begin(), o->second.end());  // a virtual call: each override
    }
    for (const std::string& body : ends_through) {
      auto it = events_.find(body);
      if (it == events_.end()) continue;
      int open = 0;
      for (const Event& ev : it->second) {
        const Effect e = effect_of(ev);
        if (e == Effect::Begin) {
          ++open;
        } else if (e == Effect::End && open > 0) {
          --open;
        } else if (e == Effect::End) {
          if (!ev.callee.empty()) {
            const auto& sub = tables_before_end(ev.callee, depth + 1);
            acc.insert(sub.begin(), sub.end());
          }
          break;
        } else {
          if (ev.site) acc.insert(ev.site->tables.begin(), ev.site->tables.end());
          if (!ev.callee.empty()) {
            const auto& sub = tables_of(ev.callee, depth + 1);
            acc.insert(sub.begin(), sub.end());
          }
        }
      }
    }
    ending_.erase(fn);
    return before_end_.emplace(fn, std::move(acc)).first->second;
  }

  // Functions that only begin (db.beginTransaction()) or only end a
  // transaction, found to a fixpoint so that wrappers of wrappers count. One
  // that touches tables after it begins is where a transaction is, not a
  // helper: its callers are not inside it (else every caller of a caller of
  // a function whose commit is not recognised would be a transaction). A
  // runner, which begins and ends around work it is handed (a callback:
  // executeWithinTransaction([&] { ... })), begins one for its callers.
  void find_helpers() {
    for (int round = 0; round < 8; ++round) {
      bool changed = false;
      for (const auto& [fn, evs] : events_) {
        int depth = 0;
        bool began = false, closes = false, works = false;
        for (const Event& ev : evs) {
          Effect e = effect_of(ev);
          if (e == Effect::Begin) {
            ++depth;
            began = true;
          } else if (e == Effect::End) {
            // After its own begin, an end too many is an exit path (the
            // rollback in a catch after the commit), not a caller's end.
            if (depth > 0)
              --depth;
            else if (!began)
              closes = true;
          } else if (began && touches_tables(ev)) {
            works = true;
          }
        }
        Effect result = Effect::None;
        if (closes && depth == 0)
          result = Effect::End;
        else if (began && !closes && !works)
          result = Effect::Begin;
        if (result == Effect::None) continue;
        if (result == Effect::Begin && depth == 0) runners_.insert(fn);
        auto [it, inserted] = helpers_.emplace(fn, result);
        if (inserted) changed = true;
      }
      if (!changed) break;
    }
  }

  // Whether the event reads or writes a table, itself or through the
  // functions it calls (whatever they do to transactions).
  bool touches_tables(const Event& ev) {
    if (ev.site && !ev.site->tables.empty()) return true;
    return !ev.callee.empty() && effect_of(ev) == Effect::None && any_tables(ev.callee, 1);
  }

  bool any_tables(const std::string& fn, int depth) {
    if (auto it = touches_.find(fn); it != touches_.end()) return it->second;
    if (depth > kMaxCallDepth || visiting_.count(fn)) return false;
    visiting_.insert(fn);
    bool any = false;
    if (auto it = events_.find(fn); it != events_.end()) {
      for (const Event& ev : it->second) {
        if (any) break;
        any = (ev.site && !ev.site->tables.empty()) || (!ev.callee.empty() && any_tables(ev.callee, depth + 1));
      }
    }
    if (auto it = overriders_.find(fn); !any && it != overriders_.end()) {
      for (const std::string& o : it->second) {
        if (any_tables(o, depth + 1)) {
          any = true;
          break;
        }
      }
    }
    visiting_.erase(fn);
    touches_.emplace(fn, any);  // fixed query order (sorted USRs): deterministic, as tables_of
    return any;
  }

  // A project class whose constructor begins and one of whose methods ends a
  // transaction is a transaction type, with no configuration.
  void find_raii_classes() {
    std::map<std::string, std::pair<bool, bool>> seen;  // class -> (ctor begins, method ends)
    for (const auto& [fn, effect] : helpers_) {
      auto owner = ctx_.owner.find(fn);
      auto kind = ctx_.kinds.find(fn);
      if (owner == ctx_.owner.end() || kind == ctx_.kinds.end()) continue;
      if (kind->second == SymbolKind::Constructor && effect == Effect::Begin) seen[owner->second].first = true;
      if (kind->second == SymbolKind::Method && effect == Effect::End) seen[owner->second].second = true;
    }
    for (const auto& [cls, flags] : seen) {
      if (flags.first && flags.second) raii_types_.insert(cls);
    }
  }

  // Tables a function touches, its callees included.
  const std::set<TableRef>& tables_of(const std::string& fn, int depth) {
    if (auto it = memo_.find(fn); it != memo_.end()) return it->second;
    static const std::set<TableRef> kEmpty;
    if (depth > kMaxCallDepth || visiting_.count(fn)) return kEmpty;
    visiting_.insert(fn);
    std::set<TableRef> acc;
    if (auto it = events_.find(fn); it != events_.end()) {
      for (const Event& ev : it->second) {
        if (ev.site) acc.insert(ev.site->tables.begin(), ev.site->tables.end());
        if (!ev.callee.empty() && effect_of(ev) == Effect::None) {
          const auto& sub = tables_of(ev.callee, depth + 1);
          acc.insert(sub.begin(), sub.end());
        }
      }
    }
    if (auto it = overriders_.find(fn); it != overriders_.end()) {
      for (const std::string& o : it->second) {
        const auto& sub = tables_of(o, depth + 1);
        acc.insert(sub.begin(), sub.end());
      }
    }
    visiting_.erase(fn);
    // Cached even when a cycle or the depth bound cut it short: the query
    // order is fixed (sorted USRs), so the result stays deterministic.
    return memo_.emplace(fn, std::move(acc)).first->second;
  }

  static void put(Transaction& tx, const TableRef& t) {
    if (t.mode == AccessMode::Read)
      tx.reads.push_back(t.name);
    else if (t.mode == AccessMode::Write || t.mode == AccessMode::Ddl)
      tx.writes.push_back(t.name);
  }

  void add(Transaction& tx, const Event& ev, const std::string& self) {
    if (ev.site) {
      for (const auto& t : ev.site->tables) put(tx, t);
      for (const auto& t : ev.site->locked) put(tx, t);
    }
    if (!ev.callee.empty() && ev.callee != self && effect_of(ev) == Effect::None) {
      for (const auto& t : tables_of(ev.callee, 1)) put(tx, t);
    }
  }

  // One site, one transaction: `Tx t(db);` is a local of a transaction type
  // and also a call to a constructor that begins, so both scans find it. A
  // site is the function and the line where the transaction begins (the
  // declaration and the construction call differ by column); the RAII
  // reading stays, with the tables of both, since its scope reaches the end
  // of the object's block while the call reading stops at the last commit.
  static void merge_sites(std::vector<Transaction>& txs) {
    auto same_site = [](const Transaction& a, const Transaction& b) {
      return a.loc.file == b.loc.file && a.loc.line == b.loc.line;
    };
    std::vector<bool> gone(txs.size(), false);
    for (Transaction& keep : txs) {
      if (keep.kind != "raii") continue;
      for (std::size_t i = 0; i < txs.size(); ++i) {
        Transaction& other = txs[i];
        if (gone[i] || other.kind == "raii" || !same_site(keep, other)) continue;
        keep.reads.insert(keep.reads.end(), other.reads.begin(), other.reads.end());
        keep.writes.insert(keep.writes.end(), other.writes.begin(), other.writes.end());
        finish(keep);
        gone[i] = true;
      }
    }
    std::vector<Transaction> kept;
    for (std::size_t i = 0; i < txs.size(); ++i) {
      if (!gone[i]) kept.push_back(std::move(txs[i]));
    }
    txs = std::move(kept);
  }

  static void finish(Transaction& tx) {
    for (auto* v : {&tx.reads, &tx.writes}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
  }

  // A transaction runs from a BEGIN to the LAST COMMIT/ROLLBACK before the
  // next BEGIN that follows an end. Without control flow, an earlier end is
  // an exit path (`if (!ok) { ROLLBACK; return; }`), not the end of the
  // work; a BEGIN before any end is nested and the outer transaction goes on.
  void scan_explicit(const std::string& fn, const std::vector<Event>& evs, std::vector<Transaction>& out) {
    const std::size_t n = evs.size();
    std::size_t i = 0;
    while (i < n) {
      if (effect_of(evs[i]) != Effect::Begin) {
        ++i;
        continue;
      }
      const std::size_t begin = i;
      std::size_t limit = n;
      bool seen_end = false;
      for (std::size_t j = begin + 1; j < n; ++j) {
        const Effect e = effect_of(evs[j]);
        if (e == Effect::End) seen_end = true;
        if (e == Effect::Begin && seen_end) {
          limit = j;
          break;
        }
      }
      std::size_t stop = limit;
      for (std::size_t j = begin + 1; j < limit; ++j) {
        if (effect_of(evs[j]) == Effect::End) stop = j;
      }
      Transaction tx;
      tx.function = fn;
      tx.loc = evs[begin].loc;
      const SqlSiteEvent* opening = evs[begin].site;
      tx.kind = !opening ? "call" : opening->tx == TxControl::Lock ? "lock" : "sql";
      if (opening) {
        for (const auto& t : opening->locked) put(tx, t);
      }
      for (std::size_t j = begin + 1; j < stop; ++j) {
        if (effect_of(evs[j]) == Effect::None) add(tx, evs[j], fn);
      }
      // A call that ends it did its own work first.
      for (std::size_t j = begin + 1; j <= stop && j < limit; ++j) {
        if (effect_of(evs[j]) != Effect::End || evs[j].callee.empty() || evs[j].callee == fn) continue;
        for (const auto& t : tables_before_end(evs[j].callee, 1)) put(tx, t);
      }
      finish(tx);
      // Never closed: keep it only when it did something.
      if (seen_end || !tx.reads.empty() || !tx.writes.empty()) out.push_back(std::move(tx));
      i = limit;
    }
  }

  void scan_raii(const std::string& fn, const std::vector<Event>& evs, std::vector<Transaction>& out) {
    for (const LocalVar* local : locals_of(fn)) {
      Transaction tx;
      tx.function = fn;
      tx.loc = local->loc;
      tx.kind = "raii";
      const unsigned scope_end = local->scope_end_line ? local->scope_end_line : ~0u;
      // The last commit/rollback on the object inside its block ends it.
      std::pair<unsigned, unsigned> end{scope_end, ~0u};
      if (auto ends = ctx_.object_ends.find(local->var); ends != ctx_.object_ends.end()) {
        std::optional<std::pair<unsigned, unsigned>> last;
        for (const Location& at : ends->second) {
          const std::pair<unsigned, unsigned> pos{at.line, at.column};
          if (at.line <= scope_end && pos > std::pair{local->loc.line, local->loc.column})
            last = std::max(pos, last.value_or(pos));
        }
        if (last) end = *last;
      }
      for (const Event& ev : evs) {
        if (std::tie(ev.loc.line, ev.loc.column) <= std::tie(local->loc.line, local->loc.column)) continue;
        if (std::pair{ev.loc.line, ev.loc.column} > end) continue;
        add(tx, ev, fn);
      }
      finish(tx);
      out.push_back(std::move(tx));
    }
  }

  std::vector<const LocalVar*> locals_of(const std::string& fn) {
    if (!locals_indexed_) {
      for (const LocalVar& l : ctx_.locals) {
        if (raii_types_.count(canonical_name(l.type))) locals_by_fn_[l.function].push_back(&l);
      }
      locals_indexed_ = true;
    }
    auto it = locals_by_fn_.find(fn);
    return it == locals_by_fn_.end() ? std::vector<const LocalVar*>{} : it->second;
  }

 public:
  // Functions with RAII locals but no SQL or calls of their own still need a pass.
  void add_local_functions() {
    for (const LocalVar& l : ctx_.locals) {
      if (raii_types_.count(canonical_name(l.type))) events_[l.function];
    }
  }

 private:
  const TxContext& ctx_;
  std::map<std::string, std::vector<Event>> events_;
  std::map<std::string, Effect> helpers_;
  std::set<std::string> runners_;        // helpers that begin and end around a callback
  std::map<std::string, bool> touches_;  // any_tables memo
  std::set<std::string> raii_types_;
  std::map<std::string, std::set<TableRef>> memo_;
  std::set<std::string> visiting_;
  std::map<std::string, std::set<std::string>> overriders_;  // base method -> direct overrides
  std::map<std::string, std::vector<const LocalVar*>> locals_by_fn_;
  std::map<std::string, std::set<TableRef>> before_end_;  // tables_before_end memo
  std::set<std::string> ending_;
  bool locals_indexed_ = false;
};

}  // namespace

void note_statement(SqlSiteEvent& event, const Statement& statement) {
  switch (statement.tx) {
    case TxControl::Begin:
    case TxControl::Lock:
      if (event.tx == TxControl::None) event.tx = statement.tx;
      break;
    case TxControl::Commit:
    case TxControl::Rollback:
    case TxControl::Unlock:
      event.tx = statement.tx;
      break;
    case TxControl::None:
      break;
  }
  event.locked.insert(event.locked.end(), statement.locked.begin(), statement.locked.end());
}

std::vector<Transaction> find_transactions(const TxContext& ctx) {
  Finder finder(ctx);
  finder.add_local_functions();
  return finder.run();
}

}  // namespace cleave::sql
