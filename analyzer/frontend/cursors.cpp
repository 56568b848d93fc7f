#include "frontend/cursors.hpp"

#include <string_view>

namespace cleave::frontend::detail {
namespace {

bool is_wrapper_expr(CXCursorKind k) {
  return k == CXCursor_UnexposedExpr || k == CXCursor_ParenExpr || k == CXCursor_CStyleCastExpr ||
         k == CXCursor_CXXStaticCastExpr || k == CXCursor_CXXFunctionalCastExpr || k == CXCursor_CXXConstCastExpr ||
         k == CXCursor_CXXReinterpretCastExpr;
}

bool is_char_kind(CXTypeKind k) {
  return k == CXType_Char_S || k == CXType_Char_U || k == CXType_SChar || k == CXType_UChar || k == CXType_WChar ||
         k == CXType_Char16 || k == CXType_Char32;
}

// Names of the string classes (the declaration's own name, not the full
// type: printing canonical template types is costly and this runs for every
// argument of every call).
bool is_string_class_name(std::string_view n) {
  return n == "basic_string" || n == "basic_string_view" || n == "QString" || n == "QByteArray" ||
         n == "QLatin1String" || n == "QStringView" || n == "QAnyStringView" || n == "StringRef" || n == "CString" ||
         n == "CStringA" || n == "CStringW" || n == "string" || n == "string_view" || n == "format_string" ||
         n == "basic_format_string" || n == "basic_cstring" || n == "Twine" ||
         n == "SQLString" ||  // MySQL Connector/C++ takes its SQL as sql::SQLString
         n == "zview";        // libpqxx 7's string view
}

}  // namespace

std::string take(CXString s) {
  const char* c = clang_getCString(s);
  std::string out = c ? c : "";
  clang_disposeString(s);
  return out;
}

bool is_function_kind(CXCursorKind k) {
  return k == CXCursor_FunctionDecl || k == CXCursor_FunctionTemplate || k == CXCursor_CXXMethod ||
         k == CXCursor_Constructor || k == CXCursor_Destructor || k == CXCursor_ConversionFunction;
}

bool is_class_kind(CXCursorKind k) {
  return k == CXCursor_ClassDecl || k == CXCursor_StructDecl || k == CXCursor_UnionDecl ||
         k == CXCursor_ClassTemplate || k == CXCursor_ClassTemplatePartialSpecialization;
}

// A constructor, or a constructor template (template <class S> Fmt(const S&)).
bool is_constructor(CXCursor c) {
  const CXCursorKind k = clang_getCursorKind(c);
  return k == CXCursor_Constructor ||
         (k == CXCursor_FunctionTemplate && clang_getTemplateCursorKind(c) == CXCursor_Constructor);
}

std::vector<CXCursor> children_of(CXCursor c) {
  std::vector<CXCursor> out;
  clang_visitChildren(
      c,
      [](CXCursor child, CXCursor, CXClientData data) {
        static_cast<std::vector<CXCursor>*>(data)->push_back(child);
        return CXChildVisit_Continue;
      },
      &out);
  return out;
}

bool is_expression(CXCursor c) { return clang_isExpression(clang_getCursorKind(c)) != 0; }

// Strips implicit conversions, parentheses and casts down to the expression
// that carries the value. Only wrappers with exactly one expression child are
// unwrapped (casts lead with a TypeRef); an unexposed node with several (an
// expression clang could not type, a construct libclang does not expose) is
// the value itself, never its last operand.
CXCursor strip(CXCursor c) {
  for (int guard = 0; guard < 32 && is_wrapper_expr(clang_getCursorKind(c)); ++guard) {
    CXCursor next = clang_getNullCursor();
    int expressions = 0;
    for (const auto& child : children_of(c)) {
      if (is_expression(child)) {
        next = child;
        ++expressions;
      }
    }
    if (expressions != 1) break;
    c = next;
  }
  return c;
}

bool is_string_like_type(CXType t) {
  CXType canonical = clang_getCanonicalType(t);
  switch (canonical.kind) {
    case CXType_ConstantArray:
    case CXType_IncompleteArray:
    case CXType_VariableArray:
      return is_char_kind(clang_getCanonicalType(clang_getArrayElementType(canonical)).kind);
    case CXType_Pointer:
      return is_char_kind(clang_getCanonicalType(clang_getPointeeType(canonical)).kind);
    case CXType_LValueReference:
    case CXType_RValueReference:
      return is_string_like_type(clang_getPointeeType(canonical));
    case CXType_Record: {
      CXCursor decl = clang_getTypeDeclaration(canonical);
      CXString name = clang_getCursorSpelling(decl);
      const char* c = clang_getCString(name);
      const bool result = c && is_string_class_name(c);
      clang_disposeString(name);
      return result;
    }
    default:
      return false;
  }
}

bool is_stream_type(CXType t) {
  CXType canonical = clang_getCanonicalType(t);
  if (canonical.kind != CXType_Record) return false;
  const std::string name = take(clang_getCursorSpelling(clang_getTypeDeclaration(canonical)));
  return name == "basic_ostringstream" || name == "basic_stringstream" || name == "QTextStream";
}

bool is_file_stream_type(CXType t) {
  CXType canonical = clang_getCanonicalType(t);
  if (canonical.kind != CXType_Record) return false;
  const std::string name = take(clang_getCursorSpelling(clang_getTypeDeclaration(canonical)));
  return name == "basic_ifstream" || name == "basic_fstream" || name == "QFile";
}

}  // namespace cleave::frontend::detail
