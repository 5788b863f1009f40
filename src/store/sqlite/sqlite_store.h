// The embedded SQLite backend of the Store (the default library).
//
// One file holds the library (WAL mode: one writer, concurrent readers in other
// connections). Papers are stored whole as JSON (core/paper_json.h) with
// derived, indexed columns; full-text search uses a contentless FTS5 index
// (unicode61, diacritics folded) ranked by bm25 with title 10, abstract 3,
// authors 5, categories 1. See schema.cc for the tables and fts_query.h for the
// query language mapping.
//
// Thread-safety: one thread at a time per instance (see store.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/paper_backend.h"
#include "store/paper_rules.h"
#include "store/search_cache.h"
#include "store/sqlite/db.h"
#include "store/store.h"

namespace ah::store::sqlite {

struct CompiledQuery;   // fts_query.h

struct OpenOptions {
  // Open an existing library for reading only (no schema migration; writes fail).
  bool read_only = false;
  // Bulk-load mode: PRAGMA synchronous=OFF and a rollback journal until the
  // store closes (then WAL again). A crash of the program loses
  // nothing committed, but an OS crash or power cut during the load can corrupt
  // the file: use for a first import into a fresh library, then reopen normally.
  bool bulk = false;
  // Bulk-load mode only if this Open creates the file (exclusively, O_EXCL): of
  // two processes starting a first import at once, exactly one loads in bulk
  // and the other opens the library normally. Ignored when read_only.
  bool bulk_if_new = false;
  // Where searches keep their rankings: shared by the connections of one
  // library (StorePool), or, when null, a small cache of this connection's own.
  std::shared_ptr<SearchCache> search_cache = nullptr;
  // Create the file when it does not exist; false: a missing file is kIo.
  bool create = true;
};

// The PRAGMAs every connection of the store runs (also used by the benchmark's
// SQLite floor, so that both measure the same engine settings), except the
// journal mode: see JournalMode.
std::string ConnectionPragmas(const OpenOptions& options);
// sqlite3_soft_heap_limit64 for the whole process (store::LimitCacheMemory).
void LimitCacheMemory(int64_t bytes);
// The journal mode the store keeps the file in: "wal", or "truncate" (a
// rollback journal) while bulk loading. Open switches to it unless the file is
// in it already; the switch needs the exclusive lock, and SQLite refuses it at
// once (without the busy wait) while another connection writes, so a store
// that cannot switch keeps the file's mode (every mode is safe: a bulk load
// returns the file to WAL when it closes, and the next open switches it).
std::string_view JournalMode(const OpenOptions& options);

class SqliteStore final : public BackedStore, public RadarStore, public UserStore, public DeliveryStore {
 public:
  // Opens or creates the library at `path` (":memory:" for a private in-memory
  // library). The parent directory must exist. Applies schema migrations.
  // Errors: kIo (cannot open/create), kCorrupt (not an SQLite database, or a
  // schema newer than this build), each naming the path.
  [[nodiscard]] static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                                 OpenOptions options = {});
  ~SqliteStore() override;

  [[nodiscard]] Result<std::vector<PaperView>> ListByListing(const ListingFilter& f) override;
  [[nodiscard]] Result<std::string> LatestListingDate(const ListingFilter& f) override;
  [[nodiscard]] Result<std::pair<std::string, std::string>> AdjacentListingDates(
      const ListingFilter& f) override;
  // limit <= 0: no limit. With full-text terms: best bm25 first; filter-only
  // queries: newest first_date first. The best kRankDepth ids of recent
  // queries are kept in the search cache while the library is unchanged
  // (sqlite_search.cc), so that the pages of a query, and its facets, rank it
  // once, whichever connection serves them.
  [[nodiscard]] Result<std::vector<PaperView>> Search(const search::Query& q, int64_t limit,
                                                      int64_t offset) override;
  // The count runs on the full-text index alone where it can; the facets over
  // all matches when they are at most `max_docs` (no ranking), else over the
  // best `max_docs` in Search's order.
  [[nodiscard]] Result<SearchSummary> SearchFacets(const search::Query& q,
                                                   size_t max_docs) override;
  // From the full-text index's vocabulary (papers_fts_vocab): a word is known
  // when it, or its stem, is indexed; candidates share its first two letters.
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
  RadarStore* radar_store() override { return this; }
  UserStore* user_store() override { return this; }
  DeliveryStore* delivery_store() override { return this; }

  // --- RadarStore (sqlite_radar.cc) ---
  [[nodiscard]] Result<int64_t> CreateRadar(const RadarDefinition& r) override;
  [[nodiscard]] Result<std::optional<RadarDefinition>> GetRadar(std::string_view owner,
                                                                std::string_view name) override;
  [[nodiscard]] Result<std::optional<RadarDefinition>> GetRadarById(std::string_view owner,
                                                                    int64_t radar_id) override;
  [[nodiscard]] Result<std::vector<RadarDefinition>> ListRadars(std::string_view owner) override;
  [[nodiscard]] Result<std::vector<RadarDefinition>> ListPublicRadars() override;
  [[nodiscard]] Status UpdateRadar(std::string_view owner, const RadarDefinition& r) override;
  [[nodiscard]] Status DeleteRadar(std::string_view owner, int64_t radar_id) override;
  [[nodiscard]] Status AddFeedback(std::string_view owner, int64_t radar_id,
                                   const RadarFeedback& f) override;
  [[nodiscard]] Status MarkShown(std::string_view owner, int64_t radar_id,
                                 const std::vector<ShownPaper>& papers) override;
  [[nodiscard]] Result<std::vector<ShownPaper>> ShownPapers(std::string_view owner,
                                                            int64_t radar_id) override;
  [[nodiscard]] Result<int64_t> SaveBriefing(std::string_view owner,
                                             const StoredBriefing& b) override;
  [[nodiscard]] Result<std::optional<StoredBriefing>> FindBriefing(std::string_view owner,
                                                                   int64_t radar_id,
                                                                   std::string_view date_from,
                                                                   std::string_view date_to,
                                                                   std::string_view lang) override;
  [[nodiscard]] Result<std::vector<StoredBriefing>> ListBriefings(std::string_view owner,
                                                                  int64_t radar_id,
                                                                  int64_t limit) override;
  [[nodiscard]] Result<std::optional<StoredBriefing>> GetBriefing(std::string_view owner,
                                                                  int64_t briefing_id) override;
  [[nodiscard]] Result<std::optional<std::string>> CacheGet(std::string_view key) override;
  [[nodiscard]] Status CachePut(std::string_view key, std::string_view value) override;
  [[nodiscard]] Result<std::optional<std::vector<float>>> CacheGetVector(
      std::string_view key) override;
  [[nodiscard]] Status CachePutVector(std::string_view key, std::span<const float> v) override;
  [[nodiscard]] Result<std::vector<RadarDefinition>> ListAllRadars() override;
  [[nodiscard]] Status ImportRadar(const RadarDefinition& r) override;
  [[nodiscard]] Status ImportBriefing(const StoredBriefing& b) override;
  [[nodiscard]] Status ForEachCacheEntry(
      const std::function<Status(const CacheEntry&)>& fn) override;

  // --- UserStore (sqlite_users.cc) ---
  [[nodiscard]] Result<int64_t> CreateUser(const User& u) override;
  [[nodiscard]] Result<std::optional<User>> GetUser(std::string_view name) override;
  [[nodiscard]] Result<std::vector<User>> ListUsers() override;
  [[nodiscard]] Result<int64_t> CountUsers() override;
  [[nodiscard]] Status UpdateUser(const User& u) override;
  [[nodiscard]] Status CreateSession(const AuthSession& s) override;
  [[nodiscard]] Result<std::optional<AuthSession>> GetSession(std::string_view token_hash,
                                                              int64_t now) override;
  [[nodiscard]] Status DeleteSession(std::string_view token_hash) override;
  [[nodiscard]] Status DeleteSessionsOf(std::string_view user) override;
  [[nodiscard]] Result<int64_t> DeleteExpiredSessions(int64_t now) override;
  [[nodiscard]] Result<int64_t> CreateApiToken(const ApiToken& t) override;
  [[nodiscard]] Result<std::optional<ApiToken>> UseApiToken(std::string_view token_hash,
                                                            int64_t now) override;
  [[nodiscard]] Result<std::vector<ApiToken>> ListApiTokens(std::string_view user) override;
  [[nodiscard]] Status DeleteApiToken(std::string_view user, int64_t id) override;
  [[nodiscard]] Result<std::optional<std::string>> GetSetting(std::string_view key) override;
  [[nodiscard]] Status PutSetting(std::string_view key, std::string_view value) override;
  [[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> ListSettings() override;

  // --- DeliveryStore (sqlite_delivery.cc) ---
  [[nodiscard]] Status SetFeedToken(const FeedToken& t) override;
  [[nodiscard]] Status DeleteFeedToken(std::string_view owner, int64_t radar_id) override;
  [[nodiscard]] Result<std::optional<FeedToken>> GetFeedToken(std::string_view owner,
                                                              int64_t radar_id) override;
  [[nodiscard]] Result<std::optional<FeedToken>> FindFeedToken(std::string_view token) override;
  [[nodiscard]] Result<std::optional<DeliveryRecord>> GetDelivery(std::string_view key) override;
  [[nodiscard]] Result<bool> BeginDelivery(const DeliveryRecord& r, int64_t now) override;
  [[nodiscard]] Status FinishDelivery(std::string_view key, std::string_view state,
                                      std::string_view error, std::string_view detail,
                                      int64_t now) override;
  [[nodiscard]] Result<std::vector<DeliveryRecord>> ListDeliveries() override;
  [[nodiscard]] Status ImportDelivery(const DeliveryRecord& r) override;

  // --- PaperBackend (sqlite_upsert.cc): the rules layer (store/paper_rules.h)
  // decides; these run its SQL. Rows are papers.id; ids live in paper_ids,
  // listings in listings, the text in papers_fts (contentless: WritePaper
  // deletes a changed paper's old text with its old values).
  [[nodiscard]] Status BeginPapers(std::string_view what) override;
  [[nodiscard]] Status CommitPapers(std::string_view what) override;
  void RollbackPapers() override;
  [[nodiscard]] Status SaveCursorInWrite(const CursorUpdate& c) override;
  [[nodiscard]] Result<PaperRow> FindPaperById(std::string_view scheme,
                                               std::string_view value) override;
  [[nodiscard]] Result<std::optional<Paper>> LoadPaper(PaperRow row) override;
  [[nodiscard]] Result<std::string> PaperKey(PaperRow row) override;
  [[nodiscard]] Result<std::vector<PaperRow>> PapersPublishedAs(std::string_view doi,
                                                                size_t limit) override;
  [[nodiscard]] Result<std::vector<StoredPaper>> LinkCandidates(int64_t match_hash,
                                                                MatchKind kind) override;
  [[nodiscard]] Result<PaperRow> WritePaper(const PaperWrite& w) override;

 private:
  SqliteStore(std::unique_ptr<Db> db, bool read_only, bool bulk,
              std::shared_ptr<SearchCache> search_cache)
      : db_(std::move(db)),
        read_only_(read_only),
        bulk_(bulk),
        search_cache_(search_cache ? std::move(search_cache) : std::make_shared<SearchCache>(8)) {}

  // --- paper writes (sqlite_upsert.cc) ---
  // id 0 = insert; returns the row id.
  [[nodiscard]] Result<int64_t> WriteRow(int64_t id, const Paper& p, const DerivedColumns& d,
                                         int64_t now);
  [[nodiscard]] Status RegisterIds(int64_t id, const PaperIds& ids, const PaperIds* old_ids);
  [[nodiscard]] Status InsertListings(int64_t id, const Paper& p, const Paper* old_paper);
  [[nodiscard]] Status FtsWrite(int64_t id, const Paper& p, bool remove);
  [[nodiscard]] Status SaveCursor(const CursorUpdate& c);

  // --- radars (sqlite_radar.cc) ---
  [[nodiscard]] Result<bool> OwnsRadar(std::string_view owner, int64_t radar_id);
  // `sql` selects the radar columns with parameters (owner, name) or (owner, id).
  [[nodiscard]] Result<std::optional<RadarDefinition>> LoadRadar(std::string_view sql,
                                                                 std::string_view owner,
                                                                 std::string_view name,
                                                                 int64_t radar_id);
  // `sql` selects the radar columns with the parameter (owner), or none when `owner` is empty.
  [[nodiscard]] Result<std::vector<RadarDefinition>> ListDefinitions(std::string_view sql,
                                                                     std::string_view owner);

  // --- search (sqlite_search.cc) ---
  using Ranking = CachedRanking;
  // The ranked ids of `c` (at most kRankDepth), from the search cache when the
  // library has not changed since.
  [[nodiscard]] Result<std::shared_ptr<const Ranking>> Ranked(const CompiledQuery& c);
  // Fill r: RankAll ranks and counts every match of a full-text query in one
  // pass; RankFirst asks SQLite for the first kRankDepth + 1 (filters alone,
  // which an index can order).
  [[nodiscard]] Status RankAll(const CompiledQuery& c, Ranking* r);
  [[nodiscard]] Status RankFirst(const CompiledQuery& c, Ranking* r);
  [[nodiscard]] Result<int64_t> CountMatches(const CompiledQuery& c);
  // Papers whose index holds the token `term` (0 when none).
  [[nodiscard]] Result<int64_t> TermDocs(const std::string& term);
  [[nodiscard]] Result<SearchSummary> FacetsOf(const std::vector<int64_t>& ids);
  // Identifies the state of the library's searchable content, the same for
  // every connection: the last papers.seq (every write of a paper, and so of
  // its full-text row, numbers it above all earlier ones) and the last
  // listing (listings are only ever added).
  [[nodiscard]] Result<std::string> SearchMarker();

  // --- reads (sqlite_store.cc) ---
  // The text column of the row `sql` selects with one parameter `key`, or nullopt.
  [[nodiscard]] Result<std::optional<std::string>> OptionalText(std::string_view sql,
                                                                std::string_view key);
  // bound(date) ("MAX" / "MIN") of the announcements matching f's source and
  // category, and with `than` ("<", ">") of those before / after f.date; "" when none.
  [[nodiscard]] Result<std::string> ListingDateBound(const ListingFilter& f, std::string_view bound,
                                                     std::string_view than);
  // Steps `st` (columns id, doc) and calls fn with each paper.
  [[nodiscard]] Status ScanPapers(Stmt& st, const std::function<Status(const Paper&)>& fn);
  [[nodiscard]] Result<PaperView> MakeView(int64_t id, std::string_view doc);
  [[nodiscard]] Result<std::vector<PaperView>> CollectViews(Stmt& st);
  [[nodiscard]] Result<std::vector<PaperView>> ViewsOf(const std::vector<int64_t>& ids);

  std::unique_ptr<Db> db_;
  bool read_only_ = false;
  bool bulk_ = false;      // opened in bulk-load mode: back to WAL on close
  int64_t write_seq_ = 0;  // papers.seq of the write transaction in progress (BeginPapers)
  std::shared_ptr<SearchCache> search_cache_;  // never null
};

}  // namespace ah::store::sqlite
