// The library's papers on PostgreSQL (migration 4, pg/schema.cc): the Store as
// a BackedStore, so deduplication, merging, linking, page atomicity and Get are
// the rules layer's (store/paper_rules.h), exactly as on SQLite; this class
// finds, loads and writes rows (pg_store.cc) and serves the reads (listings,
// stats, changes, cursors, validators) and search (pg_search.cc) with SQLite's
// semantics (store.h).
//
// Writes: a write transaction (BeginPapers) takes a transaction-level advisory
// lock first, so the paper writes of every process on the database are
// serialised as SQLite's are: the rules layer's lookups see every committed
// paper (two concurrent ingests of one work make one paper), and change numbers
// (papers.seq) are handed out in commit order (a reader catching up from
// LastChange never misses a write).
//
// Bulk writes: a write transaction keeps the papers it inserts, the ids it
// registers and the listings it adds in memory, and sends them with COPY when
// it commits (three COPYs and one INSERT ... SELECT per transaction instead of
// three or four statements per paper); their rows are reserved from papers' id
// sequence when written, in write order. The lookups of the PaperBackend serve
// those pending papers too, so the rules layer sees every paper written earlier
// in the transaction. A library that held no paper when the transaction began
// is not asked at all (a first import: no round trip per record). A stored
// paper that is replaced is updated at once (one statement).
//
// Search (pg_search.cc): the query language (search/query.h) compiled to a
// tsquery over papers.tsv (title A > authors B > abstract C, categories D) plus
// SQL conditions (cat:, src:, id:, date:), with SQLite's analysis on both
// sides (pg_text.h: the tokens of SQLite's full-text index, built by C++, not
// by PostgreSQL dictionaries): diacritics folded, Snowball stems (the words as
// written first), CJK bigrams, author names in either order with initials;
// so a query finds the same papers as on SQLite. Ranked by ts_rank_cd (not
// bm25: papers of different scores may come in another order), ties newest
// paper first as SQLite's bm25 ties. "Did you mean" (SuggestQuery) reads the
// vocabulary table search_terms (each token with the papers holding it,
// migration 6), as SQLite reads papers_fts_vocab: a write transaction counts
// the tokens its paper writes gain and lose (WritePaper) and adds them up in
// one statement before it commits (CommitPapers), under the paper write lock.
//
// Not kept here: radars (radar_store() is nullptr so far); users, jobs and
// deliveries are PgUserStore / PgJobStore / PgDeliveryStore on the same database.
// Thread-safety: one thread at a time per instance (store.h).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/paper_rules.h"
#include "store/pg/conn.h"
#include "store/sqlite/fts_analyzer.h"
#include "store/pg/pg_delivery.h"
#include "store/pg/pg_radar.h"
#include "store/pg/pg_users.h"

namespace ah::store::pg {

class PgStore final : public BackedStore {
 public:
  // Connects to `url` and applies the migrations. Errors as Conn::Open / Migrate
  // (kUnreachable naming host:port/database when the server cannot be reached).
  [[nodiscard]] static Result<std::unique_ptr<PgStore>> Open(const std::string& url);
  ~PgStore() override;

  [[nodiscard]] Result<std::vector<PaperView>> ListByListing(const ListingFilter& f) override;
  [[nodiscard]] Result<std::string> LatestListingDate(const ListingFilter& f) override;
  [[nodiscard]] Result<std::pair<std::string, std::string>> AdjacentListingDates(
      const ListingFilter& f) override;
  // limit <= 0: no limit. Full-text queries: best ts_rank_cd first, ties newest
  // paper first; filter-only queries: newest first_date first (none last), then
  // newest paper.
  [[nodiscard]] Result<std::vector<PaperView>> Search(const search::Query& q, int64_t limit,
                                                      int64_t offset) override;
  [[nodiscard]] Result<SearchSummary> SearchFacets(const search::Query& q,
                                                   size_t max_docs) override;
  // As SQLite's (sqlite::SuggestFromVocabulary over search_terms).
  [[nodiscard]] Result<std::string> SuggestQuery(const search::Query& q) override;
  [[nodiscard]] Result<LibraryStats> Stats() override;
  [[nodiscard]] Status ForEachPaper(const std::function<Status(const Paper&)>& fn) override;
  [[nodiscard]] Result<int64_t> LastChange() override;
  [[nodiscard]] Status ForEachPaperSince(int64_t seq,
                                         const std::function<Status(const Paper&)>& fn) override;
  [[nodiscard]] Status LogFetch(const FetchLogEntry& e) override;
  [[nodiscard]] Result<std::optional<std::string>> GetCursor(std::string_view source) override;
  [[nodiscard]] Status SetCursor(const CursorUpdate& c) override;
  [[nodiscard]] Result<HttpValidators> GetValidators(std::string_view url) override;
  [[nodiscard]] Status SetValidators(std::string_view url, const HttpValidators& v) override;
  [[nodiscard]] Result<std::vector<CursorUpdate>> ListCursors() override;
  [[nodiscard]] Result<std::vector<std::pair<std::string, HttpValidators>>> ListValidators()
      override;
  [[nodiscard]] Result<std::vector<FetchLogEntry>> ListFetchLog() override;

  RadarStore* radar_store() override { return &radars_; }
  UserStore* user_store() override { return &users_; }
  DeliveryStore* delivery_store() override { return &deliveries_; }

  // --- PaperBackend (store/paper_backend.h) ---
  [[nodiscard]] Status BeginPapers(std::string_view what) override;
  [[nodiscard]] Status CommitPapers(std::string_view what) override;
  void RollbackPapers() override;
  [[nodiscard]] Status SaveCursorInWrite(const CursorUpdate& c) override;
  [[nodiscard]] Result<PaperRow> FindPaperById(std::string_view scheme,
                                               std::string_view value) override;
  [[nodiscard]] Status PrefetchIds(const std::vector<Paper>& page) override;
  [[nodiscard]] Result<std::optional<Paper>> LoadPaper(PaperRow row) override;
  [[nodiscard]] Result<std::string> PaperKey(PaperRow row) override;
  [[nodiscard]] Result<std::vector<PaperRow>> PapersPublishedAs(std::string_view doi,
                                                                size_t limit) override;
  [[nodiscard]] Result<std::vector<StoredPaper>> LinkCandidates(int64_t match_hash,
                                                                MatchKind kind) override;
  [[nodiscard]] Result<PaperRow> WritePaper(const PaperWrite& w) override;

 private:
  PgStore(std::unique_ptr<Conn> conn, std::unique_ptr<sqlite::TextAnalyzer> analyzer)
      : conn_(std::move(conn)),
        analyzer_(std::move(analyzer)),
        radars_(*conn_),
        users_(*conn_),
        deliveries_(*conn_) {}

  // The paper stored as `doc` at `row`; kCorrupt naming the server and row.
  [[nodiscard]] Result<Paper> ParseDoc(PaperRow row, std::string_view doc) const;
  // Views of the papers at `rows`, in that order (rows since gone are left out).
  [[nodiscard]] Result<std::vector<PaperView>> ViewsOf(const std::vector<PaperRow>& rows);
  // Calls fn with the papers `sql` selects (columns id, doc; parameters $1 $2 the
  // keyset position, ordered by it), a batch at a time, so that fn may call
  // back into the store. `seq_order`: the keyset is (seq, id), else id.
  [[nodiscard]] Status ScanPapers(bool seq_order, int64_t after_seq,
                                  const std::function<Status(const Paper&)>& fn);
  // bound(date) ("max" / "min") of the announcements matching f's source and
  // category, and with `than` ("<", ">") of those before / after f.date; "" when none.
  [[nodiscard]] Result<std::string> ListingDateBound(const ListingFilter& f, std::string_view bound,
                                                     std::string_view than);
  [[nodiscard]] Status SaveCursor(const CursorUpdate& c);
  // pg_search.cc: the rows matching `q` in Search's order (limit <= 0: all).
  [[nodiscard]] Result<std::vector<PaperRow>> MatchingRows(const search::Query& q, int64_t limit,
                                                           int64_t offset);
  [[nodiscard]] Result<int64_t> CountMatching(const search::Query& q);
  // Adds term_deltas_ to search_terms (in the write transaction) and clears it.
  [[nodiscard]] Status FlushTermDeltas();

  // --- bulk writes (pg_store.cc) ---
  // A new row for a paper of the write transaction (from the id sequence).
  [[nodiscard]] Result<PaperRow> ReserveRow();
  // Sends the transaction's pending papers, ids and listings (COPY). When the
  // server refuses them, finds the paper it refuses (FlushOneByOne), so that
  // the error names it as a failed WritePaper would.
  [[nodiscard]] Status FlushPending();
  [[nodiscard]] Status CopyPending();
  [[nodiscard]] Status FlushOneByOne();
  // "paper KEY" of the paper at `row` (pending or stored), for errors.
  [[nodiscard]] std::string NameOf(PaperRow row);
  void ClearPending();

  std::unique_ptr<Conn> conn_;
  std::unique_ptr<sqlite::TextAnalyzer> analyzer_;  // papers.tsv and queries (pg_text.h)
  PgRadarStore radars_;  // on conn_
  PgUserStore users_;
  PgDeliveryStore deliveries_;
  int64_t write_seq_ = 0;  // papers.seq of the write transaction in progress
  // search_terms changes of the write transaction in progress: token -> papers gained (lost < 0).
  std::map<std::string, int64_t> term_deltas_;

  // A paper inserted by the write transaction in progress, not yet sent.
  struct PendingPaper {
    Paper paper;
    DerivedColumns derived;
    int64_t now = 0;
    std::string tsv;  // its search columns (PaperSearchColumns), a tsvector literal
  };
  std::map<PaperRow, PendingPaper> pending_;
  // (scheme, value) -> row of every id the transaction registered.
  std::map<std::pair<std::string, std::string>, PaperRow, std::less<>> pending_ids_;
  // (scheme, value) -> row (0: none) of ids looked up by PrefetchIds in this
  // transaction; exact while it lasts (the write lock is held, ids never
  // move, and pending_ids_ is asked first).
  std::map<std::pair<std::string, std::string>, PaperRow, std::less<>> known_ids_;
  struct PendingId {
    std::string_view scheme;
    std::string value;
    PaperRow row;
  };
  std::vector<PendingId> pending_id_rows_;                      // in write order
  std::vector<std::pair<PaperRow, Listing>> pending_listings_;  // in write order
  std::vector<PaperRow> reserved_;  // rows reserved and not yet used, in order
  size_t next_reserved_ = 0;
  int64_t reserve_batch_ = 0;   // rows the next reservation takes (doubles per reservation)
  bool library_empty_ = false;  // no paper was stored when the transaction began
};

}  // namespace ah::store::pg
