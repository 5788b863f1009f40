// Who may do what, swept over THE route table (routes.cc) itself: every route
// must have an entry in the tables below, so that a route added later without
// one fails here until someone decides what another user may do with it.
//  - Another user (a signed-in browser with its own CSRF token, and an API
//    token) reaches none of ada's radars, feedback, briefings or tokens through
//    any route: 404, none of her text in the answer, nothing of hers changed.
//  - CSRF: every state-changing route refuses a cookie request without the
//    token, and with the token of another session, and changes nothing.
#include <functional>
#include <map>

#include "security_fixture.h"

namespace ah::web::testing {
namespace {

constexpr const char* kSecret = "zeta77secret";  // in ada's radar, briefing and token

// What another user may do with a route.
enum class Kind {
  kAdas,     // names one of ada's things ({id}): 404 for anyone else
  kOwn,      // acts on the caller's own things only
  kPublic,   // the same for everyone
  kAdmin,    // administrators only: 403 for others
};

struct Ids {
  int64_t radar = 0, briefing = 0, token = 0;
  std::string paper;
  std::string hook;  // a webhook of ada's radar
};

struct Call {
  Call(std::string m, std::string p, std::string b = "", httplib::Params f = {}, bool mp = false)
      : method(std::move(m)), path(std::move(p)), body(std::move(b)), form(std::move(f)),
        multipart(mp) {}
  std::string method, path;
  std::string body;  // JSON for the API
  httplib::Params form;
  bool multipart = false;  // a seeds upload
};

struct Spec {
  Kind kind;
  std::function<Call(const Ids&)> make;
};

std::string Key(const Route& r) { return std::string(r.method) + " " + r.pattern; }

// One entry per route of routes.cc: the request another user would make.
const std::map<std::string, Spec>& Table() {
  using K = Kind;
  static const std::map<std::string, Spec> t = {
      {"GET /", {K::kPublic, [](const Ids&) { return Call{"GET", "/"}; }}},
      {"GET /papers/{id...}",
       {K::kPublic, [](const Ids& i) { return Call{"GET", "/papers/" + i.paper}; }}},
      {"GET /export/{format}/{id...}",
       {K::kPublic, [](const Ids& i) { return Call{"GET", "/export/bibtex/" + i.paper}; }}},
      {"GET /search", {K::kPublic, [](const Ids&) { return Call{"GET", "/search?q=agents"}; }}},
      {"GET /radars", {K::kOwn, [](const Ids&) { return Call{"GET", "/radars"}; }}},
      {"POST /radars",
       {K::kOwn,
        [](const Ids&) {
          return Call{"POST", "/radars", "", {{"name", "bobs"}, {"description", "graphs"}}};
        }}},
      {"GET /radars/{id}",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"GET", "/radars/" + std::to_string(i.radar) + "?date=" + kDay};
        }}},
      {"GET /radars/{id}/edit",
       {K::kAdas, [](const Ids& i) { return Call{"GET", "/radars/" + std::to_string(i.radar) + "/edit"}; }}},
      {"POST /radars/{id}/edit",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/radars/" + std::to_string(i.radar) + "/edit", "",
                      {{"name", "hijacked"}, {"description", "mine"}}};
        }}},
      {"POST /radars/{id}/delete",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/radars/" + std::to_string(i.radar) + "/delete", "",
                      {{"confirm", "yes"}}};
        }}},
      {"POST /radars/{id}/seeds",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/radars/" + std::to_string(i.radar) + "/seeds", "", {}, true};
        }}},
      {"POST /radars/{id}/feedback",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/radars/" + std::to_string(i.radar) + "/feedback", "",
                      {{"paper", i.paper}, {"action", "hide"}}};
        }}},
      {"GET /radars/{id}/briefing",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"GET", "/radars/" + std::to_string(i.radar) + "/briefing?date=" + kDay};
        }}},
      {"POST /radars/{id}/briefing",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/radars/" + std::to_string(i.radar) + "/briefing", "",
                      {{"date", kDay}, {"lang", "en"}, {"extractive", "1"}}};
        }}},
      {"GET /briefings/{id}",
       {K::kAdas, [](const Ids& i) { return Call{"GET", "/briefings/" + std::to_string(i.briefing)}; }}},
      {"GET /settings", {K::kOwn, [](const Ids&) { return Call{"GET", "/settings"}; }}},
      {"POST /settings",
       {K::kOwn,
        [](const Ids&) { return Call{"POST", "/settings", "", {{"section", "lang"}, {"lang", "zh"}}}; }}},
      {"POST /settings/password",
       {K::kOwn,
        [](const Ids&) {
          return Call{"POST", "/settings/password", "",
                      {{"current", "wrong password"}, {"password", "new password 123"}}};
        }}},
      {"POST /settings/tokens",
       {K::kOwn, [](const Ids&) { return Call{"POST", "/settings/tokens", "", {{"label", "bobs"}}}; }}},
      {"POST /settings/tokens/{id}/delete",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/settings/tokens/" + std::to_string(i.token) + "/delete"};
        }}},
      {"GET /login", {K::kPublic, [](const Ids&) { return Call{"GET", "/login"}; }}},
      {"POST /login",
       {K::kPublic,
        [](const Ids&) {
          return Call{"POST", "/login", "", {{"username", "ada"}, {"password", "wrong password"}}};
        }}},
      {"GET /register", {K::kPublic, [](const Ids&) { return Call{"GET", "/register"}; }}},
      {"POST /register",
       {K::kPublic,
        [](const Ids&) {
          return Call{"POST", "/register", "", {{"username", "ada"}, {"password", "new password 1"}}};
        }}},
      {"POST /logout", {K::kOwn, [](const Ids&) { return Call{"POST", "/logout"}; }}},
      {"GET /admin", {K::kAdmin, [](const Ids&) { return Call{"GET", "/admin"}; }}},
      {"POST /admin",
       {K::kAdmin,
        [](const Ids& i) {
          return Call{"POST", "/admin", "",
                      {{"action", "radar_public"}, {"radar", std::to_string(i.radar)},
                       {"value", "public"}}};
        }}},
      {"GET /static/{path...}", {K::kPublic, [](const Ids&) { return Call{"GET", "/static/app.js"}; }}},
      {"GET /favicon.ico", {K::kPublic, [](const Ids&) { return Call{"GET", "/favicon.ico"}; }}},
      {"GET /healthz", {K::kPublic, [](const Ids&) { return Call{"GET", "/healthz"}; }}},
      {"GET /metrics", {K::kAdmin, [](const Ids&) { return Call{"GET", "/metrics"}; }}},
      {"GET /api/v1/today",
       {K::kPublic, [](const Ids&) { return Call{"GET", "/api/v1/today?date=" + std::string(kDay)}; }}},
      {"GET /api/v1/search", {K::kPublic, [](const Ids&) { return Call{"GET", "/api/v1/search?q=agents"}; }}},
      {"GET /api/v1/papers/{id...}",
       {K::kPublic, [](const Ids& i) { return Call{"GET", "/api/v1/papers/" + i.paper}; }}},
      {"GET /api/v1/similar/{id...}",
       {K::kPublic, [](const Ids& i) { return Call{"GET", "/api/v1/similar/" + i.paper}; }}},
      {"GET /api/v1/export/{format}/{id...}",
       {K::kPublic, [](const Ids& i) { return Call{"GET", "/api/v1/export/ris/" + i.paper}; }}},
      {"POST /api/v1/tldr",
       {K::kOwn,
        [](const Ids& i) {
          return Call{"POST", "/api/v1/tldr",
                      nlohmann::json{{"papers", {i.paper}}, {"extractive", true}}.dump()};
        }}},
      {"GET /api/v1/me", {K::kOwn, [](const Ids&) { return Call{"GET", "/api/v1/me"}; }}},
      {"GET /api/v1/radars", {K::kOwn, [](const Ids&) { return Call{"GET", "/api/v1/radars"}; }}},
      {"POST /api/v1/radars",
       {K::kOwn,
        [](const Ids&) {
          return Call{"POST", "/api/v1/radars", R"({"name": "bobs api", "description": "graphs"})"};
        }}},
      {"GET /api/v1/radars/{id}",
       {K::kAdas, [](const Ids& i) { return Call{"GET", "/api/v1/radars/" + std::to_string(i.radar)}; }}},
      {"PATCH /api/v1/radars/{id}",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"PATCH", "/api/v1/radars/" + std::to_string(i.radar),
                      R"({"name": "hijacked", "public": true})"};
        }}},
      {"DELETE /api/v1/radars/{id}",
       {K::kAdas, [](const Ids& i) { return Call{"DELETE", "/api/v1/radars/" + std::to_string(i.radar)}; }}},
      {"GET /api/v1/radars/{id}/run",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"GET", "/api/v1/radars/" + std::to_string(i.radar) + "/run?date=" + kDay};
        }}},
      {"POST /api/v1/radars/{id}/feedback",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/api/v1/radars/" + std::to_string(i.radar) + "/feedback",
                      nlohmann::json{{"paper", i.paper}, {"action", "dislike"}}.dump()};
        }}},
      {"GET /api/v1/radars/{id}/feedback",
       {K::kAdas,
        [](const Ids& i) { return Call{"GET", "/api/v1/radars/" + std::to_string(i.radar) + "/feedback"}; }}},
      {"POST /api/v1/radars/{id}/seeds",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/api/v1/radars/" + std::to_string(i.radar) + "/seeds",
                      nlohmann::json{{"ids", {i.paper}}}.dump()};
        }}},
      {"POST /api/v1/radars/{id}/seeds/import",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST",
                      "/api/v1/radars/" + std::to_string(i.radar) + "/seeds/import?format=bibtex",
                      ImportFile("zotero.bib")};
        }}},
      {"GET /api/v1/radars/{id}/briefings",
       {K::kAdas,
        [](const Ids& i) { return Call{"GET", "/api/v1/radars/" + std::to_string(i.radar) + "/briefings"}; }}},
      {"POST /api/v1/radars/{id}/briefings",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/api/v1/radars/" + std::to_string(i.radar) + "/briefings",
                      nlohmann::json{{"date", kDay}, {"extractive", true}}.dump()};
        }}},
      {"GET /api/v1/briefings/{id}",
       {K::kAdas,
        [](const Ids& i) { return Call{"GET", "/api/v1/briefings/" + std::to_string(i.briefing)}; }}},
      // Delivery (exports.cc, feeds.cc, digest.cc).
      {"GET /radars/{id}/export/{format}",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"GET", "/radars/" + std::to_string(i.radar) + "/export/bib?date=" + kDay};
        }}},
      {"GET /briefings/{id}/export/{format}",
       {K::kAdas,
        [](const Ids& i) { return Call{"GET", "/briefings/" + std::to_string(i.briefing) + "/export/ris"}; }}},
      {"GET /saved/export/{format}", {K::kOwn, [](const Ids&) { return Call{"GET", "/saved/export/json"}; }}},
      {"GET /radars/{id}/feed",
       {K::kAdas, [](const Ids& i) { return Call{"GET", "/radars/" + std::to_string(i.radar) + "/feed"}; }}},
      {"POST /radars/{id}/feed",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/radars/" + std::to_string(i.radar) + "/feed", "", {{"action", "rotate"}}};
        }}},
      {"GET /feeds.opml", {K::kOwn, [](const Ids&) { return Call{"GET", "/feeds.opml"}; }}},
      {"GET /feeds/radar/{file}",
       {K::kPublic, [](const Ids&) { return Call{"GET", "/feeds/radar/guessed-token.atom"}; }}},
      {"GET /feeds/category/{file}",
       {K::kPublic, [](const Ids&) { return Call{"GET", "/feeds/category/cs.AI.atom"}; }}},
      {"GET /feeds/source/{file}",
       {K::kPublic, [](const Ids&) { return Call{"GET", "/feeds/source/arxiv.atom"}; }}},
      {"GET /settings/digest", {K::kOwn, [](const Ids&) { return Call{"GET", "/settings/digest"}; }}},
      {"GET /settings/delivery", {K::kOwn, [](const Ids&) { return Call{"GET", "/settings/delivery"}; }}},
      {"POST /settings/delivery",
       {K::kOwn,
        [](const Ids&) {
          return Call{"POST", "/settings/delivery", "",
                      {{"enabled", "1"}, {"time", "06:00"}, {"time_zone", "UTC"}, {"email", "bob@example.org"},
                       {"frequency", "daily"}, {"empty", "skip"}, {"lang", "en"}}};
        }}},
      {"GET /api/v1/settings/delivery",
       {K::kOwn, [](const Ids&) { return Call{"GET", "/api/v1/settings/delivery"}; }}},
      {"PUT /api/v1/settings/delivery",
       {K::kOwn, [](const Ids&) { return Call{"PUT", "/api/v1/settings/delivery", R"({"time": "05:30"})"}; }}},
      // Webhooks (webhooks.cc): ada's radar and ada's webhook.
      {"POST /radars/{id}/webhooks",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/radars/" + std::to_string(i.radar) + "/webhooks", "",
                      {{"kind", "json"}, {"url", "https://93.184.215.14/bob"}}};
        }}},
      {"POST /radars/{id}/webhooks/{hook}/delete",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/radars/" + std::to_string(i.radar) + "/webhooks/" + i.hook + "/delete"};
        }}},
      {"POST /radars/{id}/webhooks/{hook}/test",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/radars/" + std::to_string(i.radar) + "/webhooks/" + i.hook + "/test"};
        }}},
      {"GET /api/v1/radars/{id}/webhooks",
       {K::kAdas,
        [](const Ids& i) { return Call{"GET", "/api/v1/radars/" + std::to_string(i.radar) + "/webhooks"}; }}},
      {"POST /api/v1/radars/{id}/webhooks",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/api/v1/radars/" + std::to_string(i.radar) + "/webhooks",
                      R"({"kind": "json", "url": "https://93.184.215.14/bob"})"};
        }}},
      {"DELETE /api/v1/radars/{id}/webhooks/{hook}",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"DELETE", "/api/v1/radars/" + std::to_string(i.radar) + "/webhooks/" + i.hook};
        }}},
      {"POST /api/v1/radars/{id}/webhooks/{hook}/test",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"POST", "/api/v1/radars/" + std::to_string(i.radar) + "/webhooks/" + i.hook + "/test"};
        }}},
      {"POST /settings/digest",
       {K::kOwn,
        [](const Ids&) {
          return Call{"POST", "/settings/digest", "",
                      {{"email", "bob@example.org"}, {"frequency", "daily"}, {"empty", "skip"}, {"lang", "en"}}};
        }}},
      {"GET /unsubscribe/{token}",
       {K::kPublic, [](const Ids&) { return Call{"GET", "/unsubscribe/ada.guessed"}; }}},
      {"POST /unsubscribe/{token}",
       {K::kPublic, [](const Ids&) { return Call{"POST", "/unsubscribe/ada.guessed"}; }}},
      {"GET /api/v1/radars/{id}/export/{format}",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"GET", "/api/v1/radars/" + std::to_string(i.radar) + "/export/ris?date=" + kDay};
        }}},
      {"GET /api/v1/briefings/{id}/export/{format}",
       {K::kAdas,
        [](const Ids& i) {
          return Call{"GET", "/api/v1/briefings/" + std::to_string(i.briefing) + "/export/json"};
        }}},
      {"GET /api/v1/saved/export/{format}",
       {K::kOwn, [](const Ids&) { return Call{"GET", "/api/v1/saved/export/bib"}; }}},
      {"GET /api/v1/radars/{id}/feed",
       {K::kAdas, [](const Ids& i) { return Call{"GET", "/api/v1/radars/" + std::to_string(i.radar) + "/feed"}; }}},
      {"POST /api/v1/radars/{id}/feed",
       {K::kAdas, [](const Ids& i) { return Call{"POST", "/api/v1/radars/" + std::to_string(i.radar) + "/feed"}; }}},
      {"DELETE /api/v1/radars/{id}/feed",
       {K::kAdas,
        [](const Ids& i) { return Call{"DELETE", "/api/v1/radars/" + std::to_string(i.radar) + "/feed"}; }}},
      {"GET /api/v1/me/digest", {K::kOwn, [](const Ids&) { return Call{"GET", "/api/v1/me/digest"}; }}},
      {"PATCH /api/v1/me/digest",
       {K::kOwn, [](const Ids&) { return Call{"PATCH", "/api/v1/me/digest", R"({"frequency": "weekly"})"}; }}},
  };
  return t;
}

class RouteSweepTest : public SecurityTest {
 protected:
  void SetUp() override {
    SecurityTest::SetUp();
    // Ada's things, each carrying the secret.
    ids_.radar = CreateRadar(ada_token_, {{"name", std::string("ada ") + kSecret},
                                          {"description",
                                           std::string("autonomous agents built on large language "
                                                       "models, planning and tool use ") + kSecret}});
    ASSERT_GT(ids_.radar, 0);
    // all=1: the papers below the relevance floor too (five papers are needed, not relevant ones).
    auto run = RunIds(ada_token_, ids_.radar, "date=" + std::string(kDay) + "&limit=5&all=1");
    ASSERT_EQ(run.size(), 5u);
    ids_.paper = run[0];
    const std::string a = "/api/v1/radars/" + std::to_string(ids_.radar);
    auto like = Api(ada_token_, "POST", a + "/feedback",
                    nlohmann::json{{"paper", run[1]}, {"action", "like"}}.dump());
    ASSERT_TRUE(like);
    ASSERT_EQ(like->status, 200) << like->body;
    auto brief = Api(ada_token_, "POST", a + "/briefings",
                     nlohmann::json{{"date", kDay}, {"extractive", true}}.dump());
    ASSERT_TRUE(brief);
    ASSERT_EQ(brief->status, 201) << brief->body;
    ids_.briefing = nlohmann::json::parse(brief->body)["id"];
    {
      auto s = library_->OpenSession();
      store::ApiToken t;
      t.user = "ada";
      t.label = std::string("ada ") + kSecret;
      t.token_hash = TokenDigest(RandomToken());
      auto id = s->users().CreateApiToken(t);
      ASSERT_TRUE(id);
      ids_.token = *id;
    }
    // A webhook of ada's radar, its URL carrying the secret (the list masks it).
    auto hook = Api(ada_token_, "POST", a + "/webhooks",
                    nlohmann::json{{"kind", "json"},
                                   {"url", std::string("https://93.184.215.14/") + kSecret}}
                        .dump());
    ASSERT_TRUE(hook);
    ASSERT_EQ(hook->status, 201) << hook->body;
    ids_.hook = nlohmann::json::parse(hook->body)["id"];
    before_ = StateOf("ada");
  }

  // `c` by a signed-in browser, with its token or with `csrf` when given.
  httplib::Result ByBrowser(Browser& b, const Call& c, const std::string* csrf = nullptr) {
    httplib::Headers h;
    if (csrf) h.emplace("X-CSRF-Token", *csrf);
    const bool with_csrf = csrf == nullptr;
    if (c.path.rfind("/api/", 0) == 0) return b.Json(c.method, c.path, c.body, with_csrf, h);
    if (c.method == "GET") return b.Get(c.path);
    if (c.multipart) {
      httplib::MultipartFormDataItems items{{"file", ImportFile("zotero.bib"), "zotero.bib", ""}};
      if (csrf) items.push_back({"csrf", *csrf, "", ""});
      return Multipart(b, c.path, items, with_csrf);
    }
    if (csrf) {
      httplib::Params form = c.form;
      form.emplace("csrf", *csrf);
      return b.PostForm(c.path, form, false);
    }
    return b.PostForm(c.path, c.form, true);
  }
  httplib::Result ByToken(const std::string& token, const Call& c) {
    if (c.path.rfind("/api/", 0) == 0 || c.method == "GET")
      return Api(token, c.method, c.path, c.body);
    httplib::Client cl("127.0.0.1", server_->port());
    cl.set_read_timeout(60, 0);
    httplib::Headers h{{"Authorization", "Bearer " + token}};
    if (c.multipart)
      return cl.Post(c.path.c_str(), h,
                     httplib::MultipartFormDataItems{{"file", ImportFile("zotero.bib"), "zotero.bib", ""}});
    return cl.Post(c.path.c_str(), h, c.form);
  }

  void ExpectNothingOfAdas(const httplib::Result& r, const std::string& what) {
    ASSERT_TRUE(r) << what;
    EXPECT_LT(r->status, 500) << what << ": " << r->body.substr(0, 300);
    EXPECT_EQ(r->body.find(kSecret), std::string::npos) << what << ": ada's text in the answer";
    EXPECT_EQ(StateOf("ada"), before_) << what << ": ada's things changed";
  }

  Ids ids_;
  nlohmann::json before_;
};

TEST_F(RouteSweepTest, EveryRouteHasAnEntryInTheAccessTable) {
  std::set<std::string> routes;
  for (const Route& r : Routes()) {
    routes.insert(Key(r));
    EXPECT_TRUE(Table().count(Key(r)))
        << "route " << Key(r) << " is not in tests/web/security_access_test.cc: decide what "
        << "another user may do with it and add it to Table()";
    const bool admin_route = r.access == Access::kAdmin;
    if (Table().count(Key(r))) {
      EXPECT_EQ(admin_route, Table().at(Key(r)).kind == Kind::kAdmin) << Key(r);
    }
    if (std::string(r.pattern).find("{id}") != std::string::npos && Table().count(Key(r))) {
      EXPECT_TRUE(Table().at(Key(r)).kind == Kind::kAdas) << Key(r) << " names a thing by id";
    }
  }
  for (const auto& [key, spec] : Table()) EXPECT_TRUE(routes.count(key)) << "stale entry " << key;
}

TEST_F(RouteSweepTest, AnotherUserReachesNothingOfAdasThroughAnyRoute) {
  int adas = 0;
  for (const Route& route : Routes()) {
    if (!Table().count(Key(route))) continue;
    const Spec& spec = Table().at(Key(route));
    const Call c = spec.make(ids_);
    const std::string what = Key(route) + " as " + c.method + " " + c.path;
    // A fresh session for every call: a sign-out ends only bob's own session.
    FreshRateLimits();
    Browser bob = SessionOf("bob");
    auto r = ByBrowser(bob, c);
    ExpectNothingOfAdas(r, "bob's browser: " + what);
    auto t = ByToken(bob_token_, c);
    ExpectNothingOfAdas(t, "bob's token: " + what);
    if (!r || !t) continue;
    switch (spec.kind) {
      case Kind::kAdas:
        ++adas;
        EXPECT_EQ(r->status, 404) << "bob's browser: " << what << ": " << r->body.substr(0, 200);
        EXPECT_EQ(t->status, 404) << "bob's token: " << what << ": " << t->body.substr(0, 200);
        break;
      case Kind::kAdmin:
        EXPECT_EQ(r->status, 403) << "bob's browser: " << what;
        EXPECT_EQ(t->status, 403) << "bob's token: " << what;
        break;
      case Kind::kOwn:
      case Kind::kPublic:
        break;
    }
  }
  EXPECT_GE(adas, 20);
  // An administrator is another user too: root's admin page does not reach ada's radar.
  Browser root = SessionOf("root");
  const Call make_public = Table().at("POST /admin").make(ids_);
  auto r = ByBrowser(root, make_public);
  ExpectNothingOfAdas(r, "root: POST /admin radar_public");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  for (const auto& [key, spec] : Table()) {
    if (spec.kind != Kind::kAdas) continue;
    const Call c = spec.make(ids_);
    FreshRateLimits();
    auto t = ByToken(root_token_, c);
    ExpectNothingOfAdas(t, "root's token: " + key);
    if (t) {
      EXPECT_EQ(t->status, 404) << "root's token: " << key;
    }
  }
  // Ada still has everything.
  auto own = Api(ada_token_, "GET", "/api/v1/briefings/" + std::to_string(ids_.briefing));
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200);
}

TEST_F(RouteSweepTest, EveryStateChangingRouteRefusesACookieWithoutItsOwnCsrfToken) {
  // root reaches every route (admin): a refusal can only be the CSRF check. Its
  // own things are named, so that the request would succeed with the token.
  const int64_t root_radar = AgentsRadar(root_token_, "root's");
  ASSERT_GT(root_radar, 0);
  Ids mine = ids_;
  mine.radar = root_radar;
  Browser ada = SessionOf("ada");
  const std::string adas_token = ada.Csrf();
  ASSERT_EQ(adas_token.size(), 43u);
  int changing = 0;
  for (const Route& route : Routes()) {
    if (std::string(route.method) == "GET" || !Table().count(Key(route))) continue;
    // The one-click unsubscribe (RFC 8058) is POSTed by mail clients without a cookie: its
    // credential is the token in its URL, it acts on no session (app.cc exempts it; tested in
    // delivery_feeds_test.cc: a wrong token is 404, a GET changes nothing).
    if (Key(route) == "POST /unsubscribe/{token}") continue;
    ++changing;
    const Call c = Table().at(Key(route)).make(mine);
    const nlohmann::json root_before = StateOf("root");
    for (int variant = 0; variant < 3; ++variant) {
      FreshRateLimits();
      Browser root = SessionOf("root");
      // A visitor's double-submit cookie, sent back as the token: not the session's.
      const std::string visitor_cookie = RandomToken();
      root.cookies()["ah_csrf"] = visitor_cookie;
      const std::string none, wrong = adas_token;
      const std::string* token = variant == 0 ? &none : variant == 1 ? &wrong : &visitor_cookie;
      const std::string what = Key(route) + (variant == 0   ? " without a token"
                                             : variant == 1 ? " with another session's token"
                                                            : " with the visitor cookie's token");
      auto r = ByBrowser(root, c, token);
      ASSERT_TRUE(r) << what;
      EXPECT_EQ(r->status, 403) << what << ": " << r->body.substr(0, 300);
      EXPECT_NE(r->body.find("CSRF"), std::string::npos) << what;
      EXPECT_EQ(StateOf("root"), root_before) << what << ": root's things changed";
      EXPECT_EQ(StateOf("ada"), before_) << what;
    }
  }
  EXPECT_GE(changing, 22);
  // Visitors' forms (sign-in, sign-up) check the double-submit cookie: a token
  // that is not the browser's own cookie is refused.
  for (const char* path : {"/login", "/register"}) {
    Browser visitor = NewBrowser();
    ASSERT_TRUE(visitor.Get("/login"));
    Browser other = NewBrowser();
    ASSERT_TRUE(other.Get("/login"));
    ASSERT_NE(visitor.Csrf(), other.Csrf());
    httplib::Params form{{"username", "mallory"}, {"password", "long enough pw"},
                         {"csrf", other.Csrf()}};
    auto r = visitor.PostForm(path, form, false);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << path;
    EXPECT_FALSE(visitor.cookies().count("ah_session")) << path;
  }
  auto s = library_->OpenSession();
  auto mallory = s->users().GetUser("mallory");
  ASSERT_TRUE(mallory);
  EXPECT_FALSE(mallory->has_value());
}

}  // namespace
}  // namespace ah::web::testing
