// An in-memory store::Store for tests of code that drives a Store (the fetch
// loop, handlers) and a second backend of the Store conformance suite
// (tests/store/store_backends.h). It implements store::PaperBackend, so
// deduplication, merging, linking, page atomicity and Get are the rules layer's
// (store/paper_rules.h), exactly as on SQLite.
//
// What it does not do like SQLite, and where the suites say so
// (store_backends.h, Feature): no ranking (Search returns full-text matches in
// insertion order, filter-only queries newest first_date first), no stemming,
// no CJK bigrams and no phrase proximity beyond consecutive words; no "did you
// mean"; no RadarStore, UserStore or DeliveryStore (nullptr).
//
// A write transaction is a copy of the library, restored on rollback. Writes
// can be made to fail on the Nth write transaction (FailUpsertOnCall) or for
// one paper key (FailWritesOf). Thread-safe (one recursive mutex per library;
// a write transaction holds it until it commits or rolls back).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/paper_rules.h"
#include "store/store.h"

namespace ah::testing {

class MemoryStore final : public store::BackedStore {
 public:
  // The data of one in-memory library; stores opened on the same Library see
  // the same papers (a test "reopens" a library this way).
  struct Library;
  static std::shared_ptr<Library> NewLibrary();
  // From now on, every write of the paper with library key `key` fails (kIo)
  // in any store on `lib`.
  static void FailWritesOf(Library& lib, const std::string& key);

  MemoryStore();  // on a library of its own
  explicit MemoryStore(std::shared_ptr<Library> lib);
  ~MemoryStore() override;

  Result<std::vector<store::PaperView>> ListByListing(const store::ListingFilter& f) override;
  Result<std::string> LatestListingDate(const store::ListingFilter& f) override;
  Result<std::pair<std::string, std::string>> AdjacentListingDates(
      const store::ListingFilter& f) override;
  Result<std::vector<store::PaperView>> Search(const search::Query& q, int64_t limit,
                                               int64_t offset) override;
  Result<store::SearchSummary> SearchFacets(const search::Query& q, size_t max_docs) override;
  Result<store::LibraryStats> Stats() override;
  Status ForEachPaper(const std::function<Status(const Paper&)>& fn) override;
  Result<int64_t> LastChange() override;
  Status ForEachPaperSince(int64_t seq, const std::function<Status(const Paper&)>& fn) override;
  Status LogFetch(const store::FetchLogEntry& e) override;
  Result<std::optional<std::string>> GetCursor(std::string_view source) override;
  Status SetCursor(const store::CursorUpdate& c) override;
  Result<store::HttpValidators> GetValidators(std::string_view url) override;
  Status SetValidators(std::string_view url, const store::HttpValidators& v) override;

  // --- store::PaperBackend ---
  Status BeginPapers(std::string_view what) override;
  Status CommitPapers(std::string_view what) override;
  void RollbackPapers() override;
  Status SaveCursorInWrite(const store::CursorUpdate& c) override;
  Result<store::PaperRow> FindPaperById(std::string_view scheme, std::string_view value) override;
  Result<std::optional<Paper>> LoadPaper(store::PaperRow row) override;
  Result<std::string> PaperKey(store::PaperRow row) override;
  Result<std::vector<store::PaperRow>> PapersPublishedAs(std::string_view doi,
                                                         size_t limit) override;
  Result<std::vector<store::StoredPaper>> LinkCandidates(int64_t match_hash,
                                                         store::MatchKind kind) override;
  Result<store::PaperRow> WritePaper(const store::PaperWrite& w) override;

  // Fault injection: the `n`-th write transaction from now (1 = the next one;
  // one per UpsertPage call) fails with kIo at its commit and changes nothing.
  // 0 disables.
  void FailUpsertOnCall(int n);

  // Inspection.
  std::vector<Paper> papers() const;  // in insertion order
  std::vector<store::FetchLogEntry> fetch_log() const;
  std::map<std::string, std::string> cursors() const;
  int upsert_calls() const;  // write transactions begun

 private:
  // Views of `rows` (papers' rows) in that order. REQUIRES: the library's mutex held.
  Result<std::vector<store::PaperView>> ViewsOf(const std::vector<store::PaperRow>& rows);
  // Rows matching the query, in Search's order. REQUIRES: the library's mutex held.
  std::vector<store::PaperRow> Matching(const search::Query& q) const;
  Result<std::string> DateBound(const store::ListingFilter& f, bool max, int than) const;

  std::shared_ptr<Library> lib_;
  std::unique_lock<std::recursive_mutex> txn_;  // held during a write transaction
  int64_t write_seq_ = 0;
};

}  // namespace ah::testing
