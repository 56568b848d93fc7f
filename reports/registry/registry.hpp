// The generator registry: every output format cleave writes, by name.
//
// Contract
//  - A generator is a name, a one-line description, whether it runs by
//    default, whether it always runs (model.json and proposal.json), and a
//    function from the run's ReportContext to the files it writes. Generators
//    return text; writing it (atomically, under the output directory) is the
//    caller's job, so a generator never touches the file system.
//  - An OutputFile's path is relative to the output directory, '/'-separated,
//    and built only from fixed names and sanitize_name() of names from the
//    analysed code: it never climbs out of the output directory.
//  - generators() is sorted by name; generate_outputs() runs them in that
//    order, one after another, on one context, so a graph two formats show
//    (services.svg and the HTML's map) is laid out once.
//  - The bytes each format writes are those of its render_* function.
#pragma once

#include "reports/common/report_input.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cleave::report {

struct Generator {
  std::string name;         // what --format takes
  std::string description;  // one line, for --list-formats and --help
  bool by_default = false;  // in --format's default
  bool always = false;      // written whatever --format says
  std::function<std::vector<OutputFile>(const ReportContext&)> generate;
};

// Every generator, sorted by name.
const std::vector<Generator>& generators();

// nullptr when no generator has that name.
const Generator* find_generator(std::string_view name);

// The names --format accepts (generators that do not always run), sorted.
std::vector<std::string> format_names();

// The names on by default (by_default and not always), sorted.
std::vector<std::string> default_formats();

// The context for a run, its graphs laid out by Graphviz.
ReportContext make_context(const ReportInput& input);

// The files of every generator that always runs or is named in `formats`, in
// generators() order. Throws std::invalid_argument naming an unknown format.
std::vector<OutputFile> generate_outputs(const ReportContext& ctx, const std::vector<std::string>& formats);

// One line per generator: name, "default"/"always", description.
std::string list_formats_text();

}  // namespace cleave::report
