#include "reports/json/model_json.hpp"

#include "core/errors.hpp"
#include "core/json_input.hpp"
#include "core/paths.hpp"

#include <nlohmann/json.hpp>

namespace cleave::report {
namespace {

using nlohmann::json;

json location(const Location& loc, const std::string& root) {
  return json{{"file", relative_to(loc.file, root)}, {"line", loc.line}};
}

std::string file_id(const std::string& id, const std::string& root) {
  if (id.rfind("file:", 0) == 0) return "file:" + relative_to(id.substr(5), root);
  return id;
}

json edges_json(const std::vector<ModelEdge>& edges, const std::string& root) {
  json out = json::array();
  for (const auto& e : edges) {
    json j{{"from", file_id(e.from, root)},
           {"to", file_id(e.to, root)},
           {"kind", std::string(to_string(e.kind))},
           {"weight", e.weight}};
    if (!e.first_site.file.empty()) {
      j["file"] = relative_to(e.first_site.file, root);
      j["line"] = e.first_site.line;
    }
    // Only calls in loops say so: most edges are not, and model.json stays
    // as it was for them.
    if (e.loop_weight > 0) {
      j["loop_weight"] = e.loop_weight;
      j["first_loop_site"] = location(e.first_loop_site, root);
    }
    out.push_back(std::move(j));
  }
  return out;
}

json symbols_json(const Model& model, const std::string& root) {
  json symbols = json::array();
  for (const auto& s : model.symbols) {
    json j{{"id", file_id(s.id, root)},
           {"name", s.kind == SymbolKind::File ? relative_to(s.name, root) : s.name},
           {"kind", std::string(to_string(s.kind))},
           {"file", relative_to(s.loc.file, root)},
           {"line", s.loc.line}};
    if (!s.tag.empty()) j["tag"] = s.tag;
    if (!s.parent.empty()) j["parent"] = s.parent;
    if (s.is_definition) j["definition"] = true;
    if (s.is_static) j["static"] = true;
    if (s.is_virtual) j["virtual"] = true;
    if (s.in_anonymous_namespace) j["anonymous_namespace"] = true;
    if (!s.signature.empty()) j["signature"] = s.signature;
    symbols.push_back(std::move(j));
  }
  return symbols;
}

json unresolved_calls_json(const Model& model, const std::string& root) {
  json unresolved = json::array();
  for (const auto& u : model.unresolved_calls) {
    json j = location(u.site, root);
    j["caller"] = u.caller;
    j["reason"] = u.reason;
    j["text"] = u.text;
    unresolved.push_back(std::move(j));
  }
  return unresolved;
}

// What in the code assumes a long-lived process (issue 17).
json hazards_json(const Model& model, const std::string& root) {
  json hazards = json::array();
  for (const auto& h : model.hazards) {
    json j = location(h.loc, root);
    j["kind"] = std::string(to_string(h.kind));
    if (!h.function.empty()) j["function"] = h.function;
    if (!h.variable.empty()) j["variable"] = h.variable;
    j["what"] = h.what;
    hazards.push_back(std::move(j));
  }
  return hazards;
}

json tables_json(const DataAccessFacts& data, const std::string& root) {
  json tables = json::array();
  for (const auto& t : data.tables) {
    json cols = json::array();
    for (const auto& c : t.columns) cols.push_back(json{{"name", c.name}, {"type", c.type}});
    json fks = json::array();
    for (const auto& fk : t.foreign_keys) {
      fks.push_back(json{{"columns", fk.columns}, {"ref_table", fk.ref_table}, {"ref_columns", fk.ref_columns}});
    }
    json j{{"name", t.name},
           {"columns", cols},
           {"primary_key", t.primary_key},
           {"foreign_keys", fks},
           {"in_schema", t.in_schema}};
    if (!t.database.empty()) j["database"] = t.database;
    if (!t.defined_at.file.empty()) {
      j["file"] = relative_to(t.defined_at.file, root);
      j["line"] = t.defined_at.line;
    }
    tables.push_back(std::move(j));
  }
  return tables;
}

json accesses_json(const Model& model, const std::string& root) {
  json accesses = json::array();
  for (const auto& a : model.data.accesses) {
    json j = location(a.loc, root);
    j["symbol"] = a.symbol;
    if (const Symbol* s = model.find(a.symbol)) j["symbol_name"] = s->name;
    j["table"] = a.table;
    j["mode"] = std::string(to_string(a.mode));
    j["sql"] = a.sql;
    j["via"] = a.via;
    if (!a.verb.empty()) j["verb"] = a.verb;
    if (a.every_row) j["every_row"] = true;
    if (a.one_of > 1) j["one_of"] = a.one_of;
    accesses.push_back(std::move(j));
  }
  return accesses;
}

json transactions_json(const DataAccessFacts& data, const std::string& root) {
  json transactions = json::array();
  for (const auto& t : data.transactions) {
    json j = location(t.loc, root);
    j["id"] = t.id;
    j["function"] = t.function;
    j["kind"] = t.kind;
    j["reads"] = t.reads;
    j["writes"] = t.writes;
    transactions.push_back(std::move(j));
  }
  return transactions;
}

json unresolved_sql_json(const DataAccessFacts& data, const std::string& root) {
  json unresolved_sql = json::array();
  for (const auto& u : data.unresolved) {
    json j = location(u.loc, root);
    j["symbol"] = u.symbol;
    j["reason"] = u.reason;
    j["excerpt"] = u.excerpt;
    j["suggestion"] = u.suggestion;
    unresolved_sql.push_back(std::move(j));
  }
  return unresolved_sql;
}

// A vendored tree's path is a folder, or the --third-party glob as given.
bool is_glob_tree(const VendoredTree& t) { return t.reason == "--third-party"; }

json origins_json(const Model& model, const std::string& root, json& generated) {
  json vendored = json::array();
  for (const auto& t : model.vendored) {
    vendored.push_back(
        json{{"path", is_glob_tree(t) ? t.path : relative_to(t.path, root)}, {"reason", t.reason}, {"files", t.files}});
  }
  generated = json::array();
  for (const auto& g : model.generated)
    generated.push_back(json{{"file", relative_to(g.file, root)}, {"kind", g.kind}});
  return vendored;
}

json tus_json(const Model& model, const std::string& root) {
  json tus = json::array();
  for (const auto& t : model.tus) {
    json diags = json::array();
    for (const auto& d : t.diagnostics) {
      json dj = location(d.loc, root);
      dj["severity"] = d.severity;
      dj["message"] = d.message;
      diags.push_back(std::move(dj));
    }
    tus.push_back(json{{"file", relative_to(t.file, root)},
                       {"status", std::string(to_string(t.status))},
                       {"errors", t.error_count},
                       {"diagnostics", diags},
                       {"dropped_flags", t.dropped_flags}});
  }
  return tus;
}

std::vector<std::string> relative_files(const std::vector<std::string>& files, const std::string& root) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(relative_to(f, root));
  return out;
}

json summary_json(const Model& model, const std::string& root) {
  std::size_t classes = 0, functions = 0;
  for (const auto& s : model.symbols) {
    if (s.kind == SymbolKind::Class) ++classes;
    if (s.kind == SymbolKind::Function || s.kind == SymbolKind::Method || s.kind == SymbolKind::Constructor ||
        s.kind == SymbolKind::Destructor) {
      ++functions;
    }
  }
  std::size_t clean = 0, with_errors = 0, failed = 0;
  for (const auto& t : model.tus) {
    if (t.status == ParseStatus::Clean) ++clean;
    if (t.status == ParseStatus::WithErrors) ++with_errors;
    if (t.status == ParseStatus::Failed) ++failed;
  }
  const DataAccessFacts& data = model.data;
  return json{{"tus", model.tus.size()},
              {"tus_clean", clean},
              {"tus_with_errors", with_errors},
              {"tus_failed", failed},
              {"classes", classes},
              {"functions", functions},
              {"edges", model.edges.size()},
              {"tables", data.tables.size()},
              {"accesses", data.accesses.size()},
              {"sql_sites", data.sql_sites},
              {"sql_sites_resolved", data.resolved_sites},
              {"sql_sites_partly_resolved", data.partly_resolved},
              {"sql_sites_unresolved", data.unresolved_sites},
              {"sql_sites_without_table", data.no_table_sites},
              {"table_prefix", data.table_prefix},
              {"prefixed_tables", data.prefixed_tables},
              {"sql_sites_without_table_by_kind", data.no_table_kinds},
              {"schema_files", relative_files(data.schema_files, root)},
              {"sql_files_not_schema", relative_files(data.sql_files_not_schema, root)}};
}

}  // namespace

std::string render_model_json(const Model& model, const std::string& root) {
  json doc;
  doc["schema_version"] = kModelSchemaVersion;
  doc["root"] = root;
  doc["symbols"] = symbols_json(model, root);
  doc["edges"] = edges_json(model.edges, root);
  doc["class_edges"] = edges_json(model.class_edges, root);
  doc["file_edges"] = edges_json(model.file_edges, root);
  doc["unresolved_calls"] = unresolved_calls_json(model, root);
  doc["hazards"] = hazards_json(model, root);
  json generated;
  doc["vendored"] = origins_json(model, root, generated);
  doc["generated"] = std::move(generated);
  doc["tables"] = tables_json(model.data, root);
  doc["accesses"] = accesses_json(model, root);
  doc["transactions"] = transactions_json(model.data, root);
  doc["unresolved_sql"] = unresolved_sql_json(model.data, root);
  doc["sql_notes"] = model.data.notes;
  doc["unaccessed_tables"] = model.data.unaccessed_tables;
  doc["undeclared_tables"] = model.data.undeclared_tables;
  doc["tus"] = tus_json(model, root);
  doc["summary"] = summary_json(model, root);
  return doc.dump(2) + "\n";
}

namespace {

std::string absolute(const std::string& path, const std::string& root) {
  if (path.empty() || path.front() == '/' || root.empty()) return path;
  return root + "/" + path;
}

std::string absolute_id(const std::string& id, const std::string& root) {
  if (id.rfind("file:", 0) == 0) return "file:" + absolute(id.substr(5), root);
  return id;
}

Location read_location(const json& j, const std::string& root) {
  return Location{absolute(j.value("file", ""), root), j.value("line", 0u), 0};
}

std::vector<ModelEdge> read_edges(const json& arr, const std::string& root) {
  std::vector<ModelEdge> out;
  for (const auto& e : arr) {
    ModelEdge m;
    m.from = absolute_id(e.at("from").get<std::string>(), root);
    m.to = absolute_id(e.at("to").get<std::string>(), root);
    if (!parse_edge_kind(e.at("kind").get<std::string>(), m.kind)) continue;
    m.weight = e.value("weight", 1u);
    if (e.contains("file")) m.first_site = read_location(e, root);
    m.loop_weight = e.value("loop_weight", 0u);
    if (m.loop_weight > 0 && e.contains("first_loop_site"))
      m.first_loop_site = read_location(e["first_loop_site"], root);
    out.push_back(std::move(m));
  }
  return out;
}

// The SQL figures of the summary block (the rest of it is derived).
void read_sql_summary(const json& summary, const std::string& root, DataAccessFacts& data) {
  data.sql_sites = summary.value("sql_sites", 0u);
  data.resolved_sites = summary.value("sql_sites_resolved", 0u);
  data.partly_resolved = summary.value("sql_sites_partly_resolved", 0u);
  data.unresolved_sites = summary.value("sql_sites_unresolved", 0u);
  data.no_table_sites = summary.value("sql_sites_without_table", 0u);
  data.table_prefix = summary.value("table_prefix", std::string());
  data.prefixed_tables = summary.value("prefixed_tables", 0u);
  data.no_table_kinds = summary.value("sql_sites_without_table_by_kind", std::map<std::string, unsigned>{});
  for (const auto& f : summary.value("schema_files", std::vector<std::string>{}))
    data.schema_files.push_back(absolute(f, root));
  for (const auto& f : summary.value("sql_files_not_schema", std::vector<std::string>{}))
    data.sql_files_not_schema.push_back(absolute(f, root));
}

}  // namespace

Model parse_model_json(const std::string& text, const std::string& source, std::string* root_out) {
  const json doc = parse_json_input(text, source, "run cleave analyze again");
  if (!doc.is_object() || doc.value("schema_version", 0) != kModelSchemaVersion) {
    throw InputError(source, 0, "not a model.json of schema version " + std::to_string(kModelSchemaVersion),
                     "run cleave analyze again with this version");
  }
  try {
    const std::string root = doc.value("root", "");
    if (root_out) *root_out = root;
    Model model;
    for (const auto& j : doc.at("symbols")) {
      Symbol s;
      s.id = absolute_id(j.at("id").get<std::string>(), root);
      if (!parse_symbol_kind(j.at("kind").get<std::string>(), s.kind)) continue;
      s.name = j.at("name").get<std::string>();
      if (s.kind == SymbolKind::File) s.name = absolute(s.name, root);
      s.loc = read_location(j, root);
      s.tag = j.value("tag", "");
      s.parent = j.value("parent", "");
      s.is_definition = j.value("definition", false);
      s.is_static = j.value("static", false);
      s.is_virtual = j.value("virtual", false);
      s.in_anonymous_namespace = j.value("anonymous_namespace", false);
      s.signature = j.value("signature", "");
      model.symbols.push_back(std::move(s));
    }
    model.edges = read_edges(doc.at("edges"), root);
    model.class_edges = read_edges(doc.at("class_edges"), root);
    model.file_edges = read_edges(doc.at("file_edges"), root);
    for (const auto& j : doc.at("unresolved_calls")) {
      model.unresolved_calls.push_back(
          {j.value("caller", ""), read_location(j, root), j.value("reason", ""), j.value("text", "")});
    }
    for (const auto& j : doc.value("hazards", json::array())) {
      Hazard h;
      if (!parse_hazard_kind(j.value("kind", ""), h.kind)) {
        throw InputError(source, 0, "unknown hazard kind '" + j.value("kind", "") + "'",
                         "write model.json again with this cleave");
      }
      h.function = j.value("function", "");
      h.variable = j.value("variable", "");
      h.loc = read_location(j, root);
      h.what = j.value("what", "");
      model.hazards.push_back(std::move(h));
    }
    for (const auto& j : doc.value("vendored", json::array())) {
      VendoredTree t{j.value("path", ""), j.value("reason", ""), j.value("files", 0u)};
      if (!is_glob_tree(t)) t.path = absolute(t.path, root);
      model.vendored.push_back(std::move(t));
    }
    for (const auto& j : doc.value("generated", json::array()))
      model.generated.push_back({absolute(j.value("file", ""), root), j.value("kind", "")});
    DataAccessFacts& data = model.data;
    for (const auto& j : doc.at("tables")) {
      Table t;
      t.name = j.at("name").get<std::string>();
      for (const auto& c : j.value("columns", json::array()))
        t.columns.push_back({c.value("name", ""), c.value("type", "")});
      t.primary_key = j.value("primary_key", std::vector<std::string>{});
      for (const auto& fk : j.value("foreign_keys", json::array())) {
        t.foreign_keys.push_back({fk.value("columns", std::vector<std::string>{}), fk.value("ref_table", ""),
                                  fk.value("ref_columns", std::vector<std::string>{})});
      }
      t.in_schema = j.value("in_schema", false);
      t.database = j.value("database", std::string());
      if (j.contains("file")) t.defined_at = read_location(j, root);
      data.tables.push_back(std::move(t));
    }
    for (const auto& j : doc.at("accesses")) {
      TableAccess a;
      a.symbol = j.at("symbol").get<std::string>();
      a.table = j.at("table").get<std::string>();
      parse_access_mode(j.at("mode").get<std::string>(), a.mode);
      a.loc = read_location(j, root);
      a.sql = j.value("sql", "");
      a.via = j.value("via", "");
      a.verb = j.value("verb", "");
      a.every_row = j.value("every_row", false);
      a.one_of = j.value("one_of", 0u);
      data.accesses.push_back(std::move(a));
    }
    for (const auto& j : doc.at("transactions")) {
      Transaction t;
      t.id = j.value("id", "");
      t.function = j.value("function", "");
      t.kind = j.value("kind", "");
      t.loc = read_location(j, root);
      t.reads = j.value("reads", std::vector<std::string>{});
      t.writes = j.value("writes", std::vector<std::string>{});
      data.transactions.push_back(std::move(t));
    }
    data.notes = doc.value("sql_notes", std::vector<std::string>{});
    for (const auto& j : doc.at("unresolved_sql")) {
      data.unresolved.push_back({j.value("symbol", ""), read_location(j, root), j.value("reason", ""),
                                 j.value("excerpt", ""), j.value("suggestion", "")});
    }
    for (const auto& j : doc.at("tus")) {
      TuSummary t;
      t.file = absolute(j.value("file", ""), root);
      const std::string status = j.value("status", "clean");
      t.status = status == "failed"        ? ParseStatus::Failed
                 : status == "with_errors" ? ParseStatus::WithErrors
                                           : ParseStatus::Clean;
      t.error_count = j.value("errors", 0u);
      for (const auto& d : j.value("diagnostics", json::array())) {
        t.diagnostics.push_back({d.value("severity", ""), read_location(d, root), d.value("message", "")});
      }
      t.dropped_flags = j.value("dropped_flags", std::vector<std::string>{});
      model.tus.push_back(std::move(t));
    }
    data.unaccessed_tables = doc.value("unaccessed_tables", std::vector<std::string>{});
    data.undeclared_tables = doc.value("undeclared_tables", std::vector<std::string>{});
    read_sql_summary(doc.value("summary", json::object()), root, data);
    model.index();
    return model;
  } catch (const json::exception& e) {
    throw InputError(source, 0, std::string("unexpected content: ") + e.what(), "run cleave analyze again");
  }
}

}  // namespace cleave::report
