// RadarStore conformance: radars, feedback, shown papers, briefings, the answer
// cache. Runs against every backend.
#include <atomic>
#include <thread>

#include "store_fixture.h"

namespace ah::store::testing {
namespace {

class RadarStoreTest : public StoreTest {
 protected:
  RadarStore& radars() {
    RadarStore* rs = store().radar_store();
    EXPECT_NE(rs, nullptr);
    return *rs;
  }
  RadarDefinition Def(const std::string& name) {
    RadarDefinition r;
    r.name = name;
    r.description = "graph neural networks for molecules";
    r.query = "\"message passing\" OR GNN";
    r.include_categories = {"cs.LG", "q-bio.BM"};
    r.exclude_sources = {"crossref"};
    r.authors = {"Li, P.", "Yann LeCun"};
    r.seeds = {"2401.00001", "doi:10.1000/j.1"};
    return r;
  }
  int64_t MustCreate(const RadarDefinition& r) {
    auto id = radars().CreateRadar(r);
    EXPECT_TRUE(id) << id.error().ToString();
    return id ? *id : 0;
  }
  RadarDefinition MustGetRadar(const std::string& name) {
    auto r = radars().GetRadar("local", name);
    EXPECT_TRUE(r) << r.error().ToString();
    if (!r || !*r) {
      ADD_FAILURE() << "no radar " << name;
      return {};
    }
    return **r;
  }
};

TEST_P(RadarStoreTest, CreatedRadarReadsBackWithEveryField) {
  const int64_t id = MustCreate(Def("molecules"));
  EXPECT_GT(id, 0);
  RadarDefinition r = MustGetRadar("molecules");
  EXPECT_EQ(r.id, id);
  EXPECT_EQ(r.owner, "local");
  EXPECT_EQ(r.description, "graph neural networks for molecules");
  EXPECT_EQ(r.query, "\"message passing\" OR GNN");
  EXPECT_EQ(r.include_categories, (std::vector<std::string>{"cs.LG", "q-bio.BM"}));
  EXPECT_EQ(r.exclude_sources, std::vector<std::string>{"crossref"});
  EXPECT_EQ(r.authors, (std::vector<std::string>{"Li, P.", "Yann LeCun"}));
  EXPECT_EQ(r.seeds, (std::vector<std::string>{"2401.00001", "doi:10.1000/j.1"}));
  EXPECT_GT(r.created_unix, 0);
  EXPECT_TRUE(r.feedback.empty());
}

TEST_P(RadarStoreTest, RadarNamesAreUniquePerOwner) {
  MustCreate(Def("molecules"));
  auto again = radars().CreateRadar(Def("molecules"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Code::kAlreadyExists);
  EXPECT_NE(again.error().message.find("molecules"), std::string::npos);
  RadarDefinition other = Def("molecules");
  other.owner = "ada";
  EXPECT_TRUE(radars().CreateRadar(other));
  auto mine = radars().ListRadars("local");
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->size(), 1u);
}

TEST_P(RadarStoreTest, ListIsByName) {
  MustCreate(Def("zeta"));
  MustCreate(Def("alpha"));
  auto list = radars().ListRadars("local");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "alpha");
  EXPECT_EQ((*list)[1].name, "zeta");
}

TEST_P(RadarStoreTest, UpdateReplacesDefinitionAndKeepsFeedback) {
  const int64_t id = MustCreate(Def("molecules"));
  ASSERT_TRUE(radars().AddFeedback("local", id, {"2401.00002", "like", 1000}));
  RadarDefinition r = MustGetRadar("molecules");
  r.name = "chemistry";
  r.seeds = {"2401.00003"};
  r.include_categories.clear();
  ASSERT_TRUE(radars().UpdateRadar("local", r));
  RadarDefinition back = MustGetRadar("chemistry");
  EXPECT_EQ(back.id, id);
  EXPECT_EQ(back.seeds, std::vector<std::string>{"2401.00003"});
  EXPECT_TRUE(back.include_categories.empty());
  ASSERT_EQ(back.feedback.size(), 1u);
  auto old = radars().GetRadar("local", "molecules");
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->has_value());
}

TEST_P(RadarStoreTest, RenamingOntoAnotherRadarIsRefused) {
  MustCreate(Def("a"));
  MustCreate(Def("b"));
  RadarDefinition a = MustGetRadar("a");
  a.name = "b";
  auto st = radars().UpdateRadar("local", a);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::kAlreadyExists);
  EXPECT_EQ(MustGetRadar("a").seeds.size(), 2u);
}

TEST_P(RadarStoreTest, FeedbackKeepsOrderAndTime) {
  const int64_t id = MustCreate(Def("molecules"));
  ASSERT_TRUE(radars().AddFeedback("local", id, {"2401.00002", "like", 1000}));
  ASSERT_TRUE(radars().AddFeedback("local", id, {"2401.00003", "hide", 2000}));
  ASSERT_TRUE(radars().AddFeedback("local", id, {"2401.00002", "dislike", 3000}));
  auto bad = radars().AddFeedback("local", id, {"2401.00002", "love", 4000});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  RadarDefinition r = MustGetRadar("molecules");
  ASSERT_EQ(r.feedback.size(), 3u);
  EXPECT_EQ(r.feedback[0].action, "like");
  EXPECT_EQ(r.feedback[0].at_unix, 1000);
  EXPECT_EQ(r.feedback[1].paper, "2401.00003");
  EXPECT_EQ(r.feedback[2].action, "dislike");
}

TEST_P(RadarStoreTest, ShownPapersKeepTheirFirstShowing) {
  const int64_t id = MustCreate(Def("molecules"));
  ASSERT_TRUE(radars().MarkShown("local", id, {{"2401.00001", "2024-06-01", 10}, {"2401.00002", "2024-06-01", 10}}));
  ASSERT_TRUE(radars().MarkShown("local", id, {{"2401.00001", "2024-06-03", 30}}));
  auto shown = radars().ShownPapers("local", id);
  ASSERT_TRUE(shown);
  ASSERT_EQ(shown->size(), 2u);
  for (const auto& s : *shown) EXPECT_EQ(s.date, "2024-06-01") << s.paper;
}

TEST_P(RadarStoreTest, DeleteRemovesFeedbackShownAndBriefings) {
  const int64_t id = MustCreate(Def("molecules"));
  const int64_t keep = MustCreate(Def("other"));
  ASSERT_TRUE(radars().AddFeedback("local", id, {"2401.00002", "like", 1000}));
  ASSERT_TRUE(radars().MarkShown("local", id, {{"2401.00001", "2024-06-01", 10}}));
  ASSERT_TRUE(radars().MarkShown("local", keep, {{"2401.00001", "2024-06-01", 10}}));
  StoredBriefing b;
  b.radar_id = id;
  b.date_from = b.date_to = "2024-06-01";
  b.lang = "en";
  b.json = "{}";
  ASSERT_TRUE(radars().SaveBriefing("local", b));
  ASSERT_TRUE(radars().DeleteRadar("local", id));
  auto gone = radars().GetRadar("local", "molecules");
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->has_value());
  // A deleted radar is gone with everything it kept.
  auto shown = radars().ShownPapers("local", id);
  ASSERT_FALSE(shown);
  EXPECT_EQ(shown.error().code, Code::kNotFound);
  auto found = radars().FindBriefing("local", id, "2024-06-01", "2024-06-01", "en");
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
  auto kept = radars().ShownPapers("local", keep);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->size(), 1u);
  auto again = radars().DeleteRadar("local", id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Code::kNotFound);
}

TEST_P(RadarStoreTest, BriefingsAreFoundByRangeAndLanguageNewestFirst) {
  const int64_t id = MustCreate(Def("molecules"));
  StoredBriefing b;
  b.radar_id = id;
  b.date_from = "2024-06-01";
  b.date_to = "2024-06-07";
  b.lang = "zh";
  b.mode = "llm";
  b.model = "openai/gpt-4o-mini";
  b.prompt_version = "brief-v1";
  b.prompt_tokens = 1200;
  b.completion_tokens = 300;
  b.cost_usd = 0.00125;
  b.json = R"({"mode":"llm"})";
  ASSERT_TRUE(radars().SaveBriefing("local", b));
  b.json = R"({"mode":"llm","v":2})";
  auto second = radars().SaveBriefing("local", b);
  ASSERT_TRUE(second);
  auto found = radars().FindBriefing("local", id, "2024-06-01", "2024-06-07", "zh");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, *second);
  EXPECT_EQ((*found)->json, R"({"mode":"llm","v":2})");
  EXPECT_EQ((*found)->model, "openai/gpt-4o-mini");
  EXPECT_EQ((*found)->prompt_tokens, 1200);
  EXPECT_DOUBLE_EQ((*found)->cost_usd, 0.00125);
  auto en = radars().FindBriefing("local", id, "2024-06-01", "2024-06-07", "en");
  ASSERT_TRUE(en);
  EXPECT_FALSE(en->has_value());
}

TEST_P(RadarStoreTest, CacheStoresAndReplacesValues) {
  auto miss = radars().CacheGet("k1");
  ASSERT_TRUE(miss);
  EXPECT_FALSE(miss->has_value());
  ASSERT_TRUE(radars().CachePut("k1", "v1"));
  ASSERT_TRUE(radars().CachePut("k1", std::string("v2\0with nul", 11)));
  auto hit = radars().CacheGet("k1");
  ASSERT_TRUE(hit);
  ASSERT_TRUE(hit->has_value());
  EXPECT_EQ(**hit, std::string("v2\0with nul", 11));
}

TEST_P(RadarStoreTest, CachedVectorsAreFloatBytesAndReplaceable) {
  auto miss = radars().CacheGetVector("emb:x");
  ASSERT_TRUE(miss) << miss.error().ToString();
  EXPECT_FALSE(miss->has_value());
  const std::vector<float> v = {0.0f, -1.5f, 3.25e-7f, 1e30f};
  ASSERT_TRUE(radars().CachePutVector("emb:x", v));
  auto hit = radars().CacheGetVector("emb:x");
  ASSERT_TRUE(hit) << hit.error().ToString();
  ASSERT_TRUE(hit->has_value());
  EXPECT_EQ(**hit, v);
  // Stored as little-endian float32 bytes, read back as such by CacheGet.
  auto bytes = radars().CacheGet("emb:x");
  ASSERT_TRUE(bytes);
  ASSERT_TRUE(bytes->has_value());
  EXPECT_EQ((*bytes)->size(), 16u);
  EXPECT_EQ((*bytes)->substr(4, 4), std::string("\x00\x00\xc0\xbf", 4));
  ASSERT_TRUE(radars().CachePutVector("emb:x", std::vector<float>{}));
  auto empty = radars().CacheGetVector("emb:x");
  ASSERT_TRUE(empty);
  ASSERT_TRUE(empty->has_value());
  EXPECT_TRUE((*empty)->empty());
  ASSERT_TRUE(radars().CachePut("emb:bad", "abc"));
  auto bad = radars().CacheGetVector("emb:bad");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kCorrupt);
}

TEST_P(RadarStoreTest, MarkShownKeepsTheFirstShowingOfAPaperListedTwice) {
  const int64_t id = MustCreate(Def("molecules"));
  ASSERT_TRUE(radars().MarkShown("local", id, {}));
  ASSERT_TRUE(radars().MarkShown(
      "local", id, {{"2401.00001", "2024-06-01", 10}, {"2401.00001", "2024-06-02", 20}}));
  auto shown = radars().ShownPapers("local", id);
  ASSERT_TRUE(shown) << shown.error().ToString();
  ASSERT_EQ(shown->size(), 1u);
  EXPECT_EQ((*shown)[0].date, "2024-06-01");
  EXPECT_EQ((*shown)[0].at_unix, 10);
}

// Two front ends (connections) creating one name at once: one radar, the other
// call kAlreadyExists; feedback from both lands on it.
TEST_P(RadarStoreTest, ConcurrentCreatesOfOneNameMakeOneRadar) {
  constexpr int kConns = 4;
  std::vector<std::unique_ptr<Store>> conns;
  for (int i = 0; i < kConns; ++i) {
    auto s = GetParam().open(dir_.path());
    ASSERT_TRUE(s) << s.error().ToString();
    conns.push_back(std::move(*s));
  }
  std::atomic<int> created{0}, exists{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < kConns; ++i) {
    ts.emplace_back([&, i] {
      auto id = conns[i]->radar_store()->CreateRadar(Def("race"));
      if (id) {
        ++created;
      } else if (id.error().code == Code::kAlreadyExists) {
        ++exists;
      } else {
        ADD_FAILURE() << id.error().ToString();
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(exists.load(), kConns - 1);
  const int64_t id = MustGetRadar("race").id;
  ts.clear();
  for (int i = 0; i < kConns; ++i) {
    ts.emplace_back([&, i] {
      auto st = conns[i]->radar_store()->AddFeedback(
          "local", id, {"2401.0000" + std::to_string(i), "like", 1000 + i});
      EXPECT_TRUE(st) << st.error().ToString();
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(MustGetRadar("race").feedback.size(), static_cast<size_t>(kConns));
}

TEST_P(RadarStoreTest, RadarsSurviveReopening) {
  const int64_t id = MustCreate(Def("molecules"));
  ASSERT_TRUE(radars().AddFeedback("local", id, {"2401.00002", "save", 1000}));
  ASSERT_TRUE(radars().CachePut("tldr:x", "short"));
  Reopen();
  RadarDefinition r = MustGetRadar("molecules");
  EXPECT_EQ(r.feedback.size(), 1u);
  auto hit = radars().CacheGet("tldr:x");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->value_or(""), "short");
}

TEST_P(RadarStoreTest, AnotherOwnersRadarIsAbsentForEveryCall) {
  const int64_t id = MustCreate(Def("molecules"));
  ASSERT_TRUE(radars().AddFeedback("local", id, {"2401.00002", "like", 1000}));
  ASSERT_TRUE(radars().MarkShown("local", id, {{"2401.00001", "2024-06-01", 10}}));
  StoredBriefing b;
  b.radar_id = id;
  b.date_from = b.date_to = "2024-06-01";
  b.lang = "en";
  b.json = "{}";
  auto bid = radars().SaveBriefing("local", b);
  ASSERT_TRUE(bid);

  const std::string eve = "eve";
  auto by_id = radars().GetRadarById(eve, id);
  ASSERT_TRUE(by_id);
  EXPECT_FALSE(by_id->has_value());
  auto by_name = radars().GetRadar(eve, "molecules");
  ASSERT_TRUE(by_name);
  EXPECT_FALSE(by_name->has_value());
  auto listed = radars().ListRadars(eve);
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
  RadarDefinition stolen = MustGetRadar("molecules");
  stolen.description = "eve was here";
  auto not_found = [](const Status& st) { return !st && st.error().code == Code::kNotFound; };
  EXPECT_TRUE(not_found(radars().UpdateRadar(eve, stolen)));
  EXPECT_TRUE(not_found(radars().AddFeedback(eve, id, {"2401.00009", "dislike", 2000})));
  EXPECT_TRUE(not_found(radars().MarkShown(eve, id, {{"2401.00009", "2024-06-02", 20}})));
  EXPECT_TRUE(not_found(radars().DeleteRadar(eve, id)));
  auto shown = radars().ShownPapers(eve, id);
  EXPECT_TRUE(!shown && shown.error().code == Code::kNotFound);
  auto saved = radars().SaveBriefing(eve, b);
  EXPECT_TRUE(!saved && saved.error().code == Code::kNotFound);
  auto found = radars().FindBriefing(eve, id, "2024-06-01", "2024-06-01", "en");
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
  auto listed_b = radars().ListBriefings(eve, id, 10);
  ASSERT_TRUE(listed_b);
  EXPECT_TRUE(listed_b->empty());
  auto got_b = radars().GetBriefing(eve, *bid);
  ASSERT_TRUE(got_b);
  EXPECT_FALSE(got_b->has_value());

  // Nothing changed for the owner.
  RadarDefinition mine = MustGetRadar("molecules");
  EXPECT_EQ(mine.description, "graph neural networks for molecules");
  ASSERT_EQ(mine.feedback.size(), 1u);
  auto my_shown = radars().ShownPapers("local", id);
  ASSERT_TRUE(my_shown);
  EXPECT_EQ(my_shown->size(), 1u);
  auto my_briefings = radars().ListBriefings("local", id, 10);
  ASSERT_TRUE(my_briefings);
  EXPECT_EQ(my_briefings->size(), 1u);
}

TEST_P(RadarStoreTest, RadarsAreFoundByIdAndPublicOnesListed) {
  const int64_t a = MustCreate(Def("private"));
  RadarDefinition pub = Def("topic");
  pub.owner = "admin";
  pub.is_public = true;
  const int64_t b = MustCreate(pub);
  auto got = radars().GetRadarById("local", a);
  ASSERT_TRUE(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->name, "private");
  EXPECT_FALSE((*got)->is_public);
  auto listed = radars().ListPublicRadars();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, b);
  EXPECT_EQ((*listed)[0].owner, "admin");
  EXPECT_TRUE((*listed)[0].is_public);
  // Made private again by its owner.
  RadarDefinition t = **radars().GetRadarById("admin", b);
  t.is_public = false;
  ASSERT_TRUE(radars().UpdateRadar("admin", t));
  listed = radars().ListPublicRadars();
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TEST_P(RadarStoreTest, BriefingsAreListedNewestFirstAndReadById) {
  const int64_t id = MustCreate(Def("molecules"));
  StoredBriefing b;
  b.radar_id = id;
  b.lang = "en";
  b.mode = "extractive";
  for (const char* day : {"2024-06-01", "2024-06-02", "2024-06-03"}) {
    b.date_from = b.date_to = day;
    b.json = std::string("{\"day\":\"") + day + "\"}";
    ASSERT_TRUE(radars().SaveBriefing("local", b));
  }
  auto list = radars().ListBriefings("local", id, 2);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].date_from, "2024-06-03");
  EXPECT_EQ((*list)[1].date_from, "2024-06-02");
  EXPECT_TRUE((*list)[0].json.empty());
  auto one = radars().GetBriefing("local", (*list)[1].id);
  ASSERT_TRUE(one);
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->json, "{\"day\":\"2024-06-02\"}");
  EXPECT_EQ((*one)->mode, "extractive");
}

INSTANTIATE_TEST_SUITE_P(Backends, RadarStoreTest, ::testing::ValuesIn(BackendsWith(kRadarStore)),
                         BackendName);

}  // namespace
}  // namespace ah::store::testing
