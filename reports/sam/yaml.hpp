// One small YAML emitter for generated templates: a JSON document (key order
// kept) written as block-style YAML that every YAML reader, 1.1
// (CloudFormation, PyYAML in the SAM CLI and cfn-lint, SnakeYAML) and 1.2
// (yaml-cpp) alike, reads back to the same document.
//
// Contract
//  - Strings stay strings: a value that any of those readers would take for
//    a number, a boolean or null ("1.0", "1e3", "0x1F", "1_000", "12:30",
//    "2010-09-09", "true", "yes", "off", "y", "null", "~", "") or that is not
//    plain-safe (leading indicator, leading/trailing space, ": ", " #",
//    trailing ':', "<<", "=", control characters) is double-quoted with
//    JSON-compatible escapes (\n, \t, \", \\, \uXXXX). Everything else is
//    plain, so "Type: AWS::Serverless::Function" and "Ref: Orders" read well.
//  - Non-ASCII is kept as UTF-8, except what would change how a line reads:
//    C1 controls, NEL/LS/PS (line breaks to YAML 1.1), the BOM and bidi
//    controls are escaped. Invalid UTF-8 bytes become U+FFFD, so the output
//    is always valid UTF-8.
//  - Keys follow the same rule; a key over 1000 bytes uses the explicit
//    "? key" form (implicit keys are limited to 1024). Integers are written
//    as integers; floats in the shortest form that round-trips, always with a
//    '.' and any exponent signed ("2.0", "1.0e+300"), the notation YAML 1.1
//    and 1.2 both read as a float; NaN and infinities as .nan/.inf/-.inf.
//    Empty objects and arrays are "{}" and "[]". Binary values throw
//    std::invalid_argument.
//  - No tags, anchors or aliases: intrinsics stay long form ({"Ref": X}).
//  - A multi-line string is a literal block ("|-", or "|" with exactly one
//    trailing newline) when that keeps it exactly: no tabs, carriage returns
//    or other escapes, no trailing spaces on a line, at most one trailing
//    newline, first non-empty line not indented. Else it is double-quoted.
//  - Deterministic: the same document gives the same bytes.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace cleave::sam {

std::string to_yaml(const nlohmann::ordered_json& doc);

}  // namespace cleave::sam
