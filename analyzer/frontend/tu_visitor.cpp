// The shared core of the TU visitor: the walk, where things are, and names.
//
// Contract
//  - `visit` is the only dispatch: each cursor kind goes to the part that owns
//    its facts (see visitor.hpp for the map). Children are visited in source
//    order, so facts come out in the order the code is written.
//  - Produces: TuFacts::includes (every file the parse read, real paths, sorted),
//    a File symbol for every project file seen, and an Include edge
//    for every #include from one project file of another (from
//    clang_getInclusions, not from cursors).
//  - Decides what is the project's: not a system header, under the project
//    root, in no vendored folder (frontend::vendored_folder) and matching no
//    third-party glob; cached per file.
#include "frontend/tu_visitor.hpp"

#include "core/glob.hpp"
#include "core/paths.hpp"
#include "frontend/cursors.hpp"
#include "frontend/frontend.hpp"
#include "frontend/visitor.hpp"

#include <algorithm>
#include <map>

namespace cleave::frontend::detail {

void Visitor::run() {
  CXCursor root = clang_getTranslationUnitCursor(tu_);
  visit_children(root);
  collect_includes();
  finish();
}

const Visitor::FileInfo* Visitor::file_info(CXFile file, CXSourceLocation loc) {
  if (!file) return nullptr;
  auto it = files_.find(file);
  if (it != files_.end()) return &it->second;
  FileInfo info;
  info.path = normalize_path(take(clang_getFileName(file)));
  info.project = !clang_Location_isInSystemHeader(loc) && in_scope(info.path);
  return &files_.emplace(file, std::move(info)).first->second;
}

bool Visitor::in_scope(const std::string& path) const {
  if (!scope_.project_root.empty()) {
    const std::string& r = scope_.project_root;
    if (path.size() <= r.size() || path.compare(0, r.size(), r) != 0 || (r != "/" && path[r.size()] != '/')) {
      return false;
    }
  }
  if (!vendored_folder(path, scope_.project_root).empty()) return false;
  for (const auto& g : scope_.third_party) {
    if (glob_match(g, path)) return false;
  }
  return true;
}

std::optional<Location> Visitor::location_of(CXCursor c, bool* project) {
  CXSourceLocation loc = clang_getCursorLocation(c);
  CXFile file = nullptr;
  unsigned line = 0, column = 0;
  clang_getExpansionLocation(loc, &file, &line, &column, nullptr);
  const FileInfo* info = file_info(file, loc);
  if (!info) return std::nullopt;
  if (project) *project = info->project;
  return Location{info->path, line, column};
}

bool Visitor::is_project(CXCursor c) {
  bool project = false;
  return location_of(c, &project).has_value() && project;
}

std::string Visitor::usr_of(CXCursor c) { return take(clang_getCursorUSR(c)); }

std::string Visitor::qualified_name(CXCursor c) {
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

std::string Visitor::extent_text(CXCursor c) {
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

void Visitor::add_edge(const std::string& from, const std::string& to, EdgeKind kind, const Location& site) {
  if (from.empty() || to.empty() || from == to) return;
  // Calls are only added from inside a function body, by that function.
  const FunctionState* fn = functions_.empty() ? nullptr : &functions_.back();
  const bool in_loop = kind == EdgeKind::Call && fn && fn->loop_depth > 0;
  out_.edges.push_back(Edge{from, to, kind, site, in_loop});
}

std::string Visitor::enclosing_class_usr() const {
  for (auto it = owners_.rbegin(); it != owners_.rend(); ++it) {
    if (it->kind == OwnerKind::Class) return it->usr;
  }
  return {};
}

void Visitor::visit_children(CXCursor c) {
  std::vector<CXCursor> kids = children_of(c);
  for (const auto& k : kids) visit(k);
}

void Visitor::visit(CXCursor c) {
  const CXCursorKind kind = clang_getCursorKind(c);
  switch (kind) {
    case CXCursor_Namespace:
      visit_namespace(c);
      return;
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
    case CXCursor_EnumDecl:
      visit_enum(c);
      return;
    case CXCursor_FunctionDecl:
    case CXCursor_FunctionTemplate:
    case CXCursor_CXXMethod:
    case CXCursor_Constructor:
    case CXCursor_Destructor:
    case CXCursor_ConversionFunction:
      visit_function(c);
      return;
    case CXCursor_VarDecl:
      find_state(c);
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
      find_call_hazard(c);
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
    case CXCursor_BinaryOperator:
      visit_assignment(c);
      return;
    case CXCursor_InitListExpr:
      visit_init_list(c);
      return;
    case CXCursor_CompoundStmt:
      visit_block(c);
      return;
    case CXCursor_ForStmt:
    case CXCursor_CXXForRangeStmt:
    case CXCursor_WhileStmt:
    case CXCursor_DoStmt:
      visit_loop(c);
      return;
    default:
      // Statements and expressions at any depth may hold calls; declarations
      // outside the project are skipped wholesale.
      if (clang_isDeclaration(kind) && functions_.empty() && !is_project(c)) return;
      visit_children(c);
      return;
  }
}

// The whole statement is the loop: its condition and increment run as often
// as its body. A range-for's range expression runs once, before the loop:
// libclang gives it (and the loop variable) before the body, which comes
// last, so only the body is in the loop there. Lambdas are walked as part of the enclosing
// function (their calls are its calls), so a lambda written inside a loop
// counts as in it; a local class's methods push a FunctionState of their own,
// whose depth starts at 0. The depth is looked up again after the children:
// a nested function may have grown `functions_` meanwhile.
void Visitor::visit_loop(CXCursor c) {
  std::vector<CXCursor> kids = children_of(c);
  const std::size_t first = clang_getCursorKind(c) == CXCursor_CXXForRangeStmt && !kids.empty() ? kids.size() - 1 : 0;
  for (std::size_t i = 0; i < first; ++i) visit(kids[i]);
  if (FunctionState* fn = current_function()) ++fn->loop_depth;
  for (std::size_t i = first; i < kids.size(); ++i) visit(kids[i]);
  if (FunctionState* fn = current_function()) --fn->loop_depth;
}

void Visitor::collect_includes() {
  clang_getInclusions(
      tu_,
      [](CXFile included, CXSourceLocation* stack, unsigned depth, CXClientData data) {
        auto* self = static_cast<Visitor*>(data);
        // Every file the parse read, by its real path (lexical normalisation of
        // "bin/../lib/gcc/.../../../include" goes wrong across symbolic links):
        // what a cached copy of the facts depends on.
        std::string real = take(clang_File_tryGetRealPathName(included));
        self->out_.includes.push_back(real.empty() ? normalize_path(take(clang_getFileName(included))) : real);
        if (depth == 0) return;
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

void Visitor::finish() {
  std::sort(out_.includes.begin(), out_.includes.end());
  out_.includes.erase(std::unique(out_.includes.begin(), out_.includes.end()), out_.includes.end());
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
    out_.edges.push_back(
        Edge{"file:" + inc.from, "file:" + inc.to, EdgeKind::Include, Location{inc.from, inc.line, 1}});
  }
}

void extract_facts(CXTranslationUnit tu, const ScopeRules& scope, TuFacts& out) { Visitor(tu, scope, out).run(); }

}  // namespace cleave::frontend::detail
