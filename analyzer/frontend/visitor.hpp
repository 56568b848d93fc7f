// Internal: the one walk over a parsed TU, and the state its parts share.
//
// The walk is a single recursive descent (`visit`) that dispatches each cursor
// to the part that owns the facts it yields. The parts are member functions
// of one class, defined in one file per kind of fact:
//
//   tu_visitor.cpp    the walk itself, where things are (files, scope rules),
//                     names, the text of a cursor, adding an edge; file
//                     symbols and include edges
//   cursors.cpp       stateless questions about cursors and types
//   declarations.cpp  symbols, and the edges that declarations imply
//                     (member-of, override, inherits, type uses, field types)
//   calls.cpp         call edges, unresolved calls, call sites, references
//                     from function bodies
//   sql_strings.cpp   folding expressions to string values: call-site
//                     arguments, tracked local strings and streams
//   string_stores.cpp where strings are kept: var values (constants and
//                     functions that return one), stores into members
//   locals.cpp        LocalVar facts (RAII transactions) and block scopes
//   hazards.cpp       Hazard facts: static state, local files, background
//                     work, listening sockets (issue 17)
//
// One class rather than one per part because the parts interleave within a
// single cursor (a call both adds an edge and folds its arguments, in source
// order, against the same function's state), and the walk must stay single.
#pragma once

#include "core/facts.hpp"
#include "frontend/tu_visitor.hpp"

#include <clang-c/Index.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cleave::frontend::detail {

class Visitor {
 public:
  Visitor(CXTranslationUnit tu, const ScopeRules& scope, TuFacts& out) : tu_(tu), scope_(scope), out_(out) {}

  void run();

 private:
  // ---- tu_visitor.cpp: the walk, locations, names, shared helpers ----------
  struct FileInfo {
    std::string path;
    bool project = false;
  };

  const FileInfo* file_info(CXFile file, CXSourceLocation loc);
  bool in_scope(const std::string& path) const;
  std::optional<Location> location_of(CXCursor c, bool* project = nullptr);
  bool is_project(CXCursor c);
  std::string usr_of(CXCursor c);
  std::string qualified_name(CXCursor c);
  // The start of a cursor's text as written, for display (tokens, shortened).
  std::string extent_text(CXCursor c);
  // Drops self-edges and edges with an empty end.
  void add_edge(const std::string& from, const std::string& to, EdgeKind kind, const Location& site);

  void visit_children(CXCursor c);
  void visit(CXCursor c);
  void visit_loop(CXCursor c);
  void collect_includes();
  void finish();

  // Owners: what edges found right now are attributed to.
  enum class OwnerKind { Class, Function, Field, Variable };
  struct Owner {
    OwnerKind kind;
    std::string usr;
  };

  struct FunctionState {
    std::string usr;
    std::vector<std::string> params;  // USRs in order
    std::unordered_map<std::string, StrValue> locals;
    std::unordered_set<std::string> local_vars;  // every local's USR, string or not
    StrValue returns;
    bool returns_unknown = false;
    unsigned order = 0;
    // String members this function stored into: USR -> index of its last
    // store in TuFacts::call_sites, which appends extend.
    std::unordered_map<std::string, std::size_t> field_stores;
    // Loop statements (for, range-for, while, do) around the cursor being
    // visited, within this function only: a local class's method is a
    // function of its own and starts at 0; a lambda is not (its calls are
    // the enclosing function's), so a lambda written in a loop is in it.
    unsigned loop_depth = 0;
    CXCursor cursor = clang_getNullCursor();  // the declaration being walked
  };

  const Owner* current_owner() const { return owners_.empty() ? nullptr : &owners_.back(); }
  FunctionState* current_function() { return functions_.empty() ? nullptr : &functions_.back(); }
  std::string enclosing_class_usr() const;

  // ---- declarations.cpp: symbols and the edges declarations imply ----------
  void emit_symbol(CXCursor c, SymbolKind kind, const std::string& usr, const Location& loc);
  CXCursor class_of_type(CXType t);
  std::string qualified_type_name(CXType t);
  std::string project_usr(CXCursor ref);
  void member_of(CXCursor c, const std::string& usr);
  void visit_namespace(CXCursor c);
  void visit_enum(CXCursor c);
  void visit_class(CXCursor c);
  void visit_function(CXCursor c);
  void visit_var(CXCursor c);
  void visit_field(CXCursor c);
  void visit_base(CXCursor c);
  void visit_type_ref(CXCursor c);

  // ---- calls.cpp: calls, call sites, references from bodies ---------------
  struct CallParts {
    CXCursor callee_ref = clang_getNullCursor();
    CXCursor object = clang_getNullCursor();  // member calls: the object expression
    CXCursor member = clang_getNullCursor();  // member calls: the MemberRefExpr naming the method
    std::vector<CXCursor> args;
    bool is_operator = false;
  };

  CallParts call_parts(CXCursor call);
  void visit_call(CXCursor call);
  void record_call_edge(CXCursor call, const CallParts& parts, const Location& site);
  void record_call_site(CXCursor call, const CallParts& parts, const Location& site);
  void record_forwarded_construction(const CallParts& parts, const Location& site);
  CXCursor overload_set_of(CXCursor call, const CallParts& parts);
  CXCursor dependent_member(const CallParts& parts);
  std::string callee_text(CXCursor call);
  bool is_named_object(CXCursor expr);
  void visit_ref(CXCursor c);
  void visit_init_list(CXCursor list);
  std::string converting_constructor(CXCursor cls, CXType arg);

  // ---- sql_strings.cpp: string values -------------------------------------
  struct Accessor {
    std::string array;  // USR of the array variable
    int param = -1;     // which parameter indexes it
  };

  StrValue fold(CXCursor expr, int depth = 0);
  StrValue fold_ref(CXCursor e);
  StrValue fold_call(CXCursor e, int depth);
  std::optional<StrValue> file_read(CXCursor call, const CallParts& parts, int depth);
  StrValue fold_text(CXCursor expr);
  std::optional<StrValue> template_arg(CXCursor e, CXCursor ref);
  std::string last_identifier(CXCursor e);
  std::optional<std::string> constant_text(const StrValue& v) const;
  StrValue opened_file(const StrValue& name) const;
  std::string operator_token(CXCursor binary, CXCursor lhs);
  StrValue literal_of(CXCursor lit);
  StrValue suffixed_literal(CXCursor udl);
  int constant_index(CXCursor c);
  std::string stream_root(CXCursor expr);
  void track_string_effects(const CallParts& parts);

  // ---- string_stores.cpp: where strings are kept ----------------------------
  void track_local_string(FunctionState& fn, CXCursor var, const std::string& usr, CXType type);
  void record_constant(CXCursor c, const std::string& usr, const Location& loc);
  void record_constant_function(CXCursor c, const std::string& usr, const Location& loc, FunctionState& done);
  void collect_elements(CXCursor list, std::vector<StrValue>& out, int depth = 0);
  StrValue initializer_value(CXCursor var);
  void visit_return(CXCursor c);
  std::optional<Accessor> element_accessor(CXCursor value);
  // Stores into string members: `sql_ = s;` (visit_assignment), a
  // constructor's member initializers (visit_constructor_children).
  std::string string_field_of(CXCursor expr);
  void record_field_store(CXCursor field, StrValue value, const Location& site);
  void append_to_field(CXCursor member, const StrValue& value);
  void visit_assignment(CXCursor c);
  void visit_constructor_children(CXCursor ctor);

  // ---- locals.cpp: local variables and block scopes ------------------------
  void visit_local_var(CXCursor c);
  void visit_block(CXCursor c);
  std::string local_var_of(CXCursor expr);

  // ---- hazards.cpp: what assumes a long-lived process -----------------------
  void find_state(CXCursor var);
  void find_call_hazard(CXCursor call);
  void find_emplaced_thread(CXCursor call);
  std::string singleton_class(CXCursor var, CXCursor parent, bool local);
  std::string api_key(CXCursor callee, bool construct);
  StrValue path_value(CXCursor arg);
  std::vector<std::vector<std::string>> written_args(CXCursor call);
  bool reads_configuration_parameter(const StrValue& path);
  void add_hazard(HazardKind kind, std::string variable, const Location& loc, std::string what);

  struct IncludeEdge {
    std::string from;
    std::string to;
    unsigned line;
  };

  CXTranslationUnit tu_;
  const ScopeRules& scope_;
  TuFacts& out_;
  std::vector<Owner> owners_;
  std::vector<FunctionState> functions_;
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

}  // namespace cleave::frontend::detail
