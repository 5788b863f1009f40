// The rules layer of the library's papers, above every backend: how a page of
// records is merged into the library (Store::UpsertPage / UpsertPages) and how
// a reference finds a paper (Store::Get), written once against the narrow
// PaperBackend interface (store/paper_backend.h), so every backend deduplicates,
// merges and links alike by construction.
//
// The rules (contracts of Store::UpsertPage in store.h):
// - A record without any id is rejected ("record N (...): no identifier").
// - Its ids are looked up scheme by scheme (arXiv, DOI, PMID, PMCID, OpenAlex);
//   it joins the first paper they name whose ids do not conflict with it
//   (core/merge.h IdsConflict). Ids registered to other papers stay theirs and
//   are dropped from the record; a record left without ids is rejected.
// - Joining merges with core/merge.h MergePaper: `updated` when something
//   changed, else `unchanged`; a new paper gets CanonicalKey and is `added`.
// - Linking: a preprint that does not know its published version takes the DOI
//   of the first journal paper with the same LinkKey whose DOI no paper gives as
//   its published_doi yet; a journal paper stored (or whose LinkKey changed)
//   gives its DOI to the first such preprint without a published_doi, unless a
//   paper gives that DOI already (that preprint counts as `updated`).
// - A page is one transaction with its cursor; UpsertPages puts a group of
//   pages in one transaction, and when any fails, undoes it and stores the pages
//   one transaction each.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "store/paper_backend.h"
#include "store/store.h"

namespace ah::store {

// Store::UpsertPage on `b` (records within the limits). `now`: unix seconds.
[[nodiscard]] Result<UpsertStats> UpsertPageOn(PaperBackend& b, const std::vector<Paper>& papers,
                                               const std::optional<CursorUpdate>& cursor,
                                               int64_t now);
// Store::UpsertPages on `b`: one transaction for the group, else page by page.
[[nodiscard]] std::vector<Result<UpsertStats>> UpsertPagesOn(
    PaperBackend& b, const std::vector<const std::vector<Paper>*>& pages, int64_t now);

// Store::ImportPapers on `b`: each paper written as given (a new row, its
// DeriveColumns), after checking that none of its ids is registered yet; one
// transaction.
[[nodiscard]] Status ImportPapersOn(PaperBackend& b, const std::vector<Paper>& papers,
                                    int64_t now);

// Store::Get on `b`: `ref` as accepted by ids::ParseIdRef, or a library key.
[[nodiscard]] Result<std::optional<PaperView>> GetOn(PaperBackend& b, std::string_view ref);
// The view of the stored paper `paper` at `row`: the keys of its stored
// journal version (the paper whose own DOI is its published_doi) and of its
// preprint (the first paper giving its DOI as published_doi).
[[nodiscard]] Result<PaperView> ViewOn(PaperBackend& b, PaperRow row, Paper paper);

// A Store whose papers a PaperBackend keeps: UpsertPage(s) and Get are the
// rules layer's (final); a backend derives from this, implements PaperBackend
// and the Store's remaining reads (listings, search, stats, ...), building each
// PaperView with ViewOn.
class BackedStore : public Store, public PaperBackend {
 public:
  [[nodiscard]] Result<std::optional<PaperView>> Get(std::string_view ref) final;
  [[nodiscard]] Status ImportPapers(const std::vector<Paper>& papers) final;

 protected:
  [[nodiscard]] Result<UpsertStats> DoUpsertPage(const std::vector<Paper>& papers,
                                                 const std::optional<CursorUpdate>& cursor) final;
  [[nodiscard]] std::vector<Result<UpsertStats>> DoUpsertPages(
      const std::vector<const std::vector<Paper>*>& pages) final;
};

}  // namespace ah::store
