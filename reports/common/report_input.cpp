#include "reports/common/report_input.hpp"

#include <map>

#include "core/paths.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>

namespace cleave::report {
namespace {

// Letters kept in a fixed order so "UC" and "CU" never both appear.
std::string merge_letters(const std::string& a, const std::string& b) {
  static constexpr std::string_view kOrder = "CRUD";
  std::string out;
  for (char c : kOrder) {
    if (a.find(c) != std::string::npos || b.find(c) != std::string::npos) out += c;
  }
  return out;
}

}  // namespace

std::string format_number(double value) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.3f", value);
  std::string out = buf;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

std::vector<FindingGroup> findings_by_rule(const std::vector<Finding>& findings) {
  std::map<std::string, FindingGroup> groups;
  for (const Finding& f : findings) {
    FindingGroup& g = groups[f.rule];
    g.rule = f.rule;
    g.findings.push_back(&f);
  }
  std::vector<FindingGroup> out;
  for (auto& [id, g] : groups) {
    g.entry = find_rule(id);
    std::sort(g.findings.begin(), g.findings.end(), [](const Finding* a, const Finding* b) {
      return std::tie(a->location.file, a->location.line, a->message, a->subject) <
             std::tie(b->location.file, b->location.line, b->message, b->subject);
    });
    out.push_back(std::move(g));
  }
  return out;
}

ReportContext::ReportContext(const ReportInput& input, LayoutFn layout) : in_(input), layout_(std::move(layout)) {
  const Model& m = in_.model;
  const Proposal& p = in_.proposal;
  for (const Symbol& s : m.symbols) {
    by_id_.emplace(s.id, &s);
    auto [it, inserted] = by_name_.emplace(s.name, &s);
    // Overloads share a name: keep the definition, then the smallest id, so
    // the location shown does not depend on the order of `symbols`.
    if (!inserted) {
      const Symbol* old = it->second;
      if ((s.is_definition && !old->is_definition) || (s.is_definition == old->is_definition && s.id < old->id)) {
        it->second = &s;
      }
    }
    if (s.is_implicit) continue;
  }
  for (const Service& s : p.services) {
    services_.emplace(s.name, &s);
    service_names_.push_back(s.name);
    for (const auto& c : s.classes) member_service_.emplace(c, s.name);
    for (const auto& f : s.functions) member_service_.emplace(f, s.name);
  }
  std::sort(service_names_.begin(), service_names_.end());
  service_names_.erase(std::unique(service_names_.begin(), service_names_.end()), service_names_.end());

  std::set<std::string> tables;
  for (const Table& t : m.data.tables) {
    tables_.emplace(t.name, &t);
    tables.insert(t.name);
  }
  for (const TableOwnership& t : p.tables) {
    ownership_.emplace(t.name, &t);
    tables.insert(t.name);
  }
  for (const TableAccess& a : m.data.accesses) {
    if (a.mode == AccessMode::Call) continue;  // a stored routine is not a table
    tables.insert(a.table);
    const std::string letters = crud_letters(a);
    if (letters.empty()) continue;  // DDL and routine calls: no data access
    auto& cell = crud_[{a.table, service_of_symbol(a.symbol)}];
    cell = merge_letters(cell, letters);
  }
  table_names_.assign(tables.begin(), tables.end());

  for (const Service& s : p.services) {
    for (const ServiceDependency& d : s.depends_on) {
      if (d.service == s.name) continue;
      links_.push_back({s.name, d.service, d.call_weight, d.style.empty() ? "sync" : d.style});
    }
  }
  // Bundle parallel edges (a proposal may list a dependency more than once).
  std::sort(links_.begin(), links_.end(),
            [](const ServiceLink& a, const ServiceLink& b) { return std::tie(a.from, a.to) < std::tie(b.from, b.to); });
  std::vector<ServiceLink> bundled;
  for (const ServiceLink& l : links_) {
    if (!bundled.empty() && bundled.back().from == l.from && bundled.back().to == l.to) {
      bundled.back().weight += l.weight;
      if (bundled.back().style != l.style) bundled.back().style = "mixed";
    } else {
      bundled.push_back(l);
    }
  }
  // A dependency of call weight 0 is a table another service owns, not a
  // call: the ownership pages show it, no list or arrow of calls does.
  bundled.erase(std::remove_if(bundled.begin(), bundled.end(), [](const ServiceLink& l) { return l.weight == 0; }),
                bundled.end());
  links_ = std::move(bundled);

  health_ = parse_health(m);
}

ParseHealth parse_health(const Model& m) {
  ParseHealth h;
  h.tus = static_cast<unsigned>(m.tus.size());
  for (const TuSummary& t : m.tus) {
    switch (t.status) {
      case ParseStatus::Clean:
        ++h.clean;
        break;
      case ParseStatus::WithErrors:
        ++h.with_errors;
        break;
      case ParseStatus::Failed:
        ++h.failed;
        break;
    }
  }
  for (const Symbol& s : m.symbols) {
    h.classes += s.kind == SymbolKind::Class;
    h.functions += is_function_kind(s.kind);
  }
  h.tables = static_cast<unsigned>(m.data.tables.size());
  h.sql_sites = m.data.sql_sites;
  h.resolved_sites = m.data.resolved_sites;
  h.partly_resolved = m.data.partly_resolved;
  h.unresolved_sites = m.data.unresolved_sites;
  h.no_table_sites = m.data.no_table_sites;
  h.table_prefix = m.data.table_prefix;
  h.prefixed_tables = m.data.prefixed_tables;
  h.no_table_kinds = m.data.no_table_kinds;
  h.unresolved_sql = static_cast<unsigned>(m.data.unresolved.size());
  h.unresolved_calls = static_cast<unsigned>(m.unresolved_calls.size());
  return h;
}

std::string sql_sites_summary(const ParseHealth& h) {
  if (h.sql_sites == 0) return "no SQL site found";
  std::string out = std::to_string(h.sql_sites) + " SQL site" + (h.sql_sites == 1 ? "" : "s") + ": " +
                    std::to_string(h.resolved_sites) + " resolved to tables";
  if (h.partly_resolved > 0) out += " (" + std::to_string(h.partly_resolved) + " only in part)";
  out += ", " + std::to_string(h.unresolved_sites) + " unresolved, " + std::to_string(h.no_table_sites) +
         " naming no table";
  if (h.no_table_sites > 0 && h.no_table_kinds.empty()) out += " (BEGIN, COMMIT, SET...)";
  // In sql::Purpose's order.
  struct Kind {
    std::string_view key, one, many;
  };
  static constexpr Kind kKinds[] = {{"transaction", "transaction control", "transaction control"},
                                    {"session", "session setting", "session settings"},
                                    {"lock", "lock", "locks"},
                                    {"probe", "probe (SELECT 1...)", "probes (SELECT 1...)"},
                                    {"maintenance", "maintenance", "maintenance"},
                                    {"routine", "routine call", "routine calls"},
                                    {"schema", "schema change", "schema changes"},
                                    {"other", "other", "other"}};
  std::string kinds;
  for (const Kind& k : kKinds) {
    if (h.no_table_sites == 0) break;
    auto it = h.no_table_kinds.find(std::string(k.key));
    if (it == h.no_table_kinds.end() || it->second == 0) continue;
    kinds +=
        (kinds.empty() ? "" : ", ") + std::to_string(it->second) + " " + std::string(it->second == 1 ? k.one : k.many);
  }
  if (!kinds.empty()) out += " (" + kinds + ")";
  if (!h.table_prefix.empty()) {
    out += "; the code's table names matched the schema's behind the prefix \"" + h.table_prefix + "\" (" +
           std::to_string(h.prefixed_tables) + " table" + (h.prefixed_tables == 1 ? "" : "s") + ")";
  }
  return out;
}

std::string schema_files_summary(const DataAccessFacts& data, const std::string& root) {
  auto list = [&](const std::vector<std::string>& files) {
    std::string out;
    for (const auto& f : files) out += (out.empty() ? "" : ", ") + relative_to(f, root);
    return out;
  };
  const std::size_t n = data.schema_files.size(), skipped = data.sql_files_not_schema.size();
  std::string out =
      n == 0 ? std::string("no schema file read")
             : "schema from " + std::to_string(n) + " file" + (n == 1 ? "" : "s") + ": " + list(data.schema_files);
  if (skipped > 0) {
    out += std::string("; ") + (n == 0 ? "" : "other ") + std::to_string(skipped) + " .sql file" +
           (skipped == 1 ? " defines" : "s define") + " no table and " + (skipped == 1 ? "was" : "were") +
           " not read: " + list(data.sql_files_not_schema);
  }
  std::map<std::string, std::size_t> databases;
  for (const Table& t : data.tables) {
    if (!t.database.empty()) ++databases[t.database];
  }
  if (!databases.empty()) {
    out += "; " + std::to_string(databases.size()) + " databases:";
    for (const auto& [name, n] : databases)
      out += std::string(name == databases.begin()->first ? " " : ", ") + name + " (" + std::to_string(n) + " table" +
             (n == 1 ? "" : "s") + ")";
  }
  return out;
}

std::string origins_summary(const Model& model, const std::string& root) {
  constexpr std::size_t kListed = 12;
  auto files = [](std::size_t n) { return std::to_string(n) + " file" + (n == 1 ? "" : "s"); };
  std::string vendored;
  for (std::size_t i = 0; i < model.vendored.size(); ++i) {
    const VendoredTree& t = model.vendored[i];
    if (i == kListed) {
      vendored += ", and " + std::to_string(model.vendored.size() - kListed) + " more";
      break;
    }
    const std::string path = t.reason == "--third-party" ? t.path : relative_to(t.path, root);
    vendored += (i ? ", " : "") + path + " (" + files(t.files) + ", " + t.reason + ")";
  }
  // Generated files by kind, each with the folder holding them all:
  // protobuf output is hundreds of files, moc's spread over many folders.
  std::map<std::string, std::pair<std::size_t, std::string>> kinds;
  for (const GeneratedFile& g : model.generated) {
    const std::string rel = relative_to(g.file, root);
    const auto slash = rel.rfind('/');
    std::string dir = slash == std::string::npos ? std::string(".") : rel.substr(0, slash);
    auto [it, fresh] = kinds.try_emplace(g.kind, 0, dir);
    ++it->second.first;
    std::string& common = it->second.second;
    while (!fresh && common != "." && dir != common && dir.rfind(common + "/", 0) != 0) {
      const auto up = common.rfind('/');
      common = up == std::string::npos ? std::string(".") : common.substr(0, up);
    }
  }
  std::string generated;
  for (const auto& [kind, entry] : kinds) {
    generated += (generated.empty() ? "" : ", ") + std::to_string(entry.first) + " " + kind + " (" +
                 (entry.second == "." ? std::string("in the root") : "under " + entry.second) + ")";
  }
  std::string out;
  if (!vendored.empty()) out = "vendored code left out: " + vendored;
  if (!generated.empty()) {
    out += (out.empty() ? "" : "; ") + std::string("generated code taken as wire contracts (shared kernel): ") +
           files(model.generated.size()) + ": " + generated;
  }
  return out;
}

std::string unresolved_sql_summary(const ParseHealth& h) {
  std::string out;
  if (h.unresolved_sites > 0) {
    out = std::to_string(h.unresolved_sites) + " of " + std::to_string(h.sql_sites) + " SQL site" +
          (h.sql_sites == 1 ? "" : "s") + " could not be resolved to tables";
    if (h.partly_resolved > 0) out += ", " + std::to_string(h.partly_resolved) + " more only in part";
  } else if (h.partly_resolved > 0) {
    out = std::to_string(h.partly_resolved) + " of " + std::to_string(h.sql_sites) + " SQL site" +
          (h.sql_sites == 1 ? " was" : "s were") + " resolved to tables only in part";
  } else if (h.unresolved_sql > 0) {
    // A wrapper no call passes SQL to: not a site of its own.
    out = std::to_string(h.unresolved_sql) + " SQL text" + (h.unresolved_sql == 1 ? "" : "s") +
          " could not be resolved to tables";
  }
  return out;
}

const std::vector<Finding>& ReportContext::findings() const {
  static const std::vector<Finding> none;
  return in_.findings ? *in_.findings : none;
}

const std::string& ReportContext::svg(const std::string& dot) const {
  if (auto it = svg_.find(dot); it != svg_.end()) return it->second;
  if (!layout_) throw std::logic_error("this report context has no layout function");
  std::string laid_out = layout_(dot);
  ++layouts_;
  return svg_.emplace(dot, std::move(laid_out)).first->second;
}

const Symbol* ReportContext::symbol(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

const Symbol* ReportContext::symbol_by_name(const std::string& qualified_name) const {
  auto it = by_name_.find(qualified_name);
  return it == by_name_.end() ? nullptr : it->second;
}

const Service* ReportContext::service(const std::string& name) const {
  auto it = services_.find(name);
  return it == services_.end() ? nullptr : it->second;
}

const Table* ReportContext::table(const std::string& name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

const TableOwnership* ReportContext::ownership(const std::string& table) const {
  auto it = ownership_.find(table);
  return it == ownership_.end() ? nullptr : it->second;
}

std::string ReportContext::service_of_name(const std::string& qualified_name) const {
  auto it = member_service_.find(qualified_name);
  return it == member_service_.end() ? std::string() : it->second;
}

std::string ReportContext::service_of_symbol(const std::string& id) const {
  const auto& assignment = in_.proposal.assignment;
  if (auto it = assignment.find(id); it != assignment.end()) return it->second;
  const Symbol* s = symbol(id);
  if (!s) return {};
  if (std::string svc = service_of_name(s->name); !svc.empty()) return svc;
  // A method of a class assigned as a whole.
  if (!s->parent.empty()) {
    if (auto it = assignment.find(s->parent); it != assignment.end()) return it->second;
    if (const Symbol* parent = symbol(s->parent)) return service_of_name(parent->name);
  }
  return {};
}

std::string ReportContext::rel(const std::string& path) const {
  const std::string& root = in_.root;
  if (root.empty() || path.size() <= root.size() || path.compare(0, root.size(), root) != 0) return path;
  if (root.back() == '/') return path.substr(root.size());
  if (path[root.size()] == '/') return path.substr(root.size() + 1);
  return path;
}

std::string ReportContext::where(const Location& loc) const {
  if (loc.file.empty()) return {};
  std::string out = rel(loc.file);
  if (loc.line > 0) out += ":" + std::to_string(loc.line);
  return out;
}

std::string ReportContext::where_symbol(const std::string& qualified_name) const {
  const Symbol* s = symbol_by_name(qualified_name);
  return s ? where(s->loc) : std::string();
}

std::string ReportContext::crud(const std::string& table, const std::string& service) const {
  auto it = crud_.find({table, service});
  return it == crud_.end() ? std::string() : it->second;
}

bool ReportContext::is_conflict(const std::string& table) const {
  const TableOwnership* o = ownership(table);
  if (!o) return false;
  std::set<std::string> writers(o->writers.begin(), o->writers.end());
  writers.erase("");
  if (writers.size() > 1) return true;
  return o->owner.empty() && (!o->readers.empty() || !o->writers.empty());
}

}  // namespace cleave::report
