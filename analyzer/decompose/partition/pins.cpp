// Pass: apply the config file's pins.
// Reads: the nodes and unit groups; the config's contexts (classes,
//   namespaces, paths, tables), "apart" groups and kernel pins.
// Decides: constraint labels (one per pinned context, labels
//   0 .. context_labels-1, then one per member of each "apart" group) and
//   kernel units pinned by the config; warns about pins that match nothing.
// Introduced with the first decomposition (a36c90a); no figure: pins are the
//   architect's word, obeyed whatever the evidence.
#include "decompose/partition/partitioner.hpp"

#include "core/glob.hpp"

#include <algorithm>

namespace cleave::decompose::detail {
namespace {

bool in_namespace(const std::string& name, const std::string& ns) {
  return name.size() > ns.size() + 2 && name.compare(0, ns.size(), ns) == 0 && name.compare(ns.size(), 2, "::") == 0;
}

bool path_matches(const std::string& pattern, const std::string& file, const std::string& base) {
  if (file.empty()) return false;
  if (glob_match(pattern, file)) return true;
  if (!base.empty()) {
    std::string b = base.back() == '/' ? base : base + "/";
    if (file.rfind(b, 0) == 0 && glob_match(pattern, file.substr(b.size()))) return true;
  }
  return false;
}

}  // namespace

void Partitioner::apply_pins() {
  // Labels: one per pinned context, then one per member of each "apart" group.
  int next = 0;
  pin_contexts(next);
  pin_apart(next);
  pin_kernel();
}

void Partitioner::pin_group(std::uint32_t n, int label) {
  auto g = group_of_[n];
  if (g == kNoGroup) {
    out_.nodes[n].label = label;
    return;
  }
  for (auto m : group_[g]) out_.nodes[m].label = label;
}

void Partitioner::pin_contexts(int& next) {
  out_.context_labels = static_cast<int>(cfg_.contexts.size());
  std::vector<int> pin_label(cfg_.contexts.size());
  for (std::size_t i = 0; i < cfg_.contexts.size(); ++i) {
    pin_label[i] = next++;
    out_.cluster_pins.push_back(cfg_.contexts[i].name);
  }
  for (std::size_t i = 0; i < cfg_.contexts.size(); ++i) {
    const auto& pin = cfg_.contexts[i];
    std::size_t matched = 0;
    for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
      const Node& node = out_.nodes[n];
      bool hit = false;
      if (node.kind == NodeKind::Table) {
        hit = std::find(pin.tables.begin(), pin.tables.end(), node.name) != pin.tables.end();
      } else if (is_unit(node.kind) || node.kind == NodeKind::Anchor) {
        const std::string& cls =
            node.kind == NodeKind::Method ? out_.nodes[out_.node_of.at(node.owner)].name : node.name;
        for (const auto& c : pin.classes) hit = hit || c == node.name || c == cls;
        for (const auto& ns : pin.namespaces) hit = hit || in_namespace(node.name, ns);
        for (const auto& p : pin.paths) hit = hit || path_matches(p, node.file, params_.base_dir);
      }
      if (hit && node.label < 0) {
        if (node.kind == NodeKind::Method && exploded_.count(node.owner) && !pin.classes.empty()) {
          out_.nodes[n].label = pin_label[i];  // a pinned method of a split class
        } else {
          pin_group(n, pin_label[i]);
        }
        ++matched;
      }
    }
    if (matched == 0)
      out_.warnings.push_back(make_finding(rules::kConfigUnmatched,
                                           "config: context '" + pin.name + "' matches no class, function or table",
                                           "contexts." + pin.name));
  }
}

void Partitioner::pin_apart(int& next) {
  for (const auto& group : cfg_.apart) {
    for (const auto& name : group) {
      bool found = false;
      for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
        if ((is_unit(out_.nodes[n].kind) || out_.nodes[n].kind == NodeKind::Anchor) && out_.nodes[n].name == name) {
          if (out_.nodes[n].label < 0) pin_group(n, next);
          found = true;
        }
      }
      ++next;
      if (!found)
        out_.warnings.push_back(
            make_finding(rules::kConfigUnmatched, "config: apart: '" + name + "' matches nothing", "apart." + name));
    }
  }
}

void Partitioner::pin_kernel() {
  for (std::uint32_t n = 0; n < out_.nodes.size(); ++n) {
    Node& node = out_.nodes[n];
    if (!is_unit(node.kind) && node.kind != NodeKind::Anchor) continue;
    bool hit =
        std::find(cfg_.kernel_classes.begin(), cfg_.kernel_classes.end(), node.name) != cfg_.kernel_classes.end();
    for (const auto& ns : cfg_.kernel_namespaces) hit = hit || in_namespace(node.name, ns);
    for (const auto& p : cfg_.kernel_paths) hit = hit || path_matches(p, node.file, params_.base_dir);
    if (hit && node.label < 0) {
      auto g = group_of_[n];
      for (auto m : g == kNoGroup ? std::vector<std::uint32_t>{n} : group_[g]) {
        out_.nodes[m].kernel = true;
        out_.kernel_reasons[out_.nodes[m].key] = "pinned to the shared kernel by the config file";
      }
    }
  }
}

}  // namespace cleave::decompose::detail
