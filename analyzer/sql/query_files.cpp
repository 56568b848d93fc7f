#include "sql/query_files.hpp"

#include "sql/sql.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace cleave::sql {
namespace {

namespace fs = std::filesystem;

bool has_extension(const std::string& name) {
  const fs::path p(name);
  return p.has_extension();
}

std::optional<std::string> read_whole(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Folders that hold no query file of the project's: VCS metadata, build
// trees, vendored packages.
bool skipped_folder(const std::string& name) {
  return name.empty() || name.front() == '.' || name == "build" || name.rfind("build-", 0) == 0 ||
         name.rfind("cmake-build", 0) == 0 || name == "node_modules";
}

bool is_sql_file(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return ext == ".sql";
}

}  // namespace

QueryFiles::QueryFiles(std::string root, std::vector<std::string> dirs, const std::vector<SourceText>& texts)
    : root_(std::move(root)), dirs_(std::move(dirs)) {
  for (const auto& t : texts) texts_[fs::path(t.name).lexically_normal().generic_string()] = t.text;
}

const std::string* QueryFiles::find(const std::string& name) const {
  auto it = found_.find(name);
  if (it == found_.end()) it = found_.emplace(name, lookup(name)).first;
  return it->second ? &*it->second : nullptr;
}

std::optional<std::string> QueryFiles::lookup(const std::string& name) const {
  const std::string file = has_extension(name) ? name : name + ".sql";
  const fs::path written = fs::path(file).lexically_normal();
  std::vector<fs::path> bases;
  if (!root_.empty()) bases.emplace_back(root_);
  for (const auto& d : dirs_) bases.emplace_back(d);
  for (const fs::path& base : bases) {
    const fs::path full = written.is_relative() ? (base / written).lexically_normal() : written;
    const fs::path rel = full.lexically_relative(base);
    if (rel.empty() || *rel.begin() == "..") continue;  // an absolute name outside this folder
    const std::string key = root_.empty() ? full.generic_string() : full.lexically_relative(root_).generic_string();
    if (auto t = texts_.find(key); t != texts_.end()) return t->second;
    if (auto text = read_whole(full)) return text;
  }
  // A loader that puts its own folder before the name: the one .sql file of
  // the project with that file name.
  const auto& index = by_file_name();
  auto hit = index.find(written.filename().string());
  if (hit == index.end() || hit->second.size() != 1) return std::nullopt;
  const std::string& path = hit->second.front();
  if (auto t = texts_.find(path); t != texts_.end()) return t->second;
  return read_whole(fs::path(root_) / path);
}

const std::map<std::string, std::vector<std::string>>& QueryFiles::by_file_name() const {
  if (index_) return *index_;
  std::map<std::string, std::vector<std::string>> index;
  auto add = [&](const std::string& rel) {
    auto& paths = index[fs::path(rel).filename().string()];
    if (std::find(paths.begin(), paths.end(), rel) == paths.end()) paths.push_back(rel);
  };
  for (const auto& [rel, text] : texts_) {
    if (is_sql_file(rel)) add(rel);
  }
  std::error_code ec;
  if (!root_.empty()) {
    fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if (it->is_directory(ec)) {
        if (skipped_folder(p.filename().string())) it.disable_recursion_pending();
        continue;
      }
      if (is_sql_file(p)) add(p.lexically_relative(root_).generic_string());
    }
  }
  for (auto& [file, paths] : index) std::sort(paths.begin(), paths.end());
  index_ = std::move(index);
  return *index_;
}

const Piece* first_file(const StrAlternative& alt) {
  auto it = std::find_if(alt.begin(), alt.end(), [](const Piece& p) { return p.kind == PieceKind::File; });
  return it == alt.end() ? nullptr : &*it;
}

std::string unread_file_reason(const std::string& name) {
  return "SQL is read at run time from " + name + ", which is not under the project root or sql.query_dirs";
}

}  // namespace cleave::sql
