#include "frontend/tu_visitor.hpp"

#include "core/paths.hpp"
#include "frontend/string_fold.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace cleave::frontend::detail {
namespace {

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

bool is_wrapper_expr(CXCursorKind k) {
  return k == CXCursor_UnexposedExpr || k == CXCursor_ParenExpr || k == CXCursor_CStyleCastExpr ||
         k == CXCursor_CXXStaticCastExpr || k == CXCursor_CXXFunctionalCastExpr || k == CXCursor_CXXConstCastExpr ||
         k == CXCursor_CXXReinterpretCastExpr;
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


bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

bool is_char_kind(CXTypeKind k) {
  return k == CXType_Char_S || k == CXType_Char_U || k == CXType_SChar || k == CXType_UChar || k == CXType_WChar ||
         k == CXType_Char16 || k == CXType_Char32;
}

// Names of the string classes (the declaration's own name, not the full
// type: printing canonical template types is costly and this runs for every
// argument of every call).
bool is_string_class_name(std::string_view n) {
  return n == "basic_string" || n == "basic_string_view" || n == "QString" || n == "QByteArray" ||
         n == "QLatin1String" || n == "QStringView" || n == "QAnyStringView" || n == "StringRef" ||
         n == "CString" || n == "CStringA" || n == "CStringW" || n == "string" || n == "string_view" ||
         n == "format_string" || n == "basic_format_string" || n == "basic_cstring" || n == "Twine";
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

// Free functions that format: the format string (first string argument) keeps
// its placeholders; the other arguments are not constant.
bool is_format_function(std::string_view q) {
  static const std::array<std::string_view, 16> names{
      "fmt::format",        "std::format",      "fmt::sprintf",        "fmt::v8::format",
      "fmt::v9::format",    "fmt::v10::format", "absl::StrFormat",     "folly::sformat",
      "QString::asprintf",  "QString::fromUtf8", "QString::fromLatin1", "QString::fromLocal8Bit",
      "QString::fromStdString", "QString::fromStdWString", "QLatin1String::QLatin1String", "boost::format"};
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
      "c_str", "data", "str", "toStdString", "toUtf8", "toLatin1", "toLocal8Bit", "constData",
      "arg",   "simplified", "trimmed", "toString", "toQString", "string", "view", "utf8", "as_string"};
  return std::find(names.begin(), names.end(), name) != names.end();
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

class Visitor {
 public:
  Visitor(CXTranslationUnit tu, const ScopeRules& scope, TuFacts& out) : tu_(tu), scope_(scope), out_(out) {}

  void run() {
    CXCursor root = clang_getTranslationUnitCursor(tu_);
    visit_children(root);
    collect_includes();
    finish();
  }

 private:
  // -------------------------------------------------------------------------
  // Where things are, and whether they are the project's.
  struct FileInfo {
    std::string path;
    bool project = false;
  };

  const FileInfo* file_info(CXFile file, CXSourceLocation loc) {
    if (!file) return nullptr;
    auto it = files_.find(file);
    if (it != files_.end()) return &it->second;
    FileInfo info;
    info.path = normalize_path(take(clang_getFileName(file)));
    info.project = !clang_Location_isInSystemHeader(loc) && in_scope(info.path);
    return &files_.emplace(file, std::move(info)).first->second;
  }

  bool in_scope(const std::string& path) const {
    if (!scope_.project_root.empty()) {
      const std::string& r = scope_.project_root;
      if (path.size() <= r.size() || path.compare(0, r.size(), r) != 0 || (r != "/" && path[r.size()] != '/')) {
        return false;
      }
    }
    for (const auto& g : scope_.third_party) {
      if (glob_match(g, path)) return false;
    }
    return true;
  }

  std::optional<Location> location_of(CXCursor c, bool* project = nullptr) {
    CXSourceLocation loc = clang_getCursorLocation(c);
    CXFile file = nullptr;
    unsigned line = 0, column = 0;
    clang_getExpansionLocation(loc, &file, &line, &column, nullptr);
    const FileInfo* info = file_info(file, loc);
    if (!info) return std::nullopt;
    if (project) *project = info->project;
    return Location{info->path, line, column};
  }

  bool is_project(CXCursor c) {
    bool project = false;
    return location_of(c, &project).has_value() && project;
  }

  // -------------------------------------------------------------------------
  // Names.
  std::string usr_of(CXCursor c) { return take(clang_getCursorUSR(c)); }

  std::string qualified_name(CXCursor c) {
    const CXCursor canonical = clang_getCanonicalCursor(c);
    const unsigned hash = clang_hashCursor(canonical);
    auto [lo, hi] = names_.equal_range(hash);
    for (auto it = lo; it != hi; ++it) {
      if (clang_equalCursors(it->second.first, canonical)) return it->second.second;
    }
    std::string name = take(clang_getCursorSpelling(c));
    const CXCursorKind kind = clang_getCursorKind(c);
    if (kind == CXCursor_Namespace && name.empty()) name = "(anonymous namespace)";
    if (is_class_kind(kind) && clang_Cursor_isAnonymous(c)) name = "(anonymous)";
    CXCursor parent = clang_getCursorSemanticParent(c);
    // extern "C" blocks (sometimes exposed only as UnexposedDecl) are not scopes.
    while (!clang_Cursor_isNull(parent) && (clang_getCursorKind(parent) == CXCursor_LinkageSpec ||
                                            clang_getCursorKind(parent) == CXCursor_UnexposedDecl)) {
      parent = clang_getCursorSemanticParent(parent);
    }
    const CXCursorKind pk = clang_getCursorKind(parent);
    if (!clang_Cursor_isNull(parent) && pk != CXCursor_TranslationUnit && !clang_isInvalid(pk)) {
      // Inline namespaces (std::__1) are not part of the name as people write it.
      if (pk == CXCursor_Namespace && clang_Cursor_isInlineNamespace(parent)) {
        CXCursor up = clang_getCursorSemanticParent(parent);
        const std::string outer = clang_getCursorKind(up) == CXCursor_TranslationUnit ? "" : qualified_name(up);
        name = outer.empty() ? name : outer + "::" + name;
      } else {
        name = qualified_name(parent) + "::" + name;
      }
    }
    names_.emplace(hash, std::make_pair(canonical, name));
    return name;
  }

  // -------------------------------------------------------------------------
  // Symbols and edges.
  void emit_symbol(CXCursor c, SymbolKind kind, const std::string& usr, const Location& loc) {
    Symbol s;
    s.id = usr;
    s.name = qualified_name(c);
    s.kind = kind;
    s.loc = loc;
    s.is_definition = clang_isCursorDefinition(c) != 0;
    const CXCursorKind ck = clang_getCursorKind(c);
    if (ck == CXCursor_ClassDecl) s.tag = "class";
    if (ck == CXCursor_StructDecl) s.tag = "struct";
    if (ck == CXCursor_UnionDecl) s.tag = "union";
    if (ck == CXCursor_ClassTemplate || ck == CXCursor_ClassTemplatePartialSpecialization) {
      s.tag = clang_getTemplateCursorKind(c) == CXCursor_StructDecl ? "struct" : "class";
    }
    CXCursor parent = clang_getCursorSemanticParent(c);
    const CXCursorKind pk = clang_getCursorKind(parent);
    if (pk == CXCursor_Namespace || is_class_kind(pk)) s.parent = usr_of(parent);
    s.is_virtual = clang_CXXMethod_isVirtual(c) != 0;
    s.is_implicit = clang_Cursor_isNull(c) == 0 && clang_getCursorKind(c) != CXCursor_Namespace &&
                    (loc.line == 0);
    if (kind == SymbolKind::Method || kind == SymbolKind::Constructor || kind == SymbolKind::Destructor) {
      s.is_static = clang_CXXMethod_isStatic(c) != 0;
    } else if (kind == SymbolKind::Function || kind == SymbolKind::Variable) {
      s.is_static = clang_Cursor_getStorageClass(c) == CX_SC_Static;
    }
    s.in_anonymous_namespace = s.name.find("(anonymous namespace)") != std::string::npos;
    if (kind == SymbolKind::Function || kind == SymbolKind::Method || kind == SymbolKind::Constructor ||
        kind == SymbolKind::Destructor) {
      s.signature = take(clang_getTypeSpelling(clang_getCursorType(c)));
    }
    if (auto it = symbol_index_.find(usr); it != symbol_index_.end()) {
      Symbol& cur = out_.symbols[it->second];
      const bool virt = cur.is_virtual || s.is_virtual;
      if (s.is_definition && !cur.is_definition) cur = std::move(s);
      cur.is_virtual = virt;
      return;
    }
    symbol_index_.emplace(usr, out_.symbols.size());
    out_.symbols.push_back(std::move(s));
  }

  void add_edge(const std::string& from, const std::string& to, EdgeKind kind, const Location& site) {
    if (from.empty() || to.empty() || from == to) return;
    out_.edges.push_back(Edge{from, to, kind, site});
  }

  // The declaration a type names, through typedefs, pointers, references
  // and arrays; null when it is not a class.
  CXCursor class_of_type(CXType t) {
    for (int guard = 0; guard < 8; ++guard) {
      if (t.kind == CXType_Pointer || t.kind == CXType_LValueReference || t.kind == CXType_RValueReference) {
        t = clang_getPointeeType(t);
      } else if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray) {
        t = clang_getArrayElementType(t);
      } else {
        break;
      }
    }
    CXCursor d = clang_getTypeDeclaration(t);
    if (clang_getCursorKind(d) == CXCursor_TypedefDecl || clang_getCursorKind(d) == CXCursor_TypeAliasDecl) {
      return class_of_type(clang_getTypedefDeclUnderlyingType(d));
    }
    if (!is_class_kind(clang_getCursorKind(d))) {
      CXCursor tmpl = clang_getSpecializedCursorTemplate(d);
      if (!clang_Cursor_isNull(tmpl) && is_class_kind(clang_getCursorKind(tmpl))) return tmpl;
      return clang_getNullCursor();
    }
    // An implicit instantiation points back at its template, which is what
    // the project declares.
    CXCursor tmpl = clang_getSpecializedCursorTemplate(d);
    if (!clang_Cursor_isNull(tmpl)) d = tmpl;
    return d;
  }

  std::string qualified_type_name(CXType t) {
    CXCursor d = class_of_type(t);
    if (clang_Cursor_isNull(d)) return take(clang_getTypeSpelling(clang_getCanonicalType(t)));
    return qualified_name(d);
  }

  // The canonical declaration for a referenced cursor: definitions and
  // redeclarations share a USR, so the USR is the identity.
  std::string project_usr(CXCursor ref) {
    if (clang_Cursor_isNull(ref) || !is_project(ref)) return {};
    // A call into an instantiation (process<int>, Box<Item>::log) is a call
    // of what the project wrote: the template.
    CXCursor tmpl = clang_getSpecializedCursorTemplate(ref);
    if (!clang_Cursor_isNull(tmpl) && !clang_isInvalid(clang_getCursorKind(tmpl))) return usr_of(tmpl);
    return usr_of(ref);
  }

  // -------------------------------------------------------------------------
  // Owners: what edges found right now are attributed to.
  enum class OwnerKind { Class, Function, Field, Variable };
  struct Owner {
    OwnerKind kind;
    std::string usr;
  };
  std::vector<Owner> owners_;

  struct FunctionState {
    std::string usr;
    std::vector<std::string> params;  // USRs in order
    std::unordered_map<std::string, StrValue> locals;
    std::unordered_set<std::string> local_vars;  // every local's USR, string or not
    StrValue returns;
    bool returns_unknown = false;
    unsigned order = 0;
  };
  std::vector<FunctionState> functions_;

  const Owner* current_owner() const { return owners_.empty() ? nullptr : &owners_.back(); }
  FunctionState* current_function() { return functions_.empty() ? nullptr : &functions_.back(); }

  std::string enclosing_class_usr() const {
    for (auto it = owners_.rbegin(); it != owners_.rend(); ++it) {
      if (it->kind == OwnerKind::Class) return it->usr;
    }
    return {};
  }

  // -------------------------------------------------------------------------
  void visit_children(CXCursor c) {
    std::vector<CXCursor> kids = children_of(c);
    for (const auto& k : kids) visit(k);
  }

  void visit(CXCursor c) {
    const CXCursorKind kind = clang_getCursorKind(c);
    switch (kind) {
      case CXCursor_Namespace: {
        if (!is_project(c)) return;
        auto loc = location_of(c);
        emit_symbol(c, SymbolKind::Namespace, usr_of(c), *loc);
        visit_children(c);
        return;
      }
      case CXCursor_LinkageSpec:
      case CXCursor_UnexposedDecl:
        if (functions_.empty() && !is_project(c)) return;
        visit_children(c);
        return;
      case CXCursor_ClassDecl:
      case CXCursor_StructDecl:
      case CXCursor_UnionDecl:
      case CXCursor_ClassTemplate:
      case CXCursor_ClassTemplatePartialSpecialization:
        visit_class(c);
        return;
      case CXCursor_EnumDecl: {
        if (!is_project(c)) return;
        const std::string usr = usr_of(c);
        if (usr.empty()) return;
        emit_symbol(c, SymbolKind::Enum, usr, *location_of(c));
        member_of(c, usr);
        return;
      }
      case CXCursor_FunctionDecl:
      case CXCursor_FunctionTemplate:
      case CXCursor_CXXMethod:
      case CXCursor_Constructor:
      case CXCursor_Destructor:
      case CXCursor_ConversionFunction:
        visit_function(c);
        return;
      case CXCursor_VarDecl:
        visit_var(c);
        return;
      case CXCursor_FieldDecl:
        visit_field(c);
        return;
      case CXCursor_CXXBaseSpecifier:
        visit_base(c);
        return;
      case CXCursor_TypeRef:
      case CXCursor_TemplateRef:
        visit_type_ref(c);
        return;
      case CXCursor_CallExpr:
        visit_call(c);
        return;
      case CXCursor_DeclRefExpr:
      case CXCursor_MemberRefExpr:
        visit_ref(c);
        visit_children(c);
        return;
      case CXCursor_ReturnStmt:
        visit_return(c);
        return;
      case CXCursor_InitListExpr:
        visit_init_list(c);
        return;
      case CXCursor_CompoundStmt: {
        // Locals live until the end of the innermost block.
        const unsigned saved = scope_end_line_;
        unsigned end_line = 0;
        clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)), nullptr, &end_line, nullptr, nullptr);
        scope_end_line_ = end_line;
        visit_children(c);
        scope_end_line_ = saved;
        return;
      }
      default:
        // Statements and expressions at any depth may hold calls; declarations
        // outside the project are skipped wholesale.
        if (clang_isDeclaration(kind) && functions_.empty() && !is_project(c)) return;
        visit_children(c);
        return;
    }
  }

  void member_of(CXCursor c, const std::string& usr) {
    CXCursor parent = clang_getCursorSemanticParent(c);
    if (is_class_kind(clang_getCursorKind(parent))) {
      if (auto loc = location_of(c)) add_edge(usr, usr_of(parent), EdgeKind::MemberOf, *loc);
    }
  }

  void visit_class(CXCursor c) {
    if (!is_project(c)) return;
    const std::string usr = usr_of(c);
    if (usr.empty()) return;
    auto loc = location_of(c);
    emit_symbol(c, SymbolKind::Class, usr, *loc);
    member_of(c, usr);
    owners_.push_back({OwnerKind::Class, usr});
    visit_children(c);
    owners_.pop_back();
  }

  void visit_function(CXCursor c) {
    if (!is_project(c)) return;
    const std::string usr = usr_of(c);
    if (usr.empty()) return;
    const CXCursorKind k = clang_getCursorKind(c);
    const bool in_class = is_class_kind(clang_getCursorKind(clang_getCursorSemanticParent(c)));
    SymbolKind sk = SymbolKind::Function;
    if (k == CXCursor_Constructor) {
      sk = SymbolKind::Constructor;
    } else if (k == CXCursor_Destructor) {
      sk = SymbolKind::Destructor;
    } else if (k == CXCursor_CXXMethod || k == CXCursor_ConversionFunction || in_class) {
      sk = SymbolKind::Method;
    }
    auto loc = location_of(c);
    emit_symbol(c, sk, usr, *loc);
    member_of(c, usr);

    CXCursor* overridden = nullptr;
    unsigned n_overridden = 0;
    clang_getOverriddenCursors(c, &overridden, &n_overridden);
    for (unsigned i = 0; i < n_overridden; ++i) {
      add_edge(usr, usr_of(overridden[i]), EdgeKind::Override, *loc);
    }
    if (overridden) clang_disposeOverriddenCursors(overridden);

    FunctionState state;
    state.usr = usr;
    const int nargs = clang_Cursor_getNumArguments(c);
    for (int i = 0; i < nargs; ++i) state.params.push_back(usr_of(clang_Cursor_getArgument(c, static_cast<unsigned>(i))));
    if (k == CXCursor_FunctionTemplate) {
      // Templates don't expose arguments through the API: take the ParmDecls.
      for (const auto& child : children_of(c)) {
        if (clang_getCursorKind(child) == CXCursor_ParmDecl) state.params.push_back(usr_of(child));
      }
    }
    // Return type: a type use of the function.
    if (CXCursor rc = class_of_type(clang_getResultType(clang_getCursorType(c))); !clang_Cursor_isNull(rc)) {
      if (std::string to = project_usr(rc); !to.empty()) add_edge(usr, to, EdgeKind::TypeUse, *loc);
    }
    functions_.push_back(std::move(state));
    owners_.push_back({OwnerKind::Function, usr});
    visit_children(c);
    owners_.pop_back();
    FunctionState done = std::move(functions_.back());
    functions_.pop_back();
    // A function that returns a constant string is a constant too: callers
    // fold a call to it as a reference to this value.
    if (!done.returns.empty() && !done.returns_unknown && has_constant_part(done.returns)) {
      VarValue v;
      v.var = usr;
      v.name = qualified_name(c);
      v.loc = *loc;
      v.value = std::move(done.returns);
      out_.var_values.push_back(std::move(v));
      constant_functions_.insert(usr);
    }
  }

  void visit_var(CXCursor c) {
    FunctionState* fn = current_function();
    const std::string usr = usr_of(c);
    CXType type = clang_getCursorType(c);
    if (fn) {
      fn->local_vars.insert(usr);
      auto loc = location_of(c);
      if (loc) {
        LocalVar lv;
        lv.function = fn->usr;
        lv.var = usr;
        lv.name = take(clang_getCursorSpelling(c));
        lv.type = qualified_type_name(type);
        lv.loc = *loc;
        lv.scope_end_line = scope_end_line_;
        lv.order = fn->order++;
        out_.locals.push_back(std::move(lv));
      }
      visit_children(c);  // calls in the initializer, type uses
      if (is_string_like_type(type)) {
        fn->locals[usr] = initializer_value(c);
      } else if (is_stream_type(type)) {
        fn->locals[usr] = StrValue{};
      }
      return;
    }
    if (!is_project(c)) return;
    if (usr.empty()) return;
    auto loc = location_of(c);
    emit_symbol(c, SymbolKind::Variable, usr, *loc);
    member_of(c, usr);
    owners_.push_back({OwnerKind::Variable, usr});
    visit_children(c);
    owners_.pop_back();
    record_constant(c, usr, *loc);
  }

  // Namespace-scope and static member strings, and arrays/maps of them.
  void record_constant(CXCursor c, const std::string& usr, const Location& loc) {
    CXCursor init = clang_getNullCursor();
    for (const auto& child : children_of(c)) {
      if (is_expression(child)) init = child;
    }
    if (clang_Cursor_isNull(init)) return;
    VarValue v;
    v.var = usr;
    v.name = qualified_name(c);
    v.loc = loc;
    CXCursor s = strip(init);
    const CXTypeKind tk = clang_getCanonicalType(clang_getCursorType(c)).kind;
    const bool array = tk == CXType_ConstantArray || tk == CXType_IncompleteArray;
    if (clang_getCursorKind(s) == CXCursor_InitListExpr && (array || !is_string_like_type(clang_getCursorType(c)))) {
      collect_elements(s, v.elements);
      if (v.elements.empty()) return;
    } else {
      if (!is_string_like_type(clang_getCursorType(c))) return;
      v.value = fold(init);
      if (!has_constant_part(v.value)) return;
    }
    out_.var_values.push_back(std::move(v));
  }

  // Every string leaf of an initializer list, in order: {"a", "b"} and
  // {{Kind::A, "a"}, {Kind::B, "b"}} both give a, b.
  void collect_elements(CXCursor list, std::vector<StrValue>& out, int depth = 0) {
    if (depth > 4) return;
    for (const auto& child : children_of(list)) {
      CXCursor s = strip(child);
      const CXCursorKind k = clang_getCursorKind(s);
      if (k == CXCursor_InitListExpr) {
        collect_elements(s, out, depth + 1);
      } else if (k == CXCursor_CallExpr && clang_getCursorKind(clang_getCursorReferenced(s)) == CXCursor_Constructor &&
                 !is_string_like_type(clang_getCursorType(s))) {
        // std::pair<Kind, const char*>{...} spelled as a constructor call
        collect_elements(s, out, depth + 1);
      } else if (is_string_like_type(clang_getCursorType(child)) || k == CXCursor_StringLiteral) {
        StrValue v = fold(child);
        if (has_constant_part(v)) out.push_back(std::move(v));
      }
    }
  }

  StrValue initializer_value(CXCursor var) {
    CXCursor init = clang_getNullCursor();
    for (const auto& child : children_of(var)) {
      if (is_expression(child)) init = child;
    }
    if (clang_Cursor_isNull(init)) return StrValue{};
    return fold(init);
  }

  void visit_field(CXCursor c) {
    if (!is_project(c)) return;
    const std::string usr = usr_of(c);
    if (usr.empty()) return;
    auto loc = location_of(c);
    emit_symbol(c, SymbolKind::Field, usr, *loc);
    member_of(c, usr);
    owners_.push_back({OwnerKind::Field, usr});
    visit_children(c);
    owners_.pop_back();
  }

  void visit_base(CXCursor c) {
    const std::string cls = enclosing_class_usr();
    if (cls.empty()) return;
    CXCursor base = class_of_type(clang_getCursorType(c));
    if (clang_Cursor_isNull(base)) base = clang_getCursorReferenced(c);
    if (std::string to = project_usr(base); !to.empty()) {
      if (auto loc = location_of(c)) add_edge(cls, to, EdgeKind::Inherits, *loc);
    }
  }

  void visit_type_ref(CXCursor c) {
    const Owner* owner = current_owner();
    if (!owner) return;
    CXCursor ref = clang_getCursorReferenced(c);
    CXCursorKind rk = clang_getCursorKind(ref);
    if (rk == CXCursor_TypedefDecl || rk == CXCursor_TypeAliasDecl) {
      ref = class_of_type(clang_getTypedefDeclUnderlyingType(ref));
      rk = clang_getCursorKind(ref);
    }
    if (!is_class_kind(rk) && rk != CXCursor_EnumDecl) return;
    const std::string to = project_usr(ref);
    if (to.empty()) return;
    auto loc = location_of(c);
    if (!loc) return;
    switch (owner->kind) {
      case OwnerKind::Function:
        add_edge(owner->usr, to, EdgeKind::TypeUse, *loc);
        break;
      case OwnerKind::Field: {
        const std::string cls = enclosing_class_usr();
        if (!cls.empty()) add_edge(cls, to, EdgeKind::FieldType, *loc);
        break;
      }
      case OwnerKind::Class:
      case OwnerKind::Variable:
        add_edge(owner->usr, to, EdgeKind::TypeUse, *loc);
        break;
    }
  }

  void visit_ref(CXCursor c) {
    FunctionState* fn = current_function();
    if (!fn) return;
    CXCursor ref = clang_getCursorReferenced(c);
    const CXCursorKind rk = clang_getCursorKind(ref);
    if (rk != CXCursor_VarDecl && rk != CXCursor_FieldDecl && !is_function_kind(rk)) return;
    if (is_function_kind(rk) && in_callee_position_) return;
    if (rk == CXCursor_VarDecl) {
      // Locals (their parent is a function) are not edges; decide that
      // without generating a USR, which is costly.
      const CXCursorKind pk = clang_getCursorKind(clang_getCursorSemanticParent(ref));
      if (is_function_kind(pk) || pk == CXCursor_LambdaExpr) return;
    }
    if (!is_project(ref)) return;
    const std::string to = usr_of(ref);
    if (to.empty() || fn->local_vars.count(to) != 0) return;
    if (std::find(fn->params.begin(), fn->params.end(), to) != fn->params.end()) return;
    if (!is_project(ref)) return;
    if (auto loc = location_of(c)) add_edge(fn->usr, to, EdgeKind::Reference, *loc);
  }

  // libclang shows an initializer list in its written form, without the
  // converting-constructor calls that build each element ({id, "x"} into a
  // std::vector<Value>). Recover them: element type from the list's type,
  // constructor by the argument's type.
  void visit_init_list(CXCursor list) {
    visit_children(list);
    FunctionState* fn = current_function();
    if (!fn) return;
    CXType t = clang_getCanonicalType(clang_getCursorType(list));
    CXCursor element = clang_getNullCursor();
    if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray) {
      // The backing array of a std::initializer_list.
      element = class_of_type(clang_getArrayElementType(t));
    } else if (clang_Type_getNumTemplateArguments(t) >= 1) {
      element = class_of_type(clang_Type_getTemplateArgumentAsType(t, 0));
    }
    if (clang_Cursor_isNull(element) || !is_project(element)) return;
    CXType element_type = clang_getCanonicalType(clang_getCursorType(element));
    for (const auto& child : children_of(list)) {
      if (!is_expression(child) || clang_getCursorKind(strip(child)) == CXCursor_InitListExpr) continue;
      CXType arg = clang_getCanonicalType(clang_getCursorType(child));
      if (clang_equalTypes(arg, element_type)) continue;
      CXCursor arg_class = class_of_type(arg);
      if (!clang_Cursor_isNull(arg_class) && usr_of(arg_class) == usr_of(element)) continue;
      const std::string ctor = converting_constructor(element, arg);
      if (ctor.empty()) continue;
      if (auto loc = location_of(child)) add_edge(fn->usr, ctor, EdgeKind::Call, *loc);
    }
  }

  static std::string bare_type(CXType t) {
    t = clang_getCanonicalType(t);
    if (t.kind == CXType_LValueReference || t.kind == CXType_RValueReference) t = clang_getPointeeType(t);
    std::string s = take(clang_getTypeSpelling(clang_getCanonicalType(t)));
    if (s.rfind("const ", 0) == 0) s = s.substr(6);
    return s;
  }

  static bool is_integral(CXTypeKind k) {
    return (k >= CXType_Bool && k <= CXType_Int128) && k != CXType_Float && k != CXType_Double;
  }
  static bool is_floating(CXTypeKind k) { return k == CXType_Float || k == CXType_Double || k == CXType_LongDouble; }

  // The single-argument constructor of `cls` that an argument of type `arg`
  // converts through: an exact type match first, then the same family
  // (integral, floating, text); empty when there is no plausible one.
  std::string converting_constructor(CXCursor cls, CXType arg) {
    const std::string key = usr_of(cls) + "|" + bare_type(arg);
    if (auto it = converting_.find(key); it != converting_.end()) return it->second;
    CXCursor def = clang_getCursorDefinition(cls);
    if (clang_Cursor_isNull(def)) def = cls;
    const std::string arg_bare = bare_type(arg);
    const CXTypeKind arg_kind = clang_getCanonicalType(arg).kind;
    const bool arg_text = is_string_like_type(arg);
    std::string exact, family, any;
    for (const auto& m : children_of(def)) {
      if (clang_getCursorKind(m) != CXCursor_Constructor || clang_Cursor_getNumArguments(m) != 1) continue;
      if (clang_CXXConstructor_isCopyConstructor(m) || clang_CXXConstructor_isMoveConstructor(m)) continue;
      CXType param = clang_getCursorType(clang_Cursor_getArgument(m, 0));
      CXType pc = clang_getCanonicalType(param);
      if (pc.kind == CXType_LValueReference || pc.kind == CXType_RValueReference) pc = clang_getCanonicalType(clang_getPointeeType(pc));
      const std::string usr = usr_of(m);
      if (bare_type(param) == arg_bare) exact = usr;
      if (family.empty() && ((is_integral(arg_kind) && is_integral(pc.kind)) ||
                             (is_floating(arg_kind) && is_floating(pc.kind)) ||
                             (arg_text && is_string_like_type(pc)))) {
        family = usr;
      }
      if (any.empty() && (is_integral(arg_kind) || is_floating(arg_kind)) && (is_integral(pc.kind) || is_floating(pc.kind))) {
        any = usr;
      }
    }
    std::string result = !exact.empty() ? exact : !family.empty() ? family : any;
    converting_.emplace(key, result);
    return result;
  }

  void visit_return(CXCursor c) {
    FunctionState* fn = current_function();
    visit_children(c);
    if (!fn) return;
    CXCursor value = clang_getNullCursor();
    for (const auto& child : children_of(c)) {
      if (is_expression(child)) value = child;
    }
    if (clang_Cursor_isNull(value) || !is_string_like_type(clang_getCursorType(value))) {
      fn->returns_unknown = true;
      return;
    }
    // `return kStatements[which];` with `which` a parameter: an accessor
    // that callers with a constant argument resolve to one element.
    if (auto accessor = element_accessor(value)) accessors_[fn->usr] = *accessor;
    StrValue v = fold(value);
    // Only fully constant returns make the function a constant.
    for (const auto& alt : v.alternatives) {
      for (const auto& p : alt) {
        if (p.kind == PieceKind::Param || p.kind == PieceKind::Unknown ||
            (p.kind == PieceKind::VarRef && p.index == -2)) {
          fn->returns_unknown = true;
        }
      }
    }
    fn->returns = alternatives_of(fn->returns, v);
  }

  struct Accessor {
    std::string array;  // USR of the array variable
    int param = -1;     // which parameter indexes it
  };

  std::optional<Accessor> element_accessor(CXCursor value) {
    FunctionState* fn = current_function();
    CXCursor e = strip(value);
    if (!fn || clang_getCursorKind(e) != CXCursor_ArraySubscriptExpr) return std::nullopt;
    auto kids = children_of(e);
    if (kids.size() != 2) return std::nullopt;
    CXCursor base = strip(kids[0]);
    CXCursor index = strip(kids[1]);
    if (clang_getCursorKind(base) != CXCursor_DeclRefExpr || clang_getCursorKind(index) != CXCursor_DeclRefExpr) {
      return std::nullopt;
    }
    CXCursor array = clang_getCursorReferenced(base);
    if (clang_getCursorKind(array) != CXCursor_VarDecl) return std::nullopt;
    const std::string param = usr_of(clang_getCursorReferenced(index));
    auto it = std::find(fn->params.begin(), fn->params.end(), param);
    if (it == fn->params.end()) return std::nullopt;
    return Accessor{usr_of(array), static_cast<int>(it - fn->params.begin())};
  }

  // -------------------------------------------------------------------------
  // Calls.
  struct CallParts {
    CXCursor callee_ref = clang_getNullCursor();
    CXCursor object = clang_getNullCursor();  // member calls: the object expression
    std::vector<CXCursor> args;
    bool is_operator = false;
  };

  CallParts call_parts(CXCursor call) {
    CallParts parts;
    parts.callee_ref = clang_getCursorReferenced(call);
    const std::string spelling = take(clang_getCursorSpelling(call));
    parts.is_operator = spelling.rfind("operator", 0) == 0 && spelling.size() > 8 &&
                        !std::isalnum(static_cast<unsigned char>(spelling[8])) && spelling[8] != '_';
    const int n = clang_Cursor_getNumArguments(call);
    for (int i = 0; i < n; ++i) parts.args.push_back(clang_Cursor_getArgument(call, static_cast<unsigned>(i)));
    // A member call's first child is the MemberRefExpr naming the method; its
    // child is the object.
    auto kids = children_of(call);
    if (!kids.empty()) {
      CXCursor callee = strip(kids.front());
      if (clang_getCursorKind(callee) == CXCursor_MemberRefExpr) {
        for (const auto& k : children_of(callee)) {
          if (is_expression(k)) parts.object = k;
        }
      }
    }
    // Member operators: the object is the first operand.
    if (parts.is_operator && clang_Cursor_isNull(parts.object) && !parts.args.empty() &&
        clang_getCursorKind(parts.callee_ref) == CXCursor_CXXMethod && parts.args.size() >= 1) {
      // libclang lists the operands of an operator call as its arguments;
      // for a member operator the first is the object.
      if (static_cast<int>(parts.args.size()) > clang_Cursor_getNumArguments(parts.callee_ref)) {
        parts.object = parts.args.front();
        parts.args.erase(parts.args.begin());
      }
    }
    return parts;
  }

  std::string local_var_of(CXCursor expr) {
    CXCursor s = strip(expr);
    if (clang_getCursorKind(s) != CXCursor_DeclRefExpr) return {};
    CXCursor ref = clang_getCursorReferenced(s);
    if (clang_getCursorKind(ref) != CXCursor_VarDecl) return {};
    FunctionState* fn = current_function();
    std::string usr = usr_of(ref);
    if (!fn || fn->local_vars.count(usr) == 0) return {};
    return usr;
  }

  // The local stream at the root of `os << a << b`.
  std::string stream_root(CXCursor expr) {
    CXCursor s = strip(expr);
    for (int guard = 0; guard < 64; ++guard) {
      if (clang_getCursorKind(s) != CXCursor_CallExpr) break;
      if (take(clang_getCursorSpelling(s)) != "operator<<") break;
      CallParts p = call_parts(s);
      CXCursor left = !clang_Cursor_isNull(p.object) ? p.object : (p.args.empty() ? clang_getNullCursor() : p.args.front());
      if (clang_Cursor_isNull(left)) break;
      s = strip(left);
    }
    return local_var_of(s);
  }

  void visit_call(CXCursor call) {
    FunctionState* fn = current_function();
    CallParts parts = call_parts(call);
    const CXCursorKind rk = clang_getCursorKind(parts.callee_ref);
    auto site = location_of(call);

    if (fn && site) {
      record_call_edge(call, parts, *site);
      record_call_site(call, parts, *site);
    }
    // Children: the callee reference must not count as a mere reference.
    // Constructor calls have no callee child: their first child is an argument.
    auto kids = children_of(call);
    for (std::size_t i = 0; i < kids.size(); ++i) {
      const bool callee = i == 0 && rk != CXCursor_Constructor && (is_function_kind(rk) || rk == CXCursor_OverloadedDeclRef);
      const bool saved = in_callee_position_;
      in_callee_position_ = callee;
      if (callee && clang_getCursorKind(strip(kids[i])) == CXCursor_MemberRefExpr) {
        // Visit the object expression, not the method reference.
        in_callee_position_ = true;
      }
      visit(kids[i]);
      in_callee_position_ = saved;
    }
    // Effects on local strings apply once the operands are evaluated, so
    // `os << a << b` appends a before b.
    if (fn && site) track_string_effects(parts);
  }

  void record_call_edge(CXCursor call, const CallParts& parts, const Location& site) {
    FunctionState& fn = *current_function();
    CXCursor ref = parts.callee_ref;
    const CXCursorKind rk = clang_getCursorKind(ref);
    if (is_function_kind(rk)) {
      const std::string q = qualified_name(ref);
      const bool functor_call = take(clang_getCursorSpelling(ref)) == "operator()";
      if (functor_call && (q.rfind("std::function", 0) == 0 || q.rfind("std::__1::function", 0) == 0 ||
                           q.rfind("boost::function", 0) == 0)) {
        out_.unresolved_calls.push_back({fn.usr, site, "std::function", callee_text(call)});
        return;
      }
      if (std::string to = project_usr(ref); !to.empty()) add_edge(fn.usr, to, EdgeKind::Call, site);
      return;
    }
    if (rk == CXCursor_OverloadedDeclRef) {
      // A call in a template that names an overload set: every candidate the
      // project declares may be the one.
      const unsigned n = clang_getNumOverloadedDecls(ref);
      for (unsigned i = 0; i < n; ++i) {
        if (std::string to = project_usr(clang_getOverloadedDecl(ref, i)); !to.empty()) {
          add_edge(fn.usr, to, EdgeKind::Call, site);
        }
      }
      return;
    }
    // No declaration: through a pointer, a std::function object, or a
    // dependent expression in a template.
    auto kids = children_of(call);
    std::string reason = "dependent";
    if (!kids.empty()) {
      CXType t = clang_getCanonicalType(clang_getCursorType(strip(kids.front())));
      const std::string ts = take(clang_getTypeSpelling(t));
      if (t.kind == CXType_Pointer || t.kind == CXType_FunctionProto || t.kind == CXType_MemberPointer ||
          contains(ts, "(*)")) {
        reason = "function pointer";
      } else if (contains(ts, "std::function") || contains(ts, "std::__1::function")) {
        reason = "std::function";
      }
    }
    if (rk == CXCursor_VarDecl || rk == CXCursor_ParmDecl || rk == CXCursor_FieldDecl) {
      const std::string ts = take(clang_getTypeSpelling(clang_getCanonicalType(clang_getCursorType(ref))));
      reason = contains(ts, "function<") ? "std::function" : "function pointer";
    }
    out_.unresolved_calls.push_back({fn.usr, site, reason, callee_text(call)});
  }

  std::string callee_text(CXCursor call) {
    auto kids = children_of(call);
    std::string text = kids.empty() ? take(clang_getCursorSpelling(call)) : extent_text(kids.front());
    if (text.size() > 80) text = text.substr(0, 77) + "...";
    return text;
  }

  std::string extent_text(CXCursor c) {
    // Only the start matters (it is shown shortened); tokenizing a whole
    // lambda or initializer would cost far more than the parse of it.
    CXSourceRange range = clang_getCursorExtent(c);
    CXSourceLocation begin = clang_getRangeStart(range);
    CXSourceLocation end = clang_getRangeEnd(range);
    CXFile file = nullptr, end_file = nullptr;
    unsigned begin_offset = 0, end_offset = 0;
    clang_getSpellingLocation(begin, &file, nullptr, nullptr, &begin_offset);
    clang_getSpellingLocation(end, &end_file, nullptr, nullptr, &end_offset);
    if (file && file == end_file && end_offset > begin_offset + 160) {
      range = clang_getRange(begin, clang_getLocationForOffset(tu_, file, begin_offset + 160));
    }
    CXToken* tokens = nullptr;
    unsigned n = 0;
    clang_tokenize(tu_, range, &tokens, &n);
    std::string out;
    for (unsigned i = 0; i < n && out.size() < 120; ++i) {
      if (!out.empty()) out += ' ';
      out += take(clang_getTokenSpelling(tu_, tokens[i]));
    }
    if (tokens) clang_disposeTokens(tu_, tokens, n);
    return out;
  }

  void record_call_site(CXCursor call, const CallParts& parts, const Location& site) {
    FunctionState& fn = *current_function();
    CallSite cs;
    cs.caller = fn.usr;
    const CXCursorKind rk = clang_getCursorKind(parts.callee_ref);
    if (is_function_kind(rk)) {
      cs.callee = usr_of(parts.callee_ref);
      cs.callee_name = qualified_name(parts.callee_ref);
    } else {
      cs.callee_name = take(clang_getCursorSpelling(call));
    }
    cs.site = site;
    for (std::size_t i = 0; i < parts.args.size(); ++i) {
      CXCursor a = parts.args[i];
      const bool string_like = is_string_like_type(clang_getCursorType(a));
      if (!string_like && clang_getCursorKind(strip(a)) != CXCursor_StringLiteral) continue;
      StrValue v = fold(a);
      if (!string_like && !has_constant_part(v)) continue;
      cs.args.push_back(CallArg{static_cast<int>(i), std::move(v)});
    }
    if (!clang_Cursor_isNull(parts.object)) {
      CXType ot = clang_getCursorType(parts.object);
      cs.object_type = qualified_type_name(ot);
      cs.object_var = local_var_of(parts.object);
      if (is_string_like_type(ot)) cs.object_value = fold(parts.object);
    } else if (rk == CXCursor_CXXMethod || rk == CXCursor_Constructor) {
      CXCursor cls = clang_getCursorSemanticParent(parts.callee_ref);
      if (is_class_kind(clang_getCursorKind(cls))) cs.object_type = qualified_name(cls);
    }
    // Keep calls that carry strings, and member calls on locals (commit()
    // on a transaction object carries no string but ends its scope).
    if (cs.args.empty() && cs.object_value.empty() && cs.object_var.empty()) return;
    cs.order = fn.order++;
    out_.call_sites.push_back(std::move(cs));
  }

  // Updates the tracked value of local strings and streams.
  void track_string_effects(const CallParts& parts) {
    FunctionState& fn = *current_function();
    const std::string name = take(clang_getCursorSpelling(parts.callee_ref));
    const std::string q = is_function_kind(clang_getCursorKind(parts.callee_ref)) ? qualified_name(parts.callee_ref) : name;

    if (!clang_Cursor_isNull(parts.object)) {
      const std::string var = local_var_of(parts.object);
      if (!var.empty() && fn.locals.count(var)) {
        if ((name == "operator=" || name == "assign") && !parts.args.empty()) {
          fn.locals[var] = fold(parts.args.front());
        } else if ((name == "operator+=" || name == "append" || name == "push_back") && !parts.args.empty()) {
          fn.locals[var] = concat(fn.locals[var], fold(parts.args.front()));
        }
      }
    }
    if (name == "operator<<") {
      CXCursor left = !clang_Cursor_isNull(parts.object) ? parts.object : (parts.args.empty() ? clang_getNullCursor() : parts.args.front());
      CXCursor right = parts.args.empty() ? clang_getNullCursor() : parts.args.back();
      if (!clang_Cursor_isNull(left) && !clang_Cursor_isNull(right)) {
        const std::string var = stream_root(left);
        if (!var.empty() && fn.locals.count(var)) {
          StrValue piece = is_string_like_type(clang_getCursorType(right)) ? fold(right) : unknown_value(extent_text(right));
          fn.locals[var] = concat(fn.locals[var], piece);
        }
      }
    }
    int format_index = -1;
    if (is_printf_into_buffer(q, format_index) && static_cast<int>(parts.args.size()) > format_index) {
      const std::string var = local_var_of(parts.args.front());
      if (!var.empty()) fn.locals[var] = fold(parts.args[static_cast<std::size_t>(format_index)]);
    }
    if ((q == "strcpy" || q == "std::strcpy" || q == "strncpy" || q == "strcat" || q == "std::strcat" || q == "strncat") &&
        parts.args.size() >= 2) {
      const std::string var = local_var_of(parts.args.front());
      if (!var.empty()) {
        StrValue src = fold(parts.args[1]);
        fn.locals[var] = (q.find("cat") != std::string::npos) ? concat(fn.locals[var], src) : src;
      }
    }
  }

  // -------------------------------------------------------------------------
  // Folding an expression to a string value.
  StrValue fold(CXCursor expr, int depth = 0) {
    if (depth > 24) return unknown_value("...");
    CXCursor e = strip(expr);
    const CXCursorKind k = clang_getCursorKind(e);
    switch (k) {
      case CXCursor_StringLiteral:
        return literal_of(e);
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
      default:
        break;
    }
    return unknown_value(extent_text(e));
  }

  int constant_index(CXCursor c) {
    CXEvalResult r = clang_Cursor_Evaluate(c);
    int index = -2;
    if (r) {
      if (clang_EvalResult_getKind(r) == CXEval_Int) index = static_cast<int>(clang_EvalResult_getAsLongLong(r));
      clang_EvalResult_dispose(r);
    }
    return index;
  }

  StrValue literal_of(CXCursor lit) {
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

  StrValue fold_ref(CXCursor e) {
    CXCursor ref = clang_getCursorReferenced(e);
    const CXCursorKind rk = clang_getCursorKind(ref);
    const std::string usr = usr_of(ref);
    if (FunctionState* fn = current_function()) {
      auto p = std::find(fn->params.begin(), fn->params.end(), usr);
      if (p != fn->params.end()) {
        StrValue v;
        v.alternatives.push_back({Piece{PieceKind::Param, take(clang_getCursorSpelling(ref)),
                                        static_cast<int>(p - fn->params.begin())}});
        return v;
      }
      if (auto it = fn->locals.find(usr); it != fn->locals.end() && !it->second.empty()) return it->second;
      if (fn->local_vars.count(usr)) return unknown_value(take(clang_getCursorSpelling(ref)));
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

  StrValue fold_call(CXCursor e, int depth) {
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
    if (is_constructor(parts.callee_ref)) {
      if (parts.args.empty()) return literal_value("");
      if (is_string_like_type(clang_getCursorType(parts.args.front())) ||
          clang_getCursorKind(strip(parts.args.front())) == CXCursor_StringLiteral) {
        return fold(parts.args.front(), depth + 1);
      }
      if (parts.args.size() == 1) return fold(parts.args.front(), depth + 1);  // copy/move
    }
    // Conversion operators (std::string -> std::string_view, QString ->
    // QByteArray...) hand on the object's text.
    if (!clang_Cursor_isNull(parts.object) && rk == CXCursor_ConversionFunction &&
        is_string_like_type(clang_getCursorType(parts.object))) {
      return fold(parts.object, depth + 1);
    }
    if (!clang_Cursor_isNull(parts.object) && is_passthrough_method(name) &&
        (is_string_like_type(clang_getCursorType(parts.object)) || is_stream_type(clang_getCursorType(parts.object)) ||
         name == "str")) {
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
    if (is_concat_function(q)) {
      StrValue v;
      for (const auto& a : parts.args) v = concat(v, fold(a, depth + 1));
      return v;
    }
    if (is_function_kind(rk)) {
      const std::string usr = usr_of(parts.callee_ref);
      if (auto acc = accessors_.find(usr); acc != accessors_.end() &&
                                           acc->second.param < static_cast<int>(parts.args.size())) {
        StrValue v;
        v.alternatives.push_back(
            {Piece{PieceKind::VarRef, acc->second.array,
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
    if (rk == CXCursor_CXXMethod && !clang_Cursor_isNull(parts.object) && (name == "operator[]" || name == "at" || name == "value")) {
      StrValue base = fold(parts.object, depth + 1);
      if (base.alternatives.size() == 1 && base.alternatives[0].size() == 1 &&
          base.alternatives[0][0].kind == PieceKind::VarRef) {
        Piece p = base.alternatives[0][0];
        p.index = -2;
        StrValue v;
        v.alternatives.push_back({p});
        return v;
      }
    }
    return unknown_value(extent_text(e));
  }

  // -------------------------------------------------------------------------
  void collect_includes() {
    clang_getInclusions(
        tu_,
        [](CXFile included, CXSourceLocation* stack, unsigned depth, CXClientData data) {
          if (depth == 0) return;
          auto* self = static_cast<Visitor*>(data);
          CXFile from = nullptr;
          unsigned line = 0, column = 0;
          clang_getSpellingLocation(stack[0], &from, &line, &column, nullptr);
          const FileInfo* fi = self->file_info(from, stack[0]);
          if (!fi || !fi->project) return;  // most inclusions are system headers including each other
          // A file's first location, only when the cache has not seen it.
          auto known = self->files_.find(included);
          const FileInfo* ti = known != self->files_.end()
                                   ? &known->second
                                   : self->file_info(included, clang_getLocation(self->tu_, included, 1, 1));
          if (!ti || !ti->project) return;
          self->include_edges_.push_back({fi->path, ti->path, line});
        },
        this);
  }

  void finish() {
    // File symbols for every project file seen, and include edges.
    std::map<std::string, bool> files;
    for (const auto& [file, info] : files_) {
      if (info.project) files.emplace(info.path, true);
    }
    for (const auto& [path, _] : files) {
      Symbol s;
      s.id = "file:" + path;
      s.name = path;
      s.kind = SymbolKind::File;
      s.loc = Location{path, 1, 1};
      s.is_definition = true;
      out_.symbols.push_back(std::move(s));
    }
    for (const auto& inc : include_edges_) {
      out_.edges.push_back(Edge{"file:" + inc.from, "file:" + inc.to, EdgeKind::Include, Location{inc.from, inc.line, 1}});
    }
  }

  struct IncludeEdge {
    std::string from;
    std::string to;
    unsigned line;
  };

  CXTranslationUnit tu_;
  const ScopeRules& scope_;
  TuFacts& out_;
  std::unordered_map<CXFile, FileInfo> files_;
  std::unordered_multimap<unsigned, std::pair<CXCursor, std::string>> names_;
  std::unordered_map<std::string, std::size_t> symbol_index_;
  std::unordered_set<std::string> constant_functions_;
  std::unordered_map<std::string, Accessor> accessors_;
  std::unordered_map<std::string, std::string> converting_;
  std::vector<IncludeEdge> include_edges_;
  bool in_callee_position_ = false;
  unsigned scope_end_line_ = 0;
};

}  // namespace

void extract_facts(CXTranslationUnit tu, const ScopeRules& scope, TuFacts& out) {
  Visitor(tu, scope, out).run();
}

}  // namespace cleave::frontend::detail
