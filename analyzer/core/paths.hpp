// Path helpers shared by the stages.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace cleave {

// Absolute, lexically normal, no symlink resolution (so results do not depend
// on the machine's mounts). `base` anchors relative paths.
std::string normalize_path(std::string_view path, std::string_view base = {});

// `path` relative to `root` when inside it, else `path` unchanged.
std::string relative_to(std::string_view path, std::string_view root);

// A file-system-safe name made from an identifier of the analysed code:
// [a-z0-9_-] only, never empty, at most 64 characters.
std::string sanitize_name(std::string_view name);

}  // namespace cleave
