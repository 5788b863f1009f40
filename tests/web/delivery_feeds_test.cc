// Delivery over loopback HTTP: the radar feed page (create, rotate, revoke the
// secret feed address), the Atom feeds themselves (radar by token, category,
// source), the OPML list, the feed API, digest settings and the one-click
// unsubscribe; another user's radar is 404 and nothing changes; CSRF; bad input.
#include <pugixml.hpp>

#include "service/digest.h"
#include "service/radars.h"
#include "web_fixture.h"

namespace ah::web::testing {
namespace {

class DeliveryFeedsTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    StartServer();
    AddUser("alice", "alice-password");
    AddUser("bob", "bob-password");
    auto s = library_->OpenSession();
    service::RadarFields f;
    f.name = "lm <script>x</script>";
    f.description = "large language models, reasoning and retrieval";
    // Keywords that the library's latest week matches, so that papers pass the relevance floor
    // and the feed has entries (a description alone passes none in this small library).
    f.query = "src:medrxiv OR language";
    auto r = service::CreateRadar(s->store(), s->radars(), "alice", f, nullptr);
    ASSERT_TRUE(r) << r.error().ToString();
    radar_ = r->id;
  }

  std::optional<store::FeedToken> Token() {
    auto s = library_->OpenSession();
    auto t = s->store().delivery_store()->GetFeedToken("alice", radar_);
    EXPECT_TRUE(t);
    return t ? *t : std::nullopt;
  }

  std::string FeedPage() { return "/radars/" + std::to_string(radar_) + "/feed"; }
  int64_t radar_ = 0;
};

TEST_F(DeliveryFeedsTest, RadarFeedCreatedRotatedRevokedFromItsPage) {
  Browser alice = SignedIn("alice", "alice-password");
  auto page = alice.Get(FeedPage());
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_FALSE(Has(page->body, "<script>x</script>"));  // the radar's name is text
  EXPECT_TRUE(Has(page->body, "&lt;script&gt;"));
  EXPECT_FALSE(Token());
  auto made = alice.PostForm(FeedPage(), {{"action", "rotate"}});
  ASSERT_TRUE(made);
  EXPECT_EQ(made->status, 303);
  auto t1 = Token();
  ASSERT_TRUE(t1);
  page = alice.Get(FeedPage());
  EXPECT_TRUE(Has(page->body, "/feeds/radar/" + t1->token + ".atom"));

  // Anyone with the address reads the feed; no cookie needed.
  Browser reader = NewBrowser();
  auto feed = reader.Get("/feeds/radar/" + t1->token + ".atom");
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->status, 200) << feed->body;
  EXPECT_TRUE(Has(feed->get_header_value("Content-Type"), "application/atom+xml"));
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(feed->body.c_str()));
  EXPECT_STREQ(doc.child("feed").attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
  EXPECT_TRUE(doc.child("feed").child("entry"));
  EXPECT_FALSE(Has(feed->body, "<script>x</script>"));

  // Rotate: the old address is 404.
  ASSERT_EQ(alice.PostForm(FeedPage(), {{"action", "rotate"}})->status, 303);
  auto t2 = Token();
  ASSERT_TRUE(t2);
  EXPECT_NE(t2->token, t1->token);
  EXPECT_EQ(reader.Get("/feeds/radar/" + t1->token + ".atom")->status, 404);
  EXPECT_EQ(reader.Get("/feeds/radar/" + t2->token + ".atom")->status, 200);
  // The OPML list names it.
  auto opml = alice.Get("/feeds.opml");
  ASSERT_TRUE(opml);
  EXPECT_EQ(opml->status, 200);
  EXPECT_TRUE(Has(opml->body, "/feeds/radar/" + t2->token + ".atom"));
  // Revoke.
  ASSERT_EQ(alice.PostForm(FeedPage(), {{"action", "revoke"}})->status, 303);
  EXPECT_FALSE(Token());
  EXPECT_EQ(reader.Get("/feeds/radar/" + t2->token + ".atom")->status, 404);
  EXPECT_EQ(reader.Get("/feeds/radar/nonsense.atom")->status, 404);
}

TEST_F(DeliveryFeedsTest, AnotherUserGets404AndNothingChanges) {
  Browser alice = SignedIn("alice", "alice-password");
  ASSERT_EQ(alice.PostForm(FeedPage(), {{"action", "rotate"}})->status, 303);
  const auto before = Token();
  ASSERT_TRUE(before);
  Browser bob = SignedIn("bob", "bob-password");
  auto page = bob.Get(FeedPage());
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_FALSE(Has(page->body, before->token));
  EXPECT_EQ(bob.PostForm(FeedPage(), {{"action", "rotate"}})->status, 404);
  EXPECT_EQ(bob.PostForm(FeedPage(), {{"action", "revoke"}})->status, 404);
  auto opml = bob.Get("/feeds.opml");
  EXPECT_FALSE(Has(opml->body, before->token));
  const std::string bob_token = TokenOf("bob");
  Browser script = NewBrowser();
  const std::string api = "/api/v1/radars/" + std::to_string(radar_) + "/feed";
  EXPECT_EQ(script.Get(api, {{"Authorization", "Bearer " + bob_token}})->status, 404);
  EXPECT_EQ(
      script.client()
          .Post(api.c_str(), {{"Authorization", "Bearer " + bob_token}}, "", "application/json")
          ->status,
      404);
  EXPECT_EQ(script.client().Delete(api.c_str(), {{"Authorization", "Bearer " + bob_token}})->status,
            404);
  EXPECT_EQ(Token()->token, before->token);
}

TEST_F(DeliveryFeedsTest, CsrfAndBadInput) {
  Browser alice = SignedIn("alice", "alice-password");
  auto no_csrf = alice.PostForm(FeedPage(), {{"action", "rotate"}}, false);
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_FALSE(Token());
  auto bad = alice.PostForm(FeedPage(), {{"action", "explode"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Has(bad->body, "action"));
  auto digest = alice.Json("PATCH", "/api/v1/me/digest", R"({"frequency":"hourly"})");
  ASSERT_TRUE(digest);
  EXPECT_EQ(digest->status, 400);
  EXPECT_TRUE(Has(digest->body, "frequency"));
  auto no_csrf_api = alice.Json("PATCH", "/api/v1/me/digest", R"({"frequency":"daily"})", false);
  EXPECT_EQ(no_csrf_api->status, 403);
}

TEST_F(DeliveryFeedsTest, FeedApiCategoryAndSourceFeeds) {
  const std::string token = TokenOf("alice");
  Browser script = NewBrowser();
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  const std::string api = "/api/v1/radars/" + std::to_string(radar_) + "/feed";
  auto none = script.Get(api, auth);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 200);
  EXPECT_TRUE(Has(none->body, "\"url\":null"));
  auto made = script.client().Post(api.c_str(), auth, "", "application/json");
  ASSERT_TRUE(made);
  EXPECT_EQ(made->status, 201);
  EXPECT_TRUE(Has(made->body, "/feeds/radar/" + Token()->token + ".atom"));
  auto gone = script.client().Delete(api.c_str(), auth);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 204);
  EXPECT_FALSE(Token());

  Browser visitor = NewBrowser();
  auto cat = visitor.Get("/feeds/category/cs.CL.atom");
  ASSERT_TRUE(cat);
  ASSERT_EQ(cat->status, 200) << cat->body;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(cat->body.c_str()));
  EXPECT_TRUE(doc.child("feed").child("entry"));
  EXPECT_EQ(visitor.Get("/feeds/category/zz.NOPE.atom")->status, 404);
  EXPECT_EQ(visitor.Get("/feeds/category/cs.CL")->status, 404);
  auto src = visitor.Get("/feeds/source/arxiv.atom");
  ASSERT_TRUE(src);
  EXPECT_EQ(src->status, 200);
}

TEST_F(DeliveryFeedsTest, DigestSettingsAndOneClickUnsubscribe) {
  Browser alice = SignedIn("alice", "alice-password");
  auto set =
      alice.Json("PATCH", "/api/v1/me/digest",
                 R"({"email":"alice@example.org","frequency":"daily","empty":"nothing_new"})");
  ASSERT_TRUE(set);
  ASSERT_EQ(set->status, 200) << set->body;
  std::string token;
  {
    auto s = library_->OpenSession();
    auto ds = service::GetDigestSettings(s->users(), "alice");
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->frequency, "daily");
    token = ds->unsubscribe;
  }
  ASSERT_FALSE(token.empty());
  auto page = alice.Get("/settings/delivery");  // /settings/digest redirects there
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "alice@example.org"));
  // A mail client's one-click POST: no cookie, no CSRF token.
  httplib::Client mail("127.0.0.1", server_->port());
  auto wrong = mail.Post("/unsubscribe/alice.wrong", "List-Unsubscribe=One-Click",
                         "application/x-www-form-urlencoded");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 404);
  auto form = mail.Get(("/unsubscribe/" + token).c_str());
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  {
    auto s = library_->OpenSession();
    EXPECT_EQ(service::GetDigestSettings(s->users(), "alice")->frequency,
              "daily");  // GET changes nothing
  }
  auto done = mail.Post(("/unsubscribe/" + token).c_str(), "List-Unsubscribe=One-Click",
                        "application/x-www-form-urlencoded");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200) << done->body;
  auto s = library_->OpenSession();
  EXPECT_EQ(service::GetDigestSettings(s->users(), "alice")->frequency, "off");
}

}  // namespace
}  // namespace ah::web::testing
