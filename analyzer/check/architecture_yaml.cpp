// architecture.yaml as text: one fixed layout (block mappings, one list entry
// a line, so a diff shows one change a line), and the comments of the file it
// replaces carried to the same keys. yaml-cpp's emitter drops comments, so
// the layout is written here; each line knows its key path ("contexts.billing
// .paths[src/billing/**]"), and a comment of the previous file is attached to
// the path of the key it stood above or beside.
#include "check/architecture.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

namespace cleave::check {
namespace {

bool plain_safe(const std::string& s) {
  if (s.empty()) return false;
  static const char* const reserved[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"};
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* r : reserved) {
    if (lower == r) return false;
  }
  const unsigned char first = static_cast<unsigned char>(s.front());
  if (!std::isalpha(first) && first != '_' && first != '/' && first != '.') return false;
  if (s.back() == ':' || s.back() == '.') return false;
  for (unsigned char c : s) {
    if (!std::isalnum(c) && c != '_' && c != '-' && c != '.' && c != '/' && c != '*' && c != ':' && c != '~' &&
        c != '<' && c != '>' && c != '+') {
      return false;
    }
  }
  return true;
}

// A YAML scalar that reads back as the same string: plain when safe, else
// double-quoted with JSON-style escapes.
std::string scalar(const std::string& s) {
  if (plain_safe(s)) return s;
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

struct Line {
  std::string path;  // key path; empty for lines with no key of their own
  unsigned indent = 0;
  std::string text;  // without indentation
};

class Writer {
 public:
  void key(const std::string& path, unsigned indent, const std::string& k, const std::string& value = {}) {
    lines_.push_back({path, indent, scalar(k) + ":" + (value.empty() ? "" : " " + value)});
  }
  void list(const std::string& path, unsigned indent, const std::string& k, std::vector<std::string> items) {
    if (items.empty()) return;
    std::sort(items.begin(), items.end());
    key(path, indent, k);
    for (const auto& item : items) lines_.push_back({path + "[" + item + "]", indent + 2, "- " + scalar(item)});
  }
  const std::vector<Line>& lines() const { return lines_; }

 private:
  std::vector<Line> lines_;
};

void write_limits(Writer& w, const std::string& path, unsigned indent, const Limits& l) {
  if (!l.max_units && !l.max_tables && !l.max_dependencies) return;
  w.key(path, indent, "limits");
  if (l.max_dependencies)
    w.key(path + ".max_dependencies", indent + 2, "max_dependencies", std::to_string(*l.max_dependencies));
  if (l.max_tables) w.key(path + ".max_tables", indent + 2, "max_tables", std::to_string(*l.max_tables));
  if (l.max_units) w.key(path + ".max_units", indent + 2, "max_units", std::to_string(*l.max_units));
}

void write_context(Writer& w, const std::string& path, unsigned indent, const Context& c) {
  if (!c.notes.empty()) w.key(path + ".notes", indent, "notes", scalar(c.notes));
  w.list(path + ".paths", indent, "paths", c.paths);
  w.list(path + ".namespaces", indent, "namespaces", c.namespaces);
  w.list(path + ".symbols", indent, "symbols", c.symbols);
  w.list(path + ".tables", indent, "tables", c.tables);
  if (!c.depends_on.empty()) {
    w.key(path + ".depends_on", indent, "depends_on");
    for (const AllowedDependency& d : c.depends_on) {
      const std::string p = path + ".depends_on." + d.context;
      if (d.tables.empty()) {
        w.key(p, indent + 2, d.context, std::string(to_string(d.kind)));
        continue;
      }
      w.key(p, indent + 2, d.context);
      w.key(p + ".kind", indent + 4, "kind", std::string(to_string(d.kind)));
      w.key(p + ".tables", indent + 4, "tables");
      for (const auto& [table, mode] : d.tables) w.key(p + ".tables." + table, indent + 6, table, mode);
    }
  }
  write_limits(w, path + ".limits", indent, c.limits);
}

const char* const kHeader =
    "# The architecture 'cleave check' holds this code to: bounded contexts, the code and the tables\n"
    "# each owns, and the dependencies allowed between them. Written by 'cleave accept' from the\n"
    "# proposal; edit it and review it like code. 'cleave accept' again keeps your comments, notes,\n"
    "# limits, rule severities and context names. Format: docs/check.md.\n";

// Comments of the previous text by the key path they stood above ("before")
// or beside ("inline"); comments after the last key are the trailer.
struct Comments {
  std::map<std::string, std::string> before, inline_;
  std::string trailer;
};

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    s = s.substr(1, s.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) {
        const char n = s[++i];
        out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
      } else {
        out += s[i];
      }
    }
    return out;
  }
  return s;
}

// The first position outside quotes where `at(i)` holds, or npos.
template <typename At>
std::size_t find_unquoted(const std::string& line, At at) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (at(i)) {
      return i;
    }
  }
  return std::string::npos;
}

// Where a comment starts on a line (" #" outside quotes), or npos.
std::size_t comment_at(const std::string& line) {
  return find_unquoted(
      line, [&line](std::size_t i) { return line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'); });
}

// The key of a "key: value" line (quotes removed), or "" when it is none.
std::string key_of(const std::string& body) {
  const std::size_t colon = find_unquoted(
      body, [&body](std::size_t i) { return body[i] == ':' && (i + 1 == body.size() || body[i + 1] == ' '); });
  return colon == std::string::npos ? std::string() : unquote(body.substr(0, colon));
}

Comments read_comments(std::string_view previous) {
  Comments out;
  struct Open {
    unsigned indent;
    std::string path;
  };
  std::vector<Open> stack;
  std::string pending;
  std::istringstream in{std::string(previous)};
  for (std::string line; std::getline(in, line);) {
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    if (line[first] == '#') {
      pending += line.substr(first) + "\n";
      continue;
    }
    const auto indent = static_cast<unsigned>(first);
    std::string body = line.substr(first);
    std::string comment;
    if (const std::size_t at = comment_at(body); at != std::string::npos) {
      comment = body.substr(at);
      body = body.substr(0, body.find_last_not_of(" \t", at - 1) + 1);
    }
    std::string path;
    if (body.rfind("- ", 0) == 0 || body == "-") {
      while (!stack.empty() && stack.back().indent > indent) stack.pop_back();
      const std::string parent = stack.empty() ? "" : stack.back().path;
      path = parent + "[" + unquote(body.size() > 2 ? body.substr(2) : "") + "]";
    } else {
      const std::string key = key_of(body);
      if (key.empty()) continue;
      while (!stack.empty() && stack.back().indent >= indent) stack.pop_back();
      path = stack.empty() ? key : stack.back().path + "." + key;
      stack.push_back({indent, path});
    }
    if (!pending.empty()) out.before[path] += pending;
    pending.clear();
    if (!comment.empty()) out.inline_[path] = comment;
  }
  out.trailer = pending;
  return out;
}

std::string indented(const std::string& block, unsigned indent) {
  std::string out;
  std::istringstream in(block);
  for (std::string line; std::getline(in, line);) out += std::string(indent, ' ') + line + "\n";
  return out;
}

}  // namespace

std::string write_architecture(const Architecture& a, std::string_view previous) {
  Writer w;
  w.key("version", 0, "version", std::to_string(a.version));
  if (!a.notes.empty()) w.key("notes", 0, "notes", scalar(a.notes));
  if (!a.severities.empty()) {
    w.key("rules", 0, "rules");
    for (const auto& [id, severity] : a.severities) {
      w.key("rules." + id, 2, id, severity ? std::string(to_string(*severity)) : "off");
    }
  }
  write_limits(w, "limits", 0, a.limits);
  w.key("shared_kernel", 0, "shared_kernel");
  write_context(w, "shared_kernel", 2, a.shared_kernel);
  w.key("contexts", 0, "contexts");
  for (const Context& c : a.contexts) {
    w.key("contexts." + c.name, 2, c.name);
    write_context(w, "contexts." + c.name, 4, c);
  }

  Comments comments = read_comments(previous);
  if (previous.empty()) comments.before["version"] = kHeader;
  std::string out;
  for (const Line& line : w.lines()) {
    if (auto it = comments.before.find(line.path); it != comments.before.end()) {
      out += indented(it->second, line.indent);
      comments.before.erase(it);
    }
    out += std::string(line.indent, ' ') + line.text;
    if (auto it = comments.inline_.find(line.path); it != comments.inline_.end()) {
      out += "  " + it->second;
      comments.inline_.erase(it);
    }
    out += "\n";
  }
  // Comments whose key is gone are kept at the end rather than lost.
  std::string orphans;
  for (const auto& [path, text] : comments.before) orphans += "# (was above " + path + ")\n" + text;
  for (const auto& [path, text] : comments.inline_) orphans += "# (was beside " + path + ") " + text + "\n";
  return out + comments.trailer + orphans;
}

}  // namespace cleave::check
