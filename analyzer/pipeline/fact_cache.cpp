#include "pipeline/fact_cache.hpp"

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/facts_io.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace cleave::pipeline {
namespace fs = std::filesystem;

namespace {

// Entry: magic, entry-format version, payload size, XXH3-64 of the payload,
// then the payload: the key, the files the facts depend on with their
// content hashes, and the facts record (core/facts_io, with its own checks).
constexpr char kMagic[8] = {'C', 'L', 'V', 'C', 'A', 'C', 'H', 'E'};
constexpr std::uint32_t kEntryVersion = 1;
constexpr std::size_t kHeaderSize = 8 + 4 + 8 + 8;
constexpr const char* kEntrySuffix = ".entry";
constexpr const char* kCacheTag = "CACHEDIR.TAG";

std::string hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

std::string hash128(std::string_view bytes) {
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, XXH3_128bits(bytes.data(), bytes.size()));
  return std::string(reinterpret_cast<const char*>(c.digest), sizeof c.digest);
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out += s;
}

// Reads what put_* wrote; any overrun is a rejected entry.
struct Reader {
  std::string_view bytes;
  std::size_t at = 0;
  std::uint64_t uint(int width) {
    if (bytes.size() - at < static_cast<std::size_t>(width)) throw std::runtime_error("truncated");
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v |= std::uint64_t(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    at += static_cast<std::size_t>(width);
    return v;
  }
  std::string_view take(std::size_t n) {
    if (bytes.size() - at < n) throw std::runtime_error("truncated");
    std::string_view s = bytes.substr(at, n);
    at += n;
    return s;
  }
  std::string_view str() { return take(uint(4)); }
};

std::optional<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(s).str();
}

bool is_entry(const fs::path& p) { return p.extension() == kEntrySuffix; }

void join_into(std::string& out, const std::vector<std::string>& items) {
  put_u32(out, static_cast<std::uint32_t>(items.size()));
  for (const auto& i : items) put_str(out, i);
}

}  // namespace

std::string executable_build_id() {
  std::string id;
  // The main program is the first object dl_iterate_phdr reports.
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) -> int {
        auto* out = static_cast<std::string*>(data);
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
          const char* end = p + ph.p_memsz;
          while (p + sizeof(ElfW(Nhdr)) <= end) {
            const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
            const char* name = p + sizeof(ElfW(Nhdr));
            const char* desc = name + ((note->n_namesz + 3) & ~3u);
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
              *out = hex(reinterpret_cast<const unsigned char*>(desc), note->n_descsz);
              return 1;
            }
            p = desc + ((note->n_descsz + 3) & ~3u);
          }
        }
        return 1;
      },
      &id);
  if (!id.empty()) return id;
  // No build id: the executable's own bytes.
  const auto bytes = read_whole("/proc/self/exe");
  const std::string h = hash128(bytes.value_or(std::string()));
  return "exe-" + hex(reinterpret_cast<const unsigned char*>(h.data()), h.size());
}

FactCache::FactCache(std::string dir, CacheSalt salt) : dir_(std::move(dir)) {
  put_str(salt_, salt.libclang_version);
  put_str(salt_, salt.cleave_build);
  put_u32(salt_, kFactsFormatVersion);
  put_str(salt_, salt.project_root);
  join_into(salt_, salt.third_party);
  salt_ += salt.skip_function_bodies ? '\1' : '\0';
  salt_ += salt.skip_system_bodies ? '\1' : '\0';
  std::error_code ec;
  fs::create_directories(dir_, ec);
  // Backup and sync tools skip a folder with this tag (bford.info/cachedir).
  if (!ec && !fs::exists(fs::path(dir_) / kCacheTag, ec)) {
    try {
      write_file_atomic(fs::path(dir_) / kCacheTag,
                        "Signature: 8a477f597d28d172789f06886806bc55\n"
                        "# cleave's fact cache: safe to delete, cleave parses again what is missing.\n");
    } catch (const InputError&) {
      // A read-only cache: store() says so once.
    }
  }
}

std::string FactCache::key(const frontend::ParseJob& job) const {
  std::string k = salt_;
  put_str(k, job.file);
  join_into(k, job.args);
  return k;
}

std::string FactCache::entry_path(const std::string& key) const {
  const std::string h = hash128(key);
  const std::string name = hex(reinterpret_cast<const unsigned char*>(h.data()), h.size());
  return (fs::path(dir_) / name.substr(0, 2) / (name.substr(2) + kEntrySuffix)).string();
}

std::optional<std::string> FactCache::content_hash(const std::string& file) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = hashes_.find(file); it != hashes_.end()) return it->second;
  }
  // Hashed outside the lock: two workers may hash one header at once, and
  // both get the same answer.
  std::optional<std::string> h;
  if (auto bytes = read_whole(file)) h = hash128(*bytes);
  std::lock_guard lock(mutex_);
  return hashes_.emplace(file, std::move(h)).first->second;
}

void FactCache::note(std::string text) {
  std::lock_guard lock(mutex_);
  if (std::find(notes_.begin(), notes_.end(), text) == notes_.end()) notes_.push_back(std::move(text));
}

std::optional<TuFacts> FactCache::lookup(const frontend::ParseJob& job) {
  if (!job.problem.empty()) return std::nullopt;
  const std::string k = key(job);
  const std::string path = entry_path(k);
  auto miss = [this] {
    std::lock_guard lock(mutex_);
    ++counts_.misses;
    return std::nullopt;
  };
  const auto bytes = read_whole(path);
  if (!bytes) return miss();
  try {
    Reader r{*bytes};
    if (r.take(8) != std::string_view(kMagic, 8)) throw std::runtime_error("not a cache entry");
    if (r.uint(4) != kEntryVersion) throw std::runtime_error("another entry format");
    const std::uint64_t size = r.uint(8);
    const std::uint64_t checksum = r.uint(8);
    if (size != bytes->size() - kHeaderSize) throw std::runtime_error("truncated");
    const std::string_view payload = std::string_view(*bytes).substr(kHeaderSize);
    if (XXH3_64bits(payload.data(), payload.size()) != checksum) throw std::runtime_error("checksum mismatch");
    Reader p{payload};
    // Two keys with one file name: not this TU's entry, and not corrupt.
    if (p.str() != k) return miss();
    const std::uint64_t deps = p.uint(4);
    for (std::uint64_t i = 0; i < deps; ++i) {
      const std::string file(p.str());
      const std::string_view want = p.take(16);
      const auto have = content_hash(file);
      if (!have || *have != want) return miss();
    }
    TuFacts facts = facts_from_string(payload.substr(p.at), path);
    if (facts.file != job.file) throw std::runtime_error("the facts are of another TU");
    // Recently used: prune removes the least recently used entries first.
    ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);
    std::lock_guard lock(mutex_);
    ++counts_.hits;
    return facts;
  } catch (const std::exception& e) {
    note("cache entry " + path + " rejected (" + e.what() + "); its TU is parsed again");
    std::lock_guard lock(mutex_);
    ++counts_.rejected;
    ++counts_.misses;
    return std::nullopt;
  }
}

void FactCache::store(const frontend::ParseJob& job, const TuFacts& facts) {
  if (facts.status == ParseStatus::Failed || facts.includes.empty()) return;
  {
    std::lock_guard lock(mutex_);
    if (write_failed_) return;
  }
  const std::string k = key(job);
  std::string payload;
  put_str(payload, k);
  put_u32(payload, static_cast<std::uint32_t>(facts.includes.size()));
  for (const auto& file : facts.includes) {
    const auto h = content_hash(file);
    if (!h) return;  // a file read while parsing is gone: nothing to vouch for
    put_str(payload, file);
    payload += *h;
  }
  payload += facts_to_string(facts);
  std::string entry(kMagic, 8);
  put_u32(entry, kEntryVersion);
  put_u64(entry, payload.size());
  put_u64(entry, XXH3_64bits(payload.data(), payload.size()));
  entry += payload;
  const fs::path path = entry_path(k);
  try {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    write_file_atomic(path, entry);
    std::lock_guard lock(mutex_);
    ++counts_.stored;
  } catch (const InputError& e) {
    {
      std::lock_guard lock(mutex_);
      write_failed_ = true;
    }
    note("the fact cache " + dir_ + " cannot be written (" + e.problem() +
         "): it serves what it holds and keeps nothing new; pass --cache DIR or --no-cache");
  }
}

FactCache::Counts FactCache::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

std::vector<std::string> FactCache::notes() const {
  std::lock_guard lock(mutex_);
  return notes_;
}

namespace {

struct EntryFile {
  fs::path path;
  std::uintmax_t bytes = 0;
  fs::file_time_type used;
};

void require_cache_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw InputError(dir, 0, "no fact cache here", "name the cache directory with --cache, or -p BUILD_DIR");
  }
  if (!fs::exists(fs::path(dir) / kCacheTag, ec)) {
    throw InputError(dir, 0, "this directory is not a cleave fact cache (it has no " + std::string(kCacheTag) + ")",
                     "name the directory a run created with --cache (default BUILD_DIR/.cleave-cache)");
  }
}

CacheStats scan(const std::string& dir, std::vector<EntryFile>* entries) {
  CacheStats stats;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().filename() == kCacheTag) continue;
    const std::uintmax_t size = it->file_size(ec);
    if (!is_entry(it->path())) {
      ++stats.other_files;
      continue;
    }
    ++stats.entries;
    stats.bytes += size;
    if (entries) entries->push_back({it->path(), size, it->last_write_time(ec)});
  }
  return stats;
}

}  // namespace

CacheStats cache_stats(const std::string& dir) {
  require_cache_dir(dir);
  return scan(dir, nullptr);
}

PruneResult prune_cache(const std::string& dir, const PruneLimits& limits) {
  require_cache_dir(dir);
  std::vector<EntryFile> entries;
  scan(dir, &entries);
  // Most recently used first; the path breaks ties so the choice is stable.
  std::sort(entries.begin(), entries.end(), [](const EntryFile& a, const EntryFile& b) {
    return a.used != b.used ? a.used > b.used : a.path < b.path;
  });
  PruneResult result;
  const auto now = fs::file_time_type::clock::now();
  std::uintmax_t kept = 0;
  for (const EntryFile& e : entries) {
    bool remove = false;
    if (limits.older_than_days) {
      const double age_days = std::chrono::duration<double>(now - e.used).count() / 86400.0;
      remove = age_days > *limits.older_than_days;
    }
    if (!remove && limits.max_bytes && kept + e.bytes > *limits.max_bytes) remove = true;
    std::error_code ec;
    if (remove && fs::remove(e.path, ec)) {
      ++result.removed;
      result.freed += e.bytes;
    } else {
      kept += e.bytes;
    }
  }
  // Temporary files of writes that were interrupted an hour ago or more.
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && !is_entry(it->path()) && it->path().filename() != kCacheTag &&
        now - it->last_write_time(ec) > std::chrono::hours(1)) {
      fs::remove(it->path(), ec);
    }
  }
  result.left = scan(dir, nullptr);
  return result;
}

std::uintmax_t parse_size(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  static const std::vector<std::pair<std::string, double>> units{
      {"", 1}, {"k", 1024.0}, {"K", 1024.0}, {"M", 1024.0 * 1024}, {"G", 1024.0 * 1024 * 1024}};
  for (const auto& [name, factor] : units) {
    if (used > 0 && value >= 0 && unit == name) return static_cast<std::uintmax_t>(value * factor);
  }
  throw InputError(what, 0, "'" + text + "' is not a size", "write a number of bytes with an optional k, M or G");
}

}  // namespace cleave::pipeline
