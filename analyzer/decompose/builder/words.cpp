// Word helpers of the proposal builder: case, kebab case, plurals, prefixes,
// and the word lists that keep technical words out of service names and
// REST resources.
#include "decompose/builder/builder.hpp"

#include <algorithm>
#include <cctype>

namespace cleave::decompose::detail {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string table_word(const std::string& table, const std::string& prefix) {
  if (prefix.empty() || table.size() <= prefix.size() || table.compare(0, prefix.size(), prefix) != 0) return table;
  const std::size_t rest = table.find_first_not_of("_", prefix.size());
  return rest == std::string::npos ? table : table.substr(rest);
}

std::string kebab(const std::string& identifier) {
  std::string out;
  for (std::size_t i = 0; i < identifier.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(identifier[i]);
    if (std::isupper(u) && i > 0 && !out.empty() && out.back() != '-') out += '-';
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string plural(const std::string& w) {
  if (w.empty()) return w;
  if (w.back() == 'y' && w.size() > 1 && std::string("aeiou").find(w[w.size() - 2]) == std::string::npos) {
    return w.substr(0, w.size() - 1) + "ies";
  }
  if (w.back() == 's' || w.back() == 'x' ||
      (w.size() > 1 && (w.substr(w.size() - 2) == "ch" || w.substr(w.size() - 2) == "sh"))) {
    return w + "es";
  }
  return w + "s";
}

bool starts_with_any(const std::string& s, std::initializer_list<const char*> prefixes) {
  for (const char* p : prefixes) {
    std::string pre(p);
    if (s.size() >= pre.size() && s.compare(0, pre.size(), pre) == 0 &&
        (s.size() == pre.size() || !std::islower(static_cast<unsigned char>(s[pre.size()])))) {
      return true;
    }
  }
  return false;
}

// Words that describe a class's technical role, not its domain: dropped from
// REST resource names (InvoiceRepository -> invoices).
const std::set<std::string>& role_words() {
  static const std::set<std::string> words = {
      "service", "manager", "repository", "repo",     "controller", "handler", "dao",    "store",  "impl",   "helper",
      "util",    "facade",  "gateway",    "provider", "processor",  "engine",  "client", "server", "adapter"};
  return words;
}

// Directory and namespace words that say nothing about the domain.
// Words that name an action, not a thing: no service is called "send".
const std::set<std::string>& verbs() {
  static const std::set<std::string> words = {
      "add",   "apply",   "build", "can",    "check", "clear",   "close",  "compute",    "create",   "delete",
      "do",    "execute", "find",  "handle", "has",   "init",    "insert", "internal",   "is",       "load",
      "make",  "on",      "open",  "parse",  "pop",   "process", "push",   "read",       "register", "remove",
      "reset", "run",     "save",  "send",   "start", "stop",    "try",    "unregister", "update",   "write"};
  return words;
}

const std::set<std::string>& stop_words() {
  static const std::set<std::string> words = {"src",  "source",   "include", "inc",   "lib", "detail",    "details",
                                              "impl", "internal", "test",    "tests", "app", "main",      "cpp",
                                              "hpp",  "the",      "and",     "get",   "set", "anonymous", "namespace"};
  return words;
}

// Words for a layer or mechanism of code, not for a domain: a directory or
// namespace so named (src/lib/thread, lua/functions, utils, services) says
// how the code is built, not what it is about, so it never names a service
// as a module word. The same word in a class name (ThreadPool) still counts.
// A scheduler is a mechanism; scheduling (appointments, shifts) is what a
// business does, so only the first is here.
const std::set<std::string>& technical_words() {
  static const std::set<std::string> words = {
      "util",           "utils",    "utility",   "utilities",  "helper",    "helpers",   "common",
      "core",           "base",     "thread",    "threads",    "threading", "function",  "functions",
      "service",        "services", "component", "components", "manager",   "managers",  "management",
      "handler",        "handlers", "stdext",    "std",        "ext",       "extension", "extensions",
      "module",         "modules",  "system",    "systems",    "engine",    "framework", "server",
      "client",         "api",      "interface", "interfaces", "wrapper",   "wrappers",  "factory",
      "misc",           "shared",   "support",   "tool",       "tools",     "platform",  "infra",
      "infrastructure", "libs",     "library",   "pkg",        "package",   "packages",  "io",
      "scheduler",      "generic",  "global",    "globals"};
  return words;
}

}  // namespace cleave::decompose::detail
