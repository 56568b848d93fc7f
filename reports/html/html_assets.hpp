// The report's stylesheet and script, kept apart from the generator so the
// C++ stays readable. Both are constant: nothing from the input is in them.
#pragma once

#include <string_view>

namespace cleave::report::assets {

extern const std::string_view kCss;
extern const std::string_view kScript;

}  // namespace cleave::report::assets
