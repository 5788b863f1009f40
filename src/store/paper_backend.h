// The narrow interface a library backend implements for papers.
//
// Everything about *which* stored paper an incoming record joins — ids and
// conflicting ids, merging (core/merge.h), preprint <-> journal links, the
// counts, errors and warnings of a page, page atomicity and the group
// fallback, and how a reference (`Get`) finds a paper — is decided once, above
// every backend, by the rules layer (store/paper_rules.h). A backend only
// finds, loads and writes what it is told, inside a write transaction the rules
// layer opens and commits. SQLite (store/sqlite/), the in-memory test store
// (tests/fakes/memory_store.h) and PostgreSQL implement this; none of them
// merges or links anything itself.
//
// Rows: a stored paper is named by a PaperRow, a positive number the backend
// assigns on insert. Rows never change or get reused, and their order is the
// order papers were first stored (insertion order: "the first" claimant below,
// ForEachPaper). 0 means "no paper".
//
// Threads: calls come from the one thread using the store (store.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/paper.h"
#include "core/result.h"

namespace ah::store {

struct CursorUpdate;  // store.h

using PaperRow = int64_t;

// The id schemes a paper is registered under, in the rules layer's order of
// preference (the first scheme whose paper does not conflict is joined), with
// the name a backend stores them under.
struct IdScheme {
  std::string_view name;         // "arxiv", "doi", "pmid", "pmcid", "openalex"
  std::string PaperIds::*field;  // where the value lives in PaperIds
};
inline constexpr std::array<IdScheme, 5> kIdSchemes = {{
    {"arxiv", &PaperIds::arxiv},
    {"doi", &PaperIds::doi},
    {"pmid", &PaperIds::pmid},
    {"pmcid", &PaperIds::pmcid},
    {"openalex", &PaperIds::openalex},
}};

// A paper's part in preprint <-> journal linking, as stored (SQLite keeps these
// numbers in papers.match_kind; 0 is stored as NULL).
enum class MatchKind : int { kNone = 0, kPreprint = 1, kJournal = 2 };

// Values derived from a paper that a backend keeps beside it (columns and
// indexes), computed by the rules layer (DeriveColumns) so that every backend
// derives them alike.
struct DerivedColumns {
  std::string categories;  // '|'-joined ('|' inside a category becomes ' ')
  std::string
      first_date;  // earliest known date (submitted, published, versions, listings); may be empty
  std::string link_key;    // core/merge.h LinkKey, empty when the paper takes no part in linking
  int64_t match_hash = 0;  // FNV-1a 64 of link_key (0 when match_kind is kNone)
  MatchKind match_kind = MatchKind::kNone;
};
[[nodiscard]] DerivedColumns DeriveColumns(const Paper& p);

// One paper to write (PaperBackend::WritePaper).
struct PaperWrite {
  PaperRow row = 0;               // 0: a new paper; else the stored paper it replaces
  const Paper* paper = nullptr;   // the paper's whole new state (key set); never null
  const Paper* before = nullptr;  // row != 0: the stored state it replaces (as LoadPaper gave it)
  DerivedColumns derived;         // DeriveColumns(*paper)
  int64_t now = 0;                // unix seconds of the write (kept as the paper's update time)
};

// A stored paper with its row.
struct StoredPaper {
  PaperRow row = 0;
  Paper paper;
};

class PaperBackend {
 public:
  virtual ~PaperBackend() = default;

  // --- the write transaction -------------------------------------------------
  // Opens a write transaction: every call until CommitPapers / RollbackPapers
  // sees the writes made in it, and other connections none of them until the
  // commit. The transaction takes the next change number (Store::LastChange):
  // every paper it writes gets it. `what` names the operation for errors
  // ("upsert page"). Errors: the library is busy past the backend's wait
  // (kUnavailable) or cannot be written (kIo, read-only).
  [[nodiscard]] virtual Status BeginPapers(std::string_view what) = 0;
  // Commits the transaction. On error nothing of it is stored; the rules layer
  // then calls RollbackPapers.
  [[nodiscard]] virtual Status CommitPapers(std::string_view what) = 0;
  // Undoes the transaction in progress (everything since BeginPapers). Never
  // fails in a way the caller could act on.
  virtual void RollbackPapers() = 0;
  // Saves a harvest position inside the transaction (committed with its page).
  [[nodiscard]] virtual Status SaveCursorInWrite(const CursorUpdate& c) = 0;

  // --- lookups (in or out of a write transaction) ------------------------------
  // The paper registered under id `value` of `scheme` (an IdScheme name; values
  // as normalised in PaperIds, compared exactly), or 0. One indexed probe: this
  // is called once per id of every incoming record.
  [[nodiscard]] virtual Result<PaperRow> FindPaperById(std::string_view scheme,
                                                       std::string_view value) = 0;
  // A hint, in a write transaction, before the records of `page` are looked
  // up: a backend may find the papers registered under all of their ids at
  // once (one round trip for the page instead of one per id). FindPaperById's
  // answers stay exact (they see later writes of the transaction). Default: nothing.
  [[nodiscard]] virtual Status PrefetchIds(const std::vector<Paper>& page) {
    (void)page;
    return Ok();
  }
  // The stored paper at `row`, or nullopt when there is none. kCorrupt (naming
  // the library and row) when its stored form cannot be read.
  [[nodiscard]] virtual Result<std::optional<Paper>> LoadPaper(PaperRow row) = 0;
  // The library key of the paper at `row` (empty when there is none), without
  // loading the paper.
  [[nodiscard]] virtual Result<std::string> PaperKey(PaperRow row) = 0;
  // Up to `limit` papers whose published_doi is exactly `doi`, in row order.
  [[nodiscard]] virtual Result<std::vector<PaperRow>> PapersPublishedAs(std::string_view doi,
                                                                        size_t limit) = 0;
  // Every stored paper written with this match_hash and match_kind (its
  // DerivedColumns), loaded, in row order. The rules layer compares their link
  // keys itself (a hash may collide); a paper that cannot be read is left out
  // (it is reported when a record is merged into it).
  [[nodiscard]] virtual Result<std::vector<StoredPaper>> LinkCandidates(int64_t match_hash,
                                                                        MatchKind kind) = 0;

  // --- the write -------------------------------------------------------------
  // Stores one paper inside the transaction and returns its row. Visible to
  // every later call of the transaction.
  // - row 0: inserts `paper` (its key is new to the library), registers each of
  //   its non-empty ids, adds each of its listings, indexes its text.
  // - row != 0: replaces the stored paper and its derived values, registers the
  //   ids `before` lacks (the rules never change or remove a registered id) and
  //   adds the listings `before` lacks (listings are only ever added); reindexes
  //   its text when that changed.
  // Either way the paper gets the transaction's change number. An error (e.g.
  // an id already registered to another row: the rules never ask for that)
  // leaves the transaction to be rolled back. A backend may send the write to
  // its database only at CommitPapers (PostgreSQL copies a transaction's new
  // papers in bulk); an error there names the paper it concerns.
  [[nodiscard]] virtual Result<PaperRow> WritePaper(const PaperWrite& w) = 0;
};

}  // namespace ah::store
