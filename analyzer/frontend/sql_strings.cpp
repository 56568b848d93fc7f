// SQL strings: folding expressions to string values, so the SQL stage sees
// the statements the code builds.
//
// Contract
//  - Folds an expression to a StrValue: literals (adjacent, raw, wide,
//    user-defined ("..."s, "..."_sql) and from macros; a character literal is
//    its one character), concatenation (operator+, absl::StrCat...), format
//    functions (the format string keeps its placeholders; a project's own
//    variadic printf, recognised by its signature, counts), conditionals (two
//    alternatives), pass-through methods (c_str(), QString::arg...),
//    parameters (Param pieces), tracked locals, and constants defined
//    elsewhere (VarRef pieces resolved later by the SQL stage). What cannot be
//    folded becomes an Unknown piece holding the text as written.
//  - Tracks the value of local strings and streams through the body, in
//    source order: assignment (operator= and plain `=`), append, operator<<,
//    sprintf/strcpy (or a project printf whose first parameter is the
//    buffer) into a buffer.
//  - A string data member folds to a Field piece (its stores are recorded by
//    string_stores.cpp).
//  - A file read at run time by a name written in the code becomes a File
//    piece: a call returning a string whose one constant argument names a
//    file (`readFile("sql/find_user.sql")`, `loadQuery("find_user")`), and a
//    local file stream opened on a constant name (`std::ifstream f("x.sql")`,
//    `f.open("x.sql")`) read whole (`ss << f.rdbuf()`,
//    `std::string(istreambuf_iterator(f), {})`, QFile::readAll) or line by
//    line (`std::getline(f, line)` gives the line the whole file: what the
//    loop builds from it is the file's text). The SQL stage reads the file
//    when it is in the project.
//  - In a class template's body, a non-type parameter and a dependent
//    `T::member` fold to TemplateArg pieces (and a dependent `a + b` to the
//    concatenation), bound by the SQL stage at each call on an instantiation.
//  - Call-site arguments are folded here on behalf of calls.cpp.
#include "frontend/cursors.hpp"
#include "frontend/string_fold.hpp"
#include "frontend/visitor.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace cleave::frontend::detail {
namespace {

// Free functions that format: the format string (first string argument) keeps
// its placeholders; the other arguments are not constant.
bool is_format_function(std::string_view q) {
  static const std::array<std::string_view, 16> names{"fmt::format",
                                                      "std::format",
                                                      "fmt::sprintf",
                                                      "fmt::v8::format",
                                                      "fmt::v9::format",
                                                      "fmt::v10::format",
                                                      "absl::StrFormat",
                                                      "folly::sformat",
                                                      "QString::asprintf",
                                                      "QString::fromUtf8",
                                                      "QString::fromLatin1",
                                                      "QString::fromLocal8Bit",
                                                      "QString::fromStdString",
                                                      "QString::fromStdWString",
                                                      "QLatin1String::QLatin1String",
                                                      "boost::format"};
  if (std::find(names.begin(), names.end(), q) != names.end()) return true;
  // fmt's inline namespaces vary by version: fmt::v11::format, fmt::detail::...
  return (q.substr(0, 5) == "fmt::" && (q.size() >= 8 && q.substr(q.size() - 8) == "::format"));
}

bool is_concat_function(std::string_view q) {
  return q == "absl::StrCat" || q == "absl::StrAppend" || q == "folly::to";
}

// Member functions that hand back (a view of) the object's own text.
bool is_passthrough_method(std::string_view name) {
  static const std::array<std::string_view, 17> names{
      "c_str",      "data",    "str",      "toStdString", "toUtf8", "toLatin1", "toLocal8Bit", "constData", "arg",
      "simplified", "trimmed", "toString", "toQString",   "string", "view",     "utf8",        "as_string"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A name a file is read by: a path of plain characters that ends in .sql,
// or has no extension at all (`loadQuery("find_user")` and a
// queries/find_user.sql); the SQL stage decides whether such a file exists.
bool names_query_file(const std::string& text) {
  if (text.empty() || text.size() > 200 || text.front() == '-') return false;
  for (char ch : text) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-' && ch != '.' && ch != '/') return false;
  }
  const std::size_t dot = text.rfind('.');
  const std::size_t slash = text.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return true;
  std::string ext = text.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return ext == ".sql";
}

StrValue file_value(std::string name) {
  StrValue v;
  v.alternatives.push_back({Piece{PieceKind::File, std::move(name), -1}});
  return v;
}

bool is_file_value(const StrValue& v) {
  return v.alternatives.size() == 1 && v.alternatives[0].size() == 1 && v.alternatives[0][0].kind == PieceKind::File;
}

bool is_printf_into_buffer(std::string_view q, int& format_index) {
  if (q == "snprintf" || q == "std::snprintf" || q == "vsnprintf" || q == "std::vsnprintf" || q == "_snprintf" ||
      q == "StringCchPrintfA" || q == "sprintf_s") {
    format_index = 2;
    return true;
  }
  if (q == "sprintf" || q == "std::sprintf" || q == "vsprintf" || q == "std::vsprintf") {
    format_index = 1;
    return true;
  }
  return false;
}

// A variadic function whose last named parameter is a C string is a printf
// of some kind (a project's own Mmsg, StringFormat, PQuery...): `format` is
// that parameter; `dest` is the first parameter when it is a buffer the
// function writes (a non-const char pointer, char*&, std::string&), else -1.
bool printf_like(CXCursor callee, int& dest, int& format) {
  if (!clang_Cursor_isVariadic(callee)) return false;
  const int n = clang_Cursor_getNumArguments(callee);
  if (n < 1) return false;
  CXType last =
      clang_getCanonicalType(clang_getCursorType(clang_Cursor_getArgument(callee, static_cast<unsigned>(n - 1))));
  if (last.kind != CXType_Pointer || !is_string_like_type(last) ||
      !clang_isConstQualifiedType(clang_getPointeeType(last))) {
    return false;
  }
  format = n - 1;
  dest = -1;
  if (n >= 2) {
    CXType first = clang_getCanonicalType(clang_getCursorType(clang_Cursor_getArgument(callee, 0)));
    const bool writable = (first.kind == CXType_Pointer || first.kind == CXType_LValueReference) &&
                          !clang_isConstQualifiedType(clang_getPointeeType(first));
    if (writable && is_string_like_type(first)) dest = 0;
  }
  return true;
}

}  // namespace

// Folding an expression to a string value.
StrValue Visitor::fold(CXCursor expr, int depth) {
  if (depth > 24) return unknown_value("...");
  CXCursor e = strip(expr);
  const CXCursorKind k = clang_getCursorKind(e);
  switch (k) {
    case CXCursor_StringLiteral:
      return literal_of(e);
    case CXCursor_CharacterLiteral: {
      // `os << line << '\n'`, `sql += ' '`: one character of the text.
      const int ch = constant_index(e);
      if (ch > 0 && ch < 128) return literal_value(std::string(1, static_cast<char>(ch)));
      break;
    }
    case CXCursor_DeclRefExpr:
    case CXCursor_MemberRefExpr:
      return fold_ref(e);
    case CXCursor_ConditionalOperator: {
      std::vector<CXCursor> kids;
      for (const auto& c : children_of(e)) {
        if (is_expression(c)) kids.push_back(c);
      }
      if (kids.size() == 3) return alternatives_of(fold(kids[1], depth + 1), fold(kids[2], depth + 1));
      break;
    }
    case CXCursor_ArraySubscriptExpr: {
      auto kids = children_of(e);
      if (kids.size() == 2) {
        StrValue base = fold(kids[0], depth + 1);
        if (base.alternatives.size() == 1 && base.alternatives[0].size() == 1 &&
            base.alternatives[0][0].kind == PieceKind::VarRef) {
          Piece p = base.alternatives[0][0];
          p.index = constant_index(kids[1]);
          StrValue v;
          v.alternatives.push_back({p});
          return v;
        }
      }
      break;
    }
    case CXCursor_InitListExpr: {
      for (const auto& c : children_of(e)) {
        if (is_expression(c)) return fold(c, depth + 1);
      }
      return literal_value("");
    }
    case CXCursor_CallExpr:
      return fold_call(e, depth);
    case CXCursor_BinaryOperator: {
      // `std::string("SELECT * FROM ") + T::table` in a template: no
      // operator+ call until instantiation.
      std::vector<CXCursor> kids;
      for (const auto& c : children_of(e)) {
        if (is_expression(c)) kids.push_back(c);
      }
      if (kids.size() == 2 && clang_getCursorType(e).kind == CXType_Dependent && operator_token(e, kids[0]) == "+") {
        return concat(fold(kids[0], depth + 1), fold(kids[1], depth + 1));
      }
      break;
    }
    default:
      break;
  }
  return unknown_value(extent_text(e));
}

// The operator of a binary expression: the first token after its left
// operand (libclang 16 has no operator kind for a BinaryOperator).
std::string Visitor::operator_token(CXCursor binary, CXCursor lhs) {
  CXToken* tokens = nullptr;
  unsigned n = 0;
  clang_tokenize(tu_, clang_getCursorExtent(binary), &tokens, &n);
  unsigned lhs_end = 0;
  clang_getSpellingLocation(clang_getRangeEnd(clang_getCursorExtent(lhs)), nullptr, nullptr, nullptr, &lhs_end);
  std::string op;
  for (unsigned i = 0; i < n; ++i) {
    unsigned at = 0;
    clang_getSpellingLocation(clang_getTokenLocation(tu_, tokens[i]), nullptr, nullptr, nullptr, &at);
    if (at < lhs_end) continue;
    if (clang_getTokenKind(tokens[i]) == CXToken_Punctuation) op = take(clang_getTokenSpelling(tu_, tokens[i]));
    break;
  }
  if (tokens) clang_disposeTokens(tu_, tokens, n);
  return op;
}

// The identifier an expression ends with (`T::table`, `x.c_str`), or "":
// what a dependent name spells where libclang gives it no cursor.
std::string Visitor::last_identifier(CXCursor e) {
  CXToken* tokens = nullptr;
  unsigned n = 0;
  clang_tokenize(tu_, clang_getCursorExtent(e), &tokens, &n);
  std::string out;
  if (n > 0 && clang_getTokenKind(tokens[n - 1]) == CXToken_Identifier) {
    out = take(clang_getTokenSpelling(tu_, tokens[n - 1]));
  }
  if (tokens) clang_disposeTokens(tu_, tokens, n);
  return out;
}

// A class template's parameter in its body: `Table` (a non-type parameter)
// or `T::table` (a member named through a type parameter).
std::optional<StrValue> Visitor::template_arg(CXCursor e, CXCursor ref) {
  CXCursor param = clang_getNullCursor();
  std::string member;
  if (clang_getCursorKind(ref) == CXCursor_NonTypeTemplateParameter) {
    param = ref;
  } else if (clang_Cursor_isNull(ref) || clang_isInvalid(clang_getCursorKind(ref))) {
    // `T::table`, or `Table.text` on a structural non-type parameter
    // (`template <FixedString Table>`).
    for (const auto& child : children_of(e)) {
      CXCursor r = clang_getCursorReferenced(child);
      const CXCursorKind ck = clang_getCursorKind(child);
      if ((ck == CXCursor_TypeRef && clang_getCursorKind(r) == CXCursor_TemplateTypeParameter) ||
          (ck == CXCursor_DeclRefExpr && clang_getCursorKind(r) == CXCursor_NonTypeTemplateParameter)) {
        param = r;
      }
    }
    member = last_identifier(e);
    if (member.empty()) return std::nullopt;
  }
  if (clang_Cursor_isNull(param)) return std::nullopt;
  // In the class template, or in a member defined out of line
  // (`template <class K, class T> void Repository<K, T>::all()`), whose own
  // parameter list repeats the class's.
  CXCursor owner = clang_getCursorSemanticParent(param);
  if (clang_getCursorKind(owner) != CXCursor_ClassTemplate) {
    const FunctionState* fn = current_function();
    if (!fn || clang_getCursorKind(clang_getCursorSemanticParent(fn->cursor)) != CXCursor_ClassTemplate) {
      return std::nullopt;
    }
    owner = fn->cursor;
  }
  int index = 0;
  for (const auto& child : children_of(owner)) {
    const CXCursorKind k = clang_getCursorKind(child);
    if (k != CXCursor_TemplateTypeParameter && k != CXCursor_NonTypeTemplateParameter &&
        k != CXCursor_TemplateTemplateParameter) {
      continue;
    }
    if (clang_equalCursors(child, param)) {
      StrValue v;
      v.alternatives.push_back({Piece{PieceKind::TemplateArg, member, index}});
      return v;
    }
    ++index;
  }
  return std::nullopt;
}

int Visitor::constant_index(CXCursor c) {
  CXEvalResult r = clang_Cursor_Evaluate(c);
  int index = -2;
  if (r) {
    if (clang_EvalResult_getKind(r) == CXEval_Int) index = static_cast<int>(clang_EvalResult_getAsLongLong(r));
    clang_EvalResult_dispose(r);
  }
  return index;
}

StrValue Visitor::literal_of(CXCursor lit) {
  // Tokens first: they give adjacent literals, raw strings and wide
  // literals exactly as written.
  CXToken* tokens = nullptr;
  unsigned n = 0;
  clang_tokenize(tu_, clang_getCursorExtent(lit), &tokens, &n);
  std::string text;
  bool ok = n > 0;
  for (unsigned i = 0; i < n && ok; ++i) {
    if (clang_getTokenKind(tokens[i]) != CXToken_Literal) {
      ok = false;
      break;
    }
    auto decoded = decode_string_literal(take(clang_getTokenSpelling(tu_, tokens[i])));
    if (!decoded) {
      ok = false;
      break;
    }
    text += *decoded;
  }
  if (tokens) clang_disposeTokens(tu_, tokens, n);
  if (ok) return literal_value(std::move(text));
  // From a macro expansion: ask clang for the value.
  CXEvalResult r = clang_Cursor_Evaluate(lit);
  if (r) {
    std::string value;
    bool got = false;
    if (clang_EvalResult_getKind(r) == CXEval_StrLiteral) {
      const char* s = clang_EvalResult_getAsStr(r);
      if (s) {
        value = s;
        got = true;
      }
    }
    clang_EvalResult_dispose(r);
    if (got) return literal_value(std::move(value));
  }
  return unknown_value(take(clang_getCursorSpelling(lit)));
}

// A user-defined literal whose extent clang gives as its suffix alone (seen
// for a literal operator template's text met again in the TU, converted to
// std::string): the literal is the token around that suffix, lexed from the
// function's start.
StrValue Visitor::suffixed_literal(CXCursor udl) {
  const FunctionState* fn = current_function();
  CXSourceLocation at = clang_getRangeStart(clang_getCursorExtent(udl));
  if (!fn || clang_Cursor_isNull(fn->cursor)) return unknown_value(extent_text(udl));
  CXFile file = nullptr;
  unsigned offset = 0;
  clang_getSpellingLocation(at, &file, nullptr, nullptr, &offset);
  CXSourceRange range = clang_getRange(clang_getRangeStart(clang_getCursorExtent(fn->cursor)), at);
  CXToken* tokens = nullptr;
  unsigned n = 0;
  clang_tokenize(tu_, range, &tokens, &n);
  std::optional<std::string> text;
  for (unsigned i = n; i-- > 0 && !text;) {
    CXSourceRange r = clang_getTokenExtent(tu_, tokens[i]);
    CXFile f = nullptr;
    unsigned begin = 0;
    unsigned end = 0;
    clang_getSpellingLocation(clang_getRangeStart(r), &f, nullptr, nullptr, &begin);
    clang_getSpellingLocation(clang_getRangeEnd(r), nullptr, nullptr, nullptr, &end);
    if (!clang_File_isEqual(f, file) || begin > offset || offset >= end) continue;
    if (clang_getTokenKind(tokens[i]) == CXToken_Literal) {
      text = decode_string_literal(take(clang_getTokenSpelling(tu_, tokens[i])));
    }
    break;
  }
  if (tokens) clang_disposeTokens(tu_, tokens, n);
  return text ? literal_value(std::move(*text)) : unknown_value(extent_text(udl));
}

StrValue Visitor::fold_ref(CXCursor e) {
  CXCursor ref = clang_getCursorReferenced(e);
  const CXCursorKind rk = clang_getCursorKind(ref);
  if (auto t = template_arg(e, ref)) return *t;
  const std::string usr = usr_of(ref);
  if (FunctionState* fn = current_function(); fn && !usr.empty()) {
    auto p = std::find(fn->params.begin(), fn->params.end(), usr);
    if (p != fn->params.end()) {
      StrValue v;
      v.alternatives.push_back(
          {Piece{PieceKind::Param, take(clang_getCursorSpelling(ref)), static_cast<int>(p - fn->params.begin())}});
      return v;
    }
    if (auto it = fn->locals.find(usr); it != fn->locals.end() && !it->second.empty()) return it->second;
    if (fn->local_vars.count(usr)) return unknown_value(take(clang_getCursorSpelling(ref)));
  }
  if (rk == CXCursor_FieldDecl && !usr.empty() && is_string_like_type(clang_getCursorType(ref))) {
    StrValue v;
    v.alternatives.push_back({Piece{PieceKind::Field, usr, -1}});
    return v;
  }
  if (rk == CXCursor_VarDecl && !usr.empty()) {
    // A namespace-scope or static member constant: its value is recorded
    // where it is defined, maybe in another TU.
    StrValue v;
    v.alternatives.push_back({Piece{PieceKind::VarRef, usr, -1}});
    return v;
  }
  return unknown_value(take(clang_getCursorSpelling(ref)));
}

StrValue Visitor::fold_call(CXCursor e, int depth) {
  CallParts parts = call_parts(e);
  const CXCursorKind rk = clang_getCursorKind(parts.callee_ref);
  const std::string name = take(clang_getCursorSpelling(parts.callee_ref));
  const std::string q = is_function_kind(rk) ? qualified_name(parts.callee_ref) : name;

  if (name == "operator+" || name == "operator%") {
    std::vector<CXCursor> operands;
    if (!clang_Cursor_isNull(parts.object)) operands.push_back(parts.object);
    operands.insert(operands.end(), parts.args.begin(), parts.args.end());
    if (operands.size() == 2 && name == "operator+") {
      return concat(fold(operands[0], depth + 1), fold(operands[1], depth + 1));
    }
    if (!operands.empty() && name == "operator%") return fold(operands[0], depth + 1);  // boost::format % x
  }
  // A user-defined string literal ("..."s, "..."sv, a project's "..."_sql):
  // the text as written, which is what the operator is handed.
  if (name.rfind("operator\"\"", 0) == 0) {
    StrValue v = literal_of(e);
    return has_constant_part(v) ? v : suffixed_literal(e);
  }
  if ((q == "std::move" || q == "std::forward" || q == "std::as_const") && parts.args.size() == 1) {
    return fold(parts.args.front(), depth + 1);
  }
  if (is_constructor(parts.callee_ref)) {
    if (parts.args.empty()) return literal_value("");
    if (is_string_like_type(clang_getCursorType(parts.args.front())) ||
        clang_getCursorKind(strip(parts.args.front())) == CXCursor_StringLiteral) {
      return fold(parts.args.front(), depth + 1);
    }
    if (parts.args.size() == 1) return fold(parts.args.front(), depth + 1);  // copy/move
    // std::string(std::istreambuf_iterator<char>(file), {}): the file's text.
    if (StrValue first = fold(parts.args.front(), depth + 1); is_file_value(first)) return first;
  }
  // Conversion operators (std::string -> std::string_view, QString ->
  // QByteArray...) hand on the object's text.
  if (!clang_Cursor_isNull(parts.object) && rk == CXCursor_ConversionFunction &&
      is_string_like_type(clang_getCursorType(parts.object))) {
    return fold(parts.object, depth + 1);
  }
  if (!clang_Cursor_isNull(parts.object) && (name == "rdbuf" || name == "readAll") &&
      is_file_stream_type(clang_getCursorType(parts.object))) {
    return fold(parts.object, depth + 1);  // the file's whole text
  }
  // In a template, `(std::string("...") + T::table).c_str()` is a call on
  // an object of dependent type, whose method only its tokens name.
  const CXType object_type = clang_getCursorType(parts.object);
  const bool dependent_passthrough = clang_Cursor_isNull(parts.callee_ref) && object_type.kind == CXType_Dependent &&
                                     parts.args.empty() && is_passthrough_method(last_identifier(parts.member));
  if (!clang_Cursor_isNull(parts.object) &&
      (dependent_passthrough || (is_passthrough_method(name) &&
                                 (is_string_like_type(object_type) || is_stream_type(object_type) || name == "str")))) {
    return fold(parts.object, depth + 1);
  }
  if (is_format_function(q)) {
    // The format string comes first; in fmt >= 8 and std::format it is a
    // format_string object built from the literal, not a string type.
    if (!parts.args.empty()) {
      StrValue first = fold(parts.args.front(), depth + 1);
      if (has_constant_part(first)) return first;
    }
    for (const auto& a : parts.args) {
      if (is_string_like_type(clang_getCursorType(a))) return fold(a, depth + 1);
    }
  }
  if (int dest = -1, format = -1; is_function_kind(rk) && printf_like(parts.callee_ref, dest, format) && dest < 0 &&
                                  static_cast<int>(parts.args.size()) > format &&
                                  is_string_like_type(clang_getCursorResultType(parts.callee_ref))) {
    return fold(parts.args[static_cast<std::size_t>(format)], depth + 1);  // StringFormat("... %u", id)
  }
  if (is_concat_function(q)) {
    StrValue v;
    for (const auto& a : parts.args) v = concat(v, fold(a, depth + 1));
    return v;
  }
  if (is_function_kind(rk)) {
    const std::string usr = usr_of(parts.callee_ref);
    if (auto acc = accessors_.find(usr);
        acc != accessors_.end() && acc->second.param < static_cast<int>(parts.args.size())) {
      StrValue v;
      v.alternatives.push_back({Piece{PieceKind::VarRef, acc->second.array,
                                      constant_index(parts.args[static_cast<std::size_t>(acc->second.param)])}});
      return v;
    }
    if (constant_functions_.count(usr) || (is_project(parts.callee_ref) && parts.args.empty())) {
      // Resolved by the SQL stage if the function turns out to return a
      // constant (recorded as a VarValue keyed by its USR).
      StrValue v;
      v.alternatives.push_back({Piece{PieceKind::VarRef, usr, -1}});
      return v;
    }
  }
  if (rk == CXCursor_CXXMethod && !clang_Cursor_isNull(parts.object) &&
      (name == "operator[]" || name == "at" || name == "value")) {
    StrValue base = fold(parts.object, depth + 1);
    if (base.alternatives.size() == 1 && base.alternatives[0].size() == 1 &&
        base.alternatives[0][0].kind == PieceKind::VarRef) {
      Piece p = base.alternatives[0][0];
      // std::array's kStatements[Stmt::Find] or .at(1): that element when
      // the index is a constant; a map's key (not a position) or a run-time
      // index: any one.
      CXType object_type = clang_getCanonicalType(clang_getCursorType(parts.object));
      const std::string container = take(clang_getCursorSpelling(clang_getTypeDeclaration(object_type)));
      const bool positional = container == "array" || container == "vector";
      p.index = positional && name != "value" && parts.args.size() == 1 ? constant_index(parts.args.front()) : -2;
      StrValue v;
      v.alternatives.push_back({p});
      return v;
    }
  }
  if (auto read = file_read(e, parts, depth)) return *read;
  return unknown_value(extent_text(e));
}

// A call that returns a string and takes exactly one constant argument
// naming a file: the text of that file, read at run time.
std::optional<StrValue> Visitor::file_read(CXCursor call, const CallParts& parts, int depth) {
  if (!is_string_like_type(clang_getCursorType(call))) return std::nullopt;
  std::optional<std::string> name;
  for (const auto& a : parts.args) {
    if (!is_string_like_type(clang_getCursorType(a))) continue;
    std::optional<std::string> text = constant_text(fold(a, depth + 1));
    if (!text) continue;
    if (name) return std::nullopt;  // two constant strings: not one file name
    name = std::move(text);
  }
  if (!name || !names_query_file(*name)) return std::nullopt;
  return file_value(std::move(*name));
}

// A value that is one constant text: a literal, or a constant of this TU
// whose value is one (`constexpr char kReport[] = "db/report.sql"`).
std::optional<std::string> Visitor::constant_text(const StrValue& v) const {
  if (v.alternatives.size() != 1 || v.alternatives[0].size() != 1) return std::nullopt;
  const Piece& p = v.alternatives[0][0];
  if (p.kind == PieceKind::Literal) return p.text;
  if (p.kind != PieceKind::VarRef || p.index != -1) return std::nullopt;
  for (auto it = out_.var_values.rbegin(); it != out_.var_values.rend(); ++it) {
    if (it->var != p.text) continue;
    const auto& alts = it->value.alternatives;
    if (alts.size() == 1 && alts[0].size() == 1 && alts[0][0].kind == PieceKind::Literal) return alts[0][0].text;
    return std::nullopt;
  }
  return std::nullopt;
}

// The file a stream opens on `name`, when the name is a constant; else empty.
StrValue Visitor::opened_file(const StrValue& name) const {
  std::optional<std::string> text = constant_text(name);
  return text ? file_value(std::move(*text)) : StrValue{};
}

// `right` in `os << right`: a string, a character, or a file read whole
// (`f.rdbuf()`).
StrValue Visitor::fold_text(CXCursor expr) {
  if (is_string_like_type(clang_getCursorType(expr))) return fold(expr);
  StrValue v = fold(expr);
  const bool character = clang_getCursorKind(strip(expr)) == CXCursor_CharacterLiteral && has_constant_part(v);
  return character || is_file_value(v) ? v : unknown_value(extent_text(expr));
}

// Updates the tracked value of local strings and streams.
void Visitor::track_string_effects(const CallParts& parts) {
  FunctionState& fn = *current_function();
  const std::string name = take(clang_getCursorSpelling(parts.callee_ref));
  const std::string q =
      is_function_kind(clang_getCursorKind(parts.callee_ref)) ? qualified_name(parts.callee_ref) : name;

  if (!clang_Cursor_isNull(parts.object)) {
    const std::string var = local_var_of(parts.object);
    // f.open("db/report.sql") on a stream declared without a name.
    if (name == "open" && !var.empty() && !parts.args.empty() &&
        is_file_stream_type(clang_getCursorType(parts.object))) {
      if (StrValue file = opened_file(fold(parts.args.front())); !file.empty()) fn.locals[var] = std::move(file);
    }
    if (!var.empty() && fn.locals.count(var)) {
      if ((name == "operator=" || name == "assign") && !parts.args.empty()) {
        fn.locals[var] = fold(parts.args.front());
      } else if ((name == "operator+=" || name == "append" || name == "push_back") && !parts.args.empty()) {
        fn.locals[var] = concat(fn.locals[var], fold(parts.args.front()));
      }
    } else if ((name == "operator=" || name == "assign") && parts.args.size() == 1) {
      CXCursor member = strip(parts.object);
      if (!string_field_of(member).empty()) {
        if (auto site = location_of(member)) {
          record_field_store(clang_getCursorReferenced(member), fold(parts.args.front()), *site);
        }
      }
    } else if ((name == "operator+=" || name == "append") && parts.args.size() == 1) {
      CXCursor member = strip(parts.object);
      if (!string_field_of(member).empty()) append_to_field(member, fold(parts.args.front()));
    }
  }
  if (name == "operator<<") {
    CXCursor left = !clang_Cursor_isNull(parts.object)
                        ? parts.object
                        : (parts.args.empty() ? clang_getNullCursor() : parts.args.front());
    CXCursor right = parts.args.empty() ? clang_getNullCursor() : parts.args.back();
    if (!clang_Cursor_isNull(left) && !clang_Cursor_isNull(right)) {
      const std::string var = stream_root(left);
      if (!var.empty() && fn.locals.count(var)) {
        fn.locals[var] = concat(fn.locals[var], fold_text(right));
      }
    }
  }
  // std::getline(f, line) on a file: a statement put together line by line
  // (`sql += line + "\n"`, `os << line`) is the file's whole text, as when
  // it is read at once.
  if (q == "std::getline" && parts.args.size() >= 2) {
    StrValue from = fold(parts.args.front());
    CXCursor into = strip(parts.args[1]);
    if (const std::string var = local_var_of(into); is_file_value(from) && !var.empty()) {
      fn.locals[var] = std::move(from);
    } else if (is_file_value(from) && !string_field_of(into).empty()) {
      if (auto site = location_of(into)) record_field_store(clang_getCursorReferenced(into), std::move(from), *site);
    }
  }
  int format_index = -1;
  int dest = -1;
  if ((is_printf_into_buffer(q, format_index) || (is_function_kind(clang_getCursorKind(parts.callee_ref)) &&
                                                  printf_like(parts.callee_ref, dest, format_index) && dest == 0)) &&
      static_cast<int>(parts.args.size()) > format_index) {
    StrValue format = fold(parts.args[static_cast<std::size_t>(format_index)]);
    const std::string var = local_var_of(parts.args.front());
    if (!var.empty()) {
      fn.locals[var] = std::move(format);
    } else if (!string_field_of(parts.args.front()).empty()) {
      CXCursor member = strip(parts.args.front());
      if (auto site = location_of(member))
        record_field_store(clang_getCursorReferenced(member), std::move(format), *site);
    }
  }
  if ((q == "strcpy" || q == "std::strcpy" || q == "strncpy" || q == "strcat" || q == "std::strcat" ||
       q == "strncat") &&
      parts.args.size() >= 2) {
    const std::string var = local_var_of(parts.args.front());
    if (!var.empty()) {
      StrValue src = fold(parts.args[1]);
      fn.locals[var] = (q.find("cat") != std::string::npos) ? concat(fn.locals[var], src) : src;
    }
  }
}

// The local stream at the root of `os << a << b`.
std::string Visitor::stream_root(CXCursor expr) {
  CXCursor s = strip(expr);
  for (int guard = 0; guard < 64; ++guard) {
    if (clang_getCursorKind(s) != CXCursor_CallExpr) break;
    if (take(clang_getCursorSpelling(s)) != "operator<<") break;
    CallParts p = call_parts(s);
    CXCursor left =
        !clang_Cursor_isNull(p.object) ? p.object : (p.args.empty() ? clang_getNullCursor() : p.args.front());
    if (clang_Cursor_isNull(left)) break;
    s = strip(left);
  }
  return local_var_of(s);
}

}  // namespace cleave::frontend::detail
