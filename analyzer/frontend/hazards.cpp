// Hazards: code that assumes a long-lived process on one machine (issue 17).
//
// Contract
//  - Produces a Hazard for each site in project code that Lambda's stateless,
//    ephemeral functions do not give: mutable static state (State), files
//    written outside /tmp or local configuration read (LocalFile), threads,
//    event loops, timers and waiting (Background), listening sockets and HTTP servers
//    (Server; an HTTP server's calls are labelled "(serves HTTP)", and a read
//    with Beast only when it reads a request).
//  - State: a variable with static storage duration (namespace scope, static
//    data member at its definition, function-local static, thread_local) whose
//    type is not const (constexpr is const); pointers to constant text
//    (`const char* kName = "..."`) are constants in all but name. A class
//    instance kept in such a variable and handed out by reference or pointer
//    from a function named like `instance`/`getInstance`/`get` is a singleton.
//  - Calls are matched by the callee's qualified name (for members and
//    constructors: the class, through templates, without implementation
//    namespaces such as std::__1 or std::__fs) against the table below, never
//    by the project's own names: a project function `net::listen` is not
//    POSIX `listen`.
//  - A read is local configuration when its path ends in a configuration
//    extension, or comes from a parameter of a function that by its own or
//    its class's name handles configuration (ConfigReader::load(path)).
//  - A member call's label shows the object's class as written (tcp::acceptor)
//    or, through a smart pointer, the API's name.
//  - One hazard per site and kind, in walk order (deterministic).
#include "frontend/cursors.hpp"
#include "frontend/visitor.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <unordered_set>

namespace cleave::frontend::detail {
namespace {

// How a matched call's arguments decide whether it is a hazard.
enum class Check : std::uint8_t {
  Always,       // the call itself is the hazard
  FileMode,     // fopen-like: a write when the mode has w, a or +; else maybe a configuration read
  OpenFlags,    // POSIX open: a write when the flags name O_WRONLY/O_RDWR/O_CREAT/O_TRUNC/O_APPEND
  Write,        // writes (creates, removes, renames) the file at `path`
  Read,         // reads the file at `path`: a hazard only for local configuration
  StreamMode,   // std::fstream: a write unless its visible mode is input only
  Http,         // an HTTP server's own API: the call itself, labelled "(serves HTTP)"
  HttpRequest,  // Beast's read: serves HTTP when argument 2 is a request (message<true, ...>), not a response
};

struct Api {
  std::string_view key;  // qualified callee; for constructors (`construct`), the class
  bool construct;
  HazardKind kind;
  Check check;
  int path = -1;  // argument holding the path, -1 when there is none
  int mode = -1;  // argument holding the mode or flags
};

using HK = HazardKind;
constexpr bool kCall = false;
constexpr bool kNew = true;

// The standard APIs (C, POSIX, the C++ library, Boost, standalone Asio, Qt)
// whose use assumes a resident process or a local disk. Keys are qualified
// names as written by users, without inline or implementation namespaces.
constexpr std::array kApis{
    // Local files: writes outside /tmp, reads of local configuration.
    Api{"fopen", kCall, HK::LocalFile, Check::FileMode, 0, 1},
    Api{"freopen", kCall, HK::LocalFile, Check::FileMode, 0, 1},
    Api{"fdopen", kCall, HK::LocalFile, Check::FileMode, -1, 1},
    Api{"open", kCall, HK::LocalFile, Check::OpenFlags, 0, 1},
    Api{"openat", kCall, HK::LocalFile, Check::OpenFlags, 1, 2},
    Api{"creat", kCall, HK::LocalFile, Check::Write, 0},
    Api{"mkdir", kCall, HK::LocalFile, Check::Write, 0},
    Api{"unlink", kCall, HK::LocalFile, Check::Write, 0},
    Api{"rename", kCall, HK::LocalFile, Check::Write, 1},
    Api{"std::basic_ofstream", kNew, HK::LocalFile, Check::Write, 0},
    Api{"std::basic_ofstream::open", kCall, HK::LocalFile, Check::Write, 0},
    Api{"std::basic_fstream", kNew, HK::LocalFile, Check::StreamMode, 0, 1},
    Api{"std::basic_fstream::open", kCall, HK::LocalFile, Check::StreamMode, 0, 1},
    Api{"std::basic_ifstream", kNew, HK::LocalFile, Check::Read, 0},
    Api{"std::basic_ifstream::open", kCall, HK::LocalFile, Check::Read, 0},
    Api{"std::filesystem::create_directory", kCall, HK::LocalFile, Check::Write, 0},
    Api{"std::filesystem::create_directories", kCall, HK::LocalFile, Check::Write, 0},
    Api{"std::filesystem::remove", kCall, HK::LocalFile, Check::Write, 0},
    Api{"std::filesystem::remove_all", kCall, HK::LocalFile, Check::Write, 0},
    Api{"std::filesystem::rename", kCall, HK::LocalFile, Check::Write, 1},
    Api{"std::filesystem::copy", kCall, HK::LocalFile, Check::Write, 1},
    Api{"std::filesystem::copy_file", kCall, HK::LocalFile, Check::Write, 1},
    Api{"std::filesystem::resize_file", kCall, HK::LocalFile, Check::Write, 0},
    Api{"boost::filesystem::create_directory", kCall, HK::LocalFile, Check::Write, 0},
    Api{"boost::filesystem::create_directories", kCall, HK::LocalFile, Check::Write, 0},
    Api{"boost::filesystem::remove", kCall, HK::LocalFile, Check::Write, 0},
    Api{"boost::filesystem::remove_all", kCall, HK::LocalFile, Check::Write, 0},
    Api{"boost::filesystem::rename", kCall, HK::LocalFile, Check::Write, 1},
    Api{"boost::filesystem::copy_file", kCall, HK::LocalFile, Check::Write, 1},
    // Background work and waiting.
    Api{"std::thread", kNew, HK::Background, Check::Always},
    Api{"std::jthread", kNew, HK::Background, Check::Always},
    Api{"boost::thread", kNew, HK::Background, Check::Always},
    Api{"pthread_create", kCall, HK::Background, Check::Always},
    Api{"std::async", kCall, HK::Background, Check::Always},
    Api{"QThread::start", kCall, HK::Background, Check::Always},
    Api{"QtConcurrent::run", kCall, HK::Background, Check::Always},
    Api{"boost::asio::io_context::run", kCall, HK::Background, Check::Always},
    Api{"boost::asio::io_service::run", kCall, HK::Background, Check::Always},
    Api{"asio::io_context::run", kCall, HK::Background, Check::Always},
    Api{"asio::io_service::run", kCall, HK::Background, Check::Always},
    Api{"std::this_thread::sleep_for", kCall, HK::Background, Check::Always},
    Api{"std::this_thread::sleep_until", kCall, HK::Background, Check::Always},
    Api{"boost::this_thread::sleep_for", kCall, HK::Background, Check::Always},
    Api{"sleep", kCall, HK::Background, Check::Always},
    Api{"usleep", kCall, HK::Background, Check::Always},
    Api{"nanosleep", kCall, HK::Background, Check::Always},
    Api{"std::condition_variable::wait_for", kCall, HK::Background, Check::Always},
    Api{"std::condition_variable::wait_until", kCall, HK::Background, Check::Always},
    Api{"std::condition_variable_any::wait_for", kCall, HK::Background, Check::Always},
    Api{"std::condition_variable_any::wait_until", kCall, HK::Background, Check::Always},
    // Timers: a callback the process runs later, if it is still alive then.
    Api{"boost::asio::basic_waitable_timer::async_wait", kCall, HK::Background, Check::Always},
    Api{"boost::asio::basic_deadline_timer::async_wait", kCall, HK::Background, Check::Always},
    Api{"asio::basic_waitable_timer::async_wait", kCall, HK::Background, Check::Always},
    Api{"QTimer::start", kCall, HK::Background, Check::Always},
    Api{"QTimer::singleShot", kCall, HK::Background, Check::Always},
    // Listening sockets.
    Api{"bind", kCall, HK::Server, Check::Always},
    Api{"listen", kCall, HK::Server, Check::Always},
    Api{"accept", kCall, HK::Server, Check::Always},
    Api{"accept4", kCall, HK::Server, Check::Always},
    Api{"boost::asio::basic_socket_acceptor", kNew, HK::Server, Check::Always},
    Api{"boost::asio::basic_socket_acceptor::listen", kCall, HK::Server, Check::Always},
    Api{"boost::asio::basic_socket_acceptor::async_accept", kCall, HK::Server, Check::Always},
    Api{"boost::asio::basic_socket_acceptor::accept", kCall, HK::Server, Check::Always},
    Api{"asio::basic_socket_acceptor", kNew, HK::Server, Check::Always},
    Api{"asio::basic_socket_acceptor::listen", kCall, HK::Server, Check::Always},
    Api{"asio::basic_socket_acceptor::async_accept", kCall, HK::Server, Check::Always},
    Api{"asio::basic_socket_acceptor::accept", kCall, HK::Server, Check::Always},
    Api{"QTcpServer::listen", kCall, HK::Server, Check::Always},
    Api{"QLocalServer::listen", kCall, HK::Server, Check::Always},
    // HTTP servers: request/response over the socket, what API Gateway's HTTP
    // API does for a function (the fitness step tells them from other servers).
    Api{"boost::beast::http::read", kCall, HK::Server, Check::HttpRequest, -1, 2},
    Api{"boost::beast::http::async_read", kCall, HK::Server, Check::HttpRequest, -1, 2},
    Api{"boost::beast::http::read_header", kCall, HK::Server, Check::HttpRequest, -1, 2},
    Api{"boost::beast::http::async_read_header", kCall, HK::Server, Check::HttpRequest, -1, 2},
    Api{"QAbstractHttpServer::listen", kCall, HK::Server, Check::Http},
    Api{"QAbstractHttpServer::bind", kCall, HK::Server, Check::Http},
    Api{"httplib::Server::listen", kCall, HK::Server, Check::Http},
    Api{"httplib::Server::bind_to_port", kCall, HK::Server, Check::Http},
    Api{"httplib::Server::bind_to_any_port", kCall, HK::Server, Check::Http},
};

constexpr std::array<std::string_view, 11> kConfigExtensions{".conf", ".cfg",  ".ini", ".json",       ".xml",   ".yaml",
                                                             ".yml",  ".toml", ".lua", ".properties", ".config"};

std::string_view last_component(std::string_view key) {
  const auto at = key.rfind("::");
  return at == std::string_view::npos ? key : key.substr(at + 2);
}

// The unqualified names in the table: a cheap first test before any
// qualified name is built.
const std::unordered_set<std::string_view>& table_spellings() {
  static const std::unordered_set<std::string_view> names = [] {
    std::unordered_set<std::string_view> out;
    for (const auto& api : kApis) out.insert(last_component(api.key));
    return out;
  }();
  return names;
}

const Api* find_api(std::string_view key, bool construct) {
  for (const auto& api : kApis) {
    if (api.construct == construct && api.key == key) return &api;
  }
  return nullptr;
}

// Drops implementation namespaces (std::__1, std::__fs, std::__cxx11), so a
// key reads as users write it whatever the standard library.
std::string without_reserved(const std::string& name) {
  std::string out;
  std::size_t begin = 0;
  while (begin <= name.size()) {
    std::size_t end = name.find("::", begin);
    if (end == std::string::npos) end = name.size();
    const std::string_view part(name.data() + begin, end - begin);
    if (part.substr(0, 2) != "__") {
      if (!out.empty()) out += "::";
      out += part;
    }
    begin = end + 2;
  }
  return out;
}

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

bool all_literal(const StrValue& v) {
  if (v.alternatives.size() != 1) return false;
  return std::all_of(v.alternatives[0].begin(), v.alternatives[0].end(),
                     [](const Piece& p) { return p.kind == PieceKind::Literal; });
}

std::string joined(const StrAlternative& alt) {
  std::string out;
  for (const auto& p : alt) out += p.text;
  return out;
}

// Every alternative starts with a literal under /tmp, Lambda's only
// writable (and per-instance) directory.
bool under_tmp(const StrValue& v) {
  if (v.empty()) return false;
  return std::all_of(v.alternatives.begin(), v.alternatives.end(), [](const StrAlternative& alt) {
    if (alt.empty() || alt.front().kind != PieceKind::Literal) return false;
    const std::string text = joined(alt);
    return text == "/tmp" || text.rfind("/tmp/", 0) == 0;
  });
}

// Some alternative ends with a literal naming a configuration file.
bool is_config_path(const StrValue& v) {
  return std::any_of(v.alternatives.begin(), v.alternatives.end(), [](const StrAlternative& alt) {
    if (alt.empty() || alt.back().kind != PieceKind::Literal) return false;
    return std::any_of(kConfigExtensions.begin(), kConfigExtensions.end(),
                       [&](std::string_view ext) { return ends_with_ci(alt.back().text, ext); });
  });
}

bool is_char_type(CXTypeKind k) {
  return k == CXType_Char_S || k == CXType_Char_U || k == CXType_SChar || k == CXType_UChar || k == CXType_WChar ||
         k == CXType_Char16 || k == CXType_Char32;
}

// Const (constexpr implies it) through arrays; a pointer to constant text
// counts as a constant: it is how legacy code names its string constants.
bool is_constant_type(CXType t) {
  t = clang_getCanonicalType(t);
  while (!clang_isConstQualifiedType(t) && (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray)) {
    t = clang_getCanonicalType(clang_getArrayElementType(t));
  }
  if (clang_isConstQualifiedType(t)) return true;
  if (t.kind == CXType_LValueReference || t.kind == CXType_RValueReference) return true;  // no storage of its own
  if (t.kind == CXType_Pointer) {
    CXType pointee = clang_getCanonicalType(clang_getPointeeType(t));
    return clang_isConstQualifiedType(pointee) && is_char_type(pointee.kind);
  }
  return false;
}

bool singleton_accessor_name(std::string name) {
  std::string n;
  for (char ch : name) {
    if (ch != '_') n += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return n == "get" || n == "instance" || n == "getinstance" || n == "sharedinstance" || n == "theinstance" ||
         n == "singleton" || n == "getsingleton";
}

// Words of an identifier: split at '_', digits and lower-to-upper changes,
// lower-cased ("loadIniFile" -> load, ini, file).
std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> out(1);
  char prev = 0;
  for (char ch : name) {
    const auto u = static_cast<unsigned char>(ch);
    if (!std::isalpha(u)) {
      if (!out.back().empty()) out.emplace_back();
    } else {
      if (std::isupper(u) && std::islower(static_cast<unsigned char>(prev)) && !out.back().empty()) out.emplace_back();
      out.back() += static_cast<char>(std::tolower(u));
    }
    prev = ch;
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

// A function or class named for configuration: "conf" (config, configure),
// "settings" or "options" anywhere in the name; "ini" only as a word of its
// own (loadIni, IniFile), so that init and initialize do not count.
bool configuration_name(std::string_view name) {
  std::string lower;
  for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (std::string_view part : {"conf", "settings", "options"}) {
    if (lower.find(part) != std::string::npos) return true;
  }
  const auto words = words_of(name);
  return std::find(words.begin(), words.end(), "ini") != words.end();
}

bool has_param(const StrValue& v) {
  return std::any_of(v.alternatives.begin(), v.alternatives.end(), [](const StrAlternative& alt) {
    return std::any_of(alt.begin(), alt.end(), [](const Piece& p) { return p.kind == PieceKind::Param; });
  });
}

// The class of a member call's object as the code names it (tcp::acceptor,
// std::ofstream), through a reference or a pointer. Empty when the type as
// written is a library template's member typedef: a call through a smart
// pointer's operator-> has the type `pointer` or `element_type *`, which
// names nothing a reader knows; the caller then shows the API's own name.
std::string written_class(CXCursor object) {
  CXType t = clang_getNonReferenceType(clang_getCursorType(object));
  if (t.kind == CXType_Pointer) t = clang_getPointeeType(t);
  if (clang_getCanonicalType(t).kind != CXType_Record) return {};  // a pointer behind a typedef, or no class
  t = clang_getUnqualifiedType(t);
  CXCursor decl = clang_getTypeDeclaration(t);
  const CXCursorKind dk = clang_getCursorKind(decl);
  if (dk == CXCursor_TypedefDecl || dk == CXCursor_TypeAliasDecl) {
    CXCursor owner = clang_getCursorSemanticParent(decl);
    if (is_class_kind(clang_getCursorKind(owner)) && !clang_Cursor_isNull(clang_getSpecializedCursorTemplate(owner))) {
      return {};
    }
  }
  return take(clang_getTypeSpelling(t));
}

bool is_ref_or_pointer(CXType t) {
  t = clang_getCanonicalType(t);
  return t.kind == CXType_LValueReference || t.kind == CXType_RValueReference || t.kind == CXType_Pointer;
}

}  // namespace

// The arguments of a call as written, one token list each: the last
// top-level parenthesised (or braced) group of the call's tokens, split at
// top-level commas. Default arguments are not written, so they are not
// there; a call spelled inside a macro gives nothing.
std::vector<std::vector<std::string>> Visitor::written_args(CXCursor call) {
  CXToken* tokens = nullptr;
  unsigned n = 0;
  clang_tokenize(tu_, clang_getCursorExtent(call), &tokens, &n);
  std::vector<std::string> text;
  for (unsigned i = 0; i < n; ++i) text.push_back(take(clang_getTokenSpelling(tu_, tokens[i])));
  if (tokens) clang_disposeTokens(tu_, tokens, n);
  std::vector<std::vector<std::string>> args;
  int depth = 0;
  for (const auto& tok : text) {
    const bool open = tok == "(" || tok == "{" || tok == "[";
    const bool close = tok == ")" || tok == "}" || tok == "]";
    if (open && depth++ == 0) {
      args.assign(1, {});
      continue;
    }
    if (close && --depth == 0) continue;
    if (depth == 1 && tok == ",") {
      args.emplace_back();
    } else if (depth >= 1) {
      args.back().push_back(tok);
    }
  }
  if (args.size() == 1 && args[0].empty()) args.clear();
  return args;
}

namespace {

// Tokens joined without spaces except between words; shortened.
std::string compact(const std::vector<std::string>& tokens) {
  std::string out;
  auto wordy = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
  for (const auto& tok : tokens) {
    if (out.size() >= 48) break;
    if (!out.empty() && !tok.empty() && wordy(out.back()) && wordy(tok.front())) out += ' ';
    out += tok;
  }
  if (out.size() > 48) out = out.substr(0, 45) + "...";
  return out;
}

// Whether open()'s flags or an fstream's mode write, and whether they could
// be seen at all: an absent fstream mode is in|out; flags held in a variable
// are not known.
std::pair<bool, bool> flags_write(const std::vector<std::string>* tokens, bool stream) {
  if (!tokens) return {stream, stream};  // open() without flags does not compile; fstream defaults to in|out
  bool write = false, visible = !tokens->empty();
  for (const auto& tok : *tokens) {
    if (tok.empty() || !(std::isalpha(static_cast<unsigned char>(tok[0])) || tok[0] == '_')) continue;
    if (stream) {
      if (tok == "out" || tok == "app" || tok == "trunc") write = true;
      if (tok != "in" && tok != "out" && tok != "app" && tok != "trunc" && tok != "binary" && tok != "ate" &&
          tok != "std" && tok != "ios" && tok != "ios_base" && tok != "fstream" && tok != "openmode") {
        visible = false;
      }
    } else {
      if (tok == "O_WRONLY" || tok == "O_RDWR" || tok == "O_CREAT" || tok == "O_TRUNC" || tok == "O_APPEND")
        write = true;
      if (tok.rfind("O_", 0) != 0) visible = false;
    }
  }
  if (!write && !visible) return {true, false};
  return {write, true};
}

}  // namespace

void Visitor::add_hazard(HazardKind kind, std::string variable, const Location& loc, std::string what) {
  FunctionState* fn = current_function();
  Hazard h{kind, fn ? fn->usr : std::string(), std::move(variable), loc, std::move(what)};
  for (const auto& seen : out_.hazards) {
    if (seen.loc == h.loc && seen.kind == h.kind) return;
  }
  out_.hazards.push_back(std::move(h));
}

// ---------------------------------------------------------------------------
// State

void Visitor::find_state(CXCursor var) {
  FunctionState* fn = current_function();
  const CX_StorageClass storage = clang_Cursor_getStorageClass(var);
  const bool tls = clang_getCursorTLSKind(var) != CXTLS_None;
  if (fn && storage != CX_SC_Static && !tls) return;  // an automatic local
  if (storage == CX_SC_Extern || !clang_isCursorDefinition(var)) return;
  CXType type = clang_getCursorType(var);
  if (is_constant_type(type)) return;
  bool project = false;
  auto loc = location_of(var, &project);
  if (!loc || !project) return;
  const std::string usr = usr_of(var);
  if (usr.empty()) return;
  CXCursor parent = clang_getCursorSemanticParent(var);
  const bool member = is_class_kind(clang_getCursorKind(parent));
  std::string what = tls ? "thread_local " : "";
  const std::string type_text = take(clang_getTypeSpelling(type));
  if (fn) {
    what += "function-local static " + type_text + " " + take(clang_getCursorSpelling(var));
  } else if (member) {
    what += "static member " + type_text + " " + qualified_name(var);
  } else {
    what += "global " + type_text + " " + qualified_name(var);
  }
  if (std::string cls = singleton_class(var, parent, fn != nullptr); !cls.empty()) {
    what = "singleton " + cls + ": " + what;
  }
  add_hazard(HazardKind::State, usr, *loc, std::move(what));
}

// The class a static variable holds the one instance of, when a function
// named like an accessor hands it out by reference or pointer; empty
// otherwise.
std::string Visitor::singleton_class(CXCursor var, CXCursor parent, bool local) {
  CXType vt = clang_getCanonicalType(clang_getCursorType(var));
  CXCursor held = class_of_type(vt);
  if (!clang_Cursor_isNull(held) && clang_Type_getNumTemplateArguments(vt) >= 1 && vt.kind == CXType_Record) {
    // std::unique_ptr<Registry>, std::shared_ptr<Registry>
    CXCursor arg = class_of_type(clang_Type_getTemplateArgumentAsType(vt, 0));
    if (!clang_Cursor_isNull(arg)) held = arg;
  }
  if (clang_Cursor_isNull(held)) return {};
  const std::string held_usr = usr_of(held);
  // An accessor by its name, or a static member function of the held class
  // itself (a Meyers singleton: ConfigReader& ConfigReader::global()).
  auto hands_out = [&](CXCursor fn) {
    CXCursor owner = clang_getCursorSemanticParent(fn);
    const bool own_static =
        clang_CXXMethod_isStatic(fn) && is_class_kind(clang_getCursorKind(owner)) && usr_of(owner) == held_usr;
    if (!own_static && !singleton_accessor_name(take(clang_getCursorSpelling(fn)))) return false;
    CXType result = clang_getResultType(clang_getCursorType(fn));
    if (!is_ref_or_pointer(result)) return false;
    CXCursor rc = class_of_type(result);
    return !clang_Cursor_isNull(rc) && usr_of(rc) == held_usr;
  };
  if (local) {
    if (!hands_out(parent)) return {};
    return qualified_name(held);
  }
  if (!is_class_kind(clang_getCursorKind(parent))) return {};
  CXCursor def = clang_getCursorDefinition(parent);
  if (clang_Cursor_isNull(def)) def = parent;
  for (const auto& m : children_of(def)) {
    if (clang_getCursorKind(m) == CXCursor_CXXMethod && hands_out(m)) return qualified_name(held);
  }
  return {};
}

// ---------------------------------------------------------------------------
// Calls

// A read whose path the caller passes in, in a function that by its name or
// its class's name deals with configuration (`ConfigReader::load(path)`,
// `loadSettings(path)`): a configuration file whatever its name. The same
// read in `ImageLoader::load(path)` is data, not configuration.
bool Visitor::reads_configuration_parameter(const StrValue& path) {
  const FunctionState* fn = current_function();
  if (!fn || clang_Cursor_isNull(fn->cursor) || !has_param(path)) return false;
  if (configuration_name(take(clang_getCursorSpelling(fn->cursor)))) return true;
  CXCursor cls = clang_getCursorSemanticParent(fn->cursor);
  return is_class_kind(clang_getCursorKind(cls)) && configuration_name(take(clang_getCursorSpelling(cls)));
}

std::string Visitor::api_key(CXCursor callee, bool construct) {
  CXCursor scope = construct ? clang_getCursorSemanticParent(callee) : callee;
  if (construct || clang_getCursorKind(callee) == CXCursor_CXXMethod) {
    CXCursor cls = construct ? scope : clang_getCursorSemanticParent(callee);
    CXCursor tmpl = clang_getSpecializedCursorTemplate(cls);
    if (!clang_Cursor_isNull(tmpl) && !clang_isInvalid(clang_getCursorKind(tmpl))) cls = tmpl;
    const std::string cls_name = without_reserved(qualified_name(cls));
    return construct ? cls_name : cls_name + "::" + take(clang_getCursorSpelling(callee));
  }
  return without_reserved(qualified_name(callee));
}

StrValue Visitor::path_value(CXCursor arg) {
  StrValue v = fold(arg);
  // Constants defined earlier in this TU: their value is known here.
  for (auto& alt : v.alternatives) {
    StrAlternative resolved;
    for (const auto& p : alt) {
      const VarValue* known = nullptr;
      if (p.kind == PieceKind::VarRef && p.index == -1) {
        for (const auto& vv : out_.var_values) {
          if (vv.var == p.text && vv.value.alternatives.size() == 1) known = &vv;
        }
      }
      if (known) {
        resolved.insert(resolved.end(), known->value.alternatives[0].begin(), known->value.alternatives[0].end());
      } else {
        resolved.push_back(p);
      }
    }
    alt = std::move(resolved);
  }
  return v;
}

// A thread built in place inside a container (a pool's
// `workers.emplace_back(loop)`): the constructor call is in the library, so
// the site is the emplace. Moving an existing thread in starts nothing.
void Visitor::find_emplaced_thread(CXCursor call) {
  CallParts parts = call_parts(call);
  if (clang_Cursor_isNull(parts.object) || parts.args.empty()) return;
  CXType container = clang_getCanonicalType(clang_getNonReferenceType(clang_getCursorType(parts.object)));
  if (container.kind == CXType_Pointer) container = clang_getCanonicalType(clang_getPointeeType(container));
  if (clang_Type_getNumTemplateArguments(container) < 1) return;
  CXType element = clang_getCanonicalType(clang_Type_getTemplateArgumentAsType(container, 0));
  CXCursor cls = class_of_type(element);
  if (clang_Cursor_isNull(cls)) return;
  const std::string key = without_reserved(qualified_name(cls));
  const Api* api = find_api(key, true);
  if (!api || api->kind != HazardKind::Background) return;
  CXCursor first = class_of_type(clang_getCanonicalType(clang_getCursorType(parts.args.front())));
  if (parts.args.size() == 1 && !clang_Cursor_isNull(first) && usr_of(first) == usr_of(cls)) return;
  bool project = false;
  auto site = location_of(call, &project);
  if (site && project) add_hazard(api->kind, {}, *site, key + " (in a container)");
}

void Visitor::find_call_hazard(CXCursor call) {
  CXCursor callee = clang_getCursorReferenced(call);
  if (clang_Cursor_isNull(callee) || clang_isInvalid(clang_getCursorKind(callee))) {
    // A dependent call: its callee expression still names the overload set.
    auto kids = children_of(call);
    if (!kids.empty()) callee = clang_getCursorReferenced(strip(kids.front()));
  }
  if (clang_getCursorKind(callee) == CXCursor_OverloadedDeclRef && clang_getNumOverloadedDecls(callee) > 0) {
    // A call in a template with dependent arguments names the overload set;
    // the candidates share the qualified name the table matches.
    callee = clang_getOverloadedDecl(callee, 0);
  }
  const CXCursorKind rk = clang_getCursorKind(callee);
  if (!is_function_kind(rk)) return;
  const bool construct = is_constructor(callee);
  const std::string spelling = take(clang_getCursorSpelling(callee));
  if (spelling == "emplace_back" || spelling == "emplace") {
    find_emplaced_thread(call);
    return;
  }
  if (!table_spellings().count(spelling)) return;
  if (construct && (clang_CXXConstructor_isCopyConstructor(callee) || clang_CXXConstructor_isMoveConstructor(callee) ||
                    clang_Cursor_getNumArguments(call) <= 0)) {
    return;  // a moved thread or an unopened stream starts nothing
  }
  const Api* api = find_api(api_key(callee, construct), construct);
  if (!api) return;
  bool project = false;
  auto site = location_of(call, &project);
  if (!site || !project) return;

  CallParts parts = call_parts(call);
  auto arg = [&](int i) {
    return i >= 0 && i < static_cast<int>(parts.args.size()) ? parts.args[i] : clang_getNullCursor();
  };
  std::string name = construct ? take(clang_getTypeSpelling(clang_getCursorType(call))) : std::string(api->key);
  if (!construct && rk == CXCursor_CXXMethod && !clang_Cursor_isNull(parts.object)) {
    if (std::string cls = written_class(parts.object); !cls.empty()) name = cls + "::" + spelling;
  }
  if (api->check == Check::Always) {
    add_hazard(api->kind, {}, *site, name);
    return;
  }
  if (api->check == Check::Http || api->check == Check::HttpRequest) {
    // Beast reads responses too, as an HTTP client: only a request's read
    // (message<isRequest = true, ...> or its parser) serves HTTP.
    if (api->check == Check::HttpRequest) {
      CXCursor message = arg(api->mode);
      if (clang_Cursor_isNull(message)) return;
      const std::string type = take(clang_getTypeSpelling(clang_getCanonicalType(clang_getCursorType(message))));
      if (type.find("<true") == std::string::npos) return;
    }
    add_hazard(api->kind, {}, *site, name + " (serves HTTP)");
    return;
  }
  // Files: judge the mode, then the path.
  const std::vector<std::vector<std::string>> written = written_args(call);
  bool write = true;
  bool mode_known = true;
  CXCursor mode = arg(api->mode);
  if (api->check == Check::FileMode && !clang_Cursor_isNull(mode)) {
    const StrValue m = fold(mode);
    mode_known = all_literal(m);
    if (mode_known) write = joined(m.alternatives[0]).find_first_of("wa+") != std::string::npos;
  } else if (api->check == Check::OpenFlags || api->check == Check::StreamMode) {
    const bool seen = api->mode >= 0 && api->mode < static_cast<int>(written.size());
    std::tie(write, mode_known) = flags_write(seen ? &written[api->mode] : nullptr, api->check == Check::StreamMode);
  } else if (api->check == Check::Read) {
    write = false;
  }
  const StrValue path = clang_Cursor_isNull(arg(api->path)) ? StrValue{} : path_value(arg(api->path));
  if (under_tmp(path)) return;
  if (!write && !is_config_path(path) && !reads_configuration_parameter(path)) return;
  std::string what = name + "(";
  const std::size_t shown = std::min(parts.args.size(), written.empty() ? parts.args.size() : written.size());
  for (std::size_t i = 0; i < shown && i < 3; ++i) {
    if (i) what += ", ";
    const StrValue v = static_cast<int>(i) == api->path ? path : fold(parts.args[i]);
    if (all_literal(v)) {
      what += "\"" + joined(v.alternatives[0]) + "\"";
    } else {
      what += i < written.size() ? compact(written[i]) : "...";
    }
  }
  what += shown > 3 ? ", ...)" : ")";
  if (!write) what += ": reads local configuration";
  if (!mode_known) what += ": mode not known, taken as a write";
  add_hazard(HazardKind::LocalFile, {}, *site, std::move(what));
}

}  // namespace cleave::frontend::detail
