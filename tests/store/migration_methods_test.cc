// Conformance of the store methods a migration (service/migrate.h) uses to
// enumerate and import a library: Store::ImportPapers on every backend (the
// rules layer implements it once), the harvest lists (ListCursors,
// ListValidators, ListFetchLog) where a backend keeps them, UserStore::
// ListSettings, DeliveryStore::ListDeliveries / ImportDelivery, JobStore::
// ImportJob on SQLite and PostgreSQL, and the RadarStore's ListAllRadars /
// ImportRadar / ImportBriefing / ForEachCacheEntry on the backends keeping radars.
#include "core/paper_json.h"
#include "pg_test_db.h"
#include "store/open.h"
#include "store/pg/pg_delivery.h"
#include "store/pg/pg_users.h"
#include "store_fixture.h"

namespace ah::store::testing {
namespace {

// Papers as another library stored them: a key that is not the one
// CanonicalKey would give today (the paper was first stored by its DOI, and
// learnt its arXiv id later), and a preprint linked to its journal version.
std::vector<Paper> StoredPapers() {
  Paper a = ArxivPaper("2401.00001", "Graph neural networks for molecules");
  a.ids.doi = "10.1000/first-by-doi";
  a.key = "doi:10.1000/first-by-doi";
  Paper journal = JournalPaper("10.1000/j.7", "A journal paper about sparse attention heads");
  journal.key = "doi:10.1000/j.7";
  Paper pre = ArxivPaper("2402.00002", "A journal paper about sparse attention heads", 2);
  pre.key = "2402.00002";
  pre.published_doi = "10.1000/j.7";
  return {a, pre, journal};
}

class ImportPapersTest : public StoreTest {};

TEST_P(ImportPapersTest, PapersKeepTheirKeysIdsFieldsLinksAndOrder) {
  const auto papers = StoredPapers();
  ASSERT_TRUE(store().ImportPapers(papers));
  EXPECT_EQ(MustGet("2401.00001").paper.key, "doi:10.1000/first-by-doi");
  EXPECT_EQ(MustGet("doi:10.1000/first-by-doi").paper.ids.arxiv, "2401.00001");
  const PaperView pre = MustGet("2402.00002");
  EXPECT_EQ(pre.published_version_key, "doi:10.1000/j.7");
  EXPECT_EQ(MustGet("10.1000/j.7").preprint_key, "2402.00002");
  std::vector<std::string> order;
  ASSERT_TRUE(store().ForEachPaper([&](const Paper& p) {
    order.push_back(p.key);
    // Every field as given.
    for (const auto& want : papers)
      if (want.key == p.key) {
        EXPECT_EQ(PaperToJson(p), PaperToJson(want)) << p.key;
      }
    return Ok();
  }));
  EXPECT_EQ(order, (std::vector<std::string>{"doi:10.1000/first-by-doi", "2402.00002",
                                             "doi:10.1000/j.7"}));
  EXPECT_EQ(MustStats().papers, 3);
}

TEST_P(ImportPapersTest, ATakenIdRefusesTheWholeBatch) {
  Upsert({JournalPaper("10.1000/j.7", "Already here")});
  auto st = store().ImportPapers(StoredPapers());
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::kAlreadyExists);
  EXPECT_NE(st.error().message.find("10.1000/j.7"), std::string::npos) << st.error().message;
  EXPECT_FALSE(Has("2401.00001"));  // nothing of the batch was stored
  EXPECT_EQ(MustStats().papers, 1);
  Paper keyless = ArxivPaper("2403.00003", "No key");
  auto bad = store().ImportPapers({keyless});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
}

TEST_P(ImportPapersTest, HarvestStateIsListed) {
  auto probe = store().ListCursors();
  if (!probe && probe.error().code == Code::kInternal)
    GTEST_SKIP() << GetParam().name << " keeps no list of harvest positions";
  ASSERT_TRUE(probe) << probe.error().ToString();
  EXPECT_TRUE(probe->empty());
  ASSERT_TRUE(store().SetCursor({"oai:b", "tok-2"}));
  ASSERT_TRUE(store().SetCursor({"oai:a", "tok-1"}));
  ASSERT_TRUE(store().SetValidators("https://x.org/b.rss", {"\"e2\"", ""}));
  ASSERT_TRUE(store().SetValidators("https://x.org/a.rss", {"", "Mon, 01 Jun 2026"}));
  FetchLogEntry e1{"arxiv", "https://x.org/a.rss", 100, 101, 200, 3, 1, 0, 0, ""};
  FetchLogEntry e2{"arxiv", "https://x.org/b.rss", 200, 202, 503, 0, 0, 0, 0, "unavailable"};
  ASSERT_TRUE(store().LogFetch(e1));
  ASSERT_TRUE(store().LogFetch(e2));
  auto cursors = store().ListCursors();
  ASSERT_TRUE(cursors);
  ASSERT_EQ(cursors->size(), 2u);
  EXPECT_EQ((*cursors)[0].source, "oai:a");
  EXPECT_EQ((*cursors)[0].cursor, "tok-1");
  auto validators = store().ListValidators();
  ASSERT_TRUE(validators);
  ASSERT_EQ(validators->size(), 2u);
  EXPECT_EQ((*validators)[0].first, "https://x.org/a.rss");
  EXPECT_EQ((*validators)[0].second.last_modified, "Mon, 01 Jun 2026");
  EXPECT_EQ((*validators)[1].second.etag, "\"e2\"");
  auto log = store().ListFetchLog();
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].url, e1.url);  // oldest first
  EXPECT_EQ((*log)[1].http_status, 503);
  EXPECT_EQ((*log)[1].error, "unavailable");
  EXPECT_EQ((*log)[1].finished_unix, 202);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportPapersTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

// Users' settings, delivery records and jobs: on a SQLite file and on PostgreSQL.
class ImportRecordsTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    AH_OPEN_TEST_LOCATION(location_, GetParam(), dir_.path());
    const std::string& loc = location_->location();
    if (GetParam() == BackendKind::kPostgres) {
      auto u = pg::PgUserStore::Open(loc);
      ASSERT_TRUE(u) << u.error().ToString();
      own_users_ = std::move(*u);
      users_ = own_users_.get();
      auto d = pg::PgDeliveryStore::Open(loc);
      ASSERT_TRUE(d) << d.error().ToString();
      own_deliveries_ = std::move(*d);
      deliveries_ = own_deliveries_.get();
    } else {
      auto s = OpenStore(loc);
      ASSERT_TRUE(s) << s.error().ToString();
      store_ = std::move(*s);
      users_ = store_->user_store();
      deliveries_ = store_->delivery_store();
    }
    auto j = OpenJobStore(loc, true);
    ASSERT_TRUE(j) << j.error().ToString();
    jobs_ = std::move(*j);
  }
  ah::testing::TempDir dir_;
  std::unique_ptr<TestLocation> location_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<UserStore> own_users_;
  std::unique_ptr<DeliveryStore> own_deliveries_;
  std::unique_ptr<JobStore> jobs_;
  UserStore* users_ = nullptr;
  DeliveryStore* deliveries_ = nullptr;
};

TEST_P(ImportRecordsTest, SettingsAreListedByKey) {
  auto none = users_->ListSettings();
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_TRUE(none->empty());
  ASSERT_TRUE(users_->PutSetting("registration", "closed"));
  ASSERT_TRUE(users_->PutSetting("motd", "hello"));
  auto all = users_->ListSettings();
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, (std::vector<std::pair<std::string, std::string>>{{"motd", "hello"},
                                                                    {"registration", "closed"}}));
}

TEST_P(ImportRecordsTest, DeliveryRecordsImportAsGivenAndList) {
  DeliveryRecord r;
  r.key = "digest:alice:2026-06-30";
  r.owner = "alice";
  r.channel = "email";
  r.state = "sent";
  r.attempts = 2;
  r.last_error = "";
  r.detail = "alice@example.org";
  r.message_id = "<digest.alice@example.org>";
  r.created_unix = 1000;
  r.updated_unix = 1100;
  ASSERT_TRUE(deliveries_->ImportDelivery(r));
  DeliveryRecord f = r;
  f.key = "webhook:alice:h1:2026-06-30";
  f.channel = "webhook";
  f.state = "sending";
  f.lease_owner = "host:7";
  f.lease_expires_unix = 5000;
  ASSERT_TRUE(deliveries_->ImportDelivery(f));
  auto again = deliveries_->ImportDelivery(r);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Code::kAlreadyExists);
  DeliveryRecord bad = r;
  bad.key = "x";
  bad.state = "maybe";
  EXPECT_EQ(deliveries_->ImportDelivery(bad).error().code, Code::kInvalidArgument);
  auto all = deliveries_->ListDeliveries();
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].key, r.key);
  EXPECT_EQ((*all)[0].attempts, 2);
  EXPECT_EQ((*all)[0].message_id, r.message_id);
  EXPECT_EQ((*all)[0].updated_unix, 1100);
  EXPECT_EQ((*all)[1].lease_owner, "host:7");
  EXPECT_EQ((*all)[1].lease_expires_unix, 5000);
  // A sent record stays sent: the exactly-once state moved with it.
  DeliveryRecord attempt = r;
  attempt.lease_owner = "host:8";
  attempt.lease_expires_unix = 9000;
  auto begun = deliveries_->BeginDelivery(attempt, 2000);
  ASSERT_TRUE(begun);
  EXPECT_FALSE(*begun);
}

TEST_P(ImportRecordsTest, JobsImportWithTheirState) {
  Job done;
  done.kind = "fetch";
  done.key = "fetch:arxiv:2026-06-01";
  done.due_unix = 100;
  done.attempts = 2;
  done.max_attempts = 4;
  done.last_error = "first try failed";
  done.state = JobState::kDone;
  done.created_unix = 90;
  done.started_unix = 110;
  done.finished_unix = 120;
  ASSERT_TRUE(jobs_->ImportJob(done));
  Job pending;
  pending.kind = "radar";
  pending.key = "radar:alice:1:2026-06-02";
  pending.payload = "{\"radar\":1}";
  pending.due_unix = 200;
  pending.created_unix = 150;
  ASSERT_TRUE(jobs_->ImportJob(pending));
  auto again = jobs_->ImportJob(done);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Code::kAlreadyExists);
  auto got = jobs_->GetJob(done.key);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->state, JobState::kDone);
  EXPECT_EQ((*got)->attempts, 2);
  EXPECT_EQ((*got)->max_attempts, 4);
  EXPECT_EQ((*got)->last_error, "first try failed");
  EXPECT_EQ((*got)->finished_unix, 120);
  EXPECT_EQ((*got)->created_unix, 90);
  JobFilter all;
  all.limit = 0;
  auto listed = jobs_->ListJobs(all);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 2u);
  // The imported pending job is claimed like any other; the done one never again.
  auto claimed = jobs_->Claim("w", {}, 1000, 60);
  ASSERT_TRUE(claimed && *claimed);
  EXPECT_EQ((*claimed)->key, pending.key);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportRecordsTest,
                         ::testing::Values(BackendKind::kSqlite, BackendKind::kPostgres), KindName);

// Radars, briefings and the answer cache, on the backends that keep radars.
class ImportRadarsTest : public StoreTest {
 protected:
  RadarStore& radars() { return *store().radar_store(); }
};

TEST_P(ImportRadarsTest, RadarsKeepIdsTimesAndFeedbackAndListAcrossOwners) {
  RadarDefinition r;
  r.id = 7;
  r.owner = "alice";
  r.name = "gnn";
  r.query = "graph neural";
  r.seeds = {"2401.00001"};
  r.is_public = true;
  r.include_updates = true;
  r.created_unix = 111;
  r.updated_unix = 222;
  r.feedback = {{"2401.00001", "like", 300}, {"2401.00001", "hide", 301}};
  ASSERT_TRUE(radars().ImportRadar(r));
  RadarDefinition b = r;
  b.id = 3;
  b.owner = "bob";
  b.feedback.clear();
  ASSERT_TRUE(radars().ImportRadar(b));
  RadarDefinition clash = r;
  clash.name = "other";
  EXPECT_EQ(radars().ImportRadar(clash).error().code, Code::kAlreadyExists);  // id 7 taken
  RadarDefinition same_name = r;
  same_name.id = 9;
  EXPECT_EQ(radars().ImportRadar(same_name).error().code, Code::kAlreadyExists);
  RadarDefinition bad = r;
  bad.id = 10;
  bad.name = "bad";
  bad.feedback = {{"x", "adore", 1}};
  EXPECT_EQ(radars().ImportRadar(bad).error().code, Code::kInvalidArgument);

  auto all = radars().ListAllRadars();
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, 3);
  EXPECT_EQ((*all)[0].owner, "bob");
  EXPECT_EQ((*all)[1].id, 7);
  auto got = radars().GetRadarById("alice", 7);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->created_unix, 111);
  EXPECT_EQ((*got)->updated_unix, 222);
  EXPECT_TRUE((*got)->is_public);
  EXPECT_TRUE((*got)->include_updates);
  ASSERT_EQ((*got)->feedback.size(), 2u);
  EXPECT_EQ((*got)->feedback[1].action, "hide");
  EXPECT_EQ((*got)->feedback[1].at_unix, 301);
  // A radar created afterwards gets a fresh id.
  RadarDefinition fresh;
  fresh.owner = "alice";
  fresh.name = "new";
  auto id = radars().CreateRadar(fresh);
  ASSERT_TRUE(id);
  EXPECT_GT(*id, 7);

  StoredBriefing br;
  br.id = 42;
  br.radar_id = 7;
  br.date_from = br.date_to = "2026-06-01";
  br.lang = "en";
  br.mode = "extractive";
  br.json = "{\"title\":\"x\"}";
  br.created_unix = 400;
  ASSERT_TRUE(radars().ImportBriefing(br));
  EXPECT_EQ(radars().ImportBriefing(br).error().code, Code::kAlreadyExists);
  StoredBriefing orphan = br;
  orphan.id = 43;
  orphan.radar_id = 99;
  EXPECT_EQ(radars().ImportBriefing(orphan).error().code, Code::kNotFound);
  auto gb = radars().GetBriefing("alice", 42);
  ASSERT_TRUE(gb && *gb);
  EXPECT_EQ((*gb)->json, br.json);
  EXPECT_EQ((*gb)->created_unix, 400);
}

TEST_P(ImportRadarsTest, CacheEntriesAreListedWithTheirKind) {
  ASSERT_TRUE(radars().CachePut("tldr:b", "short"));
  const std::vector<float> v = {0.5f, -1.25f};
  ASSERT_TRUE(radars().CachePutVector("emb:a", v));
  std::vector<RadarStore::CacheEntry> seen;
  ASSERT_TRUE(radars().ForEachCacheEntry([&](const RadarStore::CacheEntry& e) {
    seen.push_back(e);
    return Ok();
  }));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].key, "emb:a");
  EXPECT_TRUE(seen[0].is_vector);
  EXPECT_EQ(seen[0].vector, v);
  EXPECT_EQ(seen[1].key, "tldr:b");
  EXPECT_FALSE(seen[1].is_vector);
  EXPECT_EQ(seen[1].value, "short");
  // fn's error stops the walk and comes back.
  int calls = 0;
  auto st = radars().ForEachCacheEntry([&](const RadarStore::CacheEntry&) -> Status {
    ++calls;
    return MakeError(Code::kCancelled, "stop");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::kCancelled);
  EXPECT_EQ(calls, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportRadarsTest, ::testing::ValuesIn(BackendsWith(kRadarStore)),
                         BackendName);

}  // namespace
}  // namespace ah::store::testing
