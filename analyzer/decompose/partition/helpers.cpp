// Helpers the clustering and the proposal builder share (partition.hpp):
// system symbols, qualified-name pieces, word tokens, and the write-dominance
// rule that names a table's owner.
#include "decompose/partition.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace cleave::decompose::detail {

// A dependency's weight per site in the clustering graph (build_graph.cpp) and in pulls (pull.cpp).
double kind_weight(EdgeKind k, const config::DecomposeWeights& w) {
  switch (k) {
    case EdgeKind::Call:
      return w.call;
    case EdgeKind::Override:
      return w.override_;
    case EdgeKind::Inherits:
      return w.inherits;
    case EdgeKind::FieldType:
      return w.field_type;
    case EdgeKind::TypeUse:
      return w.type_use;
    case EdgeKind::Reference:
      return w.reference;
    case EdgeKind::MemberOf:
      return w.member;
    case EdgeKind::Dispatch:
      return w.dispatch;
    case EdgeKind::Include:
      return 0;
  }
  return 0;
}

bool is_system_symbol(const Symbol& s) {
  static const char* const roots[] = {"/usr/include/", "/usr/lib/", "/usr/local/include/", "/opt/"};
  for (const char* r : roots) {
    if (s.loc.file.rfind(r, 0) == 0) return true;
  }
  return s.name.rfind("std::", 0) == 0 || s.name.rfind("__", 0) == 0;
}

std::string last_component(const std::string& qualified) {
  auto pos = qualified.rfind("::");
  return pos == std::string::npos ? qualified : qualified.substr(pos + 2);
}

std::string enclosing_scope(const std::string& qualified) {
  auto pos = qualified.rfind("::");
  return pos == std::string::npos ? std::string() : qualified.substr(0, pos);
}

std::string singular(std::string w) {
  auto ends = [&](const char* s) {
    std::string suf(s);
    return w.size() > suf.size() + 1 && w.compare(w.size() - suf.size(), suf.size(), suf) == 0;
  };
  if (ends("ies")) return w.substr(0, w.size() - 3) + "y";
  if (ends("sses") || ends("xes") || ends("ches") || ends("shes") || ends("zes")) return w.substr(0, w.size() - 2);
  if (ends("ss") || ends("us") || ends("is")) return w;
  if (ends("s")) return w.substr(0, w.size() - 1);
  return w;
}

std::set<std::string> table_token_keys(const std::string& table) {
  std::set<std::string> keys;
  std::string word;
  for (char c : table + "_") {
    if (c == '_' || c == '.') {
      if (word.size() >= 3) keys.insert("tok:" + singular(word));
      word.clear();
    } else {
      word += c;
    }
  }
  return keys;
}

int dominant_writer(const std::map<int, std::pair<unsigned, unsigned>>& use, int clustered) {
  int owner = clustered;
  std::tuple<unsigned, unsigned, int, int> best{0, 0, 0, 0};
  for (const auto& [k, u] : use) {
    std::tuple<unsigned, unsigned, int, int> key{u.first, u.second, k == clustered ? 1 : 0, -k};
    if (u.first > 0 && key > best) {
      best = key;
      owner = k;
    }
  }
  return owner;
}

std::vector<std::string> name_tokens(const std::string& identifier) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (cur.size() >= 3) out.push_back(singular(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < identifier.size(); ++i) {
    char c = identifier[i];
    unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalnum(u)) {
      flush();
      continue;
    }
    // A capital starts a word unless it continues an acronym (HTTPServer -> http, server).
    if (std::isupper(u) && !cur.empty()) {
      bool prev_upper = std::isupper(static_cast<unsigned char>(identifier[i - 1]));
      bool next_lower = i + 1 < identifier.size() && std::islower(static_cast<unsigned char>(identifier[i + 1]));
      if (!prev_upper || next_lower) flush();
    }
    if (std::isdigit(u)) continue;
    cur += static_cast<char>(std::tolower(u));
  }
  flush();
  return out;
}

}  // namespace cleave::decompose::detail
