#include "core/paths.hpp"

#include <cctype>

namespace cleave {

std::string normalize_path(std::string_view path, std::string_view base) {
  std::filesystem::path p{std::string(path)};
  if (p.is_relative()) {
    std::filesystem::path b = base.empty() ? std::filesystem::current_path() : std::filesystem::path(std::string(base));
    if (b.is_relative()) b = std::filesystem::current_path() / b;
    p = b / p;
  }
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string relative_to(std::string_view path, std::string_view root) {
  if (root.empty()) return std::string(path);
  std::string r(root);
  if (r.back() != '/') r += '/';
  if (path.size() > r.size() && path.substr(0, r.size()) == r) return std::string(path.substr(r.size()));
  return std::string(path);
}

std::string sanitize_name(std::string_view name) {
  // Only [a-z0-9_-]: dots go too, so "..", "." and hidden files cannot arise.
  std::string out;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (c == '_') {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= 64) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  while (!out.empty() && out.front() == '-') out.erase(out.begin());
  if (out.empty()) out = "unnamed";
  return out;
}

}  // namespace cleave
