// Parses in-memory sources through libclang's unsaved files: no disk.
#pragma once

#include "frontend/frontend.hpp"
#include "model/model.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

namespace cleave::test {

inline const std::string kRoot = "/virtual";

struct Parsed {
  std::vector<TuFacts> tus;
  Model model;

  const Symbol* symbol(const std::string& name, SymbolKind kind) const {
    const Symbol* found = nullptr;
    for (const auto& s : model.symbols) {
      if (s.name == name && s.kind == kind) {
        if (found) FAIL("symbol listed twice: " << name);
        found = &s;
      }
    }
    return found;
  }
  std::string id(const std::string& name) const {
    for (const auto& s : model.symbols) {
      if (s.name == name && s.kind != SymbolKind::Namespace) return s.id;
    }
    FAIL("no symbol " << name);
    return {};
  }
  const ModelEdge* edge(const std::string& from, const std::string& to, EdgeKind kind) const {
    const std::string a = id(from), b = id(to);
    for (const auto& e : model.edges) {
      if (e.from == a && e.to == b && e.kind == kind) return &e;
    }
    return nullptr;
  }
  std::vector<CallSite> calls_to(const std::string& callee_name) const {
    std::vector<CallSite> out;
    for (const auto& tu : tus) {
      for (const auto& c : tu.call_sites) {
        if (c.callee_name == callee_name) out.push_back(c);
      }
    }
    return out;
  }
};

// files: path relative to /virtual -> content; mains: the TUs to parse.
inline Parsed parse(const std::map<std::string, std::string>& files, const std::vector<std::string>& mains,
                    unsigned jobs = 1, const std::vector<std::string>& extra_flags = {}) {
  frontend::FrontendOptions options;
  options.jobs = jobs;
  options.project_root = kRoot;
  for (const auto& [path, content] : files) options.unsaved.push_back({kRoot + "/" + path, content});
  std::vector<frontend::ParseJob> parse_jobs;
  std::vector<std::string> flags{"-std=c++17", "-I" + kRoot};
  flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
  for (const auto& m : mains) parse_jobs.push_back({kRoot + "/" + m, flags, {}});
  Parsed p;
  p.tus = frontend::parse_all(parse_jobs, options);
  p.model = merge(p.tus);
  return p;
}

inline Parsed parse_one(const std::string& source) { return parse({{"main.cpp", source}}, {"main.cpp"}); }

// The single alternative of a value, rendered with {P<n>} for parameters,
// {V} for variable references and {?} for unknown parts.
inline std::string render(const StrValue& v) {
  std::string out;
  for (std::size_t i = 0; i < v.alternatives.size(); ++i) {
    if (i) out += " | ";
    for (const auto& p : v.alternatives[i]) {
      switch (p.kind) {
        case PieceKind::Literal:
          out += p.text;
          break;
        case PieceKind::Param:
          out += "{P" + std::to_string(p.index) + "}";
          break;
        case PieceKind::VarRef:
          out += p.index == -1 ? "{V}" : "{V[" + std::to_string(p.index) + "]}";
          break;
        case PieceKind::Unknown:
          out += "{?}";
          break;
        case PieceKind::Field:
          out += "{F}";
          break;
        case PieceKind::File:
          out += "{file " + p.text + "}";
          break;
        case PieceKind::TemplateArg:
          out += "{T" + std::to_string(p.index) + (p.text.empty() ? "" : "::" + p.text) + "}";
          break;
      }
    }
  }
  return out;
}

}  // namespace cleave::test
