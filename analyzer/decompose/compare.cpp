#include "decompose/compare.hpp"

#include "core/errors.hpp"
#include "core/json_input.hpp"
#include "decompose/metrics.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace cleave::decompose {

ExpectedDecomposition parse_expected(const std::string& json_text, const std::string& file) {
  const nlohmann::json j = parse_json_input(json_text, file);
  ExpectedDecomposition out;
  auto strings = [&](const nlohmann::json& v, const std::string& where) {
    std::vector<std::string> list;
    if (v.is_null()) return list;
    if (!v.is_array()) throw InputError(file, 0, "'" + where + "' must be an array of names");
    for (const auto& s : v) {
      if (!s.is_string()) throw InputError(file, 0, "'" + where + "' must hold strings");
      list.push_back(s.get<std::string>());
    }
    return list;
  };
  if (!j.is_object() || !j.contains("contexts") || !j["contexts"].is_object()) {
    throw InputError(file, 0, "expected an object with 'contexts'", "see samples/README.md");
  }
  for (const auto& [name, ctx] : j["contexts"].items()) {
    auto& members = out.contexts[name];
    for (const char* key : {"classes", "functions"}) {
      auto list = strings(ctx.value(key, nlohmann::json()), "contexts." + name + "." + key);
      members.insert(members.end(), list.begin(), list.end());
    }
    for (const auto& t : strings(ctx.value("tables", nlohmann::json()), "contexts." + name + ".tables")) {
      out.table_owner[t] = name;
    }
  }
  if (j.contains("shared_kernel")) {
    auto& members = out.contexts[kSharedKernelGroup];
    for (const char* key : {"classes", "functions"}) {
      auto list = strings(j["shared_kernel"].value(key, nlohmann::json()), std::string("shared_kernel.") + key);
      members.insert(members.end(), list.begin(), list.end());
    }
  }
  if (j.contains("split_classes") && j["split_classes"].is_object()) {
    for (const auto& [cls, methods] : j["split_classes"].items()) {
      for (const auto& [m, ctx] : methods.items()) out.split_classes[cls][m] = ctx.get<std::string>();
    }
  }
  for (auto& [k, v] : out.contexts) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  return out;
}

ExpectedDecomposition load_expected(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string(), 0, "cannot read the expected decomposition");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_expected(text.str(), path.string());
}

std::string placement(const Proposal& proposal, const std::string& name) {
  for (const auto& s : proposal.services) {
    if (std::binary_search(s.classes.begin(), s.classes.end(), name) ||
        std::binary_search(s.functions.begin(), s.functions.end(), name)) {
      return s.name;
    }
  }
  if (std::binary_search(proposal.shared_kernel_classes.begin(), proposal.shared_kernel_classes.end(), name) ||
      std::binary_search(proposal.shared_kernel_functions.begin(), proposal.shared_kernel_functions.end(), name)) {
    return kSharedKernelGroup;
  }
  return {};
}

Agreement compare(const Proposal& proposal, const ExpectedDecomposition& expected) {
  Agreement out;
  std::vector<std::string> items, truth, got;
  for (const auto& [ctx, members] : expected.contexts) {
    for (const auto& m : members) {
      items.push_back(m);
      truth.push_back(ctx);
      got.push_back(placement(proposal, m));
    }
  }
  out.items = items.size();
  // Labels as integers; an unplaced item is a group of its own.
  std::map<std::string, int> truth_ids, got_ids;
  metrics::Partition a, b;
  for (std::size_t i = 0; i < items.size(); ++i) {
    b.push_back(truth_ids.try_emplace(truth[i], static_cast<int>(truth_ids.size())).first->second);
    std::string g = got[i].empty() ? "<missing>" + items[i] : got[i];
    if (got[i].empty()) out.missing.push_back(items[i]);
    a.push_back(got_ids.try_emplace(g, static_cast<int>(got_ids.size())).first->second);
  }
  out.ari = metrics::adjusted_rand_index(a, b);
  out.mojofm = metrics::mojo_fm(a, b);
  // Each proposed service stands for the expected context it shares most with.
  std::map<std::string, std::map<std::string, std::size_t>> overlap;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!got[i].empty()) ++overlap[got[i]][truth[i]];
  }
  for (const auto& [svc, counts] : overlap) {
    std::string best;
    std::size_t n = 0;
    for (const auto& [ctx, c] : counts) {
      if (c > n) {
        n = c;
        best = ctx;
      }
    }
    out.service_to_context[svc] = best;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (got[i].empty()) continue;
    const std::string& mapped = out.service_to_context[got[i]];
    if (mapped != truth[i])
      out.misplaced.push_back(items[i] + ": expected " + truth[i] + ", in " + got[i] + " (-> " + mapped + ")");
  }
  std::sort(out.misplaced.begin(), out.misplaced.end());
  for (const auto& [table, ctx] : expected.table_owner) {
    ++out.tables;
    std::string owner;
    for (const auto& t : proposal.tables) {
      if (t.name == table) owner = t.owner;
    }
    auto it = out.service_to_context.find(owner);
    std::string mapped = it == out.service_to_context.end() ? "" : it->second;
    if (!owner.empty() && mapped == ctx) {
      ++out.tables_owned_as_expected;
    } else {
      out.table_mismatches.push_back(table + ": expected " + ctx + ", got " + (owner.empty() ? "no owner" : owner) +
                                     " (-> " + (mapped.empty() ? "?" : mapped) + ")");
    }
  }
  return out;
}

}  // namespace cleave::decompose
