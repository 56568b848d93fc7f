#include "pipeline/shards.hpp"

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/facts_io.hpp"
#include "core/paths.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <nlohmann/json.hpp>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace cleave::pipeline {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kShardMagic = "CLEAVE-SHARD 1";

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

struct Header {
  unsigned format = 0;
  ShardSpec spec;
  std::string fingerprint, root, database;
  std::size_t database_entries = 0;
  std::vector<std::string> notes, files;
};

Header read_header(std::istream& in, const std::string& path) {
  std::string magic, line;
  if (!std::getline(in, magic) || magic != kShardMagic) {
    throw InputError(path, 1, "not a shard file of cleave extract", "pass the files or folders cleave extract wrote");
  }
  Header h;
  try {
    std::getline(in, line);
    const json j = json::parse(line);
    h.format = j.at("facts_format").get<unsigned>();
    h.spec = {j.at("shard").get<unsigned>(), j.at("of").get<unsigned>()};
    h.fingerprint = j.at("plan").get<std::string>();
    h.root = j.at("root").get<std::string>();
    h.database = j.at("database").get<std::string>();
    h.database_entries = j.at("database_entries").get<std::size_t>();
    h.notes = j.at("notes").get<std::vector<std::string>>();
    h.files = j.at("tus").get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    throw InputError(path, 2, std::string("shard header unreadable: ") + e.what(),
                     "extract this shard again with cleave extract");
  }
  if (h.format != kFactsFormatVersion) {
    throw InputError(path, 2,
                     "written with facts format version " + std::to_string(h.format) + ", but this cleave reads only " +
                         std::to_string(kFactsFormatVersion),
                     "extract every shard with the same cleave as the merge");
  }
  if (h.spec.index < 1 || h.spec.index > h.spec.count) {
    throw InputError(path, 2, "shard " + std::to_string(h.spec.index) + " of " + std::to_string(h.spec.count),
                     "extract this shard again with cleave extract");
  }
  return h;
}

std::vector<std::string> shard_files(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      for (const auto& e : fs::directory_iterator(input, ec)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file(ec) && name.rfind("shard-", 0) == 0 && e.path().extension() == ".facts") {
          files.push_back(normalize_path(e.path().string()));
        }
      }
    } else if (fs::is_regular_file(input, ec)) {
      files.push_back(normalize_path(input));
    } else {
      throw InputError(input, 0, "no such shard file or folder", "pass the files or folders cleave extract wrote");
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  if (files.empty()) {
    throw InputError(joined(inputs), 0, "no shard files (shard-K-of-N.facts) found",
                     "pass the folders cleave extract --shard K/N -o DIR wrote");
  }
  return files;
}

// Every shard 1..N once, of one plan: else an error naming the files.
void check_complete(const std::vector<std::pair<std::string, Header>>& headers) {
  const Header& first = headers.front().second;
  std::map<unsigned, std::vector<std::string>> by_index;
  for (const auto& [path, h] : headers) {
    if (h.spec.count != first.spec.count) {
      throw InputError(path, 2,
                       "this is a shard of " + std::to_string(h.spec.count) + ", but " + headers.front().first +
                           " is a shard of " + std::to_string(first.spec.count),
                       "merge the shards of one cleave extract run");
    }
    if (h.fingerprint != first.fingerprint) {
      throw InputError(path, 2, "extracted from another plan (other TUs, flags or root) than " + headers.front().first,
                       "extract every shard from the same compilation database with the same options");
    }
    by_index[h.spec.index].push_back(path);
  }
  std::vector<std::string> missing, duplicated;
  for (unsigned k = 1; k <= first.spec.count; ++k) {
    const auto it = by_index.find(k);
    if (it == by_index.end())
      missing.push_back(std::to_string(k));
    else if (it->second.size() > 1)
      duplicated.push_back(std::to_string(k) + " (" + joined(it->second) + ")");
  }
  if (!missing.empty() || !duplicated.empty()) {
    std::string problem;
    if (!missing.empty())
      problem = "shard(s) " + joined(missing) + " of " + std::to_string(first.spec.count) + " missing";
    if (!duplicated.empty()) problem += (problem.empty() ? "" : "; ") + ("shard(s) given twice: " + joined(duplicated));
    throw InputError(headers.front().first, 0, problem, "merge each shard of one cleave extract run exactly once");
  }
}

}  // namespace

ShardSpec parse_shard_spec(const std::string& text, const std::string& what) {
  const auto slash = text.find('/');
  ShardSpec s;
  try {
    std::size_t a = 0, b = 0;
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    const unsigned long k = std::stoul(text.substr(0, slash), &a);
    const unsigned long n = std::stoul(text.substr(slash + 1), &b);
    if (a != slash || b != text.size() - slash - 1 || k < 1 || k > n || n > 100000)
      throw std::invalid_argument("range");
    s = {static_cast<unsigned>(k), static_cast<unsigned>(n)};
  } catch (const std::exception&) {
    throw InputError(what, 0, "'" + text + "' is not a shard", "write K/N with 1 <= K <= N, e.g. --shard 2/4");
  }
  return s;
}

std::vector<frontend::ParseJob> shard_jobs(const Plan& plan, ShardSpec spec) {
  struct Sized {
    std::uintmax_t bytes;
    std::size_t job;
  };
  std::vector<Sized> sized;
  for (std::size_t i = 0; i < plan.jobs.size(); ++i) {
    std::error_code ec;
    const std::uintmax_t bytes = fs::file_size(plan.jobs[i].file, ec);
    sized.push_back({ec ? 0 : bytes, i});
  }
  std::sort(sized.begin(), sized.end(), [&plan](const Sized& a, const Sized& b) {
    return a.bytes != b.bytes ? a.bytes > b.bytes : plan.jobs[a.job].file < plan.jobs[b.job].file;
  });
  std::vector<std::uintmax_t> load(spec.count, 0);
  std::vector<bool> mine(plan.jobs.size(), false);
  for (const Sized& s : sized) {
    const auto lightest = static_cast<unsigned>(std::min_element(load.begin(), load.end()) - load.begin());
    load[lightest] += std::max<std::uintmax_t>(s.bytes, 1);
    mine[s.job] = lightest + 1 == spec.index;
  }
  std::vector<frontend::ParseJob> out;
  for (std::size_t i = 0; i < plan.jobs.size(); ++i) {
    if (mine[i]) out.push_back(plan.jobs[i]);
  }
  return out;
}

std::string plan_fingerprint(const Plan& plan) {
  std::string bytes = plan.root + '\0';
  for (const auto& job : plan.jobs) {
    // The sizes decide the split: shards of checkouts that differ would
    // leave a TU in no shard, or in two.
    std::error_code ec;
    bytes += job.file + '\0' + job.problem + '\0' + std::to_string(fs::file_size(job.file, ec)) + '\0';
    for (const auto& a : job.args) bytes += a + '\0';
    bytes += '\1';
  }
  char hex[33];
  const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return hex;
}

std::string shard_file_name(ShardSpec spec) {
  return "shard-" + std::to_string(spec.index) + "-of-" + std::to_string(spec.count) + ".facts";
}

std::string extract_shard(const Plan& plan, ShardSpec spec, const Request& request, const std::string& out_dir,
                          ParseReport& report) {
  const std::vector<frontend::ParseJob> jobs = shard_jobs(plan, spec);
  ensure_writable_dir(out_dir);
  const fs::path path = fs::path(out_dir) / shard_file_name(spec);
  const std::string tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError(tmp, 0, "cannot write the shard", "choose a writable folder with -o");
  json header = {{"facts_format", kFactsFormatVersion},
                 {"shard", spec.index},
                 {"of", spec.count},
                 {"plan", plan_fingerprint(plan)},
                 {"root", plan.root},
                 {"database", plan.database},
                 {"database_entries", plan.database_entries},
                 {"notes", plan.notes},
                 {"tus", json::array()}};
  for (const auto& job : jobs) header["tus"].push_back(job.file);
  out << kShardMagic << "\n" << header.dump() << "\n";
  // Records in completion order: merge does not depend on it.
  parse_each(jobs, plan.root, request, report, [&out](TuFacts&& facts) { write_facts(out, facts); });
  out.close();
  if (!out) {
    std::remove(tmp.c_str());
    throw InputError(path.string(), 0, "writing the shard failed", "free disk space and run again");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw InputError(path.string(), 0, "cannot write the shard: " + ec.message(), "choose a writable folder");
  return path.string();
}

Merged read_shards(const std::vector<std::string>& inputs) {
  const std::vector<std::string> files = shard_files(inputs);
  std::vector<std::pair<std::string, Header>> headers;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    headers.emplace_back(f, read_header(in, f));
  }
  check_complete(headers);
  Merged merged;
  merged.files = files;
  const Header& first = headers.front().second;
  merged.plan.root = first.root;
  merged.plan.database = first.database;
  merged.plan.database_entries = first.database_entries;
  merged.plan.notes = first.notes;
  ProgramBuilder builder;
  std::set<std::string> seen;
  for (const auto& [path, h] : headers) {
    std::ifstream in(path, std::ios::binary);
    read_header(in, path);
    std::set<std::string> expected(h.files.begin(), h.files.end());
    for (std::size_t i = 0; i < h.files.size(); ++i) {
      TuFacts facts = read_facts(in, path);
      if (!expected.erase(facts.file) || !seen.insert(facts.file).second) {
        throw InputError(path, 0, "the shard holds the facts of " + facts.file + " twice or unannounced",
                         "extract this shard again with cleave extract");
      }
      builder.add(std::move(facts));
    }
    if (in.peek() != std::char_traits<char>::eof()) {
      throw InputError(path, 0, "the shard holds more records than its header announces",
                       "extract this shard again with cleave extract");
    }
  }
  merged.program = std::move(builder).finish();
  return merged;
}

}  // namespace cleave::pipeline
