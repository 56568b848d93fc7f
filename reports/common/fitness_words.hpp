// Serverless fitness in words, the same in every report: a verdict as the
// issue names it ("keep as a long-running service") and an effort (1-3) as
// small, medium or large.
#pragma once

#include <string>

namespace cleave::report {

// "ready", "ready after changes", "keep as a long-running service"; a verdict
// this version does not know as written; "not judged" when empty.
std::string verdict_words(const std::string& verdict);

// "small", "medium", "large"; an effort outside 1-3 as its number.
std::string effort_words(unsigned effort);

}  // namespace cleave::report
