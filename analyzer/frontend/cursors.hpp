// Internal: small questions asked of libclang cursors and types by every part
// of the TU visitor. No state, no facts.
#pragma once

#include <clang-c/Index.h>

#include <string>
#include <vector>

namespace cleave::frontend::detail {

// Takes ownership of a CXString and returns its text ("" for null).
std::string take(CXString s);

bool is_function_kind(CXCursorKind k);
bool is_class_kind(CXCursorKind k);
// A constructor, or a constructor template (template <class S> Fmt(const S&)).
bool is_constructor(CXCursor c);
bool is_expression(CXCursor c);

std::vector<CXCursor> children_of(CXCursor c);

// Strips implicit conversions, parentheses and casts down to the expression
// that carries the value (see the definition for which wrappers qualify).
CXCursor strip(CXCursor c);

// Character arrays and pointers, and the string classes of the common
// libraries (std, Qt, LLVM, MFC, fmt...), through references.
bool is_string_like_type(CXType t);
// std::ostringstream, std::stringstream, QTextStream.
bool is_stream_type(CXType t);
// std::ifstream, std::fstream, QFile: a file read whole (rdbuf(), readAll()).
bool is_file_stream_type(CXType t);

}  // namespace cleave::frontend::detail
