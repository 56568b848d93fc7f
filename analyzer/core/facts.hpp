// Per-translation-unit facts: what the front end extracts from one parse.
//
// Contract
//  - Facts are plain data: no libclang, no Boost.Graph types. Every later
//    stage (sql, model, decompose, reports) reads these and nothing else from
//    the front end.
//  - Symbols are keyed by clang's USR, so a header seen from many TUs yields
//    the same id each time; the model merges by id.
//  - Paths are absolute and lexically normalised; lines are 1-based.
//  - Nothing here is ordered meaningfully: consumers sort before emitting, so
//    output never depends on traversal or TU order.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace cleave {

struct Location {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;

  friend bool operator==(const Location&, const Location&) = default;
  friend auto operator<=>(const Location&, const Location&) = default;
};

enum class SymbolKind : std::uint8_t {
  File,
  Namespace,
  Class,  // class, struct and union (see `tag`)
  Enum,
  Function,  // free function, static member function counts as Method
  Method,
  Constructor,
  Destructor,
  Variable,  // namespace-scope or static member variable
  Field,
};

std::string_view to_string(SymbolKind kind);
bool parse_symbol_kind(std::string_view text, SymbolKind& out);
// Function, method, constructor or destructor.
bool is_function_kind(SymbolKind kind);

struct Symbol {
  std::string id;    // USR (files: "file:" + absolute path)
  std::string name;  // fully qualified, as clang prints it: shop::OrderService::place
  SymbolKind kind = SymbolKind::Function;
  std::string tag;  // "class" | "struct" | "union" for Class; empty otherwise
  Location loc;     // the definition when the TU has it, else the first declaration
  bool is_definition = false;
  std::string parent;      // USR of the enclosing class or namespace; empty at global scope
  bool is_static = false;  // static member function / internal-linkage function
  bool is_virtual = false;
  bool is_implicit = false;  // compiler-generated; never reported as a unit
  bool in_anonymous_namespace = false;
  std::string signature;  // display type, e.g. "void (int)"; for overload disambiguation. A field's: the
                          // qualified class or type it holds, with " &" / " *" when not held by value
};

enum class EdgeKind : std::uint8_t {
  Call,       // function -> function (incl. constructors, operators)
  Override,   // overriding method -> overridden method
  Inherits,   // derived class -> base class
  MemberOf,   // method/field -> class
  FieldType,  // class -> class used as a field type (composition)
  TypeUse,    // function/class -> class used as parameter, local, return, template arg
  Include,    // file -> file
  Reference,  // function -> variable/field it uses, or function whose address it takes
  Dispatch,   // caller -> override it may reach through a virtual call (derived in the model)
};

std::string_view to_string(EdgeKind kind);
bool parse_edge_kind(std::string_view text, EdgeKind& out);

struct Edge {
  std::string from;
  std::string to;
  EdgeKind kind = EdgeKind::Call;
  Location site;
  bool in_loop = false;  // Call: the site is inside a for, while or do loop of the caller
};

// A call the front end could not bind to a declaration at compile time:
// through a function pointer, std::function, or a dependent expression.
struct UnresolvedCall {
  std::string caller;  // USR of the enclosing function
  Location site;
  std::string reason;  // "function pointer" | "std::function" | "dependent" | ...
  std::string text;    // the callee expression as written (shortened)
};

// ---------------------------------------------------------------------------
// String values: what the front end could fold of an expression that may
// carry SQL. A value is one or more alternatives (a ternary of literals gives
// two); each alternative is a concatenation of pieces.
enum class PieceKind : std::uint8_t {
  Literal,      // text: the literal's characters (escapes resolved)
  VarRef,       // text: USR of a variable whose value is known elsewhere (VarValue);
                // index -1: the whole value; >= 0: that element of an array/map of
                // statements; -2: any one element (one alternative per element)
  Param,        // index: the enclosing function's parameter, 0-based
  Unknown,      // text: the expression as written; a placeholder for what is not constant
  Field,        // text: USR of a data member holding a string (`sql_` in `sqlite3_prepare(db, sql_.c_str()...)`);
                // its value is whatever the code stores in it (a CallSite whose callee is the field)
  File,         // text: a file the code reads at run time, as the code names it: the literal
                // argument of a call that returns a string (`readFile("sql/find_user.sql")`,
                // `loadQuery("find_user")`) or the name a local file stream opens
                // (`std::ifstream f("db/report.sql")`); the SQL stage reads the file if it is in the project
  TemplateArg,  // in a class template's body: index: the position of a template parameter; text: the
                // member named through it (`table` in `T::table`), empty for a non-type parameter itself.
                // Bound at each member call on an instantiation (CallSite::template_args)
};

struct Piece {
  PieceKind kind = PieceKind::Literal;
  std::string text;
  int index = -1;

  friend bool operator==(const Piece&, const Piece&) = default;
};

using StrAlternative = std::vector<Piece>;

struct StrValue {
  std::vector<StrAlternative> alternatives;

  bool empty() const { return alternatives.empty(); }
  friend bool operator==(const StrValue&, const StrValue&) = default;
};

// A namespace-scope, class-static or local constant whose value is a string
// (or an array of strings: `elements` then holds each entry in order).
struct VarValue {
  std::string var;   // USR
  std::string name;  // qualified name
  Location loc;
  StrValue value;
  std::vector<StrValue> elements;
};

// A call site with the string-like arguments the front end could fold (and
// bool literals, as the text "true" or "false": setAutoCommit(false)).
// Recorded for every call that has at least one such argument, and for member
// calls on a named object, so the SQL stage can decide which callees are
// database sinks and transaction calls (rules + wrappers).
// A store of a string into a data member (`sql_ = s;`, a constructor's
// `sql_(std::move(s))`, `q.sql_.assign(s)`) is a CallSite too: callee is the
// field's USR, callee_name its qualified name, args[0] the value stored. The
// SQL stage then treats a member that reaches a sink like a wrapper's
// parameter, so SQL passed through an object is found where it is supplied.
struct CallArg {
  int index = 0;  // argument position (0-based; the implicit object is not counted)
  StrValue value;
};

struct CallSite {
  std::string caller;       // USR of the enclosing function
  std::string callee;       // USR of the called function (empty when unresolved)
  std::string callee_name;  // qualified name, e.g. sqlite3_exec, pqxx::work::exec
  std::string object_type;  // for member calls: qualified class of the object
  std::string object_var;   // for member calls on a local variable: its USR
  StrValue object_value;    // for member calls on a string-carrying object (QString("..").arg())
  // For member calls on an instantiation of a class template
  // (`Repository<shop::Order>`): its arguments as clang spells the canonical
  // type (`shop::Order`, `kSessions`); the callee is then the template's member.
  std::vector<std::string> template_args;
  Location site;
  std::vector<CallArg> args;
  unsigned order = 0;  // position of the call within its function, source order
};

// A local variable declared inside a function body; the SQL stage uses these
// to find RAII transaction objects (pqxx::work, soci::transaction, ...).
struct LocalVar {
  std::string function;  // USR of the enclosing function
  std::string var;       // USR of the variable
  std::string name;
  std::string type;  // qualified type name, without cv and references
  Location loc;
  unsigned scope_end_line = 0;  // last line of the enclosing compound statement
  unsigned order = 0;           // shares the sequence with CallSite::order
};

// Code that assumes a long-lived process on one machine, which Lambda's
// stateless, ephemeral functions do not give (issue 17). Found by the front
// end in project code; what becomes of it is the fitness stage's business.
enum class HazardKind : std::uint8_t {
  State,       // mutable process state: non-const globals, class statics, function-local statics, singletons
  LocalFile,   // a file written outside /tmp, a local configuration file read
  Background,  // threads, async tasks, event loops, sleeping and polling
  Server,      // a listening socket
};
std::string_view to_string(HazardKind kind);
bool parse_hazard_kind(std::string_view text, HazardKind& out);

struct Hazard {
  HazardKind kind = HazardKind::State;
  std::string function;  // USR of the enclosing function; empty at namespace scope
  std::string variable;  // USR of the variable (State), else empty
  Location loc;
  std::string
      what;  // what it is, short: "static std::map<int, Player *> cache", "std::thread", "fopen(\"x.csv\", \"w\")"

  friend bool operator==(const Hazard&, const Hazard&) = default;
  friend auto operator<=>(const Hazard& a, const Hazard& b) {
    return std::tie(a.loc, a.kind, a.function, a.variable, a.what) <=>
           std::tie(b.loc, b.kind, b.function, b.variable, b.what);
  }
};

// ---------------------------------------------------------------------------
enum class ParseStatus : std::uint8_t { Clean, WithErrors, Failed };
std::string_view to_string(ParseStatus status);

struct ParseDiagnostic {
  std::string severity;  // "error" | "fatal" | "warning"
  Location loc;
  std::string message;
};

struct TuFacts {
  std::string file;  // main file of the TU (absolute)
  ParseStatus status = ParseStatus::Clean;
  unsigned error_count = 0;
  std::vector<ParseDiagnostic> diagnostics;  // first few errors, for the report
  std::vector<std::string> dropped_flags;    // flags removed before parsing
  double parse_seconds = 0;
  // Every file the parse read: the main file and each file it included
  // (absolute, sorted, system headers too). A cached copy of these facts is
  // valid while all of them are unchanged (pipeline/fact_cache).
  std::vector<std::string> includes;

  std::vector<Symbol> symbols;
  std::vector<Edge> edges;
  std::vector<UnresolvedCall> unresolved_calls;
  std::vector<VarValue> var_values;
  std::vector<CallSite> call_sites;
  std::vector<LocalVar> locals;
  std::vector<Hazard> hazards;
};

}  // namespace cleave
