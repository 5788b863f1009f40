// The Store interface: the library of deduplicated papers, the fetch log, the
// harvest cursors and HTTP validators. Speaks domain types only; UpsertPage(s) and Get are
// written once above the backends (store/paper_rules.h over store/paper_backend.h), and
// tests/store/ holds one conformance suite run against every backend.
//
// Thread-safety: a Store instance may be used from one thread at a time;
// open one instance per thread/process (SQLite WAL allows concurrent readers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/paper.h"
#include "core/result.h"
#include "search/query.h"
#include "store/delivery_store.h"
#include "store/radar_store.h"
#include "store/user_store.h"

namespace ah::store {

// What happened to each input paper of a page.
struct UpsertStats {
  int64_t added = 0;      // new paper in the library
  int64_t updated = 0;    // merged into an existing paper and something changed
  int64_t unchanged = 0;  // merged and nothing changed (idempotent re-ingest)
  int64_t rejected = 0;   // not stored (no usable id/title); see errors
  std::vector<Error> errors;
  // Records stored, but cut to the limits of core/paper_limits.h: one per
  // record, naming it ("record 3 (2401.01234): abstract of 400.0 MiB truncated
  // to 100 KiB; ...").
  std::vector<Error> warnings;
  UpsertStats& operator+=(const UpsertStats& o);
};

// A harvest position committed atomically with the page it follows.
struct CursorUpdate {
  std::string source;   // Source::name()
  std::string cursor;   // token to resume from; empty = harvest complete
};

struct FetchLogEntry {
  std::string source;
  std::string url;
  int64_t started_unix = 0;
  int64_t finished_unix = 0;
  int http_status = 0;
  int64_t added = 0, updated = 0, unchanged = 0, rejected = 0;
  std::string error;  // empty on success
};

struct HttpValidators {
  std::string etag;
  std::string last_modified;
};

struct LibraryStats {
  int64_t papers = 0;
  int64_t listings = 0;
  int64_t with_doi = 0;
  int64_t with_published_version = 0;
  std::string latest_listing_date;
  std::vector<std::pair<std::string, int64_t>> papers_by_source;  // listing source -> papers
  std::vector<FetchLogEntry> recent_fetches;                       // newest first, up to 20
};

// Filter for listing-based queries ("today's feed"). Only announcements count:
// listings with announce_type "api" (arXiv API lookups) or "oai" (OAI-PMH
// harvests) record provenance and never make a day's feed.
struct ListingFilter {
  std::string date;      // YYYY-MM-DD; empty = latest date that has listings (after other filters)
  std::string source;    // listing source, empty = any
  std::string category;  // paper category (any, not only primary), empty = any
  int64_t limit = 0;     // 0 = no limit
};

// A paper together with the published version's library key (if stored).
struct PaperView {
  Paper paper;
  std::string published_version_key;  // key of the stored journal version, empty if none
  std::string preprint_key;           // key of the stored preprint this is the journal version of
};

// One value of a search facet and the number of papers that have it.
struct FacetCount {
  std::string value;
  int64_t count = 0;
};

// A search as a whole, for a results page: how many papers match, and what
// the best of them are made of.
struct SearchSummary {
  int64_t total = 0;    // papers matching the query (as Search would return with no limit)
  int64_t faceted = 0;  // papers the facets count: the best min(total, max_docs) matches
  // Among those: papers per listing source (a paper counts once for each
  // source that listed it), per primary category (papers without one are not
  // counted), and per year of the paper's earliest known date (submission,
  // version, publication or listing; papers without any date are not counted).
  // Sources and categories: most papers first, ties by value; years: newest first.
  std::vector<FacetCount> sources;
  std::vector<FacetCount> categories;
  std::vector<FacetCount> years;
};

class Store {
 public:
  virtual ~Store() = default;

  // Merges `papers` into the library and, if given, saves `cursor` — all in one
  // transaction: either the whole page is stored or nothing is. Deduplicates by
  // every id (arXiv id, DOI, PMID, PMCID, OpenAlex id), merges versions,
  // listings and fields, and links preprints to published versions (explicit
  // published DOI, else normalised title + first-author surname). Re-upserting
  // identical input reports `unchanged` and changes nothing.
  //
  // Every record is first brought within the limits of core/paper_limits.h
  // (valid UTF-8, no control characters, every field capped: truncated or
  // dropped, never the whole record); what the caps changed is in
  // UpsertStats::warnings. This is the one place every writer goes through, so
  // it is not virtual: DoUpsertPage (store/paper_rules.h for every backend) only
  // ever sees records within the limits.
  [[nodiscard]] Result<UpsertStats> UpsertPage(const std::vector<Paper>& papers,
                                               const std::optional<CursorUpdate>& cursor);

  // Merges several pages (each as UpsertPage without a cursor) for bulk ingest,
  // where a commit per page dominates: a backend may commit the group as one
  // transaction (SQLite: one commit and one full-text flush per group). Each page
  // is still all-or-nothing and result i belongs to pages[i]: when any page
  // fails, the group is undone and its pages are stored one transaction each,
  // so only the failing page is lost. Results are final: nothing is reported
  // stored before it is committed. Limits as UpsertPage.
  [[nodiscard]] std::vector<Result<UpsertStats>> UpsertPages(
      const std::vector<const std::vector<Paper>*>& pages);

  // Looks a paper up by a reference as accepted by ids::ParseIdRef, or by its key.
  // A DOI finds the paper registered with it, else the one paper whose published_doi it is
  // (an arXiv record naming its journal version's DOI); a DOI that several papers give as
  // their published_doi and none has as its own finds nothing (it names no one work: a
  // proceedings volume's DOI, given by each of its papers).
  [[nodiscard]] virtual Result<std::optional<PaperView>> Get(std::string_view ref) = 0;

  // Papers listed on a date (see ListingFilter), ordered by listing order of first arrival.
  [[nodiscard]] virtual Result<std::vector<PaperView>> ListByListing(const ListingFilter& f) = 0;
  // Latest listing date matching the filter's source/category, empty if none.
  [[nodiscard]] virtual Result<std::string> LatestListingDate(const ListingFilter& f) = 0;
  // The announced days just before and just after f.date that match the
  // filter's source/category; empty at either end.
  [[nodiscard]] virtual Result<std::pair<std::string, std::string>> AdjacentListingDates(
      const ListingFilter& f) = 0;

  // Full-text + fielded search; best match first.
  [[nodiscard]] virtual Result<std::vector<PaperView>> Search(const search::Query& q,
                                                              int64_t limit, int64_t offset) = 0;

  // The count and facets of a search (see SearchSummary): "best" is Search's
  // order, so the facets describe the papers a reader pages through first.
  // `max_docs` bounds the work on broad queries (0: facets over no paper).
  // Errors: as Search.
  [[nodiscard]] virtual Result<SearchSummary> SearchFacets(const search::Query& q,
                                                           size_t max_docs) = 0;

  // "Did you mean": `q.raw` with each word the library does not know (neither
  // as written nor by its stem) replaced by the closest word of the library's
  // own vocabulary (search/suggest.h); empty when there is nothing to correct.
  // A backend without a vocabulary suggests nothing.
  [[nodiscard]] virtual Result<std::string> SuggestQuery(const search::Query& q) {
    (void)q;
    return std::string();
  }

  [[nodiscard]] virtual Result<LibraryStats> Stats() = 0;

  // Calls `fn` with every paper of the library, in insertion order (used to build
  // the radar's features). Stops at, and returns, the first error `fn` returns.
  [[nodiscard]] virtual Status ForEachPaper(const std::function<Status(const Paper&)>& fn) = 0;

  // Where the library's history of paper writes stands: every write of papers
  // (an insert or a merge) gets a number above every earlier one. A long-lived
  // reader keeps the number it has seen, and later asks for what changed since.
  [[nodiscard]] virtual Result<int64_t> LastChange() = 0;
  // Calls `fn` with every paper written after change `seq` (LastChange()), oldest
  // change first. Read LastChange() before a full ForEachPaper, then catch up
  // from it: a paper written in between is seen twice, never missed.
  [[nodiscard]] virtual Status ForEachPaperSince(
      int64_t seq, const std::function<Status(const Paper&)>& fn) = 0;

  [[nodiscard]] virtual Status LogFetch(const FetchLogEntry& e) = 0;
  // Saved harvest position for a source; nullopt when none is saved.
  [[nodiscard]] virtual Result<std::optional<std::string>> GetCursor(std::string_view source) = 0;
  [[nodiscard]] virtual Status SetCursor(const CursorUpdate& c) = 0;
  [[nodiscard]] virtual Result<HttpValidators> GetValidators(std::string_view url) = 0;
  [[nodiscard]] virtual Status SetValidators(std::string_view url, const HttpValidators& v) = 0;

  // --- Moving a whole library to another (service/migrate.h) ----------------
  // What the methods above cannot enumerate; a backend that cannot answers
  // kInternal naming what it cannot list (the default).
  //
  // Every saved harvest position (GetCursor), by source.
  [[nodiscard]] virtual Result<std::vector<CursorUpdate>> ListCursors();
  // Every URL's saved validators (GetValidators), by URL.
  [[nodiscard]] virtual Result<std::vector<std::pair<std::string, HttpValidators>>>
  ListValidators();
  // The whole fetch log (LogFetch), oldest first.
  [[nodiscard]] virtual Result<std::vector<FetchLogEntry>> ListFetchLog();
  // Stores papers exactly as another library's ForEachPaper gave them: key,
  // every id, published_doi and every field kept as given, nothing merged or
  // linked (the source library did that), each a new paper, in the order given
  // (insertion order: give them in the source's ForEachPaper order). One
  // transaction: all are stored or none. Errors (nothing stored): kAlreadyExists
  // when an id of one of them belongs to a paper of the library already (or to
  // an earlier one of them); kInvalidArgument for a paper without a key or ids.
  // BackedStore implements it once for every backend (store/paper_rules.h).
  [[nodiscard]] virtual Status ImportPapers(const std::vector<Paper>& papers);

  // The radars, briefings and answer cache kept in the same library, or
  // nullptr when the backend keeps none (test fakes).
  virtual RadarStore* radar_store() { return nullptr; }
  // The accounts of the instance (users, sessions, API tokens), or nullptr.
  virtual UserStore* user_store() { return nullptr; }
  // Feed tokens and delivery records, when the backend keeps them (else nullptr).
  virtual DeliveryStore* delivery_store() { return nullptr; }

 protected:
  // The backend's UpsertPage / UpsertPages (contracts above); every paper is
  // within the limits of core/paper_limits.h. The default DoUpsertPages stores
  // page by page.
  [[nodiscard]] virtual Result<UpsertStats> DoUpsertPage(
      const std::vector<Paper>& papers, const std::optional<CursorUpdate>& cursor) = 0;
  [[nodiscard]] virtual std::vector<Result<UpsertStats>> DoUpsertPages(
      const std::vector<const std::vector<Paper>*>& pages);
};

}  // namespace ah::store
