#include "check/architecture.hpp"

#include "config/yaml_reader.hpp"
#include "core/errors.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace cleave::check {
namespace {

using config::Reader;

const std::string kRemedy = "see the format in docs/check.md, or write the file again with 'cleave accept'";

std::optional<unsigned> limit(const Reader& r, const YAML::Node& node, const std::string& key) {
  return r.count(node, key, 1000000);
}

void parse_limits(const Reader& r, const YAML::Node& node, const std::string& path, Limits& limits) {
  r.for_each_key(node, path, {"max_dependencies", "max_tables", "max_units"},
                 [&](const std::string& key, const YAML::Node& value, const std::string& full) {
                   if (key == "max_units") limits.max_units = limit(r, value, full);
                   if (key == "max_tables") limits.max_tables = limit(r, value, full);
                   if (key == "max_dependencies") limits.max_dependencies = limit(r, value, full);
                 });
}

DependencyKind parse_kind(const Reader& r, const YAML::Node& node, const std::string& key) {
  const std::string text = r.scalar(node, key);
  if (text == "sync") return DependencyKind::Sync;
  if (text == "async") return DependencyKind::Async;
  r.fail(node, key, "unknown kind '" + text + "'",
         "use sync (any call or type use) or async (commands and events only, no query)");
}

AllowedDependency parse_dependency(const Reader& r, const std::string& target, const YAML::Node& node,
                                   const std::string& path) {
  AllowedDependency d;
  d.context = target;
  d.line = r.line_of(node);
  if (node.IsScalar()) {
    d.kind = parse_kind(r, node, path);
    return d;
  }
  r.for_each_key(node, path, {"kind", "tables"},
                 [&](const std::string& key, const YAML::Node& value, const std::string& full) {
                   if (key == "kind") d.kind = parse_kind(r, value, full);
                   if (key != "tables" || value.IsNull()) return;
                   r.expect_map(value, full);
                   for (auto it = value.begin(); it != value.end(); ++it) {
                     const std::string table = it->first.as<std::string>();
                     const std::string mode = r.scalar(it->second, full + "." + table);
                     if (mode != "read" && mode != "write") {
                       r.fail(it->second, full + "." + table, "unknown access '" + mode + "'",
                              "use read, or write (which allows reads too)");
                     }
                     d.tables[table] = mode;
                   }
                 });
  return d;
}

void parse_context(const Reader& r, const YAML::Node& node, const std::string& path, Context& c, bool kernel) {
  if (node.IsNull()) return;
  std::vector<std::string> keys{"depends_on", "namespaces", "notes", "paths", "symbols"};
  if (!kernel) {
    keys.emplace_back("limits");
    keys.emplace_back("tables");
  }
  r.for_each_key(node, path, keys, [&](const std::string& key, const YAML::Node& value, const std::string& full) {
    if (key == "notes") c.notes = value.IsNull() ? "" : r.scalar(value, full);
    if (key == "paths") c.paths = r.strings(value, full);
    if (key == "namespaces") c.namespaces = r.strings(value, full);
    if (key == "symbols") c.symbols = r.strings(value, full);
    if (key == "tables") c.tables = r.strings(value, full);
    if (key == "limits") parse_limits(r, value, full, c.limits);
    if (key != "depends_on" || value.IsNull()) return;
    r.expect_map(value, full);
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string target = it->first.as<std::string>();
      c.depends_on.push_back(parse_dependency(r, target, it->second, full + "." + target));
    }
  });
  for (auto* list : {&c.paths, &c.namespaces, &c.symbols, &c.tables}) std::sort(list->begin(), list->end());
  for (std::string& t : c.tables)
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  std::sort(c.depends_on.begin(), c.depends_on.end(),
            [](const AllowedDependency& a, const AllowedDependency& b) { return a.context < b.context; });
}

// Every dependency names a context of the file; no entry is in two contexts.
void validate(const Architecture& a, const std::string& file) {
  std::vector<std::string> names{std::string(kKernelName)};
  for (const Context& c : a.contexts) names.push_back(c.name);
  std::map<std::string, std::pair<std::string, unsigned>> owner;  // "kind:entry" -> context, line
  auto check_context = [&](const Context& c) {
    for (const AllowedDependency& d : c.depends_on) {
      if (std::find(names.begin(), names.end(), d.context) == names.end()) {
        throw InputError(
            file, d.line, "context '" + c.name + "' depends on '" + d.context + "', which is no context",
            "name one of the contexts" + [&] {
              std::string list;
              for (const auto& n : names) list += " " + n;
              return std::string(":") + list;
            }());
      }
      if (d.context == c.name) throw InputError(file, d.line, "context '" + c.name + "' depends on itself", kRemedy);
      if (!d.tables.empty()) {
        const Context* target = a.find(d.context);
        for (const auto& [table, mode] : d.tables) {
          if (!std::binary_search(target->tables.begin(), target->tables.end(), table)) {
            throw InputError(file, d.line,
                             "context '" + c.name + "' may access table '" + table + "' of '" + d.context +
                                 "', which does not own it",
                             "list the table under the tables of the context that owns it");
          }
        }
      }
    }
    const std::pair<const char*, const std::vector<std::string>*> lists[] = {
        {"path", &c.paths}, {"namespace", &c.namespaces}, {"symbol", &c.symbols}, {"table", &c.tables}};
    for (const auto& [kind, list] : lists) {
      for (const std::string& entry : *list) {
        auto [it, fresh] = owner.emplace(std::string(kind) + ":" + entry, std::make_pair(c.name, c.line));
        if (!fresh && it->second.first != c.name) {
          throw InputError(
              file, c.line,
              std::string(kind) + " '" + entry + "' is in both '" + it->second.first + "' and '" + c.name + "'",
              "keep it in one context");
        }
      }
    }
  };
  check_context(a.shared_kernel);
  for (const Context& c : a.contexts) check_context(c);
}

}  // namespace

std::string_view to_string(DependencyKind kind) { return kind == DependencyKind::Async ? "async" : "sync"; }

const Context* Architecture::find(std::string_view name) const {
  if (name == kKernelName) return &shared_kernel;
  for (const Context& c : contexts) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Architecture parse_architecture(std::string_view text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw InputError(file, e.mark.line >= 0 ? static_cast<unsigned>(e.mark.line) + 1 : 0, e.msg, kRemedy);
  }
  Architecture a;
  a.file = file;
  a.shared_kernel.name = std::string(kKernelName);
  if (root.IsNull()) throw InputError(file, 0, "the architecture is empty", "write one with 'cleave accept'");
  const Reader r(file);
  std::set<std::string> seen;
  r.for_each_key(root, "", {"contexts", "limits", "notes", "rules", "shared_kernel", "version"},
                 [&](const std::string& key, const YAML::Node& value, const std::string& full) {
                   if (key == "version") {
                     a.version = r.count(value, full, 1000);
                     if (a.version != 1)
                       r.fail(value, full, "version " + std::to_string(a.version) + " is not 1", kRemedy);
                   }
                   if (key == "notes") a.notes = value.IsNull() ? "" : r.scalar(value, full);
                   if (key == "limits") parse_limits(r, value, full, a.limits);
                   if (key == "shared_kernel") {
                     a.shared_kernel.line = r.line_of(value);
                     parse_context(r, value, full, a.shared_kernel, true);
                   }
                   if (key == "rules" && !value.IsNull()) {
                     r.expect_map(value, full);
                     for (auto it = value.begin(); it != value.end(); ++it) {
                       const std::string id = it->first.as<std::string>();
                       if (id.rfind("CLV-ARC-", 0) != 0 || !find_rule(id)) {
                         r.fail(it->first, full + "." + id, "no rule of the check has this id",
                                "'cleave check --list-rules' lists them");
                       }
                       const std::string level = r.scalar(it->second, full + "." + id);
                       if (level == "off") {
                         a.severities[id] = std::nullopt;
                       } else if (auto s = parse_severity(level)) {
                         a.severities[id] = *s;
                       } else {
                         r.fail(it->second, full + "." + id, "unknown severity '" + level + "'",
                                "use error, warning, note or off");
                       }
                     }
                   }
                   if (key == "contexts" && !value.IsNull()) {
                     r.expect_map(value, full);
                     for (auto it = value.begin(); it != value.end(); ++it) {
                       Context c;
                       c.name = it->first.as<std::string>();
                       c.line = r.line_of(it->first);
                       if (c.name.empty() || c.name == kKernelName) {
                         r.fail(it->first, full, "'" + c.name + "' cannot name a context",
                                "use shared_kernel: for the kernel");
                       }
                       if (!seen.insert(c.name).second)
                         r.fail(it->first, full, "context '" + c.name + "' is declared twice");
                       parse_context(r, it->second, full + "." + c.name, c, false);
                       a.contexts.push_back(std::move(c));
                     }
                   }
                 });
  std::sort(a.contexts.begin(), a.contexts.end(), [](const Context& x, const Context& y) { return x.name < y.name; });
  validate(a, file);
  return a;
}

Architecture load_architecture(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path.string(), 0, "no architecture to check against",
                     "write one from the proposal with 'cleave accept', or pass --architecture FILE");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_architecture(text.str(), path.string());
}

}  // namespace cleave::check
