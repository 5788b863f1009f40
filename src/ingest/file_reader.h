// Reading input files for `academichub ingest`: plain or gzip-compressed,
// bounded in size. The only file-system code of the ingest path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace ah::ingest {

// Default bound on one decompressed input file (the fetch loop's bound on one
// response body is the same). Reading a file holds at most this much
// decompressed data (plus, for .gz input, the compressed bytes) before parsing.
inline constexpr int64_t kMaxInputBytes = 256LL << 20;

// Reads `path`; a ".gz" file (or any file starting with the gzip magic) is
// inflated. Errors name the path: kIo (cannot open or read, with the reason,
// e.g. "permission denied"), kTooLarge (the file or its decompressed data is
// over `max_bytes`: inflating stops there), kParse (corrupt gzip, with the byte
// offset).
[[nodiscard]] Result<std::string> ReadInputFile(const std::string& path, int64_t max_bytes = kMaxInputBytes);

// Inflates gzip (or zlib) data; `origin` names it in errors. Stops with
// kTooLarge as soon as the output would exceed `max_bytes`.
[[nodiscard]] Result<std::string> Gunzip(std::string_view data, const std::string& origin,
                                         int64_t max_bytes = kMaxInputBytes);

struct FailedPath {
  std::string path;
  // Names the path and says why: kNotFound ("no such file or folder"), kIo
  // (permission denied, a symbolic link loop, a folder that cannot be listed),
  // kInvalidArgument (not a file or folder, e.g. a device).
  Error error;
};

struct ExpandedPaths {
  std::vector<std::string> files;  // regular files to ingest, in order
  std::vector<FailedPath> failed;  // named paths that cannot be ingested at all
  // What was skipped inside folders, each naming the entry: symbolic link loops,
  // dangling links, entries whose type cannot be read, subfolders that cannot be
  // listed; and each named folder holding no input file ("... is empty").
  std::vector<Error> warnings;
};

// Expands files and folders into the regular files to ingest. A named file is
// always taken; a named folder is walked recursively (each folder's files sorted
// by path), following symbolic links to files and folders but never into a
// folder already walked, so a link loop ends the walk of that branch with a
// warning; inside folders, hidden entries and files without a feed/API
// extension (.xml .rss .atom .rdf .json .gz) are skipped. Never fails as a
// whole: one bad path or entry does not stop the others.
[[nodiscard]] ExpandedPaths ExpandPaths(const std::vector<std::string>& paths);

}  // namespace ah::ingest
