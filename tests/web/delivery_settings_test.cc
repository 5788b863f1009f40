// The delivery settings page (/settings/delivery) and its API
// (/api/v1/settings/delivery) over loopback HTTP: what the page writes is what
// the daemon's schedule reads (daemon::DeliveryPrefsOf) and what the digest
// reads (service::GetDigestSettings); an unknown time zone is a 400 naming it;
// /settings/digest redirects; links to feeds, webhooks and OPML; escaping;
// CSRF; another user's settings are never touched.
#include "service/delivery_settings.h"

#include "daemon/schedule.h"
#include "service/digest.h"
#include "service/radars.h"
#include "web_fixture.h"

namespace ah::web::testing {
namespace {

class DeliverySettingsWebTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    ingest_samples_ = false;
    StartServer();
    AddUser("alice", "alice-password");
    AddUser("bob", "bob-password");
    auto s = library_->OpenSession();
    service::RadarFields f;
    f.name = "lm <script>x</script>";
    f.description = "large language models";
    auto r = service::CreateRadar(s->store(), s->radars(), "alice", f, nullptr);
    ASSERT_TRUE(r) << r.error().ToString();
    radar_ = r->id;
  }
  std::string SettingsOf(const std::string& user) {
    auto s = library_->OpenSession();
    auto u = s->users().GetUser(user);
    return u && *u ? (*u)->settings_json : "";
  }
  httplib::Params Form() {
    return {{"enabled", "1"},
            {"time", "06:45"},
            {"time_zone", "Asia/Shanghai"},
            {"briefing", "1"},
            {"email", "a@example.org"},
            {"frequency", "weekly"},
            {"empty", "nothing_new"},
            {"lang", "zh"}};
  }
  int64_t radar_ = 0;
};

TEST_F(DeliverySettingsWebTest, ThePageWritesWhatTheDaemonAndTheDigestRead) {
  Browser alice = SignedIn("alice", "alice-password");
  auto page = alice.Get("/settings/delivery");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  // Never chosen: the script offers the browser's zone; common zones listed.
  EXPECT_TRUE(Has(page->body, "data-browser-zone"));
  EXPECT_TRUE(Has(page->body, "<option value=\"Europe/Berlin\">"));
  // Links: the radar's feed, webhooks and exports; the OPML list. Its name is text.
  const std::string feed = "/radars/" + std::to_string(radar_) + "/feed";
  EXPECT_TRUE(Has(page->body, feed + "#feed"));
  EXPECT_TRUE(Has(page->body, feed + "#webhooks"));
  EXPECT_TRUE(Has(page->body, feed + "#exports"));
  EXPECT_TRUE(Has(page->body, "href=\"/feeds.opml\""));
  EXPECT_FALSE(Has(page->body, "<script>x</script>"));

  auto saved = alice.PostForm("/settings/delivery", Form());
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 303) << saved->body;
  EXPECT_EQ(saved->get_header_value("Location"), "/settings/delivery?done=1");
  const std::string json = SettingsOf("alice");
  const daemon::DeliveryPrefs prefs = daemon::DeliveryPrefsOf(json);
  EXPECT_TRUE(prefs.enabled);
  EXPECT_EQ(prefs.minutes, 6 * 60 + 45);
  EXPECT_EQ(prefs.time_zone, "Asia/Shanghai");
  EXPECT_TRUE(prefs.briefing);
  {
    auto s = library_->OpenSession();
    auto d = service::GetDigestSettings(s->users(), "alice");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->email, "a@example.org");
    EXPECT_EQ(d->frequency, "weekly");
    EXPECT_EQ(d->empty, "nothing_new");
    EXPECT_EQ(d->lang, "zh");
    EXPECT_FALSE(d->unsubscribe.empty());
  }
  page = alice.Get("/settings/delivery?done=1");
  EXPECT_TRUE(Has(page->body, "value=\"06:45\""));
  EXPECT_TRUE(Has(page->body, "value=\"Asia/Shanghai\""));
  EXPECT_FALSE(Has(page->body, "data-browser-zone"));
  EXPECT_TRUE(Has(page->body, "Saved."));

  // Unchecked boxes turn deliveries and briefings off.
  auto form = Form();
  form.erase("enabled");
  form.erase("briefing");
  ASSERT_EQ(alice.PostForm("/settings/delivery", form)->status, 303);
  EXPECT_FALSE(daemon::DeliveryPrefsOf(SettingsOf("alice")).enabled);
  EXPECT_FALSE(daemon::DeliveryPrefsOf(SettingsOf("alice")).briefing);
  EXPECT_FALSE(Has(SettingsOf("bob"), "delivery"));  // nobody else's
}

TEST_F(DeliverySettingsWebTest, AnUnknownZoneIsAClearErrorAndNothingChanges) {
  Browser alice = SignedIn("alice", "alice-password");
  ASSERT_EQ(alice.PostForm("/settings/delivery", Form())->status, 303);
  const std::string before = SettingsOf("alice");
  auto form = Form();
  form.erase("time_zone");
  form.emplace("time_zone", "Mars/<b>Olympus</b>");
  auto r = alice.PostForm("/settings/delivery", form);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(Has(r->body, "time_zone: &#39;Mars/&lt;b&gt;Olympus&lt;/b&gt;&#39;") ||
              Has(r->body, "time_zone: &apos;Mars/&lt;b&gt;Olympus&lt;/b&gt;&apos;") ||
              Has(r->body, "time_zone: 'Mars/&lt;b&gt;Olympus&lt;/b&gt;'"))
      << r->body.substr(r->body.find("alert"), 300);
  EXPECT_FALSE(Has(r->body, "<b>Olympus"));
  EXPECT_EQ(SettingsOf("alice"), before);
  form = Form();
  form.erase("time");
  form.emplace("time", "25:61");
  r = alice.PostForm("/settings/delivery", form);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(Has(r->body, "time: "));
  EXPECT_EQ(SettingsOf("alice"), before);
  // Without the CSRF token: refused, nothing changes.
  form = Form();
  form.erase("time");
  form.emplace("time", "09:00");
  r = alice.PostForm("/settings/delivery", form, /*with_csrf=*/false);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(SettingsOf("alice"), before);
}

TEST_F(DeliverySettingsWebTest, TheOlderDigestPageRedirectsAndItsFormStillSaves) {
  Browser alice = SignedIn("alice", "alice-password");
  auto r = alice.Get("/settings/digest");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/settings/delivery#digest");
  ASSERT_EQ(alice.PostForm("/settings/delivery", Form())->status, 303);
  r = alice.PostForm(
      "/settings/digest",
      {{"email", "new@example.org"}, {"frequency", "daily"}, {"empty", "skip"}, {"lang", "en"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303) << r->body;
  const auto s = service::DeliverySettingsOf(SettingsOf("alice"));
  EXPECT_EQ(s.email, "new@example.org");
  EXPECT_EQ(s.time_zone, "Asia/Shanghai");  // the schedule is kept
  // The settings page links here (the radar page's links: webhooks_web_test.cc).
  auto settings = alice.Get("/settings");
  EXPECT_TRUE(Has(settings->body, "href=\"/settings/delivery\""));
}

TEST_F(DeliverySettingsWebTest, TheApiReadsAndWritesTheSameObject) {
  const std::string token = TokenOf("alice");
  httplib::Client api("127.0.0.1", server_->port());
  httplib::Headers auth{{"Authorization", "Bearer " + token}};
  auto got = api.Get("/api/v1/settings/delivery", auth);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->status, 200) << got->body;
  auto j = nlohmann::json::parse(got->body);
  EXPECT_EQ(j["time_zone"], "UTC");
  EXPECT_EQ(j["frequency"], "off");
  EXPECT_FALSE(j.contains("unsubscribe"));
  auto put = api.Put("/api/v1/settings/delivery", auth,
                     R"({"time": "21:15", "time_zone": "America/New_York", "enabled": false})",
                     "application/json");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  j = nlohmann::json::parse(put->body);
  EXPECT_EQ(j["time"], "21:15");
  EXPECT_EQ(j["enabled"], false);
  const auto prefs = daemon::DeliveryPrefsOf(SettingsOf("alice"));
  EXPECT_EQ(prefs.time_zone, "America/New_York");
  EXPECT_EQ(prefs.minutes, 21 * 60 + 15);
  EXPECT_FALSE(prefs.enabled);
  const std::string before = SettingsOf("alice");
  for (const char* bad : {R"({"time_zone": "Nowhere/Land"})", R"({"enabled": "yes"})",
                          R"({"colour": "red"})", R"({"time": 7})", R"([1])"}) {
    auto r = api.Put("/api/v1/settings/delivery", auth, bad, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad << " " << r->body;
    auto e = nlohmann::json::parse(r->body, nullptr, false);
    ASSERT_TRUE(e.is_object()) << r->body;
    EXPECT_EQ(e["error"]["code"], "invalid_argument") << r->body;
  }
  auto r = api.Put("/api/v1/settings/delivery", auth, R"({"time_zone": "Nowhere/Land"})",
                   "application/json");
  EXPECT_TRUE(Has(r->body, "Nowhere/Land"));
  EXPECT_EQ(SettingsOf("alice"), before);
  EXPECT_FALSE(Has(SettingsOf("bob"), "delivery"));
  // A browser without the CSRF header: 403.
  Browser alice = SignedIn("alice", "alice-password");
  auto no_csrf = alice.Json("PUT", "/api/v1/settings/delivery", R"({"time": "05:00"})", false);
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(SettingsOf("alice"), before);
}

TEST_F(DeliverySettingsWebTest, BothLanguages) {
  Browser alice = SignedIn("alice", "alice-password");
  auto zh = alice.Get("/settings/delivery?lang=zh");
  ASSERT_TRUE(zh);
  EXPECT_TRUE(Has(zh->body, "推送设置"));
  EXPECT_TRUE(Has(zh->body, "时区"));
  auto en = alice.Get("/settings/delivery?lang=en");
  EXPECT_TRUE(Has(en->body, "Time zone"));
}

}  // namespace
}  // namespace ah::web::testing
