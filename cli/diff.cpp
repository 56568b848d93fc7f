// `cleave diff OLD_OUT NEW_OUT`: glue over analyzer/check/diff. Each side is
// read from its model.json and decomposed again, as `cleave report` does;
// with --architecture both sides take their contexts from that one file.
#include "check/diff.hpp"
#include "check/check.hpp"
#include "cli/analyze.hpp"
#include "cli/check.hpp"

#include <filesystem>
#include <optional>
#include <ostream>

namespace cleave::cli {
namespace {

struct LoadedSide {
  std::string root;
  Model model;
  Proposal proposal;
  check::ContextMap contexts;
};

LoadedSide load_side(const std::string& out_dir, const check::Architecture* architecture) {
  LoadedSide side;
  side.model = load_model(out_dir, &side.root);
  FromModelOptions from;
  from.out_dir = out_dir;
  side.proposal = decompose_again(side.model, from);
  side.contexts = architecture ? check::contexts_from_architecture(side.model, *architecture, side.root)
                               : check::contexts_from_proposal(side.proposal);
  return side;
}

}  // namespace

int diff(const DiffOptions& options, std::ostream& out) {
  // Inputs first: a missing side or architecture is told before any work.
  for (const std::string* dir : {&options.old_out, &options.new_out}) {
    if (!std::filesystem::exists(std::filesystem::path(*dir) / "model.json"))
      load_model(*dir);  // throws, says what to do
  }
  std::optional<check::Architecture> architecture;
  if (!options.architecture.empty()) architecture = check::load_architecture(options.architecture);
  const check::Architecture* arch = architecture ? &*architecture : nullptr;

  const LoadedSide was = load_side(options.old_out, arch);
  const LoadedSide now = load_side(options.new_out, arch);
  const check::Diff d = check::diff({was.model, was.contexts, was.proposal.metrics, was.root, options.old_out},
                                    {now.model, now.contexts, now.proposal.metrics, now.root, options.new_out});
  if (options.format == "json") {
    out << check::render_diff_json(d);
  } else if (options.format == "md") {
    out << check::render_diff_markdown(d);
  } else {
    out << check::render_diff_text(d);
  }
  return 0;  // a trend, not a verdict
}

}  // namespace cleave::cli
