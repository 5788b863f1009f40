#include "ingest/file_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

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

}  // namespace

Result<std::string> Gunzip(std::string_view data, const std::string& origin, int64_t max_bytes) {
  z_stream zs{};
  // 15 + 32: auto-detect gzip or zlib header.
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return MakeError(Code::kInternal, origin + ": inflateInit failed");
  std::string out;
  out.reserve(std::min<size_t>(data.size() * 6, static_cast<size_t>(max_bytes)));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  char buf[1 << 16];
  int rc = Z_OK;
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    size_t produced = sizeof buf - zs.avail_out;
    out.append(buf, produced);
    if (static_cast<int64_t>(out.size()) > max_bytes) {
      inflateEnd(&zs);
      return MakeError(Code::kTooLarge, origin + ": decompressed size exceeds the limit of " +
                                            std::to_string(max_bytes) + " bytes");
    }
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
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return MakeError(Code::kIo, path + ": " + ec.message());
  if (static_cast<int64_t>(size) > max_bytes)
    return MakeError(Code::kTooLarge, path + ": file of " + std::to_string(size) + " bytes exceeds the limit of " +
                                          std::to_string(max_bytes) + " bytes");
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return MakeError(Code::kIo, path + ": cannot open for reading");
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

Result<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) return MakeError(Code::kNotFound, p + ": no such file or folder");
    if (fs::is_regular_file(st)) {
      out.push_back(p);
      continue;
    }
    if (!fs::is_directory(st)) return MakeError(Code::kInvalidArgument, p + ": not a file or folder");
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && LooksLikeInput(name)) found.push_back(it->path().string());
    }
    if (ec) return MakeError(Code::kIo, p + ": " + ec.message());
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace ah::ingest
