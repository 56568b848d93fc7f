#include "pipeline/pipeline.hpp"

#include <filesystem>

namespace cleave::pipeline {

std::string detect_project_root(const std::vector<std::string>& files) {
  namespace fs = std::filesystem;
  if (files.empty()) return {};
  fs::path common = fs::path(files.front()).parent_path();
  for (const auto& f : files) {
    fs::path dir = fs::path(f).parent_path();
    while (!common.empty() && common != common.root_path()) {
      const std::string c = common.string();
      const std::string d = dir.string();
      if (d == c || (d.size() > c.size() && d.compare(0, c.size(), c) == 0 && d[c.size()] == '/')) break;
      common = common.parent_path();
    }
  }
  std::error_code ec;
  // A CMake project's root is the topmost directory of its chain of
  // CMakeLists.txt; that keeps a project nested in another repository (a
  // sample, a vendored app) to itself.
  if (fs::exists(common / "CMakeLists.txt", ec) || fs::exists(common.parent_path() / "CMakeLists.txt", ec)) {
    fs::path root = fs::exists(common / "CMakeLists.txt", ec) ? common : common.parent_path();
    while (root != root.root_path() && fs::exists(root.parent_path() / "CMakeLists.txt", ec)) root = root.parent_path();
    return root.string();
  }
  for (fs::path p = common; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p.string();
    if (p == p.root_path()) break;
  }
  fs::path root = common;
  return root.string();
}

}  // namespace cleave::pipeline
