// Declarations: what the project declares, and the edges a declaration
// implies by itself.
//
// Contract
//  - Produces Symbols for namespaces, classes (struct, union, class
//    templates), enums, functions (free, member, constructors, destructors,
//    conversions, templates), namespace-scope and static member variables,
//    and fields; one per USR per TU, the definition winning over a
//    declaration.
//  - Produces the edges declarations imply: MemberOf (member -> class),
//    Override (method -> the methods it overrides), Inherits (class -> base,
//    from CXXBaseSpecifier), FieldType (class -> the class a field's type
//    names), TypeUse (owner -> a class or enum named by a TypeRef or
//    TemplateRef, and function -> its return type's class).
//  - Only project declarations yield symbols; edges point only at project
//    declarations (a template's instantiation is reported as the template).
//  - Opens the per-function state (parameters) the calls and string parts
//    read while the body is walked; a function's constant return value is
//    recorded by sql_strings.cpp when the body is done. Locals are handed to
//    locals.cpp.
#include "frontend/cursors.hpp"
#include "frontend/visitor.hpp"

namespace cleave::frontend::detail {

void Visitor::visit_namespace(CXCursor c) {
  if (!is_project(c)) return;
  auto loc = location_of(c);
  emit_symbol(c, SymbolKind::Namespace, usr_of(c), *loc);
  visit_children(c);
}

void Visitor::visit_enum(CXCursor c) {
  if (!is_project(c)) return;
  const std::string usr = usr_of(c);
  if (usr.empty()) return;
  emit_symbol(c, SymbolKind::Enum, usr, *location_of(c));
  member_of(c, usr);
}

void Visitor::emit_symbol(CXCursor c, SymbolKind kind, const std::string& usr, const Location& loc) {
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
  s.is_implicit = clang_Cursor_isNull(c) == 0 && clang_getCursorKind(c) != CXCursor_Namespace && (loc.line == 0);
  if (kind == SymbolKind::Method || kind == SymbolKind::Constructor || kind == SymbolKind::Destructor) {
    s.is_static = clang_CXXMethod_isStatic(c) != 0;
  } else if (kind == SymbolKind::Function || kind == SymbolKind::Variable) {
    s.is_static = clang_Cursor_getStorageClass(c) == CX_SC_Static;
  }
  s.in_anonymous_namespace = s.name.find("(anonymous namespace)") != std::string::npos;
  if (kind == SymbolKind::Function || kind == SymbolKind::Method || kind == SymbolKind::Constructor ||
      kind == SymbolKind::Destructor) {
    s.signature = take(clang_getTypeSpelling(clang_getCursorType(c)));
    // A function defaulted where it is declared is defined there, but the
    // compiler marks it so, and computes its exception specification, only
    // once some body uses it: which bodies were parsed (system headers' are
    // skipped) must not change the facts.
    if (clang_CXXMethod_isDefaulted(c)) {
      s.is_definition = true;
      constexpr std::string_view computed = " noexcept";
      if (s.signature.ends_with(computed)) s.signature.resize(s.signature.size() - computed.size());
    }
  }
  if (kind == SymbolKind::Field) {
    // The class a field holds, and whether by value: what makes a class
    // that holds a transaction object a transaction type.
    const CXType t = clang_getCursorType(c);
    s.signature = qualified_type_name(t);
    if (t.kind == CXType_LValueReference || t.kind == CXType_RValueReference) s.signature += " &";
    if (t.kind == CXType_Pointer) s.signature += " *";
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

// The declaration a type names, through typedefs, pointers, references
// and arrays; null when it is not a class.
CXCursor Visitor::class_of_type(CXType t) {
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

std::string Visitor::qualified_type_name(CXType t) {
  CXCursor d = class_of_type(t);
  if (clang_Cursor_isNull(d)) return take(clang_getTypeSpelling(clang_getCanonicalType(t)));
  return qualified_name(d);
}

// The canonical declaration for a referenced cursor: definitions and
// redeclarations share a USR, so the USR is the identity.
std::string Visitor::project_usr(CXCursor ref) {
  if (clang_Cursor_isNull(ref) || !is_project(ref)) return {};
  // A call into an instantiation (process<int>, Box<Item>::log) is a call
  // of what the project wrote: the template.
  CXCursor tmpl = clang_getSpecializedCursorTemplate(ref);
  if (!clang_Cursor_isNull(tmpl) && !clang_isInvalid(clang_getCursorKind(tmpl))) return usr_of(tmpl);
  return usr_of(ref);
}

void Visitor::member_of(CXCursor c, const std::string& usr) {
  CXCursor parent = clang_getCursorSemanticParent(c);
  if (is_class_kind(clang_getCursorKind(parent))) {
    if (auto loc = location_of(c)) add_edge(usr, usr_of(parent), EdgeKind::MemberOf, *loc);
  }
}

void Visitor::visit_class(CXCursor c) {
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

void Visitor::visit_function(CXCursor c) {
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
  state.cursor = c;
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
  if (k == CXCursor_Constructor) {
    visit_constructor_children(c);
  } else {
    visit_children(c);
  }
  owners_.pop_back();
  FunctionState done = std::move(functions_.back());
  functions_.pop_back();
  record_constant_function(c, usr, *loc, done);
}

void Visitor::visit_var(CXCursor c) {
  if (current_function()) {
    visit_local_var(c);
    return;
  }
  const std::string usr = usr_of(c);
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

void Visitor::visit_field(CXCursor c) {
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

void Visitor::visit_base(CXCursor c) {
  const std::string cls = enclosing_class_usr();
  if (cls.empty()) return;
  CXCursor base = class_of_type(clang_getCursorType(c));
  if (clang_Cursor_isNull(base)) base = clang_getCursorReferenced(c);
  if (std::string to = project_usr(base); !to.empty()) {
    if (auto loc = location_of(c)) add_edge(cls, to, EdgeKind::Inherits, *loc);
  }
}

void Visitor::visit_type_ref(CXCursor c) {
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

}  // namespace cleave::frontend::detail
