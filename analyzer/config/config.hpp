// The project config file, `.cleave.yaml`: the architect's control over what
// cleave proposes.
//
// Contract
//  - Found upward from a start directory like .clang-tidy, or given
//    explicitly. No file is not an error: every section has defaults.
//  - The top level is a fixed set of sections, one per stage that reads
//    config (`version`, `decompose` today; `analysis`, `sql`, `check` later).
//    An unknown key anywhere is an InputError naming the file, the line and
//    the key, with the keys that are known there: a typo never silently
//    turns a setting off.
//  - Plain data out: no yaml-cpp type leaves this library.
//
// Schema (every key optional):
//   version: 1
//   decompose:
//     services: 0            # target count; 0 = choose by quality
//     resolution: 1.0        # modularity resolution; higher = more, smaller services
//     seed: 42
//     contexts:              # pin code and tables to a named context
//       billing:
//         namespaces: [vet::billing]
//         paths: ["src/billing/**"]
//         classes: [vet::ClinicManager]   # classes or free functions, qualified
//         tables: [invoices]
//     together: [[vet::A, vet::B]]        # kept in one service (unnamed)
//     apart:    [[vet::A, vet::B]]        # never in one service
//     shared_kernel:
//       namespaces: [vet::util]
//       paths: ["src/common/**"]
//       classes: [vet::Logger]
//     god_classes:
//       split: [vet::ClinicManager]       # always split per method
//       keep:  [vet::Facade]              # never split
//     weights: { call: 1.0, write: 4.0, ... }   # see DecomposeWeights
//   sql:
//     rules: [db_rules.json]
//     schema: [db/schema.sql]
//     table_prefix: cockatrice_   # default: detected from the data
//     apis:                       # the project's own database API, when cleave cannot read its body
//       - {function: Database::storeQuery, sql_arg: 0}   # kind: execute (default) | prepare |
//                                                        # prepare_named | execute_named | bulk_write | bulk_read
//     accesses:                   # what a function reads and writes when its SQL is built at run time
//       - {function: IOLoginData::savePlayer, reads: [players], writes: [player_items]}
//     query_dirs: [db/queries]    # where .sql files the code reads at run time live
//   sam:
//     architecture: arm64    # or x86_64
//     memory: 512            # MB
//     timeout: 10            # seconds
//     table_mode: per-table  # or single-table
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::config {

// Relative strength of each signal in the clustering objective. Every
// weight multiplies the evidence count (calls by number of sites, accesses by
// number of statements).
struct DecomposeWeights {
  double call = 1.0;
  double dispatch = 0.5;   // virtual call that may reach an override
  double override_ = 2.0;  // yaml key: override
  double inherits = 3.0;
  double field_type = 2.0;  // composition
  double type_use = 0.5;
  double reference = 1.0;    // use of a global variable
  double member = 2.0;       // method to its own class, when a class is split into methods
  double write = 4.0;        // unit writes a table
  double read = 1.0;         // unit reads a table
  double transaction = 3.0;  // two tables written in one transaction
  double foreign_key = 1.0;  // table references table
  // Where the developers put a unit: a shared namespace, and a shared
  // directory, each count as much as one call. At half a call the pair was
  // outweighed by a single shared caller (a dashboard calling two areas),
  // and near-equal optima made the result depend on the clustering seed;
  // from 0.75 to 2 the bundled samples give the same contexts for every
  // seed (docs/metrics.md).
  double namespace_ = 1.0;  // yaml key: namespace; same innermost namespace
  double directory = 1.0;   // same source directory
  double name = 0.5;        // shared class-name token (Invoice in InvoiceService, invoices)
  // Shared-kernel detection: a unit that touches no table becomes kernel when
  // used from at least `kernel_min_services` services and no service has more
  // than `kernel_max_dominance` of its use.
  double kernel_min_services = 3;
  double kernel_max_dominance = 0.5;
  // God classes: split when the largest part holds at most this share of the
  // methods that have an affinity outside the class.
  double god_max_dominance = 0.6;
  double god_min_methods = 3;
};

struct ContextPin {
  std::string name;
  std::vector<std::string> namespaces;
  std::vector<std::string> paths;    // globs (core/glob.hpp), matched against the unit's file
  std::vector<std::string> classes;  // qualified names of classes or free functions
  std::vector<std::string> tables;
  unsigned line = 0;
};

struct DecomposeConfig {
  unsigned services = 0;
  double resolution = 1.0;
  unsigned seed = 42;
  bool services_set = false, resolution_set = false, seed_set = false;
  std::vector<ContextPin> contexts;  // sorted by name
  std::vector<std::vector<std::string>> together;
  std::vector<std::vector<std::string>> apart;
  std::vector<std::string> kernel_namespaces, kernel_paths, kernel_classes;
  std::vector<std::string> split_classes, keep_classes;
  DecomposeWeights weights;
};

// `sql:` the project's own database APIs and schema files. Relative paths
// are anchored at the config file's folder.
// One database API named in the config: a sink rule (rules/db_apis.json's
// fields) for a function whose body cleave does not read.
struct SqlApi {
  std::string function;          // qualified name: Database::storeQuery
  int sql_arg = 0;               // -1: the object carries the SQL
  std::string kind = "execute";  // execute | prepare | prepare_named | execute_named | bulk_write | bulk_read
  int name_arg = -1;             // the statement's name (prepare_named, execute_named)
};

// The tables a function reads and writes, declared by hand: its SQL sites
// that cleave cannot read count as resolved by this.
struct SqlDeclaredAccess {
  std::string function;  // qualified name: IOLoginData::savePlayer
  std::vector<std::string> reads, writes;
  unsigned line = 0;  // in the config file, for messages
};

struct SqlConfig {
  std::vector<std::string> rule_files;    // rule JSON in the format of rules/db_apis.json
  std::vector<std::string> schema_files;  // .sql files (replace the search under the root)
  std::string table_prefix;               // what the schema puts before the code's table names
  std::vector<SqlApi> apis;
  std::vector<SqlDeclaredAccess> accesses;
  std::vector<std::string> query_dirs;  // folders of .sql files read at run time
};

// `sam:` the AWS SAM application `cleave sam` writes; command-line options
// override these.
struct SamConfig {
  std::string architecture = "arm64";    // arm64 | x86_64
  unsigned memory = 512;                 // MB, 128..10240
  unsigned timeout = 10;                 // seconds, 1..900
  std::string table_mode = "per-table";  // per-table | single-table
};

struct ProjectConfig {
  std::string file;  // where it came from; empty when defaults
  unsigned version = 1;
  DecomposeConfig decompose;
  SqlConfig sql;
  SamConfig sam;
};

// Checks one SAM setting the way the config file does; returns "" when
// valid, else what is wrong and what is accepted (for the CLI's options).
std::string check_sam_setting(std::string_view key, std::string_view value);

inline constexpr std::string_view kConfigFileName = ".cleave.yaml";

// The top-level sections this build understands, sorted.
std::vector<std::string> known_sections();

// The nearest `.cleave.yaml` in `start` or one of its parents.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

// Parses `text` as if read from `file` (used in messages). Throws InputError.
ProjectConfig parse_config(std::string_view text, const std::string& file);

// Reads and parses `path`. Throws InputError when unreadable or invalid.
ProjectConfig load_config(const std::filesystem::path& path);

// `explicit_path` when given, else the file found upward from `start`, else
// defaults.
ProjectConfig resolve_config(const std::string& explicit_path, const std::filesystem::path& start);

}  // namespace cleave::config
