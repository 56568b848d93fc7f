// yaml_to_json: YAML read back the way CloudFormation must read it, strictly
// (contract in template_checks.hpp). A plain scalar is typed by YAML 1.2's
// core schema and, separately, by YAML 1.1's implicit types as PyYAML and
// SnakeYAML resolve them; when the two disagree the template would mean
// different things to different readers, so the read fails.
#include "template_checks.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace cleave::sam::test {
namespace {

enum class Kind { null, boolean, integer, floating, string, other };

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::null:
      return "null";
    case Kind::boolean:
      return "a boolean";
    case Kind::integer:
      return "an integer";
    case Kind::floating:
      return "a float";
    case Kind::string:
      return "a string";
    case Kind::other:
      return "a timestamp, merge key or value key";
  }
  return "?";
}

bool matches(const std::string& s, const char* pattern) {
  // std::regex is slow to build; each pattern is built once.
  static thread_local std::vector<std::pair<const char*, std::regex>> cache;
  for (const auto& [p, re] : cache) {
    if (p == pattern) return std::regex_match(s, re);
  }
  cache.emplace_back(pattern, std::regex(pattern));
  return std::regex_match(s, cache.back().second);
}

constexpr const char* kNull = "~|null|Null|NULL|";
constexpr const char* kBool12 = "true|True|TRUE|false|False|FALSE";
constexpr const char* kInt12 = "[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+";
constexpr const char* kFloat12 =
    R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))";
constexpr const char* kBool11 = "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF";
constexpr const char* kInt11 =
    "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+";
// PyYAML's float, and SnakeYAML's (which also takes "1e3" and "_"-only digits).
constexpr const char* kFloatPy =
    R"([-+]?([0-9][0-9_]*)\.[0-9_]*([eE][-+][0-9]+)?|\.[0-9_]+([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))";
constexpr const char* kFloatSnake =
    R"([-+]?(\.[0-9]+|[0-9_]+(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))";
constexpr const char* kOther11 = R"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*|<<|=)";

Kind kind12(const std::string& s) {
  if (matches(s, kNull)) return Kind::null;
  if (matches(s, kBool12)) return Kind::boolean;
  if (matches(s, kInt12)) return Kind::integer;
  if (matches(s, kFloat12)) return Kind::floating;
  return Kind::string;
}

Kind kind11(const std::string& s, const char* float_pattern) {
  if (matches(s, kNull)) return Kind::null;
  if (matches(s, kBool11)) return Kind::boolean;
  if (matches(s, kInt11)) return Kind::integer;
  if (matches(s, float_pattern)) return Kind::floating;
  if (matches(s, kOther11)) return Kind::other;
  return Kind::string;
}

std::string at(const YAML::Node& n) { return "line " + std::to_string(n.Mark().line + 1); }

[[noreturn]] void fail(const YAML::Node& n, const std::string& what) { throw std::runtime_error(at(n) + ": " + what); }

template <class Json>
Json typed_plain(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  const Kind k12 = kind12(s);
  Kind k11 = kind11(s, kFloatPy);
  if (k11 == k12) k11 = kind11(s, kFloatSnake);
  if (k12 != k11) {
    fail(n, "plain scalar '" + s + "' is " + kind_name(k12) + " in YAML 1.2 but " + kind_name(k11) +
                " in YAML 1.1: quote it");
  }
  switch (k12) {
    case Kind::null:
      return nullptr;
    case Kind::boolean:
      return s[0] == 't' || s[0] == 'T';
    case Kind::integer: {
      // 1.1 reads "010" as octal 8 and "1_0" as 10; only decimal without
      // leading zeros and 0x hex mean the same to both.
      const bool hex = s.starts_with("0x");
      if (!hex && !matches(s, "[-+]?(0|[1-9][0-9]*)")) fail(n, "integer '" + s + "' reads differently in YAML 1.1");
      errno = 0;
      char* end = nullptr;
      if (s[0] != '-') {
        const unsigned long long u = std::strtoull(s.c_str(), &end, hex ? 16 : 10);
        if (errno == ERANGE) fail(n, "integer '" + s + "' is out of range");
        if (u <= static_cast<unsigned long long>(INT64_MAX)) return static_cast<std::int64_t>(u);
        return static_cast<std::uint64_t>(u);
      }
      const long long v = std::strtoll(s.c_str(), &end, 10);
      if (errno == ERANGE) fail(n, "integer '" + s + "' is out of range");
      return static_cast<std::int64_t>(v);
    }
    case Kind::floating: {
      if (s.find('_') != std::string::npos) fail(n, "float '" + s + "' has '_'");
      if (matches(s, R"([-+]?\.(inf|Inf|INF))")) return s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
      if (matches(s, R"(\.(nan|NaN|NAN))")) return std::nan("");
      return std::strtod(s.c_str(), nullptr);
    }
    default:
      return s;
  }
}

void check_tag(const YAML::Node& n) {
  const std::string& tag = n.Tag();
  if (!tag.empty() && tag != "?" && tag != "!") {
    fail(n, "tag '" + tag + "': templates use long-form intrinsics ({\"Ref\": X}), never tags");
  }
}

template <class Json>
Json convert(const YAML::Node& n) {
  check_tag(n);
  switch (n.Type()) {
    case YAML::NodeType::Null:
      return nullptr;
    case YAML::NodeType::Scalar:
      return n.Tag() == "!" ? Json(n.Scalar()) : typed_plain<Json>(n);
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : n) out.push_back(convert<Json>(item));
      return out;
    }
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& kv : n) {
        const YAML::Node& key = kv.first;
        check_tag(key);
        if (!key.IsScalar()) fail(key, "a key that is not a string");
        if (key.Tag() != "!" && !typed_plain<Json>(key).is_string()) {
          fail(key, "plain key '" + key.Scalar() + "' does not read as a string: quote it");
        }
        if (out.contains(key.Scalar())) fail(key, "duplicate key '" + key.Scalar() + "'");
        out[key.Scalar()] = convert<Json>(kv.second);
      }
      return out;
    }
    default:
      fail(n, "undefined node");
  }
}

// The node API resolves aliases silently; the event stream shows them. A
// template is one document without anchors or aliases.
class NoAnchors : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) fail(mark, "a second document");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { check(mark, anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { fail(mark, "an alias"); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string&) override {
    check(mark, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    check(mark, anchor);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    check(mark, anchor);
  }
  void OnMapEnd() override {}

 private:
  static void check(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) fail(mark, "an anchor");
  }
  [[noreturn]] static void fail(const YAML::Mark& mark, const std::string& what) {
    throw std::runtime_error("line " + std::to_string(mark.line + 1) + ": " + what +
                             ": templates are one document without anchors or aliases");
  }
  int documents_ = 0;
};

template <class Json>
Json read(const std::string& yaml) {
  std::istringstream in(yaml);
  YAML::Parser parser(in);
  NoAnchors events;
  while (parser.HandleNextDocument(events)) {
  }
  return convert<Json>(YAML::Load(yaml));
}

}  // namespace

nlohmann::json yaml_to_json(const std::string& yaml) { return read<nlohmann::json>(yaml); }

nlohmann::ordered_json yaml_to_ordered_json(const std::string& yaml) { return read<nlohmann::ordered_json>(yaml); }

}  // namespace cleave::sam::test
