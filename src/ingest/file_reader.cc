#include "ingest/file_reader.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <system_error>
#include <utility>

namespace ah::ingest {

namespace fs = std::filesystem;

namespace {

// Inside a folder only files with a feed/API extension are taken (README.md,
// notes and the like are skipped); a file named explicitly is always tried.
bool LooksLikeInput(const std::string& name) {
  static constexpr std::string_view kExt[] = {".xml", ".rss", ".atom", ".rdf", ".json", ".gz"};
  for (auto ext : kExt)
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) return true;
  return false;
}

// "permission denied", "too many levels of symbolic links".
std::string Reason(int err) {
  std::string m = std::generic_category().message(err);
  if (!m.empty()) m[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(m[0])));
  return m;
}
std::string Reason(const std::error_code& ec) { return Reason(ec.value()); }

// "256 MiB", "1.5 GiB", "300 bytes".
std::string Bytes(int64_t n) {
  char buf[48];
  if (n >= (1LL << 30) && n % (1LL << 30) != 0) {
    std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(n) / (1LL << 30));
  } else if (n >= (1LL << 30)) {
    std::snprintf(buf, sizeof buf, "%lld GiB", static_cast<long long>(n >> 30));
  } else if (n >= (1LL << 20) && n % (1LL << 20) == 0) {
    std::snprintf(buf, sizeof buf, "%lld MiB", static_cast<long long>(n >> 20));
  } else if (n >= (1LL << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(n) / (1 << 20));
  } else {
    std::snprintf(buf, sizeof buf, "%lld bytes", static_cast<long long>(n));
  }
  return buf;
}

Error TooLarge(const std::string& origin, const std::string& what, int64_t max_bytes) {
  return Error(Code::kTooLarge, origin + ": " + what + " exceeds the limit of " + Bytes(max_bytes) +
                                    " for one input file (split it into smaller files)");
}

// A folder's identity, so that a folder reached again through a symbolic link
// is not walked twice (which, for a link to an ancestor, would never end).
using DirId = std::pair<dev_t, ino_t>;

// Walks the folder `root` (already in `seen`), appending its input files to
// `found` and what it skipped to `warnings`. Returns why `root` itself cannot
// be listed (empty when it could).
std::error_code Walk(const std::string& root, std::set<DirId>& seen,
                     std::vector<std::string>& found, size_t& entries,
                     std::vector<Error>& warnings) {
  std::vector<fs::path> dirs{fs::path(root)};
  bool first = true;
  while (!dirs.empty()) {
    const fs::path dir = std::move(dirs.back());
    dirs.pop_back();
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      if (first) return ec;
      warnings.emplace_back(Code::kIo,
                            dir.string() + ": skipped: cannot list the folder: " + Reason(ec));
      continue;
    }
    first = false;
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const fs::path& entry = it->path();
      const std::string name = entry.filename().string();
      ++entries;
      if (!name.empty() && name[0] == '.') continue;
      // stat follows symbolic links: a loop (ELOOP) or a dangling link fails here.
      struct stat st {};
      if (::stat(entry.c_str(), &st) != 0) {
        warnings.emplace_back(Code::kIo, entry.string() + ": skipped: " + Reason(errno));
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        if (seen.insert({st.st_dev, st.st_ino}).second) {
          dirs.push_back(entry);
        } else if (std::error_code lec; it->is_symlink(lec)) {
          warnings.emplace_back(Code::kIo, entry.string() +
                                               ": skipped: leads to a folder walked already "
                                               "(a symbolic link loop)");
        }  // else a subfolder also named on its own: walked once, nothing to say
      } else if (S_ISREG(st.st_mode) && LooksLikeInput(name)) {
        found.push_back(entry.string());
      }
    }
    if (ec) {
      warnings.emplace_back(Code::kIo,
                            dir.string() + ": listing the folder stopped: " + Reason(ec));
    }
  }
  return {};
}

}  // namespace

Result<std::string> Gunzip(std::string_view data, const std::string& origin, int64_t max_bytes) {
  z_stream zs{};
  // 15 + 32: auto-detect gzip or zlib header.
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return MakeError(Code::kInternal, origin + ": inflateInit failed");
  std::string out;
  // A single-member gzip file ends with its size (mod 2^32): reserve that, so
  // the output is not copied as it grows; the hint may lie, so it is capped.
  size_t hint = data.size() * 6;
  if (data.size() >= 18 && static_cast<unsigned char>(data[0]) == 0x1f) {
    const auto* t = reinterpret_cast<const unsigned char*>(data.data() + data.size() - 4);
    hint = static_cast<size_t>(t[0]) | static_cast<size_t>(t[1]) << 8 |
           static_cast<size_t>(t[2]) << 16 | static_cast<size_t>(t[3]) << 24;
  }
  out.reserve(std::min<size_t>(hint + 1, static_cast<size_t>(max_bytes) + 1));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  char buf[1 << 16];
  int rc = Z_OK;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    size_t produced = sizeof buf - zs.avail_out;
    if (static_cast<int64_t>(out.size() + produced) > max_bytes) {
      inflateEnd(&zs);
      return Fail(TooLarge(origin, "decompressed data", max_bytes));
    }
    if (out.size() + produced > out.capacity()) {
      // Grow by doubling, but never past the limit.
      out.reserve(std::min<size_t>(std::max(out.capacity() * 2, out.size() + produced),
                                   static_cast<size_t>(max_bytes)));
    }
    out.append(buf, produced);
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members (as `cat a.gz b.gz`): keep going.
      if (zs.avail_in > 0) {
        if (inflateReset(&zs) != Z_OK) break;
        continue;
      }
      break;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      size_t at = data.size();
      inflateEnd(&zs);
      return MakeError(Code::kParse, origin + ": gzip data is truncated at byte " + std::to_string(at));
    }
    if (rc != Z_OK) {
      size_t at = data.size() - zs.avail_in;
      std::string msg = zs.msg ? zs.msg : "corrupt data";
      inflateEnd(&zs);
      return MakeError(Code::kParse, origin + ": gzip data does not inflate at byte " + std::to_string(at) +
                                         ": " + msg);
    }
  }
  inflateEnd(&zs);
  return out;
}

Result<std::string> ReadInputFile(const std::string& path, int64_t max_bytes) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return MakeError(Code::kIo, path + ": cannot open for reading: " + Reason(errno));
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return MakeError(Code::kIo, path + ": " + Reason(ec));
  if (static_cast<int64_t>(size) > max_bytes) {
    return Fail(TooLarge(path, "the file (" + Bytes(static_cast<int64_t>(size)) + ")", max_bytes));
  }
  std::string data(size, '\0');
  size_t got = size ? std::fread(data.data(), 1, size, f.get()) : 0;
  if (got != size) return MakeError(Code::kIo, path + ": short read (" + std::to_string(got) + " of " +
                                                   std::to_string(size) + " bytes)");
  bool gz = data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
            static_cast<unsigned char>(data[1]) == 0x8b;
  if (gz) return Gunzip(data, path, max_bytes);
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0)
    return MakeError(Code::kParse, path + ": named .gz but is not gzip data (byte 0)");
  return data;
}

ExpandedPaths ExpandPaths(const std::vector<std::string>& paths) {
  ExpandedPaths out;
  std::set<DirId> seen;
  for (const auto& p : paths) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      const int err = errno;
      if (err == ENOENT || err == ENOTDIR) {
        out.failed.push_back({p, Error(Code::kNotFound, p + ": no such file or folder")});
      } else {
        out.failed.push_back({p, Error(Code::kIo, p + ": " + Reason(err))});
      }
      continue;
    }
    if (S_ISREG(st.st_mode)) {
      out.files.push_back(p);
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      out.failed.push_back({p, Error(Code::kInvalidArgument, p + ": not a file or folder")});
      continue;
    }
    if (!seen.insert({st.st_dev, st.st_ino}).second) continue;  // named twice
    std::vector<std::string> found;
    size_t entries = 0;
    const size_t first_warning = out.warnings.size();
    std::error_code ec = Walk(p, seen, found, entries, out.warnings);
    std::sort(out.warnings.begin() + static_cast<std::ptrdiff_t>(first_warning), out.warnings.end(),
              [](const Error& a, const Error& b) { return a.message < b.message; });
    if (ec) {
      out.failed.push_back({p, Error(Code::kIo, p + ": cannot list the folder: " + Reason(ec))});
      continue;
    }
    if (found.empty()) {
      out.warnings.emplace_back(
          Code::kNotFound, entries == 0 ? p + ": the folder is empty"
                                        : p + ": the folder holds no input file (.xml .rss .atom "
                                              ".rdf .json .gz)");
    }
    std::sort(found.begin(), found.end());
    out.files.insert(out.files.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace ah::ingest
