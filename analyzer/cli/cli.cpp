#include "cli/cli.hpp"

#include "cli/analyze.hpp"
#include "core/errors.hpp"
#include "frontend/frontend.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

namespace cleave::cli {
namespace {

void add_analyze(CLI::App& app, AnalyzeOptions& o) {
  auto* cmd = app.add_subcommand("analyze", "Parse the monolith and write model.json (and reports) to the output directory");
  cmd->add_option("-p,--build-dir", o.build_dir, "Build directory holding compile_commands.json (or the file itself)")
      ->required();
  cmd->add_option("-o,--output", o.out_dir, "Output directory")->capture_default_str();
  cmd->add_option("-j,--jobs", o.jobs, "Parallel parses (default: all cores)");
  cmd->add_option("--root", o.root, "Project root (default: detected from the TUs)");
  cmd->add_option("--include", o.include, "Only TUs whose path matches this glob (repeatable)");
  cmd->add_option("--exclude", o.exclude, "Skip TUs whose path matches this glob (repeatable)");
  cmd->add_option("--extra-arg", o.extra_args, "Append this flag to every compile command (repeatable)");
  cmd->add_option("--remove-arg", o.remove_args, "Remove this flag (or prefix*, repeatable)");
  cmd->add_option("--third-party", o.third_party, "Glob of vendored code to leave out of the model (repeatable)");
  cmd->add_flag("--skip-function-bodies", o.skip_function_bodies,
                "Faster parse without function bodies (loses calls and SQL)");
  cmd->add_flag("!--no-progress", o.progress, "Do not show progress on stderr");
  cmd->add_option("--rules", o.rule_files, "Extra database-API rule file (JSON, repeatable)");
  cmd->add_option("--schema", o.schema_files, "Schema .sql file (repeatable; default: every .sql under the root)");
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"cleave: reads a C++ monolith and shows how to cut it into services", "cleave"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("cleave ") + CLEAVE_VERSION);
  AnalyzeOptions analyze_options;
  add_analyze(app, analyze_options);
  app.add_subcommand("version", "Print versions of cleave and libclang");

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << "cleave " << CLEAVE_VERSION << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "cleave: " << e.what() << "\n";
    if (!app.get_subcommands().empty()) {
      err << "run 'cleave " << app.get_subcommands().front()->get_name() << " --help' for usage\n";
    } else {
      err << "run 'cleave --help' for usage\n";
    }
    return static_cast<int>(ExitCode::BadInput);
  }

  try {
    if (app.got_subcommand("version")) {
      out << "cleave " << CLEAVE_VERSION << "\nlibclang resource dir: " << frontend::resource_dir() << "\n";
      return 0;
    }
    if (app.got_subcommand("analyze")) return analyze(analyze_options, out, err);
  } catch (const InputError& e) {
    err << "cleave: error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::BadInput);
  } catch (const std::exception& e) {
    err << "cleave: internal error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::Internal);
  }
  return 0;
}

int run(int argc, const char* const* argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return run(args, std::cout, std::cerr);
}

}  // namespace cleave::cli
