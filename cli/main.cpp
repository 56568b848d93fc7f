// cleave: everything lives in the libraries; the command line is the API.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return cleave::cli::run(argc, argv); }
