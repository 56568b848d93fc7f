// Saved facts: one TU's TuFacts written to bytes and read back, the seam the
// fact cache and sharded runs (extract on many machines, merge on one) use.
// The format is specified in docs/facts-format.md.
//
// Contract
//  - Byte-stable: the same facts give the same bytes, on every run and
//    platform. Nothing but the facts decides the output (no hash-map order, no
//    time, no pointer values); strings are stored once, in order of first use.
//  - Lossless: every field of every struct in core/facts.hpp reads back equal,
//    including strings holding NUL, newlines or any byte sequence.
//  - Never trusts its input: a record that is truncated, fails its checksum,
//    carries another format version, or decodes to something out of range
//    throws InputError naming the source (and, inside the payload, the byte
//    offset); nothing is half-read into the result.
//  - A stream may hold several records back to back; read_facts consumes
//    exactly one and leaves the stream just after it.
//  - kFactsFormatVersion changes whenever the bytes a TuFacts encodes to
//    change meaning (docs/facts-format.md, "Versioning"); a reader accepts
//    only its own version, since a cache entry is cheaper to re-parse than to
//    migrate.
#pragma once

#include "core/facts.hpp"

#include <iosfwd>
#include <string>
#include <string_view>

namespace cleave {

inline constexpr unsigned kFactsFormatVersion = 6;  // 2: hazards; 3: Edge::in_loop (issue 17); 4: includes (issue 14);
                                                    // 5: PieceKind::Field and field stores (issue 15);
                                                    // 6: PieceKind::File and TemplateArg, CallSite::template_args
                                                    //    (issue 15, items 5 and 7)

void write_facts(std::ostream& out, const TuFacts& facts);
std::string facts_to_string(const TuFacts& facts);

// `source_name` names the input in errors (a cache entry, a shard file).
TuFacts read_facts(std::istream& in, const std::string& source_name);
// The whole of `bytes` must be exactly one record.
TuFacts facts_from_string(std::string_view bytes, const std::string& source_name);

}  // namespace cleave
