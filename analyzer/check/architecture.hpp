// The accepted architecture, `architecture.yaml`: the bounded contexts a
// code base is held to by `cleave check` (issue 13).
//
// Contract
//  - Written by `cleave accept` from a proposal, then edited by people and
//    reviewed in diffs: stable order (contexts and lists sorted), no absolute
//    paths, compact rules (a folder or namespace, not 400 classes). Re-accept
//    keeps the previous file's comments, notes, limits, rule severities and
//    the names people gave contexts.
//  - Parsing rejects anything it does not understand (an unknown key, a
//    severity, a kind, a context named twice, one entry in two contexts) with
//    an InputError naming the file, the line and what to do: a typo never
//    silently turns a check off.
//  - Plain data out: no yaml-cpp type leaves this library.
//
// Format (every list may be empty or absent):
//   version: 1
//   notes: free text
//   rules: {CLV-ARC-006: warning, CLV-ARC-009: off}   # error | warning | note | off
//   limits: {max_units: 80, max_tables: 8, max_dependencies: 4}  # every context's, unless it sets its own
//   shared_kernel:
//     paths: ["src/common/**"]
//     namespaces: [vet::util]
//     symbols: [vet::Money]
//     depends_on: {}            # as for a context; usually empty
//   contexts:
//     billing:
//       notes: free text
//       paths: ["src/billing/**"]       # globs (core/glob.hpp) on the file path from the project root, anchored there
//       namespaces: [vet::billing]      # a qualified-name prefix: vet::billing::Invoice, vet::billing::pay
//       symbols: [vet::ClinicManager::checkout]   # classes, free functions, or one method of a class
//       tables: [invoices, payments]    # owned
//       depends_on:
//         patients: sync                # any call or type use
//         notify: async                 # no call whose result is used (a query); commands and events only
//         pharmacy: {kind: sync, tables: {prescriptions: read}}   # may read a table pharmacy owns
//       limits: {max_units: 40}
//
// Where a symbol belongs, most specific first: an entry of `symbols` naming
// the symbol itself (a method) or its outermost class (or the free function);
// then the longest matching namespace; then the longest matching path glob.
// The shared kernel is matched like a context.
#pragma once

#include "core/findings.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::check {

enum class DependencyKind : std::uint8_t { Sync, Async };
std::string_view to_string(DependencyKind kind);

struct AllowedDependency {
  std::string context;  // the context depended on
  DependencyKind kind = DependencyKind::Sync;
  // Tables of that context this one may access directly: "read" or "write"
  // (a write allows reads).
  std::map<std::string, std::string> tables;
  unsigned line = 0;
};

struct Limits {
  std::optional<unsigned> max_units;         // classes and free functions
  std::optional<unsigned> max_tables;        // owned tables
  std::optional<unsigned> max_dependencies;  // contexts it depends on (in the code)
};

struct Context {
  std::string name;
  std::string notes;
  std::vector<std::string> paths, namespaces, symbols, tables;  // each sorted
  std::vector<AllowedDependency> depends_on;                    // by context
  Limits limits;
  unsigned line = 0;  // where it is declared (0 when made in memory)
};

inline constexpr std::string_view kKernelName = "shared-kernel";

struct Architecture {
  std::string file;  // where it came from (messages, outputs); empty when made in memory
  unsigned version = 1;
  std::string notes;
  // Rule id -> severity; nullopt turns the rule off.
  std::map<std::string, std::optional<Severity>> severities;
  Limits limits;                  // defaults for every context
  Context shared_kernel;          // name kKernelName; owns no table
  std::vector<Context> contexts;  // sorted by name

  const Context* find(std::string_view name) const;  // a context, or the kernel by kKernelName
};

inline constexpr std::string_view kArchitectureFileName = "architecture.yaml";

// Parses `text` as if read from `file`. Throws InputError.
Architecture parse_architecture(std::string_view text, const std::string& file);
// Reads and parses `path`; a missing file is an InputError that says to run
// `cleave accept` first.
Architecture load_architecture(const std::filesystem::path& path);

// The YAML text of `architecture`. With `previous` (the text of the file it
// replaces), the comments there are kept at the keys they were written
// above or beside, when those keys are still there.
std::string write_architecture(const Architecture& architecture, std::string_view previous = {});

}  // namespace cleave::check
