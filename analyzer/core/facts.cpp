#include "core/facts.hpp"
#include "core/data_access.hpp"

#include <array>
#include <utility>

namespace cleave {
namespace {

template <typename E, std::size_t N>
bool parse_enum(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text, E& out) {
  for (const auto& [value, name] : table) {
    if (name == text) {
      out = value;
      return true;
    }
  }
  return false;
}

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<SymbolKind, std::string_view>, 10> kSymbolKinds{{
    {SymbolKind::File, "file"},
    {SymbolKind::Namespace, "namespace"},
    {SymbolKind::Class, "class"},
    {SymbolKind::Enum, "enum"},
    {SymbolKind::Function, "function"},
    {SymbolKind::Method, "method"},
    {SymbolKind::Constructor, "constructor"},
    {SymbolKind::Destructor, "destructor"},
    {SymbolKind::Variable, "variable"},
    {SymbolKind::Field, "field"},
}};

constexpr std::array<std::pair<EdgeKind, std::string_view>, 9> kEdgeKinds{{
    {EdgeKind::Call, "call"},
    {EdgeKind::Override, "override"},
    {EdgeKind::Inherits, "inherits"},
    {EdgeKind::MemberOf, "member_of"},
    {EdgeKind::FieldType, "field_type"},
    {EdgeKind::TypeUse, "type_use"},
    {EdgeKind::Include, "include"},
    {EdgeKind::Reference, "reference"},
    {EdgeKind::Dispatch, "dispatch"},
}};

constexpr std::array<std::pair<AccessMode, std::string_view>, 4> kAccessModes{{
    {AccessMode::Read, "read"},
    {AccessMode::Write, "write"},
    {AccessMode::Ddl, "ddl"},
    {AccessMode::Call, "call"},
}};

constexpr std::array<std::pair<ParseStatus, std::string_view>, 3> kParseStatuses{{
    {ParseStatus::Clean, "clean"},
    {ParseStatus::WithErrors, "with_errors"},
    {ParseStatus::Failed, "failed"},
}};

}  // namespace

std::string_view to_string(SymbolKind kind) { return name_of(kSymbolKinds, kind); }

bool is_function_kind(SymbolKind kind) {
  return kind == SymbolKind::Function || kind == SymbolKind::Method || kind == SymbolKind::Constructor ||
         kind == SymbolKind::Destructor;
}
bool parse_symbol_kind(std::string_view text, SymbolKind& out) { return parse_enum(kSymbolKinds, text, out); }
std::string_view to_string(EdgeKind kind) { return name_of(kEdgeKinds, kind); }
bool parse_edge_kind(std::string_view text, EdgeKind& out) { return parse_enum(kEdgeKinds, text, out); }
std::string_view to_string(AccessMode mode) { return name_of(kAccessModes, mode); }
bool parse_access_mode(std::string_view text, AccessMode& out) { return parse_enum(kAccessModes, text, out); }
std::string_view to_string(ParseStatus status) { return name_of(kParseStatuses, status); }

constexpr std::array<std::pair<HazardKind, std::string_view>, 4> kHazardKinds{{
    {HazardKind::State, "state"},
    {HazardKind::LocalFile, "local-file"},
    {HazardKind::Background, "background"},
    {HazardKind::Server, "server"},
}};
std::string_view to_string(HazardKind kind) { return name_of(kHazardKinds, kind); }
bool parse_hazard_kind(std::string_view text, HazardKind& out) { return parse_enum(kHazardKinds, text, out); }

}  // namespace cleave
