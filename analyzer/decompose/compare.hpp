// Agreement of a proposal with an expected decomposition
// (samples/<name>/expected/decomposition.json, format in samples/README.md).
#pragma once

#include "decompose/proposal.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cleave::decompose {

struct ExpectedDecomposition {
  // context name -> members; the shared kernel is the context "<shared kernel>".
  std::map<std::string, std::vector<std::string>> contexts;                 // qualified names of classes and functions
  std::map<std::string, std::string> table_owner;                           // table -> context
  std::map<std::string, std::map<std::string, std::string>> split_classes;  // class -> method -> context
};

inline constexpr const char* kSharedKernelGroup = "<shared kernel>";

// Throws InputError naming the file on malformed input.
ExpectedDecomposition load_expected(const std::filesystem::path& path);
ExpectedDecomposition parse_expected(const std::string& json_text, const std::string& file);

struct Agreement {
  std::size_t items = 0;  // expected classes and functions
  double ari = 0;         // over all expected items; unplaced ones are singletons
  double mojofm = 0;
  std::vector<std::string> missing;                       // expected items the proposal does not place
  std::map<std::string, std::string> service_to_context;  // by largest overlap
  std::size_t tables = 0;
  std::size_t tables_owned_as_expected = 0;
  std::vector<std::string> table_mismatches;  // "orders: expected ordering, got billing (-> shipping)"
  std::vector<std::string> misplaced;         // "ns::X: expected billing, in scheduling (-> patients)"
};

Agreement compare(const Proposal& proposal, const ExpectedDecomposition& expected);

// Where the proposal puts a qualified class or function name: a service
// name, kSharedKernelGroup, or empty when it does not list it.
std::string placement(const Proposal& proposal, const std::string& qualified_name);

}  // namespace cleave::decompose
