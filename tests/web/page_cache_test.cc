// The visitors' page cache: one render when a page goes stale (the others get
// the stale page meanwhile), a key that covers everything the page echoes,
// and the cached page sent as it was rendered (gzip too).
#include <thread>

#include "web_fixture.h"

namespace ah::web::testing {
namespace {

CachedPage Page(const std::string& body) {
  return CachedPage{std::make_shared<const std::string>(body), nullptr};
}

TEST(PageCacheTest, FreshPageIsServed) {
  PageCache cache;
  EXPECT_FALSE(cache.Get("k", 1, std::chrono::seconds(60)));
  cache.Put("k", 1, Page("one"));
  auto hit = cache.Get("k", 1, std::chrono::seconds(60));
  ASSERT_TRUE(hit);
  EXPECT_EQ(*hit->body, "one");
}

// A new version (or an expired page): the first request renders it again, the
// ones arriving meanwhile get the page they would have got a moment earlier.
TEST(PageCacheTest, OneRequestRendersAStalePageAgain) {
  PageCache cache;
  cache.Put("k", 1, Page("one"));
  EXPECT_FALSE(cache.Get("k", 2, std::chrono::seconds(60))) << "the first renders";
  for (int i = 0; i < 10; ++i) {
    auto meanwhile = cache.Get("k", 2, std::chrono::seconds(60));
    ASSERT_TRUE(meanwhile) << "the others wait for no render";
    EXPECT_EQ(*meanwhile->body, "one");
  }
  cache.Put("k", 2, Page("two"));
  auto hit = cache.Get("k", 2, std::chrono::seconds(60));
  ASSERT_TRUE(hit);
  EXPECT_EQ(*hit->body, "two");
  // Expired by time, likewise.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(cache.Get("k", 2, std::chrono::milliseconds(1)));
  auto stale = cache.Get("k", 2, std::chrono::milliseconds(1));
  ASSERT_TRUE(stale);
  EXPECT_EQ(*stale->body, "two");
}

// A render that never Puts (it failed) does not keep the stale page forever.
TEST(PageCacheTest, AClaimToRenderLapses) {
  PageCache cache(256, std::chrono::milliseconds(0));
  cache.Put("k", 1, Page("one"));
  EXPECT_FALSE(cache.Get("k", 2, std::chrono::seconds(60)));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_FALSE(cache.Get("k", 2, std::chrono::seconds(60))) << "another request renders";
}

class HomeCacheTest : public WebTest {};

// The page echoes its address (language switch, sign-in's return link): a
// visitor's unknown query parameter must not end up in the page other
// visitors get from the cache.
TEST_F(HomeCacheTest, AVisitorsAddressDoesNotReachOthersPages) {
  StartServer();
  Browser first = NewBrowser();
  auto poisoned = first.Get("/?utm_source=marker7781");
  ASSERT_TRUE(poisoned);
  ASSERT_EQ(poisoned->status, 200);
  EXPECT_NE(poisoned->body.find("marker7781"), std::string::npos);  // its own links keep it
  Browser second = NewBrowser();
  auto page = second.Get("/");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->body.find("marker7781"), std::string::npos);
  // The language given in the address is the page's own too.
  auto zh = NewBrowser().Get("/?lang=zh");
  ASSERT_TRUE(zh);
  auto zh_cookie = NewBrowser().Get("/", {{"Cookie", "lang=zh"}});
  ASSERT_TRUE(zh_cookie);
  EXPECT_NE(zh->body.find("next=%2F%3Flang%3Dzh"), std::string::npos);
  EXPECT_EQ(zh_cookie->body.find("lang%3Dzh"), std::string::npos);
}

// The cached page, as sent: the same bytes to every visitor, plain or gzip
// (made once), with Vary naming Accept-Encoding for caches on the way.
TEST_F(HomeCacheTest, CachedPageIsSentPlainOrGzip) {
  StartServer();
  auto plain = NewBrowser().Get("/");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  auto again = NewBrowser().Get("/");  // from the cache
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, plain->body);
  EXPECT_EQ(again->get_header_value("Content-Length"), std::to_string(plain->body.size()));
  EXPECT_EQ(again->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(again->get_header_value("Vary").find("Accept-Encoding"), std::string::npos);
  for (int i = 0; i < 2; ++i) {  // rendered, then cached
    auto z = NewBrowser().Get("/?date=", {{"Accept-Encoding", "gzip"}});
    ASSERT_TRUE(z);
    EXPECT_EQ(z->get_header_value("Content-Encoding"), "gzip");
    EXPECT_GT(z->body.size(), 10000u);  // httplib's client inflated it
    EXPECT_NE(z->body.find("<article class=\"card\""), std::string::npos);
  }
  auto head = NewBrowser().client().Head("/");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(plain->body.size()));
}

}  // namespace
}  // namespace ah::web::testing
