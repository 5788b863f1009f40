// Moving a whole library from one location to another (`academichub migrate
// --from sqlite:PATH --to postgresql://...`, and back, and SQLite to SQLite),
// over the store interfaces only (store/store.h, radar_store.h, user_store.h,
// delivery_store.h, job_store.h), so that any pair of backends works.
//
// What moves, kind by kind (Kinds() names them in this order):
//   papers       every paper as stored: library key, every id, versions,
//                listings, links (published_doi), every field (Store::ImportPapers)
//   fetch_log    the whole fetch log, harvest cursors, HTTP validators (three kinds)
//   users        accounts with their password hashes, settings and languages;
//                API tokens (digests, labels, times); instance settings
//   radars       every owner's radars with their ids, definitions, feedback
//                (with times) and shown papers; briefings with their ids; the
//                answer cache (LLM answers, TL;DRs, embeddings)
//   feed_tokens  radars' feed tokens; delivery records (exactly-once state)
//   jobs         every job with its state, attempts, lease and times (a new id)
// Webhooks and delivery settings live in their user's settings and move with
// the users. Signed-in sessions are NOT moved: they are short-lived, and
// everyone signs in again on the new library (API tokens keep working).
// Library keys are kept as they are (radars' seeds, feedback and shown papers
// refer to papers by key), and so are radar and briefing ids (feed tokens,
// delivery keys and web addresses refer to them).
//
// The target must be empty: Migrate refuses a target holding anything, naming
// what it holds, before it writes. Each kind is written in transactions of
// its own (papers in batches), so an interrupted migration leaves a partial
// target that a rerun refuses: delete the target file (SQLite) or drop and
// recreate the database (PostgreSQL), then migrate again. The source is only
// read; stop daemons and servers on it while it moves.
//
// Last, Migrate compares source and target kind by kind: the count and a
// SHA-256 over each item's content in a canonical form (sorted, without row
// order or the ids a backend assigns), and fails when any differs.
//
// Thread-safety: one call at a time per Library; the stores are used from the
// calling thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/job_store.h"
#include "store/store.h"

namespace ah::service {

// The stores of one library location: the pointers are the Store's own
// (store->radar_store(), user_store(), delivery_store()); radars is null when
// the backend keeps none.
struct MigrationLibrary {
  std::string location;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::JobStore> jobs;
  store::RadarStore* radars = nullptr;
  store::UserStore* users = nullptr;
  store::DeliveryStore* deliveries = nullptr;
};

// "sqlite:PATH" -> PATH; "postgresql://..." / "postgres://..." as given; a
// bare path is a SQLite file. kInvalidArgument for an empty one.
[[nodiscard]] Result<std::string> MigrationLocation(std::string_view spec);

// Opens every store of the library at `location` (as MigrationLocation gives
// it). `create`: a missing SQLite file is created (the target); else it is
// kNotFound "no library at PATH" (the source).
[[nodiscard]] Result<MigrationLibrary> OpenMigrationLibrary(const std::string& location,
                                                            bool create);

// One kind of data, summarised: how many items, and the SHA-256 (hex) of
// their canonical forms, sorted, one per line.
struct KindSummary {
  std::string kind;
  int64_t count = 0;
  std::string checksum;
};

// The kinds in the order Migrate moves them (and prints them).
[[nodiscard]] const std::vector<std::string>& MigrationKinds();

// Every kind of `lib`, in MigrationKinds() order. A kind the library cannot
// keep (radars on a backend without them) counts 0 with an empty checksum.
[[nodiscard]] Result<std::vector<KindSummary>> SummarizeLibrary(MigrationLibrary& lib);

// One line of the final comparison.
struct KindCheck {
  std::string kind;
  int64_t source_count = 0, target_count = 0;
  std::string source_checksum, target_checksum;
  bool matches() const {
    return source_count == target_count && source_checksum == target_checksum;
  }
};

// Pairs two summaries kind by kind.
[[nodiscard]] std::vector<KindCheck> CompareSummaries(const std::vector<KindSummary>& source,
                                                      const std::vector<KindSummary>& target);

// What a library holds, as "N papers", "N users", ...; empty when it holds
// nothing a migration would write (it may be a target).
[[nodiscard]] Result<std::vector<std::string>> LibraryContents(MigrationLibrary& lib);

struct MigrateOptions {
  size_t paper_batch = 500;  // papers per transaction
  // Called with a line of progress ("papers: 5000"); may be empty.
  std::function<void(std::string_view)> progress;
};

struct MigrateReport {
  std::vector<KindCheck> checks;
  bool ok() const {
    for (const auto& c : checks)
      if (!c.matches()) return false;
    return true;
  }
};

// Moves everything of `from` into `to` (see the header comment), then
// compares them. Errors before anything is written: kAlreadyExists when `to`
// holds anything (naming what), kInvalidArgument when `to` cannot keep a kind
// `from` has (e.g. radars on a backend without them). Errors while writing:
// the store's error, naming the kind and item (the target is then partial).
// A finished migration whose comparison differs returns the report with
// ok() false: the caller fails with it.
[[nodiscard]] Result<MigrateReport> Migrate(MigrationLibrary& from, MigrationLibrary& to,
                                            const MigrateOptions& options = {});

}  // namespace ah::service
