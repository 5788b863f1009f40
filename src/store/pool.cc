#include "store/pool.h"

#include "store/open.h"

namespace ah::store {

// The Store a lease hands out: reads on the leased reader, writes on the
// pool's writer under its mutex. Every method forwards; none adds behaviour.
class PooledStore final : public Store, public RadarStore, public UserStore, public DeliveryStore {
 public:
  PooledStore(std::shared_ptr<StorePool> pool, Store* reader)
      : pool_(std::move(pool)), r_(reader) {}
  ~PooledStore() override { pool_->Release(r_); }

 private:
  // Runs a write on the writer, one at a time.
  template <typename F>
  auto Write(F&& fn) {
    std::lock_guard<std::mutex> lock(pool_->writer_mu_);
    return fn(*pool_->writer_);
  }
  template <typename F>
  auto WriteRadars(F&& fn) {
    std::lock_guard<std::mutex> lock(pool_->writer_mu_);
    return fn(*pool_->writer_->radar_store());
  }
  template <typename F>
  auto WriteDelivery(F&& fn) {
    std::lock_guard<std::mutex> lock(pool_->writer_mu_);
    return fn(*pool_->writer_->delivery_store());
  }
  template <typename F>
  auto WriteUsers(F&& fn) {
    std::lock_guard<std::mutex> lock(pool_->writer_mu_);
    return fn(*pool_->writer_->user_store());
  }

 public:
  // --- Store ---
  Result<std::optional<PaperView>> Get(std::string_view ref) override { return r_->Get(ref); }
  Result<std::vector<PaperView>> ListByListing(const ListingFilter& f) override {
    return r_->ListByListing(f);
  }
  Result<std::string> LatestListingDate(const ListingFilter& f) override {
    return r_->LatestListingDate(f);
  }
  Result<std::pair<std::string, std::string>> AdjacentListingDates(
      const ListingFilter& f) override {
    return r_->AdjacentListingDates(f);
  }
  Result<std::vector<PaperView>> Search(const search::Query& q, int64_t limit,
                                        int64_t offset) override {
    return r_->Search(q, limit, offset);
  }
  Result<SearchSummary> SearchFacets(const search::Query& q, size_t max_docs) override {
    return r_->SearchFacets(q, max_docs);
  }
  Result<std::string> SuggestQuery(const search::Query& q) override {
    return r_->SuggestQuery(q);
  }
  Result<LibraryStats> Stats() override { return r_->Stats(); }
  Status ForEachPaper(const std::function<Status(const Paper&)>& fn) override {
    return r_->ForEachPaper(fn);
  }
  Result<int64_t> LastChange() override { return r_->LastChange(); }
  Status ForEachPaperSince(int64_t seq, const std::function<Status(const Paper&)>& fn) override {
    return r_->ForEachPaperSince(seq, fn);
  }
  Status LogFetch(const FetchLogEntry& e) override {
    return Write([&](Store& w) { return w.LogFetch(e); });
  }
  Result<std::optional<std::string>> GetCursor(std::string_view source) override {
    return r_->GetCursor(source);
  }
  Status SetCursor(const CursorUpdate& c) override {
    return Write([&](Store& w) { return w.SetCursor(c); });
  }
  Result<HttpValidators> GetValidators(std::string_view url) override {
    return r_->GetValidators(url);
  }
  Status SetValidators(std::string_view url, const HttpValidators& v) override {
    return Write([&](Store& w) { return w.SetValidators(url, v); });
  }
  Result<std::vector<CursorUpdate>> ListCursors() override { return r_->ListCursors(); }
  Result<std::vector<std::pair<std::string, HttpValidators>>> ListValidators() override {
    return r_->ListValidators();
  }
  Result<std::vector<FetchLogEntry>> ListFetchLog() override { return r_->ListFetchLog(); }
  Status ImportPapers(const std::vector<Paper>& papers) override {
    return Write([&](Store& w) { return w.ImportPapers(papers); });
  }
  RadarStore* radar_store() override { return r_->radar_store() ? this : nullptr; }
  UserStore* user_store() override { return r_->user_store() ? this : nullptr; }
  DeliveryStore* delivery_store() override { return r_->delivery_store() ? this : nullptr; }

  // --- DeliveryStore ---
  Status SetFeedToken(const FeedToken& t) override {
    return WriteDelivery([&](DeliveryStore& w) { return w.SetFeedToken(t); });
  }
  Status DeleteFeedToken(std::string_view owner, int64_t radar_id) override {
    return WriteDelivery([&](DeliveryStore& w) { return w.DeleteFeedToken(owner, radar_id); });
  }
  Result<std::optional<FeedToken>> GetFeedToken(std::string_view owner, int64_t radar_id) override {
    return r_->delivery_store()->GetFeedToken(owner, radar_id);
  }
  Result<std::optional<FeedToken>> FindFeedToken(std::string_view token) override {
    return r_->delivery_store()->FindFeedToken(token);
  }
  // On the writer: a delivery's state must be read where it is changed.
  Result<std::optional<DeliveryRecord>> GetDelivery(std::string_view key) override {
    return WriteDelivery([&](DeliveryStore& w) { return w.GetDelivery(key); });
  }
  Result<bool> BeginDelivery(const DeliveryRecord& r, int64_t now) override {
    return WriteDelivery([&](DeliveryStore& w) { return w.BeginDelivery(r, now); });
  }
  Status FinishDelivery(std::string_view key, std::string_view state, std::string_view error,
                        std::string_view detail, int64_t now) override {
    return WriteDelivery(
        [&](DeliveryStore& w) { return w.FinishDelivery(key, state, error, detail, now); });
  }
  Result<std::vector<DeliveryRecord>> ListDeliveries() override {
    return WriteDelivery([&](DeliveryStore& w) { return w.ListDeliveries(); });
  }
  Status ImportDelivery(const DeliveryRecord& r) override {
    return WriteDelivery([&](DeliveryStore& w) { return w.ImportDelivery(r); });
  }

  // --- RadarStore ---
  Result<int64_t> CreateRadar(const RadarDefinition& r) override {
    return WriteRadars([&](RadarStore& w) { return w.CreateRadar(r); });
  }
  Result<std::optional<RadarDefinition>> GetRadar(std::string_view owner,
                                                  std::string_view name) override {
    return r_->radar_store()->GetRadar(owner, name);
  }
  Result<std::optional<RadarDefinition>> GetRadarById(std::string_view owner,
                                                      int64_t radar_id) override {
    return r_->radar_store()->GetRadarById(owner, radar_id);
  }
  Result<std::vector<RadarDefinition>> ListRadars(std::string_view owner) override {
    return r_->radar_store()->ListRadars(owner);
  }
  Result<std::vector<RadarDefinition>> ListPublicRadars() override {
    return r_->radar_store()->ListPublicRadars();
  }
  Status UpdateRadar(std::string_view owner, const RadarDefinition& r) override {
    return WriteRadars([&](RadarStore& w) { return w.UpdateRadar(owner, r); });
  }
  Status DeleteRadar(std::string_view owner, int64_t radar_id) override {
    return WriteRadars([&](RadarStore& w) { return w.DeleteRadar(owner, radar_id); });
  }
  Status AddFeedback(std::string_view owner, int64_t radar_id, const RadarFeedback& f) override {
    return WriteRadars([&](RadarStore& w) { return w.AddFeedback(owner, radar_id, f); });
  }
  Status MarkShown(std::string_view owner, int64_t radar_id,
                   const std::vector<ShownPaper>& papers) override {
    return WriteRadars([&](RadarStore& w) { return w.MarkShown(owner, radar_id, papers); });
  }
  Result<std::vector<ShownPaper>> ShownPapers(std::string_view owner, int64_t radar_id) override {
    return r_->radar_store()->ShownPapers(owner, radar_id);
  }
  Result<int64_t> SaveBriefing(std::string_view owner, const StoredBriefing& b) override {
    return WriteRadars([&](RadarStore& w) { return w.SaveBriefing(owner, b); });
  }
  Result<std::optional<StoredBriefing>> FindBriefing(std::string_view owner, int64_t radar_id,
                                                     std::string_view date_from,
                                                     std::string_view date_to,
                                                     std::string_view lang) override {
    return r_->radar_store()->FindBriefing(owner, radar_id, date_from, date_to, lang);
  }
  Result<std::vector<StoredBriefing>> ListBriefings(std::string_view owner, int64_t radar_id,
                                                    int64_t limit) override {
    return r_->radar_store()->ListBriefings(owner, radar_id, limit);
  }
  Result<std::optional<StoredBriefing>> GetBriefing(std::string_view owner,
                                                    int64_t briefing_id) override {
    return r_->radar_store()->GetBriefing(owner, briefing_id);
  }
  Result<std::optional<std::string>> CacheGet(std::string_view key) override {
    return r_->radar_store()->CacheGet(key);
  }
  Status CachePut(std::string_view key, std::string_view value) override {
    return WriteRadars([&](RadarStore& w) { return w.CachePut(key, value); });
  }
  Result<std::optional<std::vector<float>>> CacheGetVector(std::string_view key) override {
    return r_->radar_store()->CacheGetVector(key);
  }
  Status CachePutVector(std::string_view key, std::span<const float> v) override {
    return WriteRadars([&](RadarStore& w) { return w.CachePutVector(key, v); });
  }
  Result<std::vector<RadarDefinition>> ListAllRadars() override {
    return r_->radar_store()->ListAllRadars();
  }
  Status ImportRadar(const RadarDefinition& r) override {
    return WriteRadars([&](RadarStore& w) { return w.ImportRadar(r); });
  }
  Status ImportBriefing(const StoredBriefing& b) override {
    return WriteRadars([&](RadarStore& w) { return w.ImportBriefing(b); });
  }
  Status ForEachCacheEntry(const std::function<Status(const CacheEntry&)>& fn) override {
    return r_->radar_store()->ForEachCacheEntry(fn);
  }

  // --- UserStore ---
  Result<int64_t> CreateUser(const User& u) override {
    return WriteUsers([&](UserStore& w) { return w.CreateUser(u); });
  }
  Result<std::optional<User>> GetUser(std::string_view name) override {
    return r_->user_store()->GetUser(name);
  }
  Result<std::vector<User>> ListUsers() override { return r_->user_store()->ListUsers(); }
  Result<int64_t> CountUsers() override { return r_->user_store()->CountUsers(); }
  Status UpdateUser(const User& u) override {
    return WriteUsers([&](UserStore& w) { return w.UpdateUser(u); });
  }
  Status CreateSession(const AuthSession& s) override {
    return WriteUsers([&](UserStore& w) { return w.CreateSession(s); });
  }
  Result<std::optional<AuthSession>> GetSession(std::string_view token_hash, int64_t now) override {
    return r_->user_store()->GetSession(token_hash, now);
  }
  Status DeleteSession(std::string_view token_hash) override {
    return WriteUsers([&](UserStore& w) { return w.DeleteSession(token_hash); });
  }
  Status DeleteSessionsOf(std::string_view user) override {
    return WriteUsers([&](UserStore& w) { return w.DeleteSessionsOf(user); });
  }
  Result<int64_t> DeleteExpiredSessions(int64_t now) override {
    return WriteUsers([&](UserStore& w) { return w.DeleteExpiredSessions(now); });
  }
  Result<int64_t> CreateApiToken(const ApiToken& t) override {
    return WriteUsers([&](UserStore& w) { return w.CreateApiToken(t); });
  }
  Result<std::optional<ApiToken>> UseApiToken(std::string_view token_hash, int64_t now) override {
    return WriteUsers([&](UserStore& w) { return w.UseApiToken(token_hash, now); });
  }
  Result<std::vector<ApiToken>> ListApiTokens(std::string_view user) override {
    return r_->user_store()->ListApiTokens(user);
  }
  Status DeleteApiToken(std::string_view user, int64_t id) override {
    return WriteUsers([&](UserStore& w) { return w.DeleteApiToken(user, id); });
  }
  Result<std::optional<std::string>> GetSetting(std::string_view key) override {
    return r_->user_store()->GetSetting(key);
  }
  Status PutSetting(std::string_view key, std::string_view value) override {
    return WriteUsers([&](UserStore& w) { return w.PutSetting(key, value); });
  }
  Result<std::vector<std::pair<std::string, std::string>>> ListSettings() override {
    return r_->user_store()->ListSettings();
  }

 private:
  // The records arrive within the limits (Store::UpsertPage); the writer's
  // UpsertPage checks them again, which changes nothing.
  Result<UpsertStats> DoUpsertPage(const std::vector<Paper>& papers,
                                   const std::optional<CursorUpdate>& cursor) override {
    return Write([&](Store& w) { return w.UpsertPage(papers, cursor); });
  }
  std::vector<Result<UpsertStats>> DoUpsertPages(
      const std::vector<const std::vector<Paper>*>& pages) override {
    std::lock_guard<std::mutex> lock(pool_->writer_mu_);
    return pool_->writer_->UpsertPages(pages);
  }

  std::shared_ptr<StorePool> pool_;
  Store* r_;
};

Result<std::shared_ptr<StorePool>> StorePool::Open(const Opener& open, size_t readers) {
  std::shared_ptr<StorePool> pool(new StorePool());
  auto w = open();
  if (!w) return Fail(w.error());
  pool->writer_ = std::move(*w);
  for (size_t i = 0; i < std::max<size_t>(readers, 1); ++i) {
    auto r = open();
    if (!r) return Fail(r.error());
    pool->free_.push_back(r->get());
    pool->readers_.push_back(std::move(*r));
  }
  return pool;
}

Result<std::shared_ptr<StorePool>> StorePool::Open(const std::string& location, size_t readers) {
  // One search cache for the library's connections: a query ranked by one
  // reader serves the next request whichever reader it gets.
  StoreOptions options;
  options.search_cache = std::make_shared<SearchCache>();
  return Open([location, options]() { return OpenStore(location, options); }, readers);
}

StorePool::~StorePool() = default;

std::unique_ptr<Store> StorePool::Lease() {
  Store* reader = Acquire();
  return std::make_unique<PooledStore>(shared_from_this(), reader);
}

Store* StorePool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  available_.wait(lock, [&] { return !free_.empty(); });
  Store* s = free_.back();
  free_.pop_back();
  return s;
}

void StorePool::Release(Store* reader) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(reader);
  }
  available_.notify_one();
}

}  // namespace ah::store
