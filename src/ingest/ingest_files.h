// `academichub ingest`: files and folders (plain or .gz) into the library.
//
// Reading, decompression and parsing run on a producer thread while the store
// commits pages on the calling thread, so a 2-core machine overlaps parsing
// with the FTS index build. Files are committed in groups of a few thousand
// records (one transaction and one full-text flush per group), and each file is
// still atomic: a file that fails to parse or to store stores nothing, the
// others of its group are stored, and what was stored before stays intact.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sources/source.h"
#include "store/store.h"

namespace ah::ingest {

struct IngestOptions {
  sources::Format format = sources::Format::kUnknown;  // kUnknown = detect per file
  std::string source;        // listing source override; empty = parser default
  std::string default_date;  // listing date for inputs without dates (YYYY-MM-DD)
  int64_t max_file_bytes = 1LL << 30;
  size_t queue_depth = 4;    // parsed files buffered ahead of the store
  // Files are committed together until a group holds this many records (at most
  // 16 files; 0 or 1 = one transaction per file). Each file stays all-or-nothing.
  size_t group_papers = 4000;
  // Called on the calling thread after each file is committed (for progress bars).
  std::function<void(size_t files_done, size_t files_total, int64_t bytes_done)> on_progress;
};

struct FileOutcome {
  std::string path;
  sources::Format format = sources::Format::kUnknown;
  store::UpsertStats stats;
  std::string error;  // non-empty when the whole file was rejected
};

struct IngestReport {
  store::UpsertStats totals;  // totals.errors: every record- and file-level problem
  int64_t files = 0;
  int64_t files_rejected = 0;
  int64_t bytes = 0;          // decompressed input bytes
  std::vector<FileOutcome> per_file;
  bool AnyRejected() const { return files_rejected > 0 || totals.rejected > 0; }
};

// Ingests `paths` (files or folders). Returns an Error only when nothing could
// be attempted (e.g. a path does not exist); per-file failures are in the report.
[[nodiscard]] Result<IngestReport> IngestPaths(const std::vector<std::string>& paths, store::Store& store,
                                               const IngestOptions& options);

// Parses and stores one in-memory document (used by IngestPaths and tests).
[[nodiscard]] Result<store::UpsertStats> IngestBuffer(std::string_view body, const std::string& origin,
                                                      store::Store& store, const IngestOptions& options,
                                                      sources::Format* detected = nullptr);

}  // namespace ah::ingest
