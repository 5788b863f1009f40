// Reading input files for `academichub ingest`: plain or gzip-compressed,
// bounded in size. The only file-system code of the ingest path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace ah::ingest {

// Default bound on one decompressed input file.
inline constexpr int64_t kMaxInputBytes = 1LL << 30;

// Reads `path`; a ".gz" file (or any file starting with the gzip magic) is
// inflated. Errors name the path and, for corrupt gzip, the byte offset.
[[nodiscard]] Result<std::string> ReadInputFile(const std::string& path, int64_t max_bytes = kMaxInputBytes);

// Inflates gzip (or zlib) data; `origin` names it in errors.
[[nodiscard]] Result<std::string> Gunzip(std::string_view data, const std::string& origin,
                                         int64_t max_bytes = kMaxInputBytes);

// Expands files and folders (recursively, sorted by path) into the list of
// regular files to ingest; inside folders, hidden entries and files without a
// feed/API extension (.xml .rss .atom .rdf .json .gz) are skipped.
[[nodiscard]] Result<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths);

}  // namespace ah::ingest
