// An in-memory store::Store for tests of code that drives a Store (the fetch
// loop, handlers). Deliberately simple: papers merge when they share an arXiv
// id, DOI, PMID, PMCID or OpenAlex id; Search matches plain terms as substrings
// of title/abstract (SearchFacets counts those matches). UpsertPage is atomic,
// and can be made to fail on the Nth call. Thread-safe (one mutex).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace ah::testing {

class MemoryStore final : public store::Store {
 public:
  Result<std::optional<store::PaperView>> Get(std::string_view ref) override;
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

  // Fault injection: the `n`-th UpsertPage call from now (1 = the next one) fails with
  // kIo and changes nothing. 0 disables.
  void FailUpsertOnCall(int n);

  // Inspection.
  std::vector<Paper> papers() const;  // in insertion order
  std::vector<store::FetchLogEntry> fetch_log() const;
  std::map<std::string, std::string> cursors() const;
  int upsert_calls() const;

 protected:
  Result<store::UpsertStats> DoUpsertPage(
      const std::vector<Paper>& papers, const std::optional<store::CursorUpdate>& cursor) override;

 private:
  // Papers matching the query's plain terms, in Search's order. REQUIRES: mu_ held.
  std::vector<const Paper*> Matching(const search::Query& q) const;

  mutable std::mutex mu_;
  std::vector<Paper> papers_;
  std::vector<int64_t> seq_;  // change number of each paper, parallel to papers_
  int64_t last_seq_ = 0;
  std::vector<store::FetchLogEntry> log_;
  std::map<std::string, std::string, std::less<>> cursors_;
  std::map<std::string, store::HttpValidators, std::less<>> validators_;
  int upsert_calls_ = 0;
  int fail_on_call_ = 0;  // absolute call number that fails; 0 = none
};

}  // namespace ah::testing
