// The daily run does what the researcher said (issue 11): rated and seeded
// papers are never recommended back, updated papers only when asked and
// never shown before, the default day is the radar's sources' latest, and a
// relevance floor leaves the weak matches out unless asked.
#include <gtest/gtest.h>

#include <algorithm>

#include "service/radar_service.h"
#include "service/radars.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

const std::vector<std::vector<std::string>> kMoreTopics = {
    {"robot", "grasp", "gripper", "torque", "actuator", "legged", "kinematics", "motion", "arm",
     "locomotion"},
    {"market", "auction", "bidder", "payoff", "welfare", "revenue", "price", "mechanism", "utility",
     "equilibrium"},
    {"compiler", "lambda", "parser", "bytecode", "register", "syntax", "semantics", "type",
     "optimizer", "program"},
    {"galaxy", "telescope", "redshift", "halo", "nebula", "planet", "orbit", "supernova", "star",
     "cosmic"},
    {"cipher", "encryption", "adversary", "signature", "protocol", "hash", "privacy", "secure",
     "attack", "key"},
    {"protein", "folding", "residue", "enzyme", "amino", "binding", "sequence", "chain", "dynamics",
     "structure"}};

class RadarRunTest : public ::testing::Test {
 protected:
  // `topics` x `per_topic` older papers; the days' papers on graphs and oceans.
  void Open(int per_topic, size_t calibration_min_library) {
    auto s = store::sqlite::SqliteStore::Open((dir_ / "lib.db").string());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
    std::vector<Paper> page;
    for (int i = 0; i < per_topic; ++i) {
      page.push_back(TopicPaper("2401.1" + Pad(i), kGraphWords, i, "2024-01-02", "cs.LG"));
      page.push_back(TopicPaper("2401.2" + Pad(i), kOceanWords, i, "2024-01-02", "physics.ao-ph"));
      for (size_t t = 0; t < kMoreTopics.size(); ++t)
        page.push_back(TopicPaper("2401." + std::to_string(3 + t) + Pad(i), kMoreTopics[t], i,
                                  "2024-01-02", "cs.XX", "api"));
    }
    for (int i = 0; i < 5; ++i) {
      page.push_back(TopicPaper("2406.1" + Pad(i), kGraphWords, 50 + i, "2024-06-03", "cs.LG"));
      page.push_back(TopicPaper("2406.2" + Pad(i), kOceanWords, 50 + i, "2024-06-03", "physics.ao-ph"));
    }
    ASSERT_TRUE(store_->UpsertPage(page, std::nullopt));
    options_.calibration_min_library = calibration_min_library;
    Reindex();
  }

  void Reindex() {
    auto lib = LibraryIndex::Load(*store_, options_);
    ASSERT_TRUE(lib) << lib.error().ToString();
    lib_ = std::move(*lib);
  }

  store::RadarDefinition Create(store::RadarDefinition r) {
    auto id = store_->CreateRadar(r);
    EXPECT_TRUE(id) << id.error().ToString();
    r.id = id ? *id : 0;
    return r;
  }

  store::RadarDefinition Reload(int64_t id) {
    auto r = store_->GetRadarById("local", id);
    EXPECT_TRUE(r && *r);
    return r && *r ? **r : store::RadarDefinition{};
  }

  RunReport MustRun(const store::RadarDefinition& r, RunOptions o) {
    auto rep = RunRadar(*store_, *store_, *lib_, r, o);
    EXPECT_TRUE(rep) << rep.error().ToString();
    return rep ? *rep : RunReport{};
  }

  static RunOptions Day(const std::string& d, size_t limit = 20) {
    RunOptions o;
    o.date = d;
    o.limit = limit;
    o.record_shown = false;
    return o;
  }

  static std::vector<std::string> Keys(const RunReport& rep) {
    std::vector<std::string> k;
    for (const auto& p : rep.papers) k.push_back(p.view.paper.key);
    return k;
  }

  static store::RadarDefinition Graphs() {
    store::RadarDefinition r;
    r.name = "graphs";
    r.description = "graph neural networks and message passing on molecules";
    return r;
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<LibraryIndex> lib_;
  radar::RadarIndexOptions options_;
};

TEST_F(RadarRunTest, RatedAndSeededPapersAreNeverRecommendedBack) {
  Open(40, 1000000);
  store::RadarDefinition r = Graphs();
  r.seeds = {"2406.10000"};
  r = Create(r);
  for (const auto& [paper, action] :
       std::vector<std::pair<std::string, std::string>>{{"2406.10001", "like"},
                                                        {"2406.10002", "save"},
                                                        {"2406.10003", "dislike"},
                                                        {"2406.10004", "hide"}})
    ASSERT_TRUE(store_->AddFeedback("local", r.id, {paper, action, 100}));
  RunOptions o = Day("2024-06-03", 0);
  o.include_shown = true;
  o.below_floor = true;
  RunReport rep = MustRun(Reload(r.id), o);
  EXPECT_EQ(rep.candidates, 10u);
  EXPECT_EQ(rep.hidden, 1u);
  EXPECT_EQ(rep.rated, 4u) << "the seed, the liked, the saved and the disliked paper";
  for (const auto& k : Keys(rep)) EXPECT_NE(k.rfind("2406.1", 0), 0u) << k;
  EXPECT_EQ(rep.papers.size(), 5u);
  // Their reasons name the saved paper as saved, the liked one as liked.
  for (const auto& p : rep.papers)
    for (const auto& w : p.why)
      if (w.kind == radar::Reason::Kind::kSimilar && w.args[1] == "2406.10002") {
        EXPECT_EQ(w.args[0], "saved");
      }
}

TEST_F(RadarRunTest, UpdatedPapersOnlyWhenAskedAndOnlyThoseNeverShown) {
  Open(40, 1000000);
  store::RadarDefinition plain = Create(Graphs());
  store::RadarDefinition r = Graphs();
  r.name = "graphs and updates";
  r.include_updates = true;
  r = Create(r);
  // Day 1: the radar shows two papers.
  RunOptions day1 = Day("2024-06-03", 2);
  day1.record_shown = true;
  RunReport first = MustRun(r, day1);
  ASSERT_EQ(first.papers.size(), 2u);
  const std::string shown = first.papers[0].view.paper.key;
  std::string unseen;
  for (int i = 0; i < 5; ++i) {
    const std::string k = "2406.1" + Pad(i);
    if (k != first.papers[0].view.paper.key && k != first.papers[1].view.paper.key) unseen = k;
  }
  // Day 2: v2 of a shown paper and of a paper never shown, and one new paper.
  std::vector<Paper> page;
  for (const std::string& key : {shown, unseen}) {
    auto got = store_->Get(key);
    ASSERT_TRUE(got && *got);
    Paper v2 = (*got)->paper;
    v2.listings = {{"arxiv", "2024-06-05", "replace", "cs.LG"}};
    v2.versions = {{1, "2024-06-03"}, {2, "2024-06-05"}};
    page.push_back(v2);
  }
  page.push_back(TopicPaper("2406.5000", kGraphWords, 99, "2024-06-05", "cs.LG"));
  ASSERT_TRUE(store_->UpsertPage(page, std::nullopt));
  Reindex();

  RunReport without = MustRun(plain, Day("2024-06-05"));
  EXPECT_EQ(without.candidates, 1u) << "a replacement is not new by default";
  EXPECT_EQ(without.updates, 0u);

  RunReport with = MustRun(Reload(r.id), Day("2024-06-05"));
  EXPECT_EQ(with.candidates, 3u);
  EXPECT_EQ(with.updates, 2u);
  EXPECT_EQ(with.already_shown, 1u) << "the update of a paper this radar showed";
  ASSERT_EQ(with.papers.size(), 2u);
  for (const auto& p : with.papers) {
    EXPECT_NE(p.view.paper.key, shown);
    if (p.view.paper.key == unseen) {
      EXPECT_EQ(p.announce_type, "replace");
      EXPECT_EQ(p.version, 2);
      EXPECT_EQ(AnnounceOf(p), "updated v2");
    } else {
      EXPECT_EQ(p.view.paper.key, "2406.5000");
      EXPECT_EQ(AnnounceOf(p), "new");
    }
  }
  // The JSON says so.
  auto j = RankedPapersToJson(with.papers);
  bool updated = false;
  for (const auto& p : j) updated |= p["announce"] == "updated v2";
  EXPECT_TRUE(updated) << j.dump();
}

TEST_F(RadarRunTest, TheDefaultDayIsTheLatestOfTheRadarsSources) {
  Open(40, 1000000);
  // bioRxiv announced on 2024-06-01; arXiv's latest is 2024-06-03.
  ASSERT_TRUE(store_->UpsertPage(
      {TopicPaper("10.1101/2024.06.01.000001", kOceanWords, 7, "2024-06-01", "ecology", "new",
                  "biorxiv")},
      std::nullopt));
  Reindex();
  store::RadarDefinition any = Create(Graphs());
  EXPECT_EQ(MustRun(any, RunOptions{}).date_to, "2024-06-03");
  store::RadarDefinition bio = Graphs();
  bio.name = "bio";
  bio.include_sources = {"biorxiv"};
  EXPECT_EQ(MustRun(Create(bio), RunOptions{}).date_to, "2024-06-01");
  store::RadarDefinition both = Graphs();
  both.name = "both";
  both.include_sources = {"biorxiv", "arxiv"};
  EXPECT_EQ(MustRun(Create(both), RunOptions{}).date_to, "2024-06-03");
  store::RadarDefinition not_arxiv = Graphs();
  not_arxiv.name = "not arxiv";
  not_arxiv.exclude_sources = {"arxiv"};
  RunReport rep = MustRun(Create(not_arxiv), RunOptions{});
  EXPECT_EQ(rep.date_to, "2024-06-01");
  EXPECT_EQ(rep.candidates, 1u);
  store::RadarDefinition none = Graphs();
  none.name = "none";
  none.include_sources = {"medrxiv"};
  auto missing = RunRadar(*store_, *store_, *lib_, Create(none), RunOptions{});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Code::kNotFound);
}

TEST_F(RadarRunTest, TheFloorLeavesWeakMatchesOutUnlessAsked) {
  Open(40, 100);  // 320 library papers: the floor is calibrated
  auto r = Create(Graphs());
  RunReport rep = MustRun(r, Day("2024-06-03"));
  EXPECT_TRUE(rep.floor);
  EXPECT_EQ(rep.candidates, 10u);
  EXPECT_EQ(rep.papers.size(), 5u) << "the graph papers; the ocean papers are below the floor";
  EXPECT_EQ(rep.below_floor, 5u);
  for (const auto& p : rep.papers) {
    EXPECT_EQ(p.view.paper.key.rfind("2406.1", 0), 0u) << p.view.paper.key;
    EXPECT_TRUE(p.strong);
  }
  RunOptions all = Day("2024-06-03");
  all.below_floor = true;
  RunReport every = MustRun(r, all);
  ASSERT_EQ(every.papers.size(), 10u);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(every.papers[i].strong, i < 5) << i;

  // A topic the day has nothing on: nothing is shown, and the report says why.
  store::RadarDefinition robots;
  robots.name = "robots";
  robots.description = "legged robot locomotion and grasping with a gripper";
  RunReport none = MustRun(Create(robots), Day("2024-06-03"));
  EXPECT_TRUE(none.papers.empty());
  EXPECT_EQ(none.below_floor, 10u);
}

}  // namespace
}  // namespace ah::service
