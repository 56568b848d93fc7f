#include "frontend/frontend.hpp"

#include "compdb/compdb.hpp"
#include "core/paths.hpp"
#include "frontend/tu_visitor.hpp"

#include <clang-c/Index.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <mutex>
#include <regex>
#include <thread>

namespace cleave::frontend {
namespace {

std::string take(CXString s) {
  const char* c = clang_getCString(s);
  std::string out = c ? c : "";
  clang_disposeString(s);
  return out;
}

constexpr unsigned kKeptDiagnostics = 5;

// The resource directory compiled in, else the newest one installed: the
// headers there (stddef.h, stdarg.h) must match libclang's version, and
// libclang does not find them itself when loaded from /usr/lib/<triple>.
std::string find_resource_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(fs::path(CLEAVE_CLANG_RESOURCE_DIR) / "include" / "stddef.h", ec)) return CLEAVE_CLANG_RESOURCE_DIR;
  const std::string version = take(clang_getClangVersion());
  std::smatch m;
  if (std::regex_search(version, m, std::regex("version ([0-9]+)"))) {
    for (const std::string& base : {"/usr/lib/llvm-" + m[1].str() + "/lib/clang", std::string("/usr/lib/clang")}) {
      if (!fs::is_directory(base, ec)) continue;
      std::vector<std::string> dirs;
      for (const auto& entry : fs::directory_iterator(base, ec)) dirs.push_back(entry.path().string());
      std::sort(dirs.begin(), dirs.end());
      for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) {
        if (fs::exists(fs::path(*it) / "include" / "stddef.h", ec)) return *it;
      }
    }
  }
  return {};
}

struct Diagnostics {
  unsigned errors = 0;
  std::vector<ParseDiagnostic> kept;
  std::vector<std::string> unknown_arguments;
};

Diagnostics read_diagnostics(CXTranslationUnit tu) {
  Diagnostics d;
  const unsigned n = clang_getNumDiagnostics(tu);
  for (unsigned i = 0; i < n; ++i) {
    CXDiagnostic diag = clang_getDiagnostic(tu, i);
    const CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(diag);
    const std::string message = take(clang_getDiagnosticSpelling(diag));
    if (sev >= CXDiagnostic_Error) {
      ++d.errors;
      static const std::regex unknown("unknown argument: '([^']+)'");
      std::smatch m;
      if (std::regex_search(message, m, unknown)) d.unknown_arguments.push_back(m[1].str());
      if (d.kept.size() < kKeptDiagnostics) {
        ParseDiagnostic pd;
        pd.severity = sev == CXDiagnostic_Fatal ? "fatal" : "error";
        pd.message = message;
        CXFile file = nullptr;
        unsigned line = 0, column = 0;
        clang_getSpellingLocation(clang_getDiagnosticLocation(diag), &file, &line, &column, nullptr);
        if (file) pd.loc = Location{normalize_path(take(clang_getFileName(file))), line, column};
        d.kept.push_back(std::move(pd));
      }
    }
    clang_disposeDiagnostic(diag);
  }
  return d;
}

std::string error_name(CXErrorCode code) {
  switch (code) {
    case CXError_Crashed:
      return "libclang crashed while parsing";
    case CXError_InvalidArguments:
      return "libclang rejected the arguments";
    case CXError_ASTReadError:
      return "libclang could not read the AST";
    default:
      return "libclang failed to parse";
  }
}

}  // namespace

std::string libclang_version() { return take(clang_getClangVersion()); }

std::string resource_dir() {
  static const std::string dir = find_resource_dir();
  return dir;
}

const std::vector<std::string>& vendored_folder_names() {
  // Sorted. `dep` is where large servers (TrinityCore and its forks) keep
  // their bundled libraries; `_deps` is CMake FetchContent's.
  static const std::vector<std::string> names{
      "3rd-party", "3rd_party", "3rdparty",     "_deps",       "contrib",     "dep",        "deps",   "extern",
      "external",  "externals", "node_modules", "third-party", "third_party", "thirdparty", "vendor", "vendored"};
  return names;
}

std::string vendored_folder(const std::string& path, const std::string& root) {
  const auto& names = vendored_folder_names();
  std::size_t start = 0;
  if (!root.empty()) {
    if (path.size() <= root.size() || path.compare(0, root.size(), root) != 0) return {};
    start = root == "/" ? 1 : root.size() + 1;
    if (root != "/" && path[root.size()] != '/') return {};
  }
  // Folder components only: a file named `vendor` is not a folder.
  for (std::size_t slash = path.find('/', start); slash != std::string::npos; slash = path.find('/', start)) {
    if (slash > start && std::binary_search(names.begin(), names.end(), path.substr(start, slash - start))) {
      return path.substr(0, slash);
    }
    start = slash + 1;
  }
  return {};
}

TuFacts parse_tu(const ParseJob& job, const FrontendOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  TuFacts facts;
  facts.file = job.file;
  facts.dropped_flags = job.dropped;
  if (!job.problem.empty()) {
    facts.status = ParseStatus::Failed;
    facts.error_count = 1;
    facts.diagnostics.push_back(ParseDiagnostic{"fatal", Location{job.file, 0, 0}, job.problem});
    return facts;
  }

  std::vector<std::string> args = job.args;
  if (const std::string rd = resource_dir(); !rd.empty()) {
    args.insert(args.begin(), {"-resource-dir", rd});
  }
  // gcc-only warning names (-Wno-maybe-uninitialized) are noise, not facts.
  args.push_back("-Wno-unknown-warning-option");
  std::vector<CXUnsavedFile> unsaved;
  for (const auto& u : options.unsaved) {
    unsaved.push_back(CXUnsavedFile{u.path.c_str(), u.content.c_str(), static_cast<unsigned long>(u.content.size())});
  }
  unsigned flags = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
  if (options.skip_function_bodies) flags |= CXTranslationUnit_SkipFunctionBodies;

  CXIndex index = clang_createIndex(/*excludeDeclarationsFromPCH=*/0, /*displayDiagnostics=*/0);
  // Through the indexer with a session of this TU alone, libclang skips the
  // bodies of functions in system headers (CXIndexOpt_SkipParsedBodiesInSession
  // always does): they yield no facts, and parsing them was about a sixth of
  // the work. A session spanning TUs would also skip project bodies another TU
  // parsed, which makes a TU's facts depend on what its worker parsed before:
  // not kept (docs/performance.md, "Below the floor").
  // Not with unsaved files: libclang 16 frees their buffers when indexing
  // ends, while the TU it hands back still points into them.
  CXIndexAction action =
      options.skip_system_bodies && options.unsaved.empty() ? clang_IndexAction_create(index) : nullptr;
  IndexerCallbacks none{};  // the TU keeps a pointer to them: they live as long as it does
  auto parse_with = [&](const std::vector<const char*>& argv, CXTranslationUnit* out) {
    if (!action) {
      return clang_parseTranslationUnit2(index, job.file.c_str(), argv.data(), static_cast<int>(argv.size()),
                                         unsaved.data(), static_cast<unsigned>(unsaved.size()), flags, out);
    }
    return static_cast<CXErrorCode>(clang_indexSourceFile(
        action, nullptr, &none, sizeof none, CXIndexOpt_SkipParsedBodiesInSession, job.file.c_str(), argv.data(),
        static_cast<int>(argv.size()), unsaved.data(), static_cast<unsigned>(unsaved.size()), out, flags));
  };
  CXTranslationUnit tu = nullptr;
  CXErrorCode code = CXError_Failure;
  // A flag libclang does not know is an error; drop it and try again, so a
  // gcc-only option never costs a TU.
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    code = parse_with(argv, &tu);
    if (code != CXError_Success || !tu) break;
    Diagnostics d = read_diagnostics(tu);
    if (d.unknown_arguments.empty()) break;
    bool removed = false;
    for (const auto& bad : d.unknown_arguments) {
      auto it = std::find(args.begin(), args.end(), bad);
      if (it != args.end()) {
        args.erase(it);
        facts.dropped_flags.push_back(bad);
        removed = true;
      }
    }
    if (!removed) break;
    clang_disposeTranslationUnit(tu);
    tu = nullptr;
  }

  if ((code == CXError_ASTReadError || code == CXError_Failure || code == CXError_InvalidArguments) && !tu) {
    // The driver rejected the command line as a whole (an option value it
    // does not know) and said nothing: retry with only the flags that change
    // the meaning of the code, then without the language standard too, so the
    // TU is not lost.
    std::vector<std::string> essential = compdb::essential_args(args);
    std::vector<std::string> no_std;
    for (const auto& a : essential) {
      if (a.rfind("-std=", 0) != 0 && a.rfind("--std=", 0) != 0) no_std.push_back(a);
    }
    for (auto* fallback : {&essential, &no_std}) {
      fallback->push_back("-Wno-unknown-warning-option");
      std::vector<const char*> argv;
      for (const auto& a : *fallback) argv.push_back(a.c_str());
      code = parse_with(argv, &tu);
      if (code == CXError_Success && tu) {
        facts.dropped_flags.push_back(fallback == &essential
                                          ? "(all but include/define/std flags: libclang rejected the command line)"
                                          : "(all but include/define flags: libclang rejected the command line)");
        break;
      }
    }
  }
  if (code != CXError_Success || !tu) {
    facts.status = ParseStatus::Failed;
    facts.error_count = 1;
    facts.diagnostics.push_back(ParseDiagnostic{"fatal", Location{job.file, 0, 0}, error_name(code)});
  } else {
    Diagnostics d = read_diagnostics(tu);
    facts.error_count = d.errors;
    facts.diagnostics = std::move(d.kept);
    facts.status = d.errors == 0 ? ParseStatus::Clean : ParseStatus::WithErrors;
    detail::ScopeRules scope{options.project_root, options.third_party};
    detail::extract_facts(tu, scope, facts);
    clang_disposeTranslationUnit(tu);  // as soon as the facts are out
  }
  if (action) clang_IndexAction_dispose(action);
  clang_disposeIndex(index);
  facts.parse_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return facts;
}

void parse_each(const std::vector<ParseJob>& jobs, const FrontendOptions& options,
                const std::function<void(std::size_t job_index, TuFacts&& facts)>& sink) {
  unsigned workers = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  workers = static_cast<unsigned>(std::min<std::size_t>(workers, std::max<std::size_t>(1, jobs.size())));

  std::atomic<std::size_t> next{0};
  // One lock for the sink and the progress callback: neither need be
  // thread-safe, and progress counts a TU once the sink has it.
  std::mutex deliver_mutex;
  std::exception_ptr failure;
  std::size_t done = 0;
  const auto start = std::chrono::steady_clock::now();

  auto work = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      std::optional<TuFacts> reused = options.reuse ? options.reuse(jobs[i]) : std::nullopt;
      TuFacts facts = reused ? std::move(*reused) : parse_tu(jobs[i], options);
      if (!reused && options.keep) options.keep(jobs[i], facts);
      std::lock_guard lock(deliver_mutex);
      if (failure) return;
      try {
        sink(i, std::move(facts));
      } catch (...) {
        failure = std::current_exception();
        next = jobs.size();
        return;
      }
      if (options.progress) {
        ++done;
        Progress p;
        p.done = done;
        p.total = jobs.size();
        p.current = jobs[i].file;
        p.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        options.progress(p);
      }
    }  // facts not taken by the sink are dropped here, before the next parse
  };
  if (workers <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (unsigned w = 0; w < workers; ++w) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  if (failure) std::rethrow_exception(failure);
}

std::vector<TuFacts> parse_all(const std::vector<ParseJob>& jobs, const FrontendOptions& options) {
  std::vector<TuFacts> results(jobs.size());
  parse_each(jobs, options, [&](std::size_t job_index, TuFacts&& facts) { results[job_index] = std::move(facts); });
  return results;
}

}  // namespace cleave::frontend
