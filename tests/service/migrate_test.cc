// Moving a whole library (service/migrate.h), SQLite to SQLite: every kind
// arrives (papers with their keys, a radar with feedback and shown papers, a
// briefing, a user with an API token, settings, a feed token, a delivery
// record, a job, the answer cache, the harvest state) and the comparison says
// so; a target holding anything is refused before a write, naming what it
// holds; a target that cannot keep radars is refused; a difference is caught
// by count or by checksum.
#include "service/migrate.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

constexpr int64_t kNow = 1782806400;  // 2026-06-30T08:00:00Z

bool Has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

MigrationLibrary Open(const std::filesystem::path& file, bool create = true) {
  auto lib = OpenMigrationLibrary(file.string(), create);
  EXPECT_TRUE(lib) << lib.error().ToString();
  return lib ? std::move(*lib) : MigrationLibrary{};
}

const KindCheck* Find(const MigrateReport& r, const std::string& kind) {
  for (const auto& c : r.checks)
    if (c.kind == kind) return &c;
  return nullptr;
}

// A library with one of everything a migration moves.
void Fill(MigrationLibrary& lib) {
  std::vector<Paper> papers;
  for (int i = 0; i < 12; ++i) {
    papers.push_back(TopicPaper("2606.0" + std::to_string(1000 + i),
                                i % 2 ? kGraphWords : kOceanWords, i,
                                "2026-06-2" + std::to_string(i % 3), "cs.LG"));
  }
  // First stored by its DOI, its arXiv id learnt later: key "doi:...", kept as such.
  Paper by_doi;
  by_doi.ids.doi = "10.1000/first";
  by_doi.title = "A paper first seen as a journal article about ocean salinity";
  by_doi.authors = {{"Ana Souza", {"USP"}, ""}};
  by_doi.listings = {{"crossref", "2026-06-20", "published", ""}};
  papers.push_back(by_doi);
  auto up = lib.store->UpsertPage(papers, store::CursorUpdate{"oai:arxiv", "token-7"});
  ASSERT_TRUE(up) << up.error().ToString();
  Paper later = TopicPaper("2606.09999", kOceanWords, 99, "2026-06-22", "physics.ao-ph");
  later.ids.doi = "10.1000/first";
  ASSERT_TRUE(lib.store->UpsertPage({later}, std::nullopt));
  ASSERT_TRUE(lib.store->SetValidators("https://rss.arxiv.org/rss/cs.LG", {"\"abc\"", ""}));
  ASSERT_TRUE(lib.store->LogFetch(
      {"arxiv", "https://rss.arxiv.org/rss/cs.LG", kNow, kNow + 2, 200, 12, 0, 0, 0, ""}));

  store::User alice;
  alice.name = "alice";
  alice.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$fakesalt$fakehash";
  alice.lang = "zh";
  alice.settings_json =
      R"({"webhooks":[{"id":"h1","radar":1,"kind":"json","url":"https://x.org/h"}]})";
  alice.created_unix = kNow - 100;
  ASSERT_TRUE(lib.users->CreateUser(alice));
  store::ApiToken token;
  token.user = "alice";
  token.label = "script";
  token.token_hash = "digest-of-token";
  token.created_unix = kNow - 50;
  ASSERT_TRUE(lib.users->CreateApiToken(token));
  ASSERT_TRUE(lib.users->UseApiToken("digest-of-token", kNow - 10));
  ASSERT_TRUE(lib.users->PutSetting("registration", "closed"));
  // Sessions are not moved (migrate.h).
  ASSERT_TRUE(lib.users->CreateSession({"session-digest", "alice", "csrf", kNow, kNow + 3600}));

  store::RadarDefinition r;
  r.owner = "alice";
  r.name = "ocean";
  r.query = "ocean salinity";
  r.seeds = {"2606.01000", "doi:10.1000/first"};
  r.created_unix = kNow - 40;
  auto id = lib.radars->CreateRadar(r);
  ASSERT_TRUE(id);
  ASSERT_TRUE(lib.radars->AddFeedback("alice", *id, {"2606.01002", "like", kNow - 30}));
  ASSERT_TRUE(lib.radars->AddFeedback("alice", *id, {"2606.01004", "hide", kNow - 29}));
  ASSERT_TRUE(lib.radars->MarkShown("alice", *id, {{"2606.01002", "2026-06-21", kNow - 20}}));
  store::StoredBriefing b;
  b.radar_id = *id;
  b.date_from = "2026-06-20";
  b.date_to = "2026-06-22";
  b.lang = "en";
  b.mode = "extractive";
  b.json = R"({"sections":[]})";
  b.created_unix = kNow - 5;
  ASSERT_TRUE(lib.radars->SaveBriefing("alice", b));
  ASSERT_TRUE(lib.radars->CachePut("tldr:2606.01000", "short summary"));
  ASSERT_TRUE(lib.radars->CachePutVector("emb:2606.01000", std::vector<float>{0.25f, -2.0f}));
  ASSERT_TRUE(lib.deliveries->SetFeedToken({"feed-token-xyz", "alice", *id, kNow - 3}));

  store::DeliveryRecord d;
  d.key = "digest:alice:2026-06-30";
  d.owner = "alice";
  d.channel = "email";
  d.lease_owner = "host:1";
  d.lease_expires_unix = kNow + 600;
  d.message_id = "<digest.alice@example.org>";
  auto begun = lib.deliveries->BeginDelivery(d, kNow);
  ASSERT_TRUE(begun && *begun);
  ASSERT_TRUE(lib.deliveries->FinishDelivery(d.key, "sent", "", "alice@example.org", kNow + 1));

  store::Job job;
  job.kind = "radar";
  job.key = "radar:alice:1:2026-06-30";
  job.due_unix = kNow + 60;
  ASSERT_TRUE(lib.jobs->Enqueue(job, kNow));
  store::Job done = job;
  done.key = "fetch:arxiv:2026-06-30";
  done.kind = "fetch";
  ASSERT_TRUE(lib.jobs->Enqueue(done, kNow));
  auto claimed = lib.jobs->Claim("w1", {"fetch"}, kNow + 61, 60);
  ASSERT_TRUE(claimed && *claimed);
  ASSERT_TRUE(lib.jobs->Complete((*claimed)->id, "w1", kNow + 62));
}

TEST(Migrate, EveryKindArrivesAndTheComparisonSaysSo) {
  ah::testing::TempDir dir;
  MigrationLibrary from = Open(dir / "from.db");
  ASSERT_NO_FATAL_FAILURE(Fill(from));
  MigrationLibrary to = Open(dir / "to.db");
  std::vector<std::string> progress;
  MigrateOptions o;
  o.paper_batch = 5;  // several transactions
  o.progress = [&](std::string_view line) { progress.emplace_back(line); };
  auto report = Migrate(from, to, o);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_TRUE(report->ok());
  ASSERT_EQ(report->checks.size(), MigrationKinds().size());
  for (const auto& c : report->checks) {
    EXPECT_TRUE(c.matches()) << c.kind;
    EXPECT_GT(c.source_count, 0) << c.kind << ": the test library has none";
    EXPECT_EQ(c.source_checksum.size(), 64u);
  }
  EXPECT_EQ(Find(*report, "papers")->target_count, 13);
  EXPECT_EQ(Find(*report, "feedback")->target_count, 2);
  EXPECT_EQ(Find(*report, "jobs")->target_count, 2);
  EXPECT_TRUE(std::find(progress.begin(), progress.end(), "papers: 13") != progress.end());

  // Reopened, the copy answers as the source does.
  to = MigrationLibrary{};
  MigrationLibrary copy = Open(dir / "to.db", false);
  auto p = copy.store->Get("2606.09999");
  ASSERT_TRUE(p && *p);
  EXPECT_EQ((*p)->paper.key, "doi:10.1000/first");  // the key, not today's CanonicalKey
  auto radar = copy.radars->GetRadar("alice", "ocean");
  ASSERT_TRUE(radar && *radar);
  EXPECT_EQ((*radar)->seeds, (std::vector<std::string>{"2606.01000", "doi:10.1000/first"}));
  ASSERT_EQ((*radar)->feedback.size(), 2u);
  EXPECT_EQ((*radar)->feedback[1].action, "hide");
  auto brief = copy.radars->FindBriefing("alice", (*radar)->id, "2026-06-20", "2026-06-22", "en");
  ASSERT_TRUE(brief && *brief);
  EXPECT_EQ((*brief)->json, R"({"sections":[]})");
  auto token = copy.deliveries->FindFeedToken("feed-token-xyz");
  ASSERT_TRUE(token && *token);
  EXPECT_EQ((*token)->radar_id, (*radar)->id);
  auto user = copy.users->GetUser("alice");
  ASSERT_TRUE(user && *user);
  EXPECT_EQ((*user)->password_hash, "$argon2id$v=19$m=65536,t=2,p=1$fakesalt$fakehash");
  auto api = copy.users->UseApiToken("digest-of-token", kNow);
  ASSERT_TRUE(api && *api);
  EXPECT_EQ((*api)->user, "alice");
  auto session = copy.users->GetSession("session-digest", kNow);
  ASSERT_TRUE(session);
  EXPECT_FALSE(*session);  // sessions are not moved: sign in again
  auto sent = copy.deliveries->GetDelivery("digest:alice:2026-06-30");
  ASSERT_TRUE(sent && *sent);
  EXPECT_EQ((*sent)->state, "sent");
  auto job = copy.jobs->GetJob("fetch:arxiv:2026-06-30");
  ASSERT_TRUE(job && *job);
  EXPECT_EQ((*job)->state, store::JobState::kDone);
  auto vec = copy.radars->CacheGetVector("emb:2606.01000");
  ASSERT_TRUE(vec && *vec);
  EXPECT_EQ(**vec, (std::vector<float>{0.25f, -2.0f}));
  auto cursor = copy.store->GetCursor("oai:arxiv");
  ASSERT_TRUE(cursor && *cursor);
  EXPECT_EQ(**cursor, "token-7");
}

TEST(Migrate, ANonEmptyTargetIsRefusedNamingWhatItHolds) {
  ah::testing::TempDir dir;
  MigrationLibrary from = Open(dir / "from.db");
  ASSERT_NO_FATAL_FAILURE(Fill(from));
  MigrationLibrary to = Open(dir / "to.db");
  ASSERT_TRUE(to.store->UpsertPage(
      {TopicPaper("2601.00001", kGraphWords, 1, "2026-01-02", "cs.LG")}, std::nullopt));
  store::Job j;
  j.kind = "fetch";
  j.key = "fetch:x";
  ASSERT_TRUE(to.jobs->Enqueue(j, kNow));
  auto report = Migrate(from, to);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, Code::kAlreadyExists);
  const std::string& m = report.error().message;
  EXPECT_TRUE(Has(m, "not empty")) << m;
  EXPECT_TRUE(Has(m, "1 paper")) << m;
  EXPECT_TRUE(Has(m, "1 job")) << m;
  EXPECT_TRUE(Has(m, "delete the file")) << m;
  auto stats = to.store->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->papers, 1);  // nothing written

  // A finished migration's target is refused too: a rerun never doubles anything.
  MigrationLibrary fresh = Open(dir / "fresh.db");
  ASSERT_TRUE(Migrate(from, fresh));
  auto again = Migrate(from, fresh);
  ASSERT_FALSE(again);
  EXPECT_TRUE(Has(again.error().message, "13 papers")) << again.error().message;
  EXPECT_TRUE(Has(again.error().message, "1 radar")) << again.error().message;
}

TEST(Migrate, ATargetWithoutRadarsIsRefusedBeforeAnyWrite) {
  ah::testing::TempDir dir;
  MigrationLibrary from = Open(dir / "from.db");
  ASSERT_NO_FATAL_FAILURE(Fill(from));
  MigrationLibrary to = Open(dir / "to.db");
  to.radars = nullptr;  // as a backend that keeps no radars
  auto report = Migrate(from, to);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, Code::kInvalidArgument);
  EXPECT_TRUE(Has(report.error().message, "cannot keep radars")) << report.error().message;
  EXPECT_TRUE(Has(report.error().message, "1 radar")) << report.error().message;
  auto contents = LibraryContents(to);
  ASSERT_TRUE(contents);
  EXPECT_TRUE(contents->empty());
}

TEST(Migrate, ADifferenceIsFoundByCountOrByContent) {
  ah::testing::TempDir dir;
  MigrationLibrary from = Open(dir / "from.db");
  ASSERT_NO_FATAL_FAILURE(Fill(from));
  MigrationLibrary to = Open(dir / "to.db");
  ASSERT_TRUE(Migrate(from, to));

  // One more feedback in the copy: the count differs.
  auto radar = to.radars->GetRadar("alice", "ocean");
  ASSERT_TRUE(radar && *radar);
  ASSERT_TRUE(to.radars->AddFeedback("alice", (*radar)->id, {"2606.01003", "save", kNow}));
  // A changed password hash: same count, different content.
  auto u = to.users->GetUser("alice");
  ASSERT_TRUE(u && *u);
  store::User changed = **u;
  changed.password_hash = "$argon2id$other";
  ASSERT_TRUE(to.users->UpdateUser(changed));

  auto a = SummarizeLibrary(from);
  auto b = SummarizeLibrary(to);
  ASSERT_TRUE(a && b);
  std::vector<std::string> differ;
  for (const auto& c : CompareSummaries(*a, *b))
    if (!c.matches()) differ.push_back(c.kind);
  EXPECT_EQ(differ, (std::vector<std::string>{"users", "feedback"}));
  for (const auto& c : CompareSummaries(*a, *b)) {
    if (c.kind == "users") {
      EXPECT_EQ(c.source_count, c.target_count);
      EXPECT_NE(c.source_checksum, c.target_checksum);
    }
    if (c.kind == "feedback") {
      EXPECT_EQ(c.target_count, c.source_count + 1);
    }
  }
}

TEST(Migrate, LocationsAndTheSameLibrary) {
  EXPECT_EQ(*MigrationLocation("sqlite:/tmp/a.db"), "/tmp/a.db");
  EXPECT_EQ(*MigrationLocation("/tmp/a.db"), "/tmp/a.db");
  EXPECT_EQ(*MigrationLocation("postgresql://u@h/db"), "postgresql://u@h/db");
  EXPECT_FALSE(MigrationLocation("sqlite:"));
  ah::testing::TempDir dir;
  auto missing = OpenMigrationLibrary((dir / "none.db").string(), false);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Code::kNotFound);
  MigrationLibrary a = Open(dir / "a.db");
  MigrationLibrary b = Open(dir / "a.db");
  auto same = Migrate(a, b);
  ASSERT_FALSE(same);
  EXPECT_TRUE(Has(same.error().message, "same library")) << same.error().message;
}

}  // namespace
}  // namespace ah::service
