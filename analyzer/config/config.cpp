#include "config/config.hpp"

#include "config/yaml_reader.hpp"
#include "core/errors.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace cleave::config {
namespace {

void parse_weights(const Reader& r, const YAML::Node& node, const std::string& path, DecomposeWeights& w) {
  struct Entry {
    const char* key;
    double DecomposeWeights::*field;
    double max;
  };
  static const Entry entries[] = {
      {"call", &DecomposeWeights::call, 1000},
      {"directory", &DecomposeWeights::directory, 1000},
      {"dispatch", &DecomposeWeights::dispatch, 1000},
      {"field_type", &DecomposeWeights::field_type, 1000},
      {"foreign_key", &DecomposeWeights::foreign_key, 1000},
      {"god_max_dominance", &DecomposeWeights::god_max_dominance, 1},
      {"god_min_methods", &DecomposeWeights::god_min_methods, 1000},
      {"inherits", &DecomposeWeights::inherits, 1000},
      {"kernel_max_dominance", &DecomposeWeights::kernel_max_dominance, 1},
      {"kernel_min_services", &DecomposeWeights::kernel_min_services, 1000},
      {"member", &DecomposeWeights::member, 1000},
      {"name", &DecomposeWeights::name, 1000},
      {"namespace", &DecomposeWeights::namespace_, 1000},
      {"override", &DecomposeWeights::override_, 1000},
      {"read", &DecomposeWeights::read, 1000},
      {"reference", &DecomposeWeights::reference, 1000},
      {"transaction", &DecomposeWeights::transaction, 1000},
      {"type_use", &DecomposeWeights::type_use, 1000},
      {"write", &DecomposeWeights::write, 1000},
  };
  std::vector<std::string> known;
  for (const auto& e : entries) known.emplace_back(e.key);
  r.for_each_key(node, path, known, [&](const std::string& key, const YAML::Node& value, const std::string& full) {
    for (const auto& e : entries) {
      if (key == e.key) w.*(e.field) = r.number(value, full, 0, e.max);
    }
  });
}

// decompose.contexts: name -> {classes, namespaces, paths, tables}, sorted by name.
void parse_contexts(const Reader& r, const YAML::Node& node, const std::string& full, std::vector<ContextPin>& out) {
  r.expect_map(node, full);
  for (auto it = node.begin(); it != node.end(); ++it) {
    ContextPin pin;
    pin.name = it->first.as<std::string>();
    pin.line = r.line_of(it->first);
    std::string path = full + "." + pin.name;
    if (pin.name.empty()) r.fail(it->first, full, "a context needs a name");
    if (!it->second.IsNull()) {
      r.for_each_key(it->second, path, {"classes", "namespaces", "paths", "tables"},
                     [&](const std::string& k, const YAML::Node& v, const std::string& f) {
                       auto list = r.strings(v, f);
                       auto& into = k == "classes"      ? pin.classes
                                    : k == "namespaces" ? pin.namespaces
                                    : k == "paths"      ? pin.paths
                                                        : pin.tables;
                       into.insert(into.end(), list.begin(), list.end());
                     });
    }
    out.push_back(std::move(pin));
  }
  std::sort(out.begin(), out.end(), [](const ContextPin& a, const ContextPin& b) { return a.name < b.name; });
}

void parse_decompose(const Reader& r, const YAML::Node& node, DecomposeConfig& d) {
  if (node.IsNull()) return;
  static const std::vector<std::string> known = {"apart",    "contexts",      "god_classes", "resolution", "seed",
                                                 "services", "shared_kernel", "together",    "weights"};
  r.for_each_key(node, "decompose", known,
                 [&](const std::string& key, const YAML::Node& value, const std::string& full) {
                   if (key == "services") {
                     d.services = r.count(value, full, 100000);
                     d.services_set = true;
                   } else if (key == "resolution") {
                     d.resolution = r.number(value, full, 0.001, 1000);
                     d.resolution_set = true;
                   } else if (key == "seed") {
                     d.seed = r.count(value, full, 0xffffffffu);
                     d.seed_set = true;
                   } else if (key == "together") {
                     d.together = r.groups(value, full);
                   } else if (key == "apart") {
                     d.apart = r.groups(value, full);
                   } else if (key == "weights") {
                     parse_weights(r, value, full, d.weights);
                   } else if (key == "shared_kernel") {
                     r.for_each_key(value, full, {"classes", "namespaces", "paths"},
                                    [&](const std::string& k, const YAML::Node& v, const std::string& f) {
                                      auto list = r.strings(v, f);
                                      auto& into = k == "classes"      ? d.kernel_classes
                                                   : k == "namespaces" ? d.kernel_namespaces
                                                                       : d.kernel_paths;
                                      into.insert(into.end(), list.begin(), list.end());
                                    });
                   } else if (key == "god_classes") {
                     r.for_each_key(value, full, {"keep", "split"},
                                    [&](const std::string& k, const YAML::Node& v, const std::string& f) {
                                      auto list = r.strings(v, f);
                                      auto& into = k == "split" ? d.split_classes : d.keep_classes;
                                      into.insert(into.end(), list.begin(), list.end());
                                    });
                   } else if (key == "contexts") {
                     parse_contexts(r, value, full, d.contexts);
                   }
                 });
  for (const auto& k : d.split_classes) {
    if (std::find(d.keep_classes.begin(), d.keep_classes.end(), k) != d.keep_classes.end()) {
      r.fail(node["god_classes"], "decompose.god_classes", "'" + k + "' is both in split and keep");
    }
  }
}

// sam: each setting checked like the command line checks it.
void parse_sam(const Reader& r, const YAML::Node& node, SamConfig& sam) {
  r.for_each_key(node, "sam", {"architecture", "memory", "table_mode", "timeout"},
                 [&](const std::string& key, const YAML::Node& value, const std::string& full) {
                   const std::string text = r.scalar(value, full);
                   const std::string problem = check_sam_setting(key, text);
                   if (!problem.empty()) r.fail(value, full, problem);
                   if (key == "architecture") sam.architecture = text;
                   if (key == "table_mode") sam.table_mode = text;
                   if (key == "memory") sam.memory = static_cast<unsigned>(std::stoul(text));
                   if (key == "timeout") sam.timeout = static_cast<unsigned>(std::stoul(text));
                 });
}

// sql.apis: [{function, sql_arg, kind, name_arg}].
void parse_apis(const Reader& r, const YAML::Node& node, const std::string& full, std::vector<SqlApi>& out) {
  if (!node.IsSequence()) r.fail(node, full, "expected a list, e.g. [{function: Db::query, sql_arg: 0}]");
  for (const auto& item : node) {
    SqlApi api;
    r.expect_map(item, full);
    r.for_each_key(item, full, {"function", "kind", "name_arg", "sql_arg"},
                   [&](const std::string& k, const YAML::Node& v, const std::string& f) {
                     if (k == "function") api.function = r.scalar(v, f);
                     if (k == "sql_arg") api.sql_arg = static_cast<int>(r.number(v, f, -1, 64));
                     if (k == "name_arg") api.name_arg = static_cast<int>(r.count(v, f, 64));
                     if (k == "kind") {
                       api.kind = r.scalar(v, f);
                       static const std::set<std::string> kKinds{"execute",       "prepare",    "prepare_named",
                                                                 "execute_named", "bulk_write", "bulk_read"};
                       if (!kKinds.count(api.kind)) {
                         r.fail(v, f, "unknown kind '" + api.kind + "'",
                                "use execute, prepare, prepare_named, execute_named, bulk_write or bulk_read");
                       }
                     }
                   });
    if (api.function.empty()) r.fail(item, full, "an API needs 'function' (its qualified name)");
    const bool named = api.kind == "prepare_named" || api.kind == "execute_named";
    if (named != (api.name_arg >= 0)) {
      r.fail(item, full, named ? "kind " + api.kind + " needs 'name_arg'" : "'name_arg' needs a kind *_named");
    }
    out.push_back(std::move(api));
  }
}

// sql.accesses: [{function, reads, writes}].
void parse_accesses(const Reader& r, const YAML::Node& node, const std::string& full,
                    std::vector<SqlDeclaredAccess>& out) {
  if (!node.IsSequence()) r.fail(node, full, "expected a list, e.g. [{function: Repo::load, reads: [orders]}]");
  for (const auto& item : node) {
    SqlDeclaredAccess a;
    a.line = r.line_of(item);
    r.expect_map(item, full);
    r.for_each_key(item, full, {"function", "reads", "writes"},
                   [&](const std::string& k, const YAML::Node& v, const std::string& f) {
                     if (k == "function") a.function = r.scalar(v, f);
                     if (k == "reads") a.reads = r.strings(v, f);
                     if (k == "writes") a.writes = r.strings(v, f);
                   });
    if (a.function.empty()) r.fail(item, full, "an access needs 'function' (its qualified name)");
    if (a.reads.empty() && a.writes.empty()) r.fail(item, full, "an access needs 'reads' or 'writes' (table names)");
    out.push_back(std::move(a));
  }
}

void parse_sql(const Reader& r, const YAML::Node& value, const std::string& full, const std::filesystem::path& base,
               SqlConfig& out) {
  r.for_each_key(value, full, {"accesses", "apis", "query_dirs", "rules", "schema", "table_prefix"},
                 [&](const std::string& k, const YAML::Node& v, const std::string& f) {
                   if (k == "table_prefix") {
                     out.table_prefix = r.scalar(v, f);
                   } else if (k == "apis") {
                     parse_apis(r, v, f, out.apis);
                   } else if (k == "accesses") {
                     parse_accesses(r, v, f, out.accesses);
                   } else {
                     auto& dest = k == "rules" ? out.rule_files : k == "schema" ? out.schema_files : out.query_dirs;
                     for (const auto& item : r.strings(v, f)) {
                       std::filesystem::path path(item);
                       if (path.is_relative() && !base.empty()) path = base / path;
                       dest.push_back(path.lexically_normal().string());
                     }
                   }
                 });
}

}  // namespace

std::vector<std::string> known_sections() { return {"decompose", "sam", "sql", "version"}; }

std::string check_sam_setting(std::string_view key, std::string_view value) {
  const auto in_range = [&](unsigned lo, unsigned hi) -> std::string {
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < lo || n > hi)
      return "'" + std::string(value) + "' is not a whole number from " + std::to_string(lo) + " to " +
             std::to_string(hi);
    return "";
  };
  if (key == "architecture") {
    return value == "arm64" || value == "x86_64" ? "" : "'" + std::string(value) + "' is not arm64 or x86_64";
  }
  if (key == "table_mode") {
    return value == "per-table" || value == "single-table"
               ? ""
               : "'" + std::string(value) + "' is not per-table or single-table";
  }
  if (key == "memory") return in_range(128, 10240);
  if (key == "timeout") return in_range(1, 900);
  return "unknown SAM setting '" + std::string(key) + "'";
}

ProjectConfig parse_config(std::string_view text, const std::string& file) {
  Reader r(file);
  ProjectConfig out;
  out.file = file;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw InputError(file, e.mark.line >= 0 ? static_cast<unsigned>(e.mark.line) + 1 : 0, "not valid YAML: " + e.msg);
  }
  if (root.IsNull()) return out;  // an empty file means defaults
  try {
    r.for_each_key(
        root, "", known_sections(), [&](const std::string& key, const YAML::Node& value, const std::string& full) {
          if (key == "version") {
            out.version = r.count(value, full, 1000);
            if (out.version != 1)
              r.fail(value, full, "unsupported version " + std::to_string(out.version), "this cleave reads version 1");
          } else if (key == "decompose") {
            parse_decompose(r, value, out.decompose);
          } else if (key == "sam") {
            parse_sam(r, value, out.sam);
          } else if (key == "sql") {
            parse_sql(r, value, full, std::filesystem::path(file).parent_path(), out.sql);
          }
        });
  } catch (const YAML::Exception& e) {
    // Conversion errors inside yaml-cpp (e.g. a key that is not a string).
    throw InputError(file, e.mark.line >= 0 ? static_cast<unsigned>(e.mark.line) + 1 : 0, e.msg);
  }
  return out;
}

ProjectConfig load_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "cannot read the config file", "check the path given with --config");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path.string());
}

std::optional<std::filesystem::path> find_config(const std::filesystem::path& start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start, ec);
  if (ec) return std::nullopt;
  dir = dir.lexically_normal();
  while (true) {
    std::filesystem::path candidate = dir / std::string(kConfigFileName);
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

ProjectConfig resolve_config(const std::string& explicit_path, const std::filesystem::path& start) {
  if (!explicit_path.empty()) return load_config(explicit_path);
  if (auto found = find_config(start)) return load_config(*found);
  return {};
}

}  // namespace cleave::config
