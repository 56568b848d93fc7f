// Folding string values into candidate SQL texts.
//
// Contract
//  - VarRefs are replaced by the constant's value wherever it was defined
//    (any TU); an array constant indexed at run time yields one alternative
//    per element. A reference to a constant nobody defined becomes Unknown.
//  - Field pieces are replaced like VarRefs when the table holds a value for
//    the member (one its own class sets to constants); otherwise kept.
//  - File pieces become the text of the file when the project has it
//    (QueryFiles); a name without extension that names no file becomes
//    Unknown (it was a string, not a file); any other stays a File piece, so
//    the site says which file it could not read.
//  - Param pieces are kept: they are resolved by the caller (wrapper sinks).
//  - The number of alternatives is bounded (kMaxAlternatives) so a chain of
//    ternaries cannot explode; what is cut is cut deterministically.
#pragma once

#include "core/facts.hpp"

#include <map>
#include <string>
#include <vector>

namespace cleave::sql {

inline constexpr std::size_t kMaxAlternatives = 32;

class QueryFiles;

class VarTable {
 public:
  // Several TUs see the same header constant: the first by location wins.
  void add(const VarValue& value);
  // Where File pieces are read from; none: they stay File pieces.
  void set_files(const QueryFiles* files) { files_ = files; }
  std::vector<StrAlternative> expand(const StrValue& value) const;
  std::vector<StrAlternative> expand(const StrAlternative& alt) const;
  // The value of the constant with this qualified name (`shop::Order::table`); empty when none.
  std::vector<StrAlternative> value_named(const std::string& name) const;

 private:
  std::vector<StrAlternative> expand(const StrAlternative& alt, int depth) const;
  // `index` as in Piece::index: -1 the whole value (an array as a whole
  // stands for any element), >= 0 one element, -2 any element.
  std::vector<StrAlternative> value_of(const std::string& usr, int depth, int index = -1) const;
  StrAlternative file_text(const Piece& p) const;
  std::map<std::string, VarValue> vars_;
  std::map<std::string, std::string> by_name_;  // qualified name -> USR
  const QueryFiles* files_ = nullptr;
};

// A Param or TemplateArg piece: resolved at the caller.
bool has_param(const StrAlternative& alt);
// The first Field piece of `alt`, or null.
const Piece* first_field(const StrAlternative& alt);
// `alt` as the template of a wrapper keyed by the member `field`: its piece
// becomes parameter 0 (the value a store hands in); other members Unknown.
StrAlternative field_template(const StrAlternative& alt, const std::string& field);

// Replace the Param pieces of a wrapper's template with the values the call
// passes (already expanded); a parameter the call does not pass is Unknown.
std::vector<StrAlternative> substitute(const StrAlternative& tmpl,
                                       const std::map<int, std::vector<StrAlternative>>& args);

// Every combination of one alternative per part, concatenated; at most
// kMaxAlternatives.
std::vector<StrAlternative> product(const std::vector<std::vector<StrAlternative>>& parts);

// Literal text with kUnknownMarker in place of every Unknown piece.
std::string sql_text(const StrAlternative& alt);
// For reports: whitespace collapsed, Unknown shown as <expr>, at most 200 bytes.
std::string excerpt(const StrAlternative& alt);
std::string shorten(const std::string& text, std::size_t max = 200);

}  // namespace cleave::sql
