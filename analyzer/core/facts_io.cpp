#include "core/facts_io.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <istream>
#include <limits>
#include <ostream>
#include <unordered_map>

namespace cleave {
namespace {

// Layout of the fixed header; docs/facts-format.md is the specification.
constexpr std::array<char, 8> kMagic{'C', 'L', 'V', 'F', 'A', 'C', 'T', 'S'};
constexpr std::size_t kVersionAt = 8;
constexpr std::size_t kSizeAt = 12;
constexpr std::size_t kChecksumAt = 20;
constexpr std::size_t kHeaderSize = 28;
// Far above any real TU (the largest seen is a few MB) and small enough that a
// corrupt size field cannot make the reader reserve unbounded memory.
constexpr std::uint64_t kMaxPayload = std::uint64_t{1} << 32;

// An edge's kind byte carries Edge::in_loop in its top bit: no byte more
// for the hundreds of thousands of edges a large TU has.
constexpr std::uint8_t kEdgeInLoop = 0x80;

// Symbol flags, one bit each, in this order.
constexpr std::uint8_t kDefinition = 1, kStatic = 2, kVirtual = 4, kImplicit = 8, kAnonymousNamespace = 16;
constexpr std::uint8_t kAllSymbolFlags = 31;

const char* const kRemedy = "delete it and extract the facts again with this cleave";

// FNV-1a, 64 bits, over the header's first 20 bytes and then the payload:
// defined bit for bit (docs/facts-format.md), unlike std::hash.
class Checksum {
 public:
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      h_ ^= c;
      h_ *= 1099511628211ULL;
    }
  }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;  // the FNV-1a 64 offset basis
};

void put_le(std::string& out, std::uint64_t v, std::size_t bytes) {
  for (std::size_t i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t get_le(std::string_view in, std::size_t at, std::size_t bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < bytes; ++i) v |= std::uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  return v;
}

std::string header_for(std::string_view payload) {
  std::string h(kMagic.begin(), kMagic.end());
  put_le(h, kFactsFormatVersion, 4);
  put_le(h, payload.size(), 8);
  Checksum sum;
  sum.add(h);
  sum.add(payload);
  put_le(h, sum.value(), 8);
  return h;
}

// ---------------------------------------------------------------------------
// Writing. The body is encoded first while strings are interned; the payload
// is then the string table (first-use order) followed by the body.
class Encoder {
 public:
  void u8(std::uint8_t v) { body_.push_back(static_cast<char>(v)); }
  void uvar(std::uint64_t v) { put_uvar(body_, v); }
  void svar(std::int64_t v) {  // zigzag: small negatives stay small
    uvar((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void f64(double v) { put_le(body_, std::bit_cast<std::uint64_t>(v), 8); }
  void str(const std::string& s) {
    auto [it, added] = index_.try_emplace(s, static_cast<std::uint64_t>(strings_.size()));
    if (added) strings_.push_back(s);
    uvar(it->second);
  }
  template <typename T, typename F>
  void list(const std::vector<T>& items, F each) {
    uvar(items.size());
    for (const T& item : items) each(item);
  }
  void loc(const Location& l) {
    str(l.file);
    uvar(l.line);
    uvar(l.column);
  }
  void value(const StrValue& v) {
    list(v.alternatives, [this](const StrAlternative& alt) {
      list(alt, [this](const Piece& p) {
        u8(static_cast<std::uint8_t>(p.kind));
        str(p.text);
        svar(p.index);
      });
    });
  }

  std::string payload() const {
    std::string out;
    put_uvar(out, strings_.size());
    for (std::string_view s : strings_) {
      put_uvar(out, s.size());
      out.append(s);
    }
    out.append(body_);
    return out;
  }

 private:
  static void put_uvar(std::string& out, std::uint64_t v) {  // unsigned LEB128
    while (v >= 0x80) {
      out.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out.push_back(static_cast<char>(v));
  }

  std::string body_;
  std::vector<std::string_view> strings_;                      // views into the facts being written
  std::unordered_map<std::string_view, std::uint64_t> index_;  // lookup only; never iterated
};

std::uint8_t symbol_flags(const Symbol& s) {
  return static_cast<std::uint8_t>((s.is_definition ? kDefinition : 0) | (s.is_static ? kStatic : 0) |
                                   (s.is_virtual ? kVirtual : 0) | (s.is_implicit ? kImplicit : 0) |
                                   (s.in_anonymous_namespace ? kAnonymousNamespace : 0));
}

void encode_declarations(Encoder& e, const TuFacts& f) {
  e.list(f.symbols, [&e](const Symbol& s) {
    e.str(s.id);
    e.str(s.name);
    e.u8(static_cast<std::uint8_t>(s.kind));
    e.str(s.tag);
    e.loc(s.loc);
    e.u8(symbol_flags(s));
    e.str(s.parent);
    e.str(s.signature);
  });
  e.list(f.edges, [&e](const Edge& x) {
    e.str(x.from);
    e.str(x.to);
    e.u8(static_cast<std::uint8_t>(static_cast<std::uint8_t>(x.kind) | (x.in_loop ? kEdgeInLoop : 0)));
    e.loc(x.site);
  });
  e.list(f.unresolved_calls, [&e](const UnresolvedCall& u) {
    e.str(u.caller);
    e.loc(u.site);
    e.str(u.reason);
    e.str(u.text);
  });
}

void encode_strings_and_calls(Encoder& e, const TuFacts& f) {
  e.list(f.var_values, [&e](const VarValue& v) {
    e.str(v.var);
    e.str(v.name);
    e.loc(v.loc);
    e.value(v.value);
    e.list(v.elements, [&e](const StrValue& el) { e.value(el); });
  });
  e.list(f.call_sites, [&e](const CallSite& c) {
    e.str(c.caller);
    e.str(c.callee);
    e.str(c.callee_name);
    e.str(c.object_type);
    e.str(c.object_var);
    e.value(c.object_value);
    e.list(c.template_args, [&e](const std::string& a) { e.str(a); });
    e.loc(c.site);
    e.list(c.args, [&e](const CallArg& a) {
      e.svar(a.index);
      e.value(a.value);
    });
    e.uvar(c.order);
  });
  e.list(f.locals, [&e](const LocalVar& l) {
    e.str(l.function);
    e.str(l.var);
    e.str(l.name);
    e.str(l.type);
    e.loc(l.loc);
    e.uvar(l.scope_end_line);
    e.uvar(l.order);
  });
  e.list(f.hazards, [&e](const Hazard& h) {
    e.u8(static_cast<std::uint8_t>(h.kind));
    e.str(h.function);
    e.str(h.variable);
    e.loc(h.loc);
    e.str(h.what);
  });
}

std::string encode_payload(const TuFacts& f) {
  Encoder e;
  e.str(f.file);
  e.u8(static_cast<std::uint8_t>(f.status));
  e.uvar(f.error_count);
  e.f64(f.parse_seconds);
  e.list(f.diagnostics, [&e](const ParseDiagnostic& d) {
    e.str(d.severity);
    e.loc(d.loc);
    e.str(d.message);
  });
  e.list(f.dropped_flags, [&e](const std::string& flag) { e.str(flag); });
  e.list(f.includes, [&e](const std::string& file) { e.str(file); });
  encode_declarations(e, f);
  encode_strings_and_calls(e, f);
  return e.payload();
}

// ---------------------------------------------------------------------------
// Reading. Every read is bounds-checked against the payload, every count
// against the bytes left, every enum against its range: a payload that passed
// its checksum can still be hostile or from a buggy writer.
class Decoder {
 public:
  Decoder(std::string_view payload, const std::string& source) : in_(payload), source_(source) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(source_, 0, "corrupt facts at byte " + std::to_string(kHeaderSize + at_) + ": " + what, kRemedy);
  }

  std::uint8_t u8() {
    if (at_ >= in_.size()) fail("record ends early");
    return static_cast<std::uint8_t>(in_[at_++]);
  }
  std::uint64_t uvar() {
    std::uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      const std::uint8_t b = u8();
      if (shift == 63 && b > 1) fail("varint overflows 64 bits");
      v |= std::uint64_t{b & 0x7fu} << shift;
      if (!(b & 0x80)) return v;
    }
  }
  unsigned u32() {
    const std::uint64_t v = uvar();
    if (v > std::numeric_limits<unsigned>::max()) fail("value " + std::to_string(v) + " overflows 32 bits");
    return static_cast<unsigned>(v);
  }
  int s32() {
    const std::uint64_t z = uvar();
    const std::int64_t v = static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) fail("index overflows 32 bits");
    return static_cast<int>(v);
  }
  double f64() {
    if (in_.size() - at_ < 8) fail("record ends early");
    const std::uint64_t bits = get_le(in_, at_, 8);
    at_ += 8;
    return std::bit_cast<double>(bits);
  }
  template <typename E>
  E enumerator(E last, const char* what) {
    const std::uint8_t v = u8();
    if (v > static_cast<std::uint8_t>(last)) fail(std::string("unknown ") + what + " " + std::to_string(v));
    return static_cast<E>(v);
  }
  // A count of items each taking at least one byte: bounded by what is left,
  // so a corrupt count cannot make us reserve gigabytes.
  std::size_t count() {
    const std::uint64_t n = uvar();
    if (n > in_.size() - at_) fail("count " + std::to_string(n) + " exceeds the bytes left");
    return static_cast<std::size_t>(n);
  }
  template <typename T, typename F>
  void list(std::vector<T>& out, F each) {
    out.resize(count());
    for (T& item : out) each(item);
  }

  void read_string_table() {
    strings_.resize(count());
    for (std::string_view& s : strings_) {
      const std::size_t n = count();
      s = in_.substr(at_, n);
      at_ += n;
    }
  }
  std::string str() {
    const std::uint64_t i = uvar();
    if (i >= strings_.size()) fail("string " + std::to_string(i) + " is not in the table");
    return std::string(strings_[i]);
  }
  Location loc() {
    Location l;
    l.file = str();
    l.line = u32();
    l.column = u32();
    return l;
  }
  StrValue value() {
    StrValue v;
    list(v.alternatives, [this](StrAlternative& alt) {
      list(alt, [this](Piece& p) {
        p.kind = enumerator(PieceKind::TemplateArg, "piece kind");
        p.text = str();
        p.index = s32();
      });
    });
    return v;
  }

  void expect_end() const {
    if (at_ != in_.size()) fail(std::to_string(in_.size() - at_) + " bytes left over after the facts");
  }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
  const std::string& source_;
  std::vector<std::string_view> strings_;  // views into the payload
};

void decode_declarations(Decoder& d, TuFacts& f) {
  d.list(f.symbols, [&d](Symbol& s) {
    s.id = d.str();
    s.name = d.str();
    s.kind = d.enumerator(SymbolKind::Field, "symbol kind");
    s.tag = d.str();
    s.loc = d.loc();
    const std::uint8_t flags = d.u8();
    if (flags & ~kAllSymbolFlags) d.fail("unknown symbol flags " + std::to_string(flags));
    s.is_definition = flags & kDefinition;
    s.is_static = flags & kStatic;
    s.is_virtual = flags & kVirtual;
    s.is_implicit = flags & kImplicit;
    s.in_anonymous_namespace = flags & kAnonymousNamespace;
    s.parent = d.str();
    s.signature = d.str();
  });
  d.list(f.edges, [&d](Edge& x) {
    x.from = d.str();
    x.to = d.str();
    const std::uint8_t kind = d.u8();
    const std::uint8_t value = kind & static_cast<std::uint8_t>(~kEdgeInLoop);
    if (value > static_cast<std::uint8_t>(EdgeKind::Dispatch)) d.fail("unknown edge kind " + std::to_string(value));
    x.kind = static_cast<EdgeKind>(value);
    x.in_loop = (kind & kEdgeInLoop) != 0;
    x.site = d.loc();
  });
  d.list(f.unresolved_calls, [&d](UnresolvedCall& u) {
    u.caller = d.str();
    u.site = d.loc();
    u.reason = d.str();
    u.text = d.str();
  });
}

void decode_strings_and_calls(Decoder& d, TuFacts& f) {
  d.list(f.var_values, [&d](VarValue& v) {
    v.var = d.str();
    v.name = d.str();
    v.loc = d.loc();
    v.value = d.value();
    d.list(v.elements, [&d](StrValue& el) { el = d.value(); });
  });
  d.list(f.call_sites, [&d](CallSite& c) {
    c.caller = d.str();
    c.callee = d.str();
    c.callee_name = d.str();
    c.object_type = d.str();
    c.object_var = d.str();
    c.object_value = d.value();
    d.list(c.template_args, [&d](std::string& a) { a = d.str(); });
    c.site = d.loc();
    d.list(c.args, [&d](CallArg& a) {
      a.index = d.s32();
      a.value = d.value();
    });
    c.order = d.u32();
  });
  d.list(f.locals, [&d](LocalVar& l) {
    l.function = d.str();
    l.var = d.str();
    l.name = d.str();
    l.type = d.str();
    l.loc = d.loc();
    l.scope_end_line = d.u32();
    l.order = d.u32();
  });
  d.list(f.hazards, [&d](Hazard& h) {
    h.kind = d.enumerator(HazardKind::Server, "hazard kind");
    h.function = d.str();
    h.variable = d.str();
    h.loc = d.loc();
    h.what = d.str();
  });
}

TuFacts decode_payload(std::string_view payload, const std::string& source) {
  Decoder d(payload, source);
  d.read_string_table();
  TuFacts f;
  f.file = d.str();
  f.status = d.enumerator(ParseStatus::Failed, "parse status");
  f.error_count = d.u32();
  f.parse_seconds = d.f64();
  d.list(f.diagnostics, [&d](ParseDiagnostic& x) {
    x.severity = d.str();
    x.loc = d.loc();
    x.message = d.str();
  });
  d.list(f.dropped_flags, [&d](std::string& flag) { flag = d.str(); });
  d.list(f.includes, [&d](std::string& file) { file = d.str(); });
  decode_declarations(d, f);
  decode_strings_and_calls(d, f);
  d.expect_end();
  return f;
}

[[noreturn]] void refuse(const std::string& source, const std::string& problem, const std::string& remedy = kRemedy) {
  throw InputError(source, 0, problem, remedy);
}

// Checks the header and returns the payload size it announces.
std::uint64_t check_header(std::string_view header, const std::string& source) {
  if (header.size() < kHeaderSize) {
    if (header.empty()) refuse(source, "empty input where a facts record was expected");
    refuse(source, "truncated facts: the header has " + std::to_string(header.size()) + " of " +
                       std::to_string(kHeaderSize) + " bytes");
  }
  if (!std::equal(kMagic.begin(), kMagic.end(), header.begin())) {
    refuse(source, "not a cleave facts record (the first 8 bytes are not \"CLVFACTS\")");
  }
  const auto version = get_le(header, kVersionAt, 4);
  if (version != kFactsFormatVersion) {
    refuse(source,
           "facts format version " + std::to_string(version) + ", but this cleave reads only version " +
               std::to_string(kFactsFormatVersion),
           "extract the facts again with the cleave that will read them");
  }
  const std::uint64_t size = get_le(header, kSizeAt, 8);
  if (size > kMaxPayload) refuse(source, "corrupt facts: the header announces " + std::to_string(size) + " bytes");
  return size;
}

TuFacts verify_and_decode(std::string_view header, std::string_view payload, const std::string& source) {
  Checksum sum;
  sum.add(header.substr(0, kChecksumAt));
  sum.add(payload);
  if (sum.value() != get_le(header, kChecksumAt, 8)) refuse(source, "corrupt facts: the checksum does not match");
  return decode_payload(payload, source);
}

std::string truncated(std::uint64_t have, std::uint64_t want) {
  return "truncated facts: the record has " + std::to_string(have) + " of " + std::to_string(want) + " payload bytes";
}

}  // namespace

void write_facts(std::ostream& out, const TuFacts& facts) {
  const std::string payload = encode_payload(facts);
  const std::string header = header_for(payload);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
}

std::string facts_to_string(const TuFacts& facts) {
  const std::string payload = encode_payload(facts);
  return header_for(payload) + payload;
}

TuFacts read_facts(std::istream& in, const std::string& source_name) {
  std::array<char, kHeaderSize> header{};
  in.read(header.data(), kHeaderSize);
  const std::string_view header_view(header.data(), static_cast<std::size_t>(in.gcount()));
  const std::uint64_t size = check_header(header_view, source_name);
  // Read in bounded steps so a size field that lies costs at most what the
  // stream really holds.
  std::string payload;
  constexpr std::size_t kStep = std::size_t{1} << 24;
  while (payload.size() < size) {
    const std::size_t have = payload.size();
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size - have, kStep));
    payload.resize(have + want);
    in.read(payload.data() + have, static_cast<std::streamsize>(want));
    if (static_cast<std::size_t>(in.gcount()) < want) {
      refuse(source_name, truncated(have + static_cast<std::size_t>(in.gcount()), size));
    }
  }
  return verify_and_decode(header_view, payload, source_name);
}

TuFacts facts_from_string(std::string_view bytes, const std::string& source_name) {
  const std::uint64_t size = check_header(bytes.substr(0, std::min(bytes.size(), kHeaderSize)), source_name);
  const std::string_view payload = bytes.substr(kHeaderSize);
  if (payload.size() < size) refuse(source_name, truncated(payload.size(), size));
  if (payload.size() > size) {
    refuse(source_name, std::to_string(payload.size() - size) + " bytes after the end of the facts record");
  }
  return verify_and_decode(bytes.substr(0, kHeaderSize), payload, source_name);
}

}  // namespace cleave
