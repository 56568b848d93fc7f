// Outputs are written atomically: a temporary file beside the target, flushed,
// then renamed over it. An interrupted run leaves the last good file intact.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cleave {

// Throws InputError naming the path when the directory is not writable.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Replaces the directory `dir` with one holding exactly `files` (relative
// '/'-separated path -> content), as a whole: the new tree is written beside
// it, then swapped in with one rename (renameat2 RENAME_EXCHANGE), so a
// reader or an interrupted run sees the old tree or the new one, never a mix,
// and no file of the old tree survives. Leftovers of an interrupted earlier
// swap are removed first. A path that is absolute or climbs ("..") is a
// std::logic_error: callers build paths from sanitised names.
// Tests interrupt it with the environment variable CLEAVE_TEST_EXIT_AT_WRITE=N:
// the process exits (status 86) before writing the N-th file, or, for N past
// the last file, after the swap and before the old tree is removed.
void replace_directory_atomic(const std::filesystem::path& dir,
                              const std::vector<std::pair<std::string, std::string>>& files);

// Creates `dir` (and parents) or throws InputError when it cannot be written.
void ensure_writable_dir(const std::filesystem::path& dir);

// Every output directory cleave writes holds this file, so that a later run
// knows it may replace the directory as a whole.
inline constexpr const char* kOutputMarker = ".cleave-output";

// Creates `dir` like ensure_writable_dir, then checks that a run may replace
// it as a whole: it is empty, or cleave wrote it (kOutputMarker, or the
// model.json and proposal.json of a version before the marker). Throws
// InputError naming what else is there, or when the working directory is
// inside it (the swap would leave the shell in a deleted directory).
void ensure_output_dir(const std::filesystem::path& dir);

}  // namespace cleave
