// Internal: walks one parsed TU and fills TuFacts (the walk and its parts, one
// file per kind of fact, are described in visitor.hpp).
#pragma once

#include "core/facts.hpp"
#include "core/glob.hpp"

#include <clang-c/Index.h>

#include <string>
#include <vector>

namespace cleave::frontend::detail {

struct ScopeRules {
  std::string project_root;              // empty: every non-system file is the project's
  std::vector<std::string> third_party;  // globs
};

void extract_facts(CXTranslationUnit tu, const ScopeRules& scope, TuFacts& out);

}  // namespace cleave::frontend::detail
