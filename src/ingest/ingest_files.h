// `academichub ingest`: files and folders (plain or .gz) into the library.
//
// Reading, decompression and parsing run on a producer thread while the store
// commits pages on the calling thread, so a 2-core machine overlaps parsing
// with the FTS index build. Files are committed in groups of a few thousand
// records (one transaction and one full-text flush per group), and each file is
// still atomic: a file that fails to parse or to store stores nothing, the
// others of its group are stored, and what was stored before stays intact.
//
// Memory: a file is read whole, at most max_file_bytes decompressed (inflating
// stops there, with an error naming the file); its parsed records are brought
// within the limits of core/paper_limits.h on the producer thread, before they
// queue for the store, so at most one file's decompressed text and parse are
// large at a time, and queued files hold bounded records only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
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
  int64_t max_file_bytes = 256LL << 20;  // decompressed, per file (file_reader.h)
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
  // totals.errors: every record- and file-level problem (a named path that does
  // not exist or cannot be read is a rejected file); totals.warnings: records
  // stored but cut to the limits, each naming its file and record.
  store::UpsertStats totals;
  int64_t files = 0;  // files and named paths attempted
  int64_t files_rejected = 0;
  int64_t bytes = 0;          // decompressed input bytes
  std::vector<FileOutcome> per_file;
  // Skipped while walking folders (link loops, dangling links, folders that
  // cannot be listed) and named folders holding no input: not rejections.
  std::vector<Error> warnings;
  // Set when the ingest stopped early because the library stayed busy (another
  // process writing to it past the store's wait): the error, and how many files
  // were not attempted. Nothing is lost silently: those files are not in
  // per_file and were not stored; ingesting them again later completes the job.
  std::optional<Error> stopped;
  int64_t files_not_attempted = 0;
  bool AnyRejected() const { return files_rejected > 0 || totals.rejected > 0; }
};

// Ingests `paths` (files or folders); one bad path does not stop the others.
// Every per-path, per-file and per-record outcome is in the report; the Result
// has no error case today (kept for a future ingest that cannot start).
[[nodiscard]] Result<IngestReport> IngestPaths(const std::vector<std::string>& paths, store::Store& store,
                                               const IngestOptions& options);

// Parses and stores one in-memory document (used by IngestPaths and tests).
[[nodiscard]] Result<store::UpsertStats> IngestBuffer(std::string_view body, const std::string& origin,
                                                      store::Store& store, const IngestOptions& options,
                                                      sources::Format* detected = nullptr);

}  // namespace ah::ingest
