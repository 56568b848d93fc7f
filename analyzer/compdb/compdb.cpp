#include "compdb/compdb.hpp"

#include "core/errors.hpp"
#include "core/paths.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace cleave::compdb {
namespace {

unsigned line_of_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<unsigned>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Line on which each element of the top-level array starts, so errors about
// an entry can point at it. Tracks strings so braces inside them don't count.
std::vector<unsigned> entry_lines(std::string_view text) {
  std::vector<unsigned> lines;
  unsigned line = 1;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (depth == 1 && c == '{') lines.push_back(line);
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return lines;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// CMake's target_precompile_headers adds an entry that compiles the PCH
// itself (-x c++-header ... -o cmake_pch.hxx.gch): it holds no code of the
// project's own, and parsing it only costs time.
bool builds_precompiled_header(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "-x" && i + 1 < args.size() && (args[i + 1] == "c++-header" || args[i + 1] == "c-header")) ||
        a == "-xc++-header" || a == "-xc-header") {
      return true;
    }
    if (a == "-o" && i + 1 < args.size() && (ends_with(args[i + 1], ".gch") || ends_with(args[i + 1], ".pch"))) {
      return true;
    }
  }
  return false;
}

}  // namespace

Database parse(std::string_view json_text, const std::string& source_name, const std::string& base_dir) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(source_name, line_of_offset(json_text, e.byte == 0 ? 0 : e.byte - 1),
                     std::string("malformed JSON: ") + e.what(),
                     "regenerate it (cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or bear -- make)");
  }
  if (!doc.is_array()) {
    throw InputError(source_name, 1, "a compilation database must be a JSON array of entries",
                     "regenerate it (cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or bear -- make)");
  }
  const std::vector<unsigned> lines = entry_lines(json_text);
  auto entry_error = [&](std::size_t index, const std::string& problem) {
    const unsigned line = index < lines.size() ? lines[index] : 0;
    return InputError(source_name, line, "entry " + std::to_string(index + 1) + ": " + problem,
                      "each entry needs \"directory\", \"file\" and \"arguments\" or \"command\"");
  };

  Database db;
  db.path = source_name;
  std::map<std::string, std::size_t> seen;  // file -> index in db.commands
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const auto& entry = doc[i];
    if (!entry.is_object()) throw entry_error(i, "not an object");
    auto str = [&](const char* key) -> std::string {
      auto it = entry.find(key);
      if (it == entry.end()) return {};
      if (!it->is_string()) throw entry_error(i, std::string("\"") + key + "\" must be a string");
      return it->get<std::string>();
    };
    const std::string directory = str("directory");
    const std::string file = str("file");
    if (directory.empty()) throw entry_error(i, "missing \"directory\"");
    if (file.empty()) throw entry_error(i, "missing \"file\"");

    CompileCommand cmd;
    cmd.entry = static_cast<unsigned>(i);
    cmd.directory = normalize_path(directory, base_dir);
    cmd.file = normalize_path(file, cmd.directory);
    if (auto it = entry.find("arguments"); it != entry.end()) {
      if (!it->is_array()) throw entry_error(i, "\"arguments\" must be an array of strings");
      for (const auto& a : *it) {
        if (!a.is_string()) throw entry_error(i, "\"arguments\" must be an array of strings");
        cmd.arguments.push_back(a.get<std::string>());
      }
    } else if (auto c = entry.find("command"); c != entry.end()) {
      if (!c->is_string()) throw entry_error(i, "\"command\" must be a string");
      try {
        cmd.arguments = shell_split(c->get<std::string>());
      } catch (const std::invalid_argument& e) {
        throw entry_error(i, std::string("\"command\" cannot be split: ") + e.what());
      }
    } else {
      throw entry_error(i, "needs \"arguments\" or \"command\"");
    }
    if (cmd.arguments.empty()) throw entry_error(i, "empty command");

    if (builds_precompiled_header(cmd.arguments)) {
      db.notes.push_back(relative_to(cmd.file, base_dir) + ": entry " + std::to_string(i + 1) +
                         " only builds a precompiled header; skipped");
      continue;
    }
    if (auto [it, inserted] = seen.emplace(cmd.file, db.commands.size()); !inserted) {
      db.notes.push_back(relative_to(cmd.file, base_dir) + ": listed more than once; using entry " +
                         std::to_string(db.commands[it->second].entry + 1) + ", skipping entry " +
                         std::to_string(i + 1));
      continue;
    }
    db.commands.push_back(std::move(cmd));
  }
  std::sort(db.commands.begin(), db.commands.end(),
            [](const CompileCommand& a, const CompileCommand& b) { return a.file < b.file; });
  return db;
}

Database load(const std::string& location) {
  namespace fs = std::filesystem;
  fs::path path(location.empty() ? "." : location);
  std::error_code ec;
  if (fs::is_directory(path, ec) || path.extension() != ".json") path /= "compile_commands.json";
  const std::string shown = path.string();
  if (!fs::exists(path, ec)) {
    throw InputError(shown, 0, "no compilation database here",
                     "pass -p with a build directory that holds compile_commands.json; with CMake configure with "
                     "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(shown, 0, "cannot read the compilation database", "check its permissions");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(shown, 0, "cannot read the compilation database", "check its permissions");
  const std::string base = normalize_path(path.parent_path().string());
  return parse(text.str(), shown, base);
}

std::vector<CompileCommand> select(const Database& db, const PathFilter& filter) {
  std::vector<CompileCommand> out;
  for (const auto& c : db.commands) {
    if (filter.selects(c.file)) out.push_back(c);
  }
  return out;
}

}  // namespace cleave::compdb
