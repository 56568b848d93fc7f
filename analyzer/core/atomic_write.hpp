// Outputs are written atomically: a temporary file beside the target, flushed,
// then renamed over it. An interrupted run leaves the last good file intact.
#pragma once

#include <filesystem>
#include <string_view>

namespace cleave {

// Throws InputError naming the path when the directory is not writable.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Creates `dir` (and parents) or throws InputError when it cannot be written.
void ensure_writable_dir(const std::filesystem::path& dir);

}  // namespace cleave
