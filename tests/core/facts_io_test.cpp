#include "core/facts_io.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cctype>
#include <climits>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <tuple>

// facts.hpp defines operator== only for Location, Piece and StrValue. The
// others are defined here from every field, through structured bindings: a
// field added to a struct in facts.hpp stops this file compiling, which is the
// reminder to extend the format (and bump kFactsFormatVersion) and this test.
namespace cleave {
namespace {
auto fields(const Symbol& s) {
  const auto& [id, name, kind, tag, loc, is_definition, parent, is_static, is_virtual, is_implicit, anonymous,
               signature] = s;
  return std::tie(id, name, kind, tag, loc, is_definition, parent, is_static, is_virtual, is_implicit, anonymous,
                  signature);
}
auto fields(const Edge& e) {
  const auto& [from, to, kind, site, in_loop] = e;
  return std::tie(from, to, kind, site, in_loop);
}
auto fields(const UnresolvedCall& u) {
  const auto& [caller, site, reason, text] = u;
  return std::tie(caller, site, reason, text);
}
auto fields(const VarValue& v) {
  const auto& [var, name, loc, value, elements] = v;
  return std::tie(var, name, loc, value, elements);
}
auto fields(const CallArg& a) {
  const auto& [index, value] = a;
  return std::tie(index, value);
}
auto fields(const LocalVar& l) {
  const auto& [function, var, name, type, loc, scope_end_line, order] = l;
  return std::tie(function, var, name, type, loc, scope_end_line, order);
}
auto fields(const ParseDiagnostic& d) {
  const auto& [severity, loc, message] = d;
  return std::tie(severity, loc, message);
}
}  // namespace

bool operator==(const Symbol& a, const Symbol& b) { return fields(a) == fields(b); }
bool operator==(const Edge& a, const Edge& b) { return fields(a) == fields(b); }
bool operator==(const UnresolvedCall& a, const UnresolvedCall& b) { return fields(a) == fields(b); }
bool operator==(const VarValue& a, const VarValue& b) { return fields(a) == fields(b); }
bool operator==(const CallArg& a, const CallArg& b) { return fields(a) == fields(b); }
bool operator==(const LocalVar& a, const LocalVar& b) { return fields(a) == fields(b); }
bool operator==(const ParseDiagnostic& a, const ParseDiagnostic& b) { return fields(a) == fields(b); }
bool operator==(const CallSite& a, const CallSite& b) {
  const auto& [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10] = a;
  const auto& [b1, b2, b3, b4, b5, b6, b7, b8, b9, b10] = b;
  return std::tie(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) == std::tie(b1, b2, b3, b4, b5, b6, b7, b8, b9, b10);
}
}  // namespace cleave

using namespace cleave;

namespace {

// Strings that break naive encodings: NUL, newline, quotes, backslash,
// multi-byte UTF-8 and a byte that is not UTF-8 at all.
const std::string kAwkward = std::string("a\0b", 3) + "\n\r\t\"'\\ é 中文 🦀 \xff\x80 end";

Location at(const std::string& file, unsigned line, unsigned column) { return Location{file, line, column}; }

StrValue every_piece_kind() {
  StrValue v;
  v.alternatives.push_back({Piece{PieceKind::Literal, "SELECT * FROM t WHERE id = ", -1},
                            Piece{PieceKind::Param, "", 0}, Piece{PieceKind::Unknown, "name()", -1}});
  v.alternatives.push_back({Piece{PieceKind::VarRef, "c:@kQueries", -2}, Piece{PieceKind::VarRef, "c:@kOne", -1},
                            Piece{PieceKind::VarRef, "c:@kArr", 7}, Piece{PieceKind::Literal, kAwkward, INT_MIN},
                            Piece{PieceKind::Param, "", INT_MAX}, Piece{PieceKind::Field, "c:@S@Q@FI@sql_", -1},
                            Piece{PieceKind::File, "sql/find_user.sql", -1}, Piece{PieceKind::TemplateArg, "table", 0},
                            Piece{PieceKind::TemplateArg, "", 2}});
  return v;
}

Symbol symbol(SymbolKind kind, unsigned n) {
  Symbol s;
  s.id = "c:@S@Sym" + std::to_string(n);
  s.name = "ns::Sym" + std::to_string(n);
  s.kind = kind;
  s.tag = kind == SymbolKind::Class ? "struct" : "";
  s.loc = at("/src/sym.cpp", 10 + n, n + 1);
  // Each flag set on a different subset of symbols, so a swapped bit shows.
  s.is_definition = n % 2 == 0;
  s.is_static = n % 3 == 0;
  s.is_virtual = n % 4 == 1;
  s.is_implicit = n % 5 == 2;
  s.in_anonymous_namespace = n % 6 == 3;
  s.parent = n == 0 ? "" : "c:@N@ns";
  s.signature = "void (int, " + std::to_string(n) + ")";
  return s;
}

// One TU using every fact kind, every enumerator and every field with a
// value other than its default.
TuFacts full_facts() {
  TuFacts f;
  f.file = "/src/é/main.cpp";
  f.status = ParseStatus::WithErrors;
  f.error_count = 4000000000u;
  f.parse_seconds = 1.0 / 3.0;  // not exact in decimal: a text round trip would lose bits
  f.diagnostics = {{"error", at("/src/main.cpp", 3, 9), "unknown type name 'Foo'"},
                   {"fatal", at("/src/x.h", 1, 1), kAwkward}};
  f.dropped_flags = {"-fno-fat-lto-objects", "-Werror", kAwkward, ""};
  f.includes = {"/src/save.cpp", "/src/save.hpp", kAwkward, "/usr/include/c++/12/string"};

  const SymbolKind kinds[] = {
      SymbolKind::File,   SymbolKind::Namespace,   SymbolKind::Class,      SymbolKind::Enum,     SymbolKind::Function,
      SymbolKind::Method, SymbolKind::Constructor, SymbolKind::Destructor, SymbolKind::Variable, SymbolKind::Field};
  unsigned n = 0;
  for (SymbolKind k : kinds) f.symbols.push_back(symbol(k, n++));
  Symbol all_flags = symbol(SymbolKind::Method, n++);
  all_flags.is_definition = all_flags.is_static = all_flags.is_virtual = all_flags.is_implicit =
      all_flags.in_anonymous_namespace = true;
  all_flags.name = kAwkward;
  f.symbols.push_back(all_flags);

  const EdgeKind edges[] = {EdgeKind::Call,     EdgeKind::Override,  EdgeKind::Inherits,
                            EdgeKind::MemberOf, EdgeKind::FieldType, EdgeKind::TypeUse,
                            EdgeKind::Include,  EdgeKind::Reference, EdgeKind::Dispatch};
  for (EdgeKind k : edges) {
    f.edges.push_back(Edge{"c:@F@from" + std::to_string(n), "c:@F@to" + std::to_string(n), k, at("/src/e.cpp", n, 2)});
    ++n;
  }
  f.edges.push_back(Edge{"c:@F@a", "c:@F@a", EdgeKind::Call, Location{}});  // self edge, empty location
  // In a loop: a call, and (lossless whatever the kind) a dispatch.
  f.edges.push_back(Edge{"c:@F@a", "c:@F@b", EdgeKind::Call, at("/src/e.cpp", 90, 7), true});
  f.edges.push_back(Edge{"c:@F@a", "c:@F@c", EdgeKind::Dispatch, at("/src/e.cpp", 91, 7), true});

  f.unresolved_calls = {{"c:@F@run", at("/src/run.cpp", 40, 5), "function pointer", "(*cb)(x)"},
                        {"c:@F@run", at("/src/run.cpp", 41, 5), "std::function", kAwkward}};

  VarValue scalar{"c:@kOne", "shop::kOne", at("/src/q.cpp", 1, 1), every_piece_kind(), {}};
  VarValue array{"c:@kArr",
                 "shop::kArr",
                 at("/src/q.cpp", 2, 1),
                 StrValue{},
                 {every_piece_kind(), StrValue{}, StrValue{{{Piece{PieceKind::Literal, "DELETE FROM t", -1}}}}}};
  f.var_values = {scalar, array};

  CallSite exec;
  exec.caller = "c:@F@save";
  exec.callee = "c:@F@sqlite3_exec";
  exec.callee_name = "sqlite3_exec";
  exec.object_type = "pqxx::work";
  exec.object_var = "c:main.cpp@123@F@save@w";
  exec.object_value = StrValue{{{Piece{PieceKind::Literal, "UPDATE %1", -1}}}};
  exec.template_args = {"shop::Order", "kSessions", "FixedString<7>{\"orders\"}"};
  exec.site = at("/src/save.cpp", 77, 3);
  exec.args = {CallArg{1, every_piece_kind()}, CallArg{-1, StrValue{}}, CallArg{INT_MAX, StrValue{}}};
  exec.order = 12;
  CallSite unresolved;  // callee empty: could not bind
  unresolved.caller = "c:@F@save";
  unresolved.callee_name = "(*fp)";
  unresolved.order = 13;
  f.call_sites = {exec, unresolved};

  f.locals = {{"c:@F@save", "c:main.cpp@123@F@save@w", "w", "pqxx::work", at("/src/save.cpp", 70, 14), 90, 11},
              {"c:@F@save", "c:@x", kAwkward, "", Location{}, UINT_MAX, UINT_MAX}};
  f.hazards = {{HazardKind::State, "", "c:@g_cache", at("/src/cache.cpp", 3, 1), "std::map<int, int> g_cache"},
               {HazardKind::LocalFile, "c:@F@save", "", at("/src/save.cpp", 80, 3), kAwkward},
               {HazardKind::Background, "c:@F@run", "", at("/src/run.cpp", 9, 5), "std::thread"},
               {HazardKind::Server, "c:@F@serve", "", Location{}, ""}};
  return f;
}

void check_equal(const TuFacts& got, const TuFacts& want) {
  // Destructured so that a field added to TuFacts stops this compiling.
  const auto& [file, status, error_count, diagnostics, dropped_flags, parse_seconds, includes, symbols, edges,
               unresolved_calls, var_values, call_sites, locals, hazards] = got;
  CHECK(file == want.file);
  CHECK(status == want.status);
  CHECK(error_count == want.error_count);
  CHECK(diagnostics == want.diagnostics);
  CHECK(dropped_flags == want.dropped_flags);
  CHECK(std::bit_cast<std::uint64_t>(parse_seconds) == std::bit_cast<std::uint64_t>(want.parse_seconds));
  CHECK(includes == want.includes);
  CHECK(symbols == want.symbols);
  CHECK(edges == want.edges);
  CHECK(unresolved_calls == want.unresolved_calls);
  CHECK(var_values == want.var_values);
  CHECK(call_sites == want.call_sites);
  CHECK(locals == want.locals);
  CHECK(hazards == want.hazards);
}

// A record built from the specification in docs/facts-format.md, not from
// the writer: header (magic, version, size, FNV-1a 64) then the payload.
void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::string record(const std::string& payload, std::uint32_t version = kFactsFormatVersion) {
  std::string r = "CLVFACTS";
  put_le(r, version, 4);
  put_le(r, payload.size(), 8);
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : r + payload) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  put_le(r, h, 8);
  return r + payload;
}

// The payload of a TU with no facts: a table of one string (the file name),
// then the TU fields and ten empty lists.
std::string empty_payload(const std::string& file) {
  std::string p;
  p += '\x01';                                      // one string in the table
  p += static_cast<char>(file.size()) + file;       // its length and bytes
  p += '\x00';                                      // file: string 0
  p += '\x02';                                      // status: Failed
  p += '\x03';                                      // error_count: 3
  put_le(p, std::bit_cast<std::uint64_t>(0.5), 8);  // parse_seconds
  p += std::string(10, '\0');                       // diagnostics, dropped flags, includes ... hazards: all empty
  return p;
}

std::string error_of(const std::string& bytes, const std::string& source = "cache/ab/cdef.facts") {
  try {
    facts_from_string(bytes, source);
  } catch (const InputError& e) {
    CHECK(e.file() == source);
    CHECK(std::string(e.what()).find(source) != std::string::npos);
    return e.problem();
  }
  FAIL("no InputError");
  return {};
}

}  // namespace

TEST_CASE("every fact kind and every field reads back equal", "[facts_io]") {
  const TuFacts facts = full_facts();
  check_equal(facts_from_string(facts_to_string(facts), "mem"), facts);

  std::stringstream stream;
  write_facts(stream, facts);
  check_equal(read_facts(stream, "stream"), facts);

  for (ParseStatus status : {ParseStatus::Clean, ParseStatus::WithErrors, ParseStatus::Failed}) {
    TuFacts f;
    f.status = status;
    check_equal(facts_from_string(facts_to_string(f), "mem"), f);
  }
}

TEST_CASE("the same facts always give the same bytes", "[facts_io]") {
  const TuFacts facts = full_facts();
  const std::string once = facts_to_string(facts);
  CHECK(facts_to_string(facts) == once);
  CHECK(facts_to_string(full_facts()) == once);  // a copy built separately
  CHECK(facts_to_string(facts_from_string(once, "mem")) == once);
  std::ostringstream stream;
  write_facts(stream, facts);
  CHECK(stream.str() == once);
}

TEST_CASE("the bytes of a record match the documented format", "[facts_io]") {
  TuFacts f;
  f.file = "/a.cpp";
  f.status = ParseStatus::Failed;
  f.error_count = 3;
  f.parse_seconds = 0.5;
  CHECK(facts_to_string(f) == record(empty_payload("/a.cpp")));
  check_equal(facts_from_string(record(empty_payload("/a.cpp")), "spec"), f);
}

// The example record printed in docs/facts-format.md, as hex: each line's
// leading two-digit tokens, up to the first that is not one (the comment).
std::string documented_example() {
  std::ifstream in(CLEAVE_SOURCE_DIR "/docs/facts-format.md");
  REQUIRE(in);
  std::string line, bytes;
  bool seen_example = false, in_block = false;
  while (std::getline(in, line)) {
    if (!seen_example) {
      seen_example = line.rfind("Example:", 0) == 0;
      continue;
    }
    if (line.rfind("```", 0) == 0) {
      if (in_block) break;
      in_block = true;
      continue;
    }
    if (!in_block) continue;
    std::istringstream tokens(line);
    std::string tok;
    while (tokens >> tok && tok.size() == 2 && std::isxdigit(static_cast<unsigned char>(tok[0])) &&
           std::isxdigit(static_cast<unsigned char>(tok[1]))) {
      bytes += static_cast<char>(std::stoi(tok, nullptr, 16));
    }
  }
  return bytes;
}

TEST_CASE("the example bytes in docs/facts-format.md are what the writer gives", "[facts_io]") {
  TuFacts f;
  f.file = "/a.cpp";
  f.status = ParseStatus::Failed;
  f.error_count = 3;
  f.parse_seconds = 0.5;
  const std::string doc = documented_example();
  REQUIRE(doc.size() == 57);
  CHECK(doc == facts_to_string(f));
  check_equal(facts_from_string(doc, "docs/facts-format.md"), f);
}

// docs/facts-format.md: an edge in a loop has the top bit of its kind byte
// set; the rest of the byte is the EdgeKind.
TEST_CASE("an edge in a loop is its kind byte's top bit", "[facts_io]") {
  auto payload = [](char kind) {
    std::string p;
    p += '\x03';                                      // three strings in the table, in order of first use
    p += std::string("\x06/a.cpp", 7);                // the TU's file
    p += std::string("\x06") + "c:@F@f";              // from
    p += std::string("\x06") + "c:@F@g";              // to
    p += std::string("\x00\x02\x03", 3);              // file: string 0, status failed, 3 errors
    put_le(p, std::bit_cast<std::uint64_t>(0.5), 8);  // parse_seconds
    p += std::string(4, '\0');                        // diagnostics, dropped flags, includes, symbols: empty
    p += std::string("\x01\x01\x02", 3);              // one edge: from string 1 to string 2
    p += kind;                                        // its kind byte
    p += std::string("\x00\x05\x03", 3);              // site: /a.cpp:5:3
    p += std::string(5, '\0');                        // unresolved ... hazards: empty
    return p;
  };
  TuFacts f;
  f.file = "/a.cpp";
  f.status = ParseStatus::Failed;
  f.error_count = 3;
  f.parse_seconds = 0.5;
  f.edges.push_back(Edge{"c:@F@f", "c:@F@g", EdgeKind::Call, at("/a.cpp", 5, 3), true});
  CHECK(facts_to_string(f) == record(payload('\x80')));
  check_equal(facts_from_string(record(payload('\x80')), "spec"), f);
  f.edges[0].in_loop = false;
  f.edges[0].kind = EdgeKind::Reference;
  CHECK(facts_to_string(f) == record(payload('\x07')));
  check_equal(facts_from_string(record(payload('\x07')), "spec"), f);
  CHECK(error_of(record(payload('\x89'))).find("unknown edge kind 9") != std::string::npos);
  CHECK(error_of(record(payload('\x09'))).find("unknown edge kind 9") != std::string::npos);
}

TEST_CASE("records written back to back are read one at a time", "[facts_io]") {
  TuFacts a = full_facts(), b;
  b.file = "/b.cpp";
  std::stringstream stream;
  write_facts(stream, a);
  write_facts(stream, b);
  check_equal(read_facts(stream, "shard"), a);
  check_equal(read_facts(stream, "shard"), b);
  CHECK(stream.peek() == std::char_traits<char>::eof());
  CHECK_THROWS_AS(read_facts(stream, "shard"), InputError);
}

TEST_CASE("a truncated record is refused, at every length", "[facts_io]") {
  const std::string whole = facts_to_string(full_facts());
  for (std::size_t n = 0; n < whole.size(); ++n) {
    INFO("first " << n << " bytes");
    const std::string part = whole.substr(0, n);
    CHECK_FALSE(error_of(part).empty());
    std::istringstream stream(part);
    CHECK_THROWS_AS(read_facts(stream, "cut"), InputError);
  }
  CHECK(error_of("").find("empty") != std::string::npos);
  CHECK(error_of(whole.substr(0, whole.size() - 1)).find("truncated") != std::string::npos);
  CHECK(error_of(whole + "x").find("after the end") != std::string::npos);
}

TEST_CASE("a flipped byte anywhere is refused", "[facts_io]") {
  const std::string whole = facts_to_string(full_facts());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80}) {
      std::string bad = whole;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      INFO("byte " << i << " xor " << int(mask));
      CHECK_FALSE(error_of(bad).empty());
      std::istringstream stream(bad);
      CHECK_THROWS_AS(read_facts(stream, "flipped"), InputError);
    }
  }
  std::string bad = whole;
  bad[whole.size() / 2] ^= 0x10;
  CHECK(error_of(bad).find("checksum") != std::string::npos);
  CHECK(error_of("{\"file\": \"x\"}\n" + whole).find("not a cleave facts record") != std::string::npos);
}

TEST_CASE("another format version is refused with both versions named", "[facts_io]") {
  // 2: the version before edges carried in_loop.
  for (std::uint32_t version : {0u, 2u, 3u, kFactsFormatVersion + 1, 0xffffffffu}) {
    const std::string problem = error_of(record(empty_payload("/a.cpp"), version));
    CHECK(problem.find("version " + std::to_string(version)) != std::string::npos);
    CHECK(problem.find("reads only version " + std::to_string(kFactsFormatVersion)) != std::string::npos);
  }
}

TEST_CASE("a payload with a valid checksum but impossible content is refused", "[facts_io]") {
  const std::string good = empty_payload("/a.cpp");
  auto with = [&](std::size_t at, char byte) {
    std::string p = good;
    p[at] = byte;
    return record(p);
  };
  CHECK(error_of(with(9, '\x07')).find("unknown parse status 7") != std::string::npos);
  CHECK(error_of(with(8, '\x05')).find("string 5 is not in the table") != std::string::npos);
  CHECK(error_of(record(good + "x")).find("left over") != std::string::npos);
  // A count far beyond the payload must not be trusted (no huge allocation).
  std::string huge = good;
  huge.replace(huge.size() - 7, 1, "\xff\xff\xff\xff\x0f");  // symbols: 2^32 - 1 of them
  CHECK(error_of(record(huge)).find("exceeds the bytes left") != std::string::npos);
  // One symbol whose kind is past the last SymbolKind.
  std::string symbol = good;
  symbol.replace(symbol.size() - 7, 1, std::string("\x01\x00\x00\x0a", 4));
  CHECK(error_of(record(symbol)).find("unknown symbol kind 10") != std::string::npos);
  // One hazard (the last list) whose kind is past the last HazardKind.
  std::string hazard = good;
  hazard.replace(hazard.size() - 1, 1, std::string("\x01\x04", 2));
  CHECK(error_of(record(hazard)).find("unknown hazard kind 4") != std::string::npos);
}
