// What the radar pages and API do, over loopback HTTP on the bundled real
// feeds: create (JSON and the form, seeds by id and from real BibTeX / RIS /
// Zotero CSL-JSON exports), the ranked day as numbered cards with a fragment
// for re-ranking, feedback that changes the ranking, edit, delete.
#include <set>

#include "radars_fixture.h"

namespace ah::web::testing {
namespace {

using nlohmann::json;

size_t RankOf(const std::vector<std::string>& ids, const std::string& id) {
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) return i;
  return ids.size();
}

// The card ids of an HTML list of cards, in order.
std::vector<std::string> CardIds(const std::string& html) {
  std::vector<std::string> ids;
  const std::string card = "<article class=\"card\" id=\"card-";
  const std::string paper = "data-paper=\"";
  for (size_t at = html.find(card); at != std::string::npos; at = html.find(card, at + 1)) {
    const size_t p = html.find(paper, at);
    if (p == std::string::npos) break;
    const size_t end = html.find('"', p + paper.size());
    ids.push_back(html.substr(p + paper.size(), end - p - paper.size()));
  }
  return ids;
}

// The value of the first `attr="..."` in `html` ("" when absent), entities of & decoded.
std::string AttributeOf(const std::string& html, const std::string& attr) {
  const std::string key = attr + "=\"";
  const size_t at = html.find(key);
  if (at == std::string::npos) return "";
  const size_t end = html.find('"', at + key.size());
  std::string v = html.substr(at + key.size(), end - at - key.size());
  for (size_t amp = v.find("&amp;"); amp != std::string::npos; amp = v.find("&amp;", amp + 1))
    v.replace(amp, 5, "&");
  return v;
}

TEST_F(RadarsTest, CreateRunAndFeedbackChangeTheRankingThroughTheApi) {
  auto created = Api(
      ada_token_, "POST", "/api/v1/radars",
      json{{"name", "agents"},
           {"description", "autonomous agents built on large language models: planning, tool use"},
           {"query", "\"language model\" OR LLM OR agent"},
           {"exclude", "quantum"},
           {"categories", {"cs.AI", "cs.CL", "cs.LG"}},
           {"authors", {"Yann LeCun"}}}
          .dump());
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const json r = json::parse(created->body);
  const int64_t id = r["id"];
  EXPECT_EQ(created->get_header_value("Location"), "/api/v1/radars/" + std::to_string(id));
  // The object of `radar show --json`, with id and public.
  for (const char* k :
       {"name", "description", "query", "exclude", "categories", "exclude_categories", "sources",
        "exclude_sources", "authors", "seeds", "feedback", "created", "updated", "public"})
    EXPECT_TRUE(r.contains(k)) << k;
  EXPECT_EQ(r["categories"], json({"cs.AI", "cs.CL", "cs.LG"}));
  EXPECT_EQ(r["public"], false);

  const std::string run = "date=" + std::string(kDay) + "&record=0&limit=20";
  auto first = Api(ada_token_, "GET", "/api/v1/radars/" + std::to_string(id) + "/run?" + run);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  const json day = json::parse(first->body);
  ASSERT_EQ(day.size(), 20u);
  int rank = 0;
  for (const auto& p : day) {
    EXPECT_EQ(p["rank"], ++rank);
    for (const char* k : {"id", "title", "abstract", "authors", "listings", "score", "reasons",
                          "badge", "listing_date"})
      EXPECT_TRUE(p.contains(k)) << k;
    EXPECT_EQ(p["listing_date"], kDay);
  }
  for (size_t i = 1; i < day.size(); ++i) EXPECT_GE(day[i - 1]["score"], day[i]["score"]);
  EXPECT_EQ(ShownCount("ada", id), 0u) << "record=0 records nothing";

  std::vector<std::string> before;
  for (const auto& p : day) before.push_back(p["id"]);
  // Dislike the top three, like three from the bottom.
  for (size_t i : {0, 1, 2, 17, 18, 19}) {
    const std::string action = i < 3 ? "dislike" : "like";
    auto fb = Api(ada_token_, "POST", "/api/v1/radars/" + std::to_string(id) + "/feedback",
                  json{{"paper", before[i]}, {"action", action}}.dump());
    ASSERT_TRUE(fb);
    ASSERT_EQ(fb->status, 200) << fb->body;
    EXPECT_EQ(json::parse(fb->body), json({{"paper", before[i]}, {"action", action}}));
  }
  auto after = RunIds(ada_token_, id, "date=" + std::string(kDay) + "&record=0&limit=0");
  ASSERT_GE(after.size(), 20u);
  EXPECT_NE(std::vector<std::string>(after.begin(), after.begin() + 20), before);
  // Rated papers are not recommended back (issue 11): the disliked and the liked ones are gone,
  // whatever their score (no tie or rounding can keep one at the top).
  for (size_t i : {0, 1, 2, 17, 18, 19}) EXPECT_EQ(RankOf(after, before[i]), after.size()) << before[i];
  // And the feedback re-ranks the others: were it only removals, the fourteen papers left of the
  // twenty would lead in their old order.
  const std::vector<std::string> kept(before.begin() + 3, before.begin() + 17);
  EXPECT_NE(std::vector<std::string>(after.begin(), after.begin() + 14), kept);

  // The history, oldest first, with times.
  auto history = Api(ada_token_, "GET", "/api/v1/radars/" + std::to_string(id) + "/feedback");
  ASSERT_TRUE(history);
  const json h = json::parse(history->body);
  ASSERT_EQ(h.size(), 6u);
  EXPECT_EQ(h[0]["paper"], before[0]);
  EXPECT_EQ(h[0]["action"], "dislike");
  EXPECT_EQ(h[5]["action"], "like");
  EXPECT_TRUE(h[0]["at"].get<std::string>().ends_with("Z"));

  // Hide: gone from the day. By default a run records what it returns.
  auto hide = Api(ada_token_, "POST", "/api/v1/radars/" + std::to_string(id) + "/feedback",
                  json{{"paper", after[0]}, {"action", "hide"}}.dump());
  ASSERT_TRUE(hide);
  auto recorded = Api(ada_token_, "GET",
                      "/api/v1/radars/" + std::to_string(id) + "/run?date=" + kDay + "&limit=5");
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->get_header_value("X-Radar-Date-To"), kDay);
  const json five = json::parse(recorded->body);
  ASSERT_EQ(five.size(), 5u);
  for (const auto& p : five) EXPECT_NE(p["id"], after[0]);
  EXPECT_EQ(ShownCount("ada", id), 5u);

  auto list = Api(ada_token_, "GET", "/api/v1/radars");
  ASSERT_TRUE(list);
  ASSERT_EQ(json::parse(list->body).size(), 1u);
  EXPECT_EQ(json::parse(list->body)[0]["id"], id);
  auto one = Api(ada_token_, "GET", "/api/v1/radars/" + std::to_string(id));
  ASSERT_TRUE(one);
  EXPECT_EQ(json::parse(one->body)["feedback"].size(), 7u);
}

TEST_F(RadarsTest, PatchChangesOnlyTheGivenFields) {
  const int64_t id = AgentsRadar(ada_token_);
  const json before = Stored("ada", id);
  auto r = Api(ada_token_, "PATCH", "/api/v1/radars/" + std::to_string(id),
               R"({"name": "llm agents", "sources": ["arxiv"], "exclude": "survey"})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json after = json::parse(r->body);
  EXPECT_EQ(after["name"], "llm agents");
  EXPECT_EQ(after["sources"], json({"arxiv"}));
  EXPECT_EQ(after["exclude"], "survey");
  EXPECT_EQ(after["description"], before["description"]);
  EXPECT_EQ(after["query"], before["query"]);
  // A radar read with GET can be sent back as it is.
  auto same =
      Api(ada_token_, "PATCH", "/api/v1/radars/" + std::to_string(id),
          json::parse(Api(ada_token_, "GET", "/api/v1/radars/" + std::to_string(id))->body).dump());
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 200) << same->body;
}

TEST_F(RadarsTest, TheRadarPageRanksTheDayAndItsFragmentReRanksAfterFeedback) {
  const int64_t id = AgentsRadar(ada_token_);
  const std::string page = "/radars/" + std::to_string(id);
  Browser ada = SignedIn("ada", kPassword);
  auto r = ada.Get(page + "?date=" + kDay);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->body.find("<span class=\"num\">01.</span>"), std::string::npos);
  EXPECT_NE(r->body.find("<ul class=\"reasons\""), std::string::npos);
  EXPECT_GE(
      CountOf(r->body, "<form class=\"feedback\" method=\"post\" action=\"" + page + "/feedback\""),
      20);
  EXPECT_NE(r->body.find("href=\"" + page + "/briefing"), std::string::npos);
  EXPECT_NE(r->body.find("href=\"" + page + "/edit\""), std::string::npos);
  EXPECT_NE(r->body.find("<time datetime=\"" + std::string(kDay) + "\">"), std::string::npos);
  EXPECT_NE(r->body.find("rel=\"prev\""), std::string::npos);
  EXPECT_NE(r->body.find("rel=\"next\""), std::string::npos);
  const std::vector<std::string> shown = CardIds(r->body);
  ASSERT_EQ(shown.size(), 30u);
  EXPECT_EQ(ShownCount("ada", id), 30u) << "viewing the day records the cards as shown";

  // The list says where its re-ranked version is; that URL renders the cards alone.
  ASSERT_NE(r->body.find("<div class=\"cards\" id=\"cards\" data-rerank=\""), std::string::npos);
  const std::string url = AttributeOf(r->body, "data-rerank");
  EXPECT_NE(url.find("fragment=cards"), std::string::npos);
  EXPECT_NE(url.find(std::string("date=") + kDay), std::string::npos);
  auto frag = ada.Get(url);
  ASSERT_TRUE(frag);
  ASSERT_EQ(frag->status, 200);
  EXPECT_EQ(frag->body.find("<html"), std::string::npos);
  EXPECT_EQ(CardIds(frag->body), shown);
  EXPECT_NE(frag->body.find("name=\"csrf\" value=\"" + ada.Csrf() + "\""), std::string::npos);

  // A click as the page's script makes it: the JSON feedback, then the fragment.
  for (size_t i : {0, 1}) {
    auto fb = ada.Json("POST", "/api/v1/radars/" + std::to_string(id) + "/feedback",
                       json{{"paper", shown[i]}, {"action", i == 0 ? "hide" : "dislike"}}.dump());
    ASSERT_TRUE(fb);
    ASSERT_EQ(fb->status, 200) << fb->body;
  }
  auto like = ada.Json("POST", "/api/v1/radars/" + std::to_string(id) + "/feedback",
                       json{{"paper", shown[29]}, {"action", "like"}}.dump());
  ASSERT_TRUE(like);
  auto again = ada.Get(url);
  ASSERT_TRUE(again);
  const std::vector<std::string> reranked = CardIds(again->body);
  EXPECT_NE(reranked, shown);
  EXPECT_EQ(RankOf(reranked, shown[0]), reranked.size()) << "the hidden paper is gone";
  // Rated papers are not recommended back (issue 11): the disliked and the liked one are gone too.
  EXPECT_EQ(RankOf(reranked, shown[1]), reranked.size());
  EXPECT_EQ(RankOf(reranked, shown[29]), reranked.size());

  // The page keeps the history, latest first, with the papers' titles.
  auto later = ada.Get(page + "?date=" + kDay);
  ASSERT_TRUE(later);
  const size_t hist = later->body.find("class=\"history\"");
  ASSERT_NE(hist, std::string::npos);
  const std::string h = later->body.substr(hist);
  EXPECT_LT(h.find("fb-action like"), h.find("fb-action dislike"));
  EXPECT_LT(h.find("fb-action dislike"), h.find("fb-action hide"));
  EXPECT_NE(h.find("href=\"/papers/" + shown[29] + "\""), std::string::npos);
}

TEST_F(RadarsTest, TheRadarPageDefaultsToTheLatestDayAndShowsAWeek) {
  const int64_t id = AgentsRadar(ada_token_);
  Browser ada = SignedIn("ada", kPassword);
  auto latest = ada.Get("/radars/" + std::to_string(id));
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->status, 200);
  EXPECT_NE(latest->body.find("class=\"daybar\""), std::string::npos);
  EXPECT_EQ(latest->body.find("rel=\"next\""), std::string::npos) << "nothing after the latest day";
  auto week = ada.Get("/radars/" + std::to_string(id) + "?days=7&date=2026-06-30");
  ASSERT_TRUE(week);
  ASSERT_EQ(week->status, 200);
  EXPECT_NE(week->body.find("<time datetime=\"2026-06-24\">2026-06-24</time> – "),
            std::string::npos);
  const auto ids = CardIds(week->body);
  EXPECT_GT(ids.size(), 30u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  EXPECT_NE(week->body.find("days=7&amp;limit=60&amp;fragment=cards"), std::string::npos);
}

TEST_F(RadarsTest, ARadarWithNothingToRankBySaysSo) {
  const int64_t id = CreateRadar(ada_token_, {{"name", "empty"}, {"categories", {"cs.AI"}}});
  Browser ada = SignedIn("ada", kPassword);
  auto page = ada.Get("/radars/" + std::to_string(id));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("nothing to rank by"), std::string::npos);
  EXPECT_NE(page->body.find("/radars/" + std::to_string(id) + "/edit"), std::string::npos);
  auto run = Api(ada_token_, "GET", "/api/v1/radars/" + std::to_string(id) + "/run");
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, 400);
}

TEST_F(RadarsTest, TheFeedbackFormWithoutScriptsRecordsAndGoesBack) {
  const int64_t id = AgentsRadar(ada_token_);
  const auto ids = RunIds(ada_token_, id, "date=" + std::string(kDay) + "&record=0&limit=3");
  ASSERT_EQ(ids.size(), 3u);
  Browser ada = SignedIn("ada", kPassword);
  httplib::Params form{{"paper", ids[2]}, {"action", "save"}, {"csrf", ada.Csrf()}};
  std::string cookie;
  for (const auto& [k, v] : ada.cookies()) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  const std::string host = "127.0.0.1:" + std::to_string(server_->port());
  auto r = ada.client().Post(
      "/radars/" + std::to_string(id) + "/feedback",
      {{"Cookie", cookie}, {"Host", host}, {"Referer", "http://" + host + "/?date=" + kDay}}, form);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/?date=" + std::string(kDay) + "#card-" + ids[2]);
  const json stored = Stored("ada", id);
  ASSERT_EQ(stored["feedback"].size(), 1u);
  EXPECT_EQ(stored["feedback"][0]["paper"], ids[2]);
  EXPECT_EQ(stored["feedback"][0]["action"], "save");
  // Another site as the referrer: back to the radar.
  auto elsewhere = ada.client().Post(
      "/radars/" + std::to_string(id) + "/feedback",
      {{"Cookie", cookie}, {"Referer", "https://evil.example/x"}},
      httplib::Params{{"paper", ids[1]}, {"action", "like"}, {"csrf", ada.Csrf()}});
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->get_header_value("Location"),
            "/radars/" + std::to_string(id) + "#card-" + ids[1]);
}

TEST_F(RadarsTest, TheCreateFormTakesEveryFieldOfRadarCreate) {
  const auto ids = RunIds(ada_token_, AgentsRadar(ada_token_, "helper"),
                          "date=" + std::string(kDay) + "&record=0&limit=2");
  ASSERT_EQ(ids.size(), 2u);
  Browser ada = SignedIn("ada", kPassword);
  auto page = ada.Get("/radars");
  ASSERT_TRUE(page);
  for (const char* field :
       {"name", "description", "query", "exclude", "categories", "exclude_categories", "sources",
        "exclude_sources", "authors", "seeds", "seeds_file", "format"})
    EXPECT_NE(page->body.find("name=\"" + std::string(field) + "\""), std::string::npos) << field;
  EXPECT_NE(page->body.find("enctype=\"multipart/form-data\""), std::string::npos);
  auto r = ada.PostForm("/radars", {{"name", "form radar"},
                                    {"description", "robot learning from demonstrations"},
                                    {"query", "robot OR manipulation"},
                                    {"exclude", "quantum"},
                                    {"categories", "cs.RO, cs.LG cs.AI"},
                                    {"exclude_categories", "cs.CR"},
                                    {"sources", "arxiv"},
                                    {"exclude_sources", "medrxiv"},
                                    {"authors", "LeCun, Yann\nSergey Levine\n"},
                                    {"seeds", "arXiv:" + ids[0] + ",\n" + ids[1]}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303) << r->body;
  const std::string to = r->get_header_value("Location");
  ASSERT_EQ(to.rfind("/radars/", 0), 0u) << to;
  const int64_t id = std::stoll(to.substr(8));
  const json s = Stored("ada", id);
  EXPECT_EQ(s["name"], "form radar");
  EXPECT_EQ(s["query"], "robot OR manipulation");
  EXPECT_EQ(s["exclude"], "quantum");
  EXPECT_EQ(s["categories"], json({"cs.RO", "cs.LG", "cs.AI"}));
  EXPECT_EQ(s["exclude_categories"], json({"cs.CR"}));
  EXPECT_EQ(s["sources"], json({"arxiv"}));
  EXPECT_EQ(s["exclude_sources"], json({"medrxiv"}));
  EXPECT_EQ(s["authors"], json({"LeCun, Yann", "Sergey Levine"}));
  EXPECT_EQ(s["seeds"], json({ids[0], ids[1]}));
  auto shown = ada.Get(to);
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->status, 200);
  EXPECT_NE(shown->body.find("Radar created."), std::string::npos);
  // The edit form shows the same values and changes them.
  auto edit = ada.Get("/radars/" + std::to_string(id) + "/edit");
  ASSERT_TRUE(edit);
  EXPECT_NE(edit->body.find("value=\"cs.RO, cs.LG, cs.AI\""), std::string::npos);
  EXPECT_NE(edit->body.find(">LeCun, Yann\nSergey Levine</textarea>"), std::string::npos);
  auto saved =
      ada.PostForm("/radars/" + std::to_string(id) + "/edit", {{"name", "robots"},
                                                               {"description", "robot learning"},
                                                               {"query", ""},
                                                               {"exclude", ""},
                                                               {"categories", ""},
                                                               {"exclude_categories", ""},
                                                               {"sources", ""},
                                                               {"exclude_sources", ""},
                                                               {"authors", ""},
                                                               {"seeds", ids[1]}});
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 303);
  const json e = Stored("ada", id);
  EXPECT_EQ(e["name"], "robots");
  EXPECT_EQ(e["query"], "");
  EXPECT_EQ(e["categories"], json::array());
  EXPECT_EQ(e["seeds"], json({ids[1]}));
}

TEST_F(RadarsTest, RealReferenceManagerExportsAddSeeds) {
  Browser ada = SignedIn("ada", kPassword);
  // Create with an upload (Zotero RIS): one of its four entries is in the library.
  auto r = Multipart(ada, "/radars",
                     {{"name", "from zotero", "", ""},
                      {"description", "", "", ""},
                      {"format", "auto", "", ""},
                      {"seeds_file", ImportFile("zotero.ris"), "My Library.ris", "text/plain"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303) << r->body;
  const std::string to = r->get_header_value("Location");
  EXPECT_NE(to.find("matched=1&entries=4"), std::string::npos) << to;
  const int64_t created = std::stoll(to.substr(8));
  ASSERT_EQ(Stored("ada", created)["seeds"].size(), 1u);
  const std::string seed = Stored("ada", created)["seeds"][0];

  // The seeds form of a radar: BibTeX, then CSL-JSON (the same paper: nothing new).
  const int64_t id = AgentsRadar(ada_token_);
  const std::string path = "/radars/" + std::to_string(id) + "/seeds";
  auto bib = Multipart(
      ada, path,
      {{"file", ImportFile("zotero.bib"), "zotero.bib", ""}, {"format", "bibtex", "", ""}});
  ASSERT_TRUE(bib);
  EXPECT_EQ(bib->status, 200) << bib->body;
  EXPECT_NE(bib->body.find("1 of 7 entries found in the library"), std::string::npos);
  EXPECT_NE(bib->body.find("zotero.bib: entry 1 &apos;vaswani_attention_2023&apos;"),
            std::string::npos);
  EXPECT_EQ(Stored("ada", id)["seeds"], json({seed}));
  auto csl = Multipart(
      ada, path,
      {{"file", ImportFile("zotero.json"), "zotero.json", ""}, {"format", "auto", "", ""}});
  ASSERT_TRUE(csl);
  EXPECT_EQ(csl->status, 200);
  EXPECT_NE(csl->body.find("1 of 7 entries found in the library · 0 new seed papers"),
            std::string::npos);

  // The API: the export as the body, or as a multipart file.
  const int64_t other = AgentsRadar(ada_token_, "other");
  auto api = Api(ada_token_, "POST",
                 "/api/v1/radars/" + std::to_string(other) + "/seeds/import?format=csl-json",
                 ImportFile("zotero.json"));
  ASSERT_TRUE(api);
  ASSERT_EQ(api->status, 200) << api->body;
  const json j = json::parse(api->body);
  EXPECT_EQ(j["entries"], 7);
  EXPECT_EQ(j["matched"], 1);
  EXPECT_EQ(j["added"], 1);
  EXPECT_EQ(j["seeds"], 1);
  EXPECT_EQ(j["warnings"].size(), 6u);
  httplib::Client c("127.0.0.1", server_->port());
  const int64_t third = AgentsRadar(ada_token_, "third");
  auto multi = c.Post(("/api/v1/radars/" + std::to_string(third) + "/seeds/import").c_str(),
                      {{"Authorization", "Bearer " + ada_token_}},
                      httplib::MultipartFormDataItems{
                          {"file", ImportFile("zotero.ris"), "zotero.ris", "text/plain"}});
  ASSERT_TRUE(multi);
  ASSERT_EQ(multi->status, 200) << multi->body;
  EXPECT_EQ(json::parse(multi->body)["added"], 1);
  EXPECT_EQ(Stored("ada", third)["seeds"], json({seed}));

  // A broken export changes nothing and says why.
  const json before = Stored("ada", id);
  auto broken = Multipart(ada, path,
                          {{"file", "[{\"id\": \"a\", \"title\": ", "broken.json", ""},
                           {"format", "csl-json", "", ""}});
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_NE(broken->body.find("broken.json"), std::string::npos);
  auto none = Multipart(
      ada, path, {{"file", ImportFile("arxiv.bib"), "arxiv.bib", ""}, {"format", "auto", "", ""}});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 400);
  EXPECT_NE(none->body.find("none of the"), std::string::npos);
  EXPECT_EQ(Stored("ada", id), before);
}

TEST_F(RadarsTest, DeleteAsksForConfirmationAndForgetsTheRadar) {
  const int64_t id = AgentsRadar(ada_token_);
  ASSERT_EQ(RunIds(ada_token_, id, "date=" + std::string(kDay) + "&limit=3").size(), 3u);
  Browser ada = SignedIn("ada", kPassword);
  auto edit = ada.Get("/radars/" + std::to_string(id) + "/edit");
  ASSERT_TRUE(edit);
  EXPECT_NE(edit->body.find("name=\"confirm\" value=\"yes\" required"), std::string::npos);
  auto unconfirmed = ada.PostForm("/radars/" + std::to_string(id) + "/delete", {});
  ASSERT_TRUE(unconfirmed);
  EXPECT_EQ(unconfirmed->status, 400);
  EXPECT_FALSE(Stored("ada", id).is_null());
  auto r = ada.PostForm("/radars/" + std::to_string(id) + "/delete", {{"confirm", "yes"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/radars");
  EXPECT_TRUE(Stored("ada", id).is_null());
  EXPECT_EQ(ShownCount("ada", id), 0u);
  auto gone = ada.Get("/radars/" + std::to_string(id));
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
  // A new radar of the same name starts afresh.
  const int64_t again = AgentsRadar(ada_token_);
  EXPECT_EQ(ShownCount("ada", again), 0u);
  EXPECT_EQ(Stored("ada", again)["feedback"], json::array());
}

// A library of an OAI harvest only: papers, but no announced day to rank.
class HarvestOnlyTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    ingest_samples_ = false;
    StartServer();
    auto s = library_->OpenSession();
    auto rep =
        ingest::IngestPaths({std::string(AH_SOURCE_DIR) +
                             "/tests/data/arxiv_oai/arxiv_oai_listrecords_arXiv_1000rec_2013.xml"},
                            s->store(), {});
    ASSERT_TRUE(rep) << rep.error().ToString();
    ASSERT_GT(rep->totals.added, 900);
    AddUser("ada", kPassword);
  }
};

TEST_F(HarvestOnlyTest, ALibraryWithNothingAnnouncedRanksNothing) {
  const std::string token = TokenOf("ada");
  httplib::Client c("127.0.0.1", server_->port());
  httplib::Headers h{{"Authorization", "Bearer " + token}};
  auto created = c.Post("/api/v1/radars", h, R"({"name": "physics", "description": "dark matter"})",
                        "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = std::to_string(json::parse(created->body)["id"].get<int64_t>());
  auto run = c.Get(("/api/v1/radars/" + id + "/run").c_str(), h);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, 200) << "not 404: the radar exists";
  EXPECT_EQ(json::parse(run->body), json::array());
  auto page = c.Get(("/radars/" + id).c_str(), h);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("the library has no announced papers yet"), std::string::npos);
}

}  // namespace
}  // namespace ah::web::testing
