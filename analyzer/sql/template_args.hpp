// SQL a class template builds from its own template arguments: a generic
// repository whose table is `T::table` (a static member of the entity type)
// or a non-type parameter (`template <const char* Table>`). libclang does not
// visit implicit instantiations, so the front end records the template's
// body once, with TemplateArg pieces, and each member call on an
// instantiation with the instantiation's arguments (CallSite::template_args).
//
// Contract
//  - A TemplateArg piece counts like a Param (fold.hpp's has_param): the
//    method is a wrapper, and each access belongs to the function that calls
//    it on an instantiation, at that call.
//  - Binding applies the callee's own arguments to the callee's template
//    (before its Param pieces take the caller's values); a call with no
//    template arguments (from inside the template) leaves it open.
//  - Binding: `T::member` is the constant named `<argument>::member`; a
//    non-type argument is the constant it names, or the string literal it
//    spells. What cannot be bound (no argument, no such constant) is Unknown,
//    named as written, so the site is reported and never silently dropped.
#pragma once

#include "core/facts.hpp"
#include "sql/fold.hpp"

#include <string>
#include <vector>

namespace cleave::sql {

std::vector<StrAlternative> bind_template_args(const StrAlternative& alt, const std::vector<std::string>& args,
                                               const VarTable& vars);

}  // namespace cleave::sql
