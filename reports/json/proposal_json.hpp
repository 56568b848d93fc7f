// proposal.json (design.md section 4): the decomposition as data.
// Field order and array order are fixed, so output is byte-identical for the
// same proposal.
#pragma once

#include "decompose/proposal.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace cleave::report {

// docs/proposal.schema.json describes this version.
inline constexpr int kProposalSchemaVersion = 1;

// Locations (distributed transactions, fitness findings) are written
// relative to `root` when inside it, as model.json writes its paths, so the
// file does not depend on where the project was checked out; an empty root
// leaves them as the proposal holds them.
nlohmann::ordered_json proposal_to_json(const Proposal& proposal, const std::string& root = "");

// Pretty-printed, newline-terminated.
std::string proposal_json_text(const Proposal& proposal, const std::string& root = "");

// Reads back what tools compare against (services with their members and
// tables, the shared kernel, split classes, table owners, metrics, serverless
// fitness). APIs, DDL, sagas and the extraction order are not read. Keys
// added after schema_version 1 first shipped ("fitness", "kernel_fitness")
// are optional, so older files still parse. Throws InputError naming
// `source` when the text is not a proposal.json.
Proposal parse_proposal_json(const std::string& text, const std::string& source);

// Writes atomically (temp file, then rename).
void write_proposal_json(const Proposal& proposal, const std::filesystem::path& path, const std::string& root = "");

}  // namespace cleave::report
