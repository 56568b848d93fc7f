// `cleave analyze`: compilation database -> front end -> SQL -> model ->
// outputs. Every output is written atomically; the output directory is
// checked before any parsing so a bad -o fails fast.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cleave::cli {

struct AnalyzeOptions {
  std::string build_dir;  // -p
  std::string out_dir = "cleave-out";
  std::string root;       // project root; detected when empty
  unsigned jobs = 0;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::vector<std::string> extra_args;
  std::vector<std::string> remove_args;
  std::vector<std::string> third_party;  // added to the defaults
  bool skip_function_bodies = false;
  bool progress = true;  // only when stderr is a terminal
};

int analyze(const AnalyzeOptions& options, std::ostream& out, std::ostream& err);

// Project root: from the TUs' common directory, the top of its chain of
// CMakeLists.txt when there is one, else the nearest ancestor holding .git,
// else the common directory itself.
std::string detect_project_root(const std::vector<std::string>& files);

}  // namespace cleave::cli
