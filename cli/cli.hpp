// The command line as a library: main() only calls run(). Flag parsing is
// tested through run() with argument vectors; tool failures are typed
// exceptions caught here once and mapped to exit codes.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cleave::cli {

int run(int argc, const char* const* argv);
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cleave::cli
