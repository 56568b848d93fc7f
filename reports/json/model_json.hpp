// model.json: the program model as data for other tools (design.md section 4).
// Paths are written relative to `root` when inside it, so the file does not
// change with the checkout's location. Keys are sorted; arrays keep the
// model's (sorted) order, so the bytes are deterministic.
#pragma once

#include "model/model.hpp"

#include <string>

namespace cleave::report {

inline constexpr int kModelSchemaVersion = 1;

std::string render_model_json(const Model& model, const std::string& root);

// Reads a model.json back (for `cleave explain` and `cleave tables`, which
// work from a finished analysis). Paths come back absolute. Throws
// InputError naming `source` when the text is not a model.json this version
// can read.
// `root`, when given, receives the root the paths were relative to.
Model parse_model_json(const std::string& text, const std::string& source, std::string* root = nullptr);

}  // namespace cleave::report
