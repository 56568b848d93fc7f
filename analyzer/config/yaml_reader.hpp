// A reader of YAML config files (yaml-cpp) whose every error names the file,
// the line and the dotted key path, and where an unknown key is an error that
// lists the known ones. Shared by .cleave.yaml (config.cpp) and
// architecture.yaml (analyzer/check); internal: no yaml-cpp type leaves the
// libraries that use it.
#pragma once

#include "core/errors.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace cleave::config {

using Keys = std::vector<std::string>;
// Called with a key, its value and the key's dotted path.
using KeyHandler = std::function<void(const std::string&, const YAML::Node&, const std::string&)>;

// Every error names the file, the line and the dotted key path.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& key, const std::string& problem,
                         const std::string& remedy = {}) const {
    unsigned line = 0;
    if (node.IsDefined() && node.Mark().line >= 0) line = static_cast<unsigned>(node.Mark().line) + 1;
    throw InputError(file_, line, (key.empty() ? std::string() : "'" + key + "': ") + problem, remedy);
  }

  unsigned line_of(const YAML::Node& node) const {
    return node.Mark().line >= 0 ? static_cast<unsigned>(node.Mark().line) + 1 : 0;
  }

  void expect_map(const YAML::Node& node, const std::string& key) const {
    if (!node.IsMap()) fail(node, key, "expected a mapping");
  }

  // Calls `each` for each entry of a mapping whose key is in `known`;
  // anything else is an error that lists what is known.
  void for_each_key(const YAML::Node& node, const std::string& path, const Keys& known, const KeyHandler& each) const {
    expect_map(node, path);
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = it->first.as<std::string>();
      std::string full = path.empty() ? key : path + "." + key;
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        fail(it->first, full, "unknown key", "known keys here: " + list);
      }
      each(key, it->second, full);
    }
  }

  std::string scalar(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) fail(node, key, "expected a single value");
    return node.Scalar();
  }

  double number(const YAML::Node& node, const std::string& key, double min, double max) const {
    std::string text = scalar(node, key);
    double value = 0;
    std::istringstream in(text);
    in >> value;
    if (!in || !in.eof()) fail(node, key, "expected a number, got '" + text + "'");
    if (value < min || value > max) {
      std::ostringstream range;
      range << "between " << min << " and " << max;
      fail(node, key, "value " + text + " out of range", "use a value " + range.str());
    }
    return value;
  }

  unsigned count(const YAML::Node& node, const std::string& key, unsigned max) const {
    double v = number(node, key, 0, max);
    if (v != static_cast<double>(static_cast<unsigned>(v))) fail(node, key, "expected a whole number");
    return static_cast<unsigned>(v);
  }

  std::vector<std::string> strings(const YAML::Node& node, const std::string& key) const {
    std::vector<std::string> out;
    if (node.IsScalar()) {
      out.push_back(node.Scalar());
    } else if (node.IsSequence()) {
      for (const auto& item : node) out.push_back(scalar(item, key));
    } else if (!node.IsNull()) {
      fail(node, key, "expected a list of strings");
    }
    for (const auto& s : out) {
      if (s.empty()) fail(node, key, "empty entry");
    }
    return out;
  }

  std::vector<std::vector<std::string>> groups(const YAML::Node& node, const std::string& key) const {
    std::vector<std::vector<std::string>> out;
    if (node.IsNull()) return out;
    if (!node.IsSequence()) fail(node, key, "expected a list of lists, e.g. [[a::X, a::Y]]");
    for (const auto& item : node) {
      auto group = strings(item, key);
      if (group.size() < 2) fail(item, key, "a group needs at least two names");
      out.push_back(std::move(group));
    }
    return out;
  }

 private:
  std::string file_;
};

}  // namespace cleave::config
