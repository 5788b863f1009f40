// The JSON of radars, runs and seed imports shared by the CLI's --json and the
// web API: field names are a contract for scripts.
#include <gtest/gtest.h>

#include "service/radars.h"

namespace ah::service {
namespace {

using nlohmann::json;

TEST(RadarJsonTest, ARadarHasTheFieldsOfRadarShowWithIdAndPublic) {
  store::RadarDefinition r;
  r.id = 7;
  r.owner = "ada";
  r.name = "agents <b>";
  r.description = "autonomous agents";
  r.query = "LLM OR agent";
  r.exclude = "quantum";
  r.include_categories = {"cs.AI"};
  r.exclude_categories = {"cs.CR"};
  r.include_sources = {"arxiv"};
  r.exclude_sources = {"medrxiv"};
  r.authors = {"Yann LeCun"};
  r.seeds = {"2606.00001"};
  r.is_public = true;
  r.feedback = {{"2606.00002", "like", 1782777600}, {"2606.00003", "hide", 1782777660}};
  r.created_unix = 1782777600;
  r.updated_unix = 1782777660;
  const json j = RadarToJson(r);
  EXPECT_EQ(j, json::parse(R"({
    "id": 7, "name": "agents <b>", "public": true, "description": "autonomous agents",
    "query": "LLM OR agent", "exclude": "quantum", "categories": ["cs.AI"],
    "exclude_categories": ["cs.CR"], "sources": ["arxiv"], "exclude_sources": ["medrxiv"],
    "authors": ["Yann LeCun"], "seeds": ["2606.00001"], "include_updates": false,
    "feedback": [{"paper": "2606.00002", "action": "like", "at": "2026-06-30T00:00:00Z"},
                 {"paper": "2606.00003", "action": "hide", "at": "2026-06-30T00:01:00Z"}],
    "created": "2026-06-30T00:00:00Z", "updated": "2026-06-30T00:01:00Z"})"));
  EXPECT_FALSE(j.contains("owner"));  // whose it is stays on the server
  EXPECT_EQ(FeedbackToJson(r.feedback[0]), j["feedback"][0]);
}

TEST(RadarJsonTest, ARunIsThePapersJsonWithRankScoreReasonsBadgeAndListingDate) {
  RankedPaper a;
  a.view.paper.key = "2606.00001";
  a.view.paper.title = "First";
  a.score = 2.5;
  a.reasons = {"terms: agent"};
  a.badge = "arXiv (CS.AI)";
  a.listing_date = "2026-06-30";
  RankedPaper b = a;
  b.view.paper.key = "2606.00002";
  b.score = 1.0;
  b.reasons.clear();
  const json j = RankedPapersToJson({a, b});
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["id"], "2606.00001");
  EXPECT_EQ(j[0]["title"], "First");
  EXPECT_EQ(j[0]["rank"], 1);
  EXPECT_EQ(j[1]["rank"], 2);
  EXPECT_EQ(j[0]["score"], 2.5);
  EXPECT_EQ(j[0]["reasons"], json({"terms: agent"}));
  EXPECT_EQ(j[1]["reasons"], json::array());
  EXPECT_EQ(j[0]["badge"], "arXiv (CS.AI)");
  EXPECT_EQ(j[0]["listing_date"], "2026-06-30");
  EXPECT_EQ(RankedPapersToJson({}), json::array());
}

TEST(RadarJsonTest, ASeedImportReportsEntriesMatchesAndTheSeedsNow) {
  SeedFileImport im;
  im.entries = 7;
  im.matched = 2;
  im.papers = 1;
  im.seeds.added = 1;
  im.seeds.total = 3;
  im.warnings = {"zotero.bib: entry 1: not in the library"};
  EXPECT_EQ(SeedImportToJson(im),
            json::parse(R"({"entries": 7, "matched": 2, "papers": 1, "added": 1, "seeds": 3,
                            "warnings": ["zotero.bib: entry 1: not in the library"]})"));
}

}  // namespace
}  // namespace ah::service
