#include "reports/cml/cml_report.hpp"

#include "reports/common/escape.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace cleave::report {
namespace {

// Distinct names in, distinct identifiers out.
class Names {
 public:
  std::string get(const std::string& key, const std::string& wanted) {
    if (auto it = assigned_.find(key); it != assigned_.end()) return it->second;
    std::string id = wanted;
    for (unsigned n = 2; taken_.count(id); ++n) id = wanted + "_" + std::to_string(n);
    taken_.insert(id);
    assigned_.emplace(key, id);
    return id;
  }

 private:
  std::map<std::string, std::string> assigned_;
  std::set<std::string> taken_;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// SQL column types to the Sculptor types CML knows.
std::string cml_type(const std::string& sql_type) {
  std::string t = lower(sql_type);
  auto has = [&](const char* w) { return t.find(w) != std::string::npos; };
  if (has("bigint") || has("bigserial") || has("int8")) return "Long";
  if (has("int") || has("serial")) return "int";
  if (has("numeric") || has("decimal") || has("money")) return "BigDecimal";
  if (has("double") || has("float") || has("real")) return "double";
  if (has("bool") || t == "bit") return "boolean";
  if (has("timestamp") || has("datetime")) return "DateTime";
  if (has("date")) return "Date";
  if (has("blob") || has("bytea") || has("binary")) return "Blob";
  return "String";
}

std::string comment(const std::string& text) {
  // A // comment ends at the line break, so line breaks are all we remove.
  std::string out = sanitize_utf8(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

struct Aggregate {
  std::string root;
  std::vector<std::string> tables;  // root first, then by name
};

std::vector<Aggregate> aggregates_of(const ReportContext& ctx, const Service& svc) {
  std::vector<std::string> owned = svc.tables;
  std::sort(owned.begin(), owned.end());
  owned.erase(std::unique(owned.begin(), owned.end()), owned.end());
  std::set<std::string> owned_set(owned.begin(), owned.end());
  std::map<std::string, std::string> parent;
  for (const auto& t : owned) parent[t] = t;
  std::function<std::string(const std::string&)> find = [&](const std::string& x) {
    return parent[x] == x ? x : parent[x] = find(parent[x]);
  };
  std::map<std::string, unsigned> incoming, outgoing;
  for (const auto& t : owned) {
    const Table* tab = ctx.table(t);
    if (!tab) continue;
    for (const ForeignKey& fk : tab->foreign_keys) {
      if (!owned_set.count(fk.ref_table) || fk.ref_table == t) continue;
      ++incoming[fk.ref_table];
      ++outgoing[t];
      std::string a = find(t), b = find(fk.ref_table);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  std::map<std::string, std::vector<std::string>> groups;
  for (const auto& t : owned) groups[find(t)].push_back(t);
  std::vector<Aggregate> out;
  for (auto& [key, tables] : groups) {
    // The root references nothing inside its aggregate and is referenced the
    // most; a cycle falls back to the most referenced, then the name.
    std::string root = tables.front();
    auto better = [&](const std::string& a, const std::string& b) {
      bool a_free = outgoing[a] == 0, b_free = outgoing[b] == 0;
      if (a_free != b_free) return a_free;
      if (incoming[a] != incoming[b]) return incoming[a] > incoming[b];
      return a < b;
    };
    for (const auto& t : tables) {
      if (better(t, root)) root = t;
    }
    Aggregate agg;
    agg.root = root;
    agg.tables.push_back(root);
    for (const auto& t : tables) {
      if (t != root) agg.tables.push_back(t);
    }
    out.push_back(std::move(agg));
  }
  std::sort(out.begin(), out.end(), [](const Aggregate& a, const Aggregate& b) { return a.root < b.root; });
  return out;
}

// Relationships follow call direction; mutual calls are a partnership.
void relationships(std::ostream& out, const ReportContext& ctx, Names& contexts) {
  std::map<std::pair<std::string, std::string>, const ServiceLink*> links;
  for (const ServiceLink& l : ctx.links()) {
    if (ctx.service(l.from) && ctx.service(l.to)) links[{l.from, l.to}] = &l;
  }
  for (const auto& [key, l] : links) {
    const auto& [from, to] = key;
    auto back = links.find({to, from});
    if (back != links.end()) {
      if (from < to) {
        out << "\n  // " << comment(from) << " and " << comment(to) << " call each other (weights " << l->weight
            << " and " << back->second->weight << ")\n  " << contexts.get(from, "") << " [P]<->[P] "
            << contexts.get(to, "") << "\n";
      }
      continue;
    }
    out << "\n  // " << comment(from) << " calls " << comment(to) << " (weight " << l->weight << ", "
        << comment(l->style) << ")\n  " << contexts.get(to, "") << " [U]->[D] " << contexts.get(from, "") << " {\n"
        << "    implementationTechnology = "
        << cml_string(l->style == "async"   ? "Messaging"
                      : l->style == "mixed" ? "RESTful HTTP and messaging"
                                            : "RESTful HTTP")
        << "\n  }\n";
  }
}

// Tables several services write are a shared kernel until resolved.
void shared_kernels(std::ostream& out, const ReportContext& ctx, Names& contexts) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> shared;
  for (const TableOwnership& t : ctx.proposal().tables) {
    std::set<std::string> writers;
    for (const auto& w : t.writers) {
      if (ctx.service(w)) writers.insert(w);
    }
    for (auto a = writers.begin(); a != writers.end(); ++a) {
      for (auto b = std::next(a); b != writers.end(); ++b) shared[{*a, *b}].push_back(t.name);
    }
  }
  for (auto& [pair, tables] : shared) {
    std::sort(tables.begin(), tables.end());
    std::string list;
    for (const auto& t : tables) list += (list.empty() ? "" : ", ") + comment(t);
    out << "\n  // both write " << list << "\n  " << contexts.get(pair.first, "") << " [SK]<->[SK] "
        << contexts.get(pair.second, "") << "\n";
  }
}

void context_map(std::ostream& out, const ReportContext& ctx, Names& contexts) {
  const std::string& project = ctx.project_name();
  out << "ContextMap " << cml_identifier(project.empty() ? "Proposal" : project, true)
      << "Map {\n  type = SYSTEM_LANDSCAPE\n  state = TO_BE\n\n  contains ";
  bool first = true;
  for (const std::string& s : ctx.service_names()) {
    out << (first ? "" : ", ") << contexts.get(s, "");
    first = false;
  }
  out << "\n";
  relationships(out, ctx, contexts);
  shared_kernels(out, ctx, contexts);
  out << "}\n";
}

// One entity per table; a foreign key inside the aggregate is a reference.
void entity(std::ostream& out, const ReportContext& ctx, const Aggregate& agg, const std::set<std::string>& in_agg,
            const std::string& t, Names& entities) {
  out << "    Entity " << entities.get("ent:" + t, cml_identifier(t, true)) << " {\n";
  if (t == agg.root) out << "      aggregateRoot\n";
  const Table* tab = ctx.table(t);
  if (!tab) {
    out << "      // no schema found for this table\n    }\n";
    return;
  }
  std::map<std::string, const ForeignKey*> fk_by_column;
  for (const ForeignKey& fk : tab->foreign_keys) {
    if (fk.columns.size() == 1) fk_by_column[fk.columns.front()] = &fk;
  }
  std::set<std::string> pk(tab->primary_key.begin(), tab->primary_key.end());
  Names attrs;
  for (const Column& c : tab->columns) {
    std::string attr = attrs.get(c.name, cml_identifier(c.name, false));
    auto fk = fk_by_column.find(c.name);
    if (fk != fk_by_column.end() && in_agg.count(fk->second->ref_table) && fk->second->ref_table != t) {
      out << "      - " << entities.get("ent:" + fk->second->ref_table, cml_identifier(fk->second->ref_table, true))
          << " " << attr << "\n";
      continue;
    }
    out << "      " << cml_type(c.type) << " " << attr << (pk.count(c.name) ? " key" : "");
    if (fk != fk_by_column.end()) out << " // references " << comment(fk->second->ref_table);
    out << "\n";
  }
  out << "    }\n";
}

void bounded_context(std::ostream& out, const ReportContext& ctx, const std::string& name, Names& contexts,
                     Names& entities) {
  const Service& svc = *ctx.service(name);
  out << "\nBoundedContext " << contexts.get(name, "") << " {\n  type = FEATURE\n  domainVisionStatement = "
      << cml_string("Service '" + name + "': " + std::to_string(svc.classes.size()) + " classes, " +
                    std::to_string(svc.functions.size()) + " functions, " + std::to_string(svc.tables.size()) +
                    " owned tables.")
      << "\n  implementationTechnology = \"C++\"\n";
  for (const Aggregate& agg : aggregates_of(ctx, svc)) {
    std::set<std::string> in_agg(agg.tables.begin(), agg.tables.end());
    out << "\n  Aggregate " << entities.get("agg:" + agg.root, cml_identifier(agg.root, true) + "Aggregate") << " {\n";
    for (const std::string& t : agg.tables) entity(out, ctx, agg, in_agg, t, entities);
    out << "  }\n";
  }
  out << "}\n";
}

}  // namespace

std::string render_cml(const ReportInput& input) { return render_cml(ReportContext(input)); }

std::string render_cml(const ReportContext& ctx) {
  std::ostringstream out;
  Names contexts;  // bounded contexts
  Names entities;  // entities and aggregates share one namespace, to be safe
  for (const std::string& s : ctx.service_names()) contexts.get(s, cml_identifier(s, true) + "Context");

  const std::string& project = ctx.project_name();
  out << "// Generated by cleave from " << comment(project.empty() ? "the analysed code" : project)
      << ": the proposed decomposition.\n"
      << "// Upstream/downstream follows call direction: a called service is upstream of its callers.\n\n";
  if (!ctx.service_names().empty()) context_map(out, ctx, contexts);
  for (const std::string& name : ctx.service_names()) bounded_context(out, ctx, name, contexts, entities);

  std::vector<std::string> unowned;
  for (const TableOwnership& t : ctx.proposal().tables) {
    if (t.owner.empty()) unowned.push_back(t.name);
  }
  if (!unowned.empty()) {
    std::sort(unowned.begin(), unowned.end());
    out << "\n// Tables no service owns yet:";
    for (const auto& t : unowned) out << " " << comment(t);
    out << "\n";
  }
  return out.str();
}

}  // namespace cleave::report
