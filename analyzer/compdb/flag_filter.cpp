#include "compdb/compdb.hpp"

#include "core/paths.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cleave::compdb {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string basename(std::string_view path) {
  auto slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool is_launcher(std::string_view arg) {
  const std::string b = basename(arg);
  return b == "ccache" || b == "sccache" || b == "distcc" || b == "icecc" || b == "buildcache";
}

// Options that take their value as the next argument and must be dropped
// with it: output and dependency files, and PCH inputs in their own format.
constexpr std::array<std::string_view, 6> kDropWithValue{"-o", "-MF", "-MT", "-MQ", "-include-pch", "-Xpreprocessor"};

constexpr std::array<std::string_view, 9> kDropExact{"-c", "-S", "-E", "-M", "-MM", "-MD", "-MMD", "-MP", "--"};

// Flags that make warnings fatal or that libclang does not accept (gcc-only
// options, gcc's PCH and modules machinery). Each entry is a prefix.
constexpr std::array<std::string_view, 33> kUnsupportedPrefixes{"-Werror",
                                                                "-pedantic-errors",
                                                                "-Wfatal-errors",
                                                                "-fpch-preprocess",
                                                                "-fpch-deps",
                                                                "-fmodules-ts",
                                                                "-fmodule-mapper",
                                                                "-fdeps-",
                                                                "-fmodule-file",
                                                                "-fmodule-header",
                                                                "-fanalyzer",
                                                                "-fconcepts",
                                                                "-fcoroutines",
                                                                "-fno-tree-",
                                                                "-ftree-",
                                                                "-fipa-",
                                                                "-fno-ipa-",
                                                                "-fconserve-stack",
                                                                "-fno-allow-store-data-races",
                                                                "-fno-var-tracking",
                                                                "-fvar-tracking",
                                                                "-fstack-usage",
                                                                "-fcompare-debug",
                                                                "-fno-gcse",
                                                                "-fgcse",
                                                                "-flto-partition",
                                                                "-fno-defer-pop",
                                                                "-fsched-",
                                                                "-fno-sched-",
                                                                "-mindirect-branch",
                                                                "-mfunction-return",
                                                                "-mrecord-mcount",
                                                                "-fdump-"};

// Options whose value is a path, joined (-Ifoo) or separate (-I foo).
constexpr std::array<std::string_view, 9> kPathOptions{"-I",       "-isystem", "-iquote",   "-idirafter", "-include",
                                                       "-imacros", "-F",       "-isysroot", "-iprefix"};

std::string anchor(const std::string& path, const std::string& dir) {
  if (path.empty() || path.front() == '/') return path;
  return normalize_path(path, dir);
}

bool user_removes(const std::string& arg, const FlagAdjustments& adjust) {
  for (const auto& r : adjust.remove) {
    if (!r.empty() && r.back() == '*') {
      if (starts_with(arg, std::string_view(r).substr(0, r.size() - 1))) return true;
    } else if (arg == r) {
      return true;
    }
  }
  return false;
}

// Expands @file response files (relative to the entry's directory), since
// libclang would resolve them against cleave's own working directory.
std::vector<std::string> expand_response_files(const std::vector<std::string>& in, const std::string& dir,
                                               int depth = 0) {
  std::vector<std::string> out;
  for (const auto& a : in) {
    if (a.size() > 1 && a.front() == '@' && depth < 4) {
      std::ifstream f(anchor(a.substr(1), dir));
      if (f) {
        std::ostringstream text;
        text << f.rdbuf();
        try {
          auto inner = expand_response_files(shell_split(text.str()), dir, depth + 1);
          out.insert(out.end(), inner.begin(), inner.end());
          continue;
        } catch (const std::invalid_argument&) {
          // Unsplittable: keep the reference and let the parser report it.
        }
      }
    }
    out.push_back(a);
  }
  return out;
}

}  // namespace

std::vector<std::string> essential_args(const std::vector<std::string>& args) {
  static const std::array<std::string_view, 14> keep{
      "-I",       "-D",    "-U",     "-isystem", "-iquote",   "-idirafter", "-include",
      "-imacros", "-std=", "--std=", "-x",       "--sysroot", "-isysroot",  "-F"};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    for (auto k : keep) {
      if (!starts_with(a, k)) continue;
      out.push_back(a);
      // Separate value: "-I dir", "-include file", "-x c++".
      if (a == k && k.back() != '=' && i + 1 < args.size()) out.push_back(args[++i]);
      break;
    }
  }
  return out;
}

ParseArgs prepare_args(const CompileCommand& command, const FlagAdjustments& adjust) {
  ParseArgs result;
  std::vector<std::string> argv = expand_response_files(command.arguments, command.directory);

  std::size_t i = 0;
  while (i < argv.size() && is_launcher(argv[i])) ++i;
  if (i < argv.size()) ++i;  // the compiler

  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (user_removes(a, adjust)) continue;
    if (std::find(kDropExact.begin(), kDropExact.end(), a) != kDropExact.end()) continue;
    if (std::find(kDropWithValue.begin(), kDropWithValue.end(), a) != kDropWithValue.end()) {
      if (a == "-include-pch") result.dropped.push_back(a + (i + 1 < argv.size() ? " " + argv[i + 1] : ""));
      ++i;
      continue;
    }
    if ((starts_with(a, "-o") && a.size() > 2) || starts_with(a, "-MF") || starts_with(a, "-MT") ||
        starts_with(a, "-MQ")) {
      continue;
    }
    // gcc's "-Xclang -include-pch -Xclang file" spelled for clang-built PCH.
    if (a == "-Xclang" && i + 1 < argv.size() && (argv[i + 1] == "-include-pch" || argv[i + 1] == "-emit-pch")) {
      result.dropped.push_back("-Xclang " + argv[i + 1]);
      i += 1;
      if (i + 2 < argv.size() && argv[i + 1] == "-Xclang") i += 2;
      continue;
    }
    bool unsupported = false;
    for (auto p : kUnsupportedPrefixes) {
      if (starts_with(a, p)) {
        unsupported = true;
        break;
      }
    }
    // OpenMP: its pragmas carry no dependency, and clang's OpenMP mode (14-16)
    // rejects C++ that gcc compiles (a lambda capturing a structured binding),
    // which would cost whole TUs. Parsed without it, _OPENMP is undefined.
    if (a == "-fopenmp" || starts_with(a, "-fopenmp=") || starts_with(a, "-fopenmp-")) {
      result.dropped.push_back(a +
                               " (OpenMP pragmas carry no dependencies; clang's OpenMP mode rejects some valid C++)");
      continue;
    }
    // gcc-format modules map files (CMake's C++20 modules with gcc).
    if (a.size() > 1 && a.front() == '@' && a.find(".modmap") != std::string::npos) unsupported = true;
    if (unsupported) {
      result.dropped.push_back(a);
      continue;
    }
    // The source file itself: libclang gets it separately.
    if (!a.empty() && a.front() != '-' && normalize_path(a, command.directory) == command.file) continue;

    bool handled = false;
    for (auto opt : kPathOptions) {
      if (a == opt && i + 1 < argv.size()) {
        result.args.push_back(a);
        result.args.push_back(anchor(argv[i + 1], command.directory));
        ++i;
        handled = true;
        break;
      }
      if (starts_with(a, opt) && a.size() > opt.size()) {
        // Only the one-letter options take a joined value (-Ifoo, -Ffoo); for
        // the long ones a longer spelling is a different option.
        if (opt.size() == 2 || opt == "-isystem" || opt == "-iquote" || opt == "-idirafter") {
          result.args.push_back(std::string(opt) + anchor(a.substr(opt.size()), command.directory));
          handled = true;
          break;
        }
      }
    }
    if (handled) continue;
    // Standard names newer than the parser: clang 16 knows C++23 only as c++2b
    // (and c++2b is still accepted by newer releases), so the spelling is safe.
    if (starts_with(a, "-std=") || starts_with(a, "--std=")) {
      const std::string value = a.substr(a.find('=') + 1);
      static const std::array<std::pair<std::string_view, std::string_view>, 6> renames{{{"c++23", "c++2b"},
                                                                                         {"gnu++23", "gnu++2b"},
                                                                                         {"c++26", "c++2b"},
                                                                                         {"gnu++26", "gnu++2b"},
                                                                                         {"c++2c", "c++2b"},
                                                                                         {"gnu++2c", "gnu++2b"}}};
      bool renamed = false;
      for (const auto& [from, to] : renames) {
        if (value == from) {
          result.args.push_back("-std=" + std::string(to));
          result.dropped.push_back(a + " (as -std=" + std::string(to) + ")");
          renamed = true;
          break;
        }
      }
      if (renamed) continue;
    }
    if (starts_with(a, "--sysroot=")) {
      result.args.push_back("--sysroot=" + anchor(a.substr(10), command.directory));
      continue;
    }
    result.args.push_back(a);
  }
  for (const auto& e : adjust.extra) result.args.push_back(e);
  return result;
}

}  // namespace cleave::compdb
