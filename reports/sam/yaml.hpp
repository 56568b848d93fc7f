// One small YAML emitter for generated templates: a JSON document (key order
// kept) written as block-style YAML 1.2 that every YAML reader, and
// CloudFormation, reads back to the same document.
//
// Contract
//  - Strings stay strings: a value that a YAML reader would take for a
//    number, a boolean or null ("1.0", "true", "yes", "null", "~", "") or
//    that holds anything but plain-safe characters is double-quoted with
//    JSON-compatible escapes; non-ASCII is kept as UTF-8.
//  - Keys follow the same rule. Numbers, booleans and null are written as
//    YAML reads them back. Empty objects and arrays are "{}" and "[]".
//  - No tags, anchors or aliases: intrinsics stay long form ({"Ref": X}).
//  - A multi-line string is a literal block ("|-" with the indentation),
//    when it has no trailing spaces on a line and no control characters;
//    else double-quoted.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace cleave::sam {

std::string to_yaml(const nlohmann::ordered_json& doc);

}  // namespace cleave::sam
