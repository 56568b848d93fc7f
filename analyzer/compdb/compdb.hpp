// The compilation database: compile_commands.json in, one parse job per TU out.
//
// Contract
//  - Accepts both entry forms (`arguments` and `command`); `command` is split
//    exactly as a POSIX shell would (quotes, backslashes), so
//    `-DVERSION=\"2.1\"` reaches the parser as `-DVERSION="2.1"`.
//  - Relative `directory` is anchored at the database's folder; relative
//    `file` and relative include paths are anchored at `directory`, because
//    libclang has no working directory of its own.
//  - A file listed several times is parsed once: the first entry wins, and a
//    note says so.
//  - Problems with the database itself throw InputError naming the file and,
//    when known, the line.
#pragma once

#include "core/glob.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cleave::compdb {

struct CompileCommand {
  std::string file;                    // absolute, normalised
  std::string directory;               // absolute, normalised
  std::vector<std::string> arguments;  // as in the database, argv[0] included
  unsigned entry = 0;                  // index of the entry in the database (0-based)
};

struct Database {
  std::string path;                      // the compile_commands.json read
  std::vector<CompileCommand> commands;  // sorted by file
  std::vector<std::string> notes;        // duplicates skipped, entries ignored
};

// `location` is a build directory holding compile_commands.json, or the file
// itself.
Database load(const std::string& location);

// Parses database text; `source_name` is used in messages, `base_dir` anchors
// relative directories.
Database parse(std::string_view json_text, const std::string& source_name, const std::string& base_dir);

// Splits a command line as /bin/sh would (no expansion). Throws
// std::invalid_argument on an unterminated quote.
std::vector<std::string> shell_split(std::string_view command);

struct FlagAdjustments {
  std::vector<std::string> extra;   // appended (--extra-arg)
  std::vector<std::string> remove;  // removed: exact flag, or prefix when it ends in '*' (--remove-arg)
};

struct ParseArgs {
  std::vector<std::string> args;     // what to hand libclang (no argv[0], no source file)
  std::vector<std::string> dropped;  // flags removed because libclang cannot take them
};

// Turns a database entry into arguments libclang accepts: drops the compiler
// and launchers, output and dependency-file options, the source itself, and
// flags libclang rejects or that would turn warnings into failures; anchors
// relative paths; applies the user's adjustments.
ParseArgs prepare_args(const CompileCommand& command, const FlagAdjustments& adjust);

// Only the flags that change what the code means (include paths, macros,
// language standard, forced includes): the fallback when libclang rejects a
// command line as a whole.
std::vector<std::string> essential_args(const std::vector<std::string>& args);

// Selects the commands whose file passes `filter`.
std::vector<CompileCommand> select(const Database& db, const PathFilter& filter);

}  // namespace cleave::compdb
