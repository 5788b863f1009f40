// Error bodies, truncated and wrongly typed input, and the journal source's requests.
#include <gtest/gtest.h>

#include <string>

#include "sources/crossref/crossref.h"
#include "testing.h"

namespace ah::sources::crossref {
namespace {

ParseContext Ctx() {
  ParseContext ctx;
  ctx.origin = "https://api.crossref.org/journals/0028-0836/works";
  return ctx;
}

bool Mentions(const Error& e, const std::string& what) {
  return e.message.find(what) != std::string::npos;
}

TEST(CrossrefErrors, PlainTextNotFoundIsParseErrorWithServerText) {
  auto page = ParseCrossref("Resource not found.", Ctx());
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, Code::kParse);
  EXPECT_TRUE(Mentions(page.error(), Ctx().origin)) << page.error().message;
  EXPECT_TRUE(Mentions(page.error(), "byte 0")) << page.error().message;
  EXPECT_TRUE(Mentions(page.error(), "Resource not found.")) << page.error().message;
}

TEST(CrossrefErrors, ValidationFailureIsInvalidArgumentWithMessages) {
  const std::string body =
      R"({"status":"failed","message-type":"validation-failure","message":[{"type":"parameter-not-allowed","value":"foo","message":"This route does not support foo"},{"type":"cursor","value":"x","message":"Cursor must be * or a valid cursor"}]})";
  auto page = ParseCrossref(body, Ctx());
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, Code::kInvalidArgument);
  EXPECT_TRUE(Mentions(page.error(), "validation-failure"));
  EXPECT_TRUE(Mentions(page.error(), "This route does not support foo"));
  EXPECT_TRUE(Mentions(page.error(), "Cursor must be * or a valid cursor"));
  EXPECT_TRUE(Mentions(page.error(), Ctx().origin));
}

TEST(CrossrefErrors, TruncatedJsonNamesByteOffset) {
  std::string body = ::ah::testing::ReadData("crossref/crossref_work_single_doi.json");
  body.resize(5000);
  auto page = ParseCrossref(body, Ctx());
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, Code::kParse);
  // The string cut at the end opens at byte 4996; never an offset at or past the end (5000).
  EXPECT_EQ(page.error().message,
            Ctx().origin +
                ": line 1, column 4997 (byte 4996): truncated JSON: the string opened here is not "
                "closed before the end of the text (5000 bytes)");
}

TEST(CrossrefErrors, HtmlPageEmptyBodyAndNonObjects) {
  auto html = ParseCrossref("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", Ctx());
  ASSERT_FALSE(html.has_value());
  EXPECT_EQ(html.error().code, Code::kParse);
  EXPECT_TRUE(Mentions(html.error(), "502 Bad Gateway"));
  for (const char* body : {"", "   \n", "[1,2]", "42", "null", "{}", R"({"status":"ok"})",
                           R"({"status":"ok","message-type":"work-list","message":{"items":7}})",
                           R"({"status":"ok","message-type":"member","message":{}})"}) {
    auto page = ParseCrossref(body, Ctx());
    EXPECT_FALSE(page.has_value()) << body;
    if (!page) {
      EXPECT_TRUE(Mentions(page.error(), Ctx().origin)) << page.error().message;
    }
  }
}

TEST(CrossrefErrors, WrongTypesInsideItemsAreTolerated) {
  const std::string body = R"({"status":"ok","message-type":"work-list","message":{
    "total-results":"many","next-cursor":17,
    "items":[
      "not an object",
      {"DOI":12345,"title":["x"]},
      {"DOI":"10.1000/a","title":"Bare string title","author":{"given":"x"},"ISSN":[1234,null,"0028-0836"],
       "volume":7,"issue":null,"page":["1-2"],"published-print":{"date-parts":[[null]]},
       "issued":{"date-parts":[["2019","4"]]},"license":[{"URL":5},{"URL":"http://l"}],
       "container-title":[null,"Nature"],"subject":[1,"Physics"],"abstract":["no"],
       "relation":{"is-preprint-of":"x"}},
      {"DOI":"10.1000/b","title":[{"x":1}]},
      {"DOI":"10.1000/c","title":["Authors"],"author":[null,7,{"family":"Solo"},{"name":"The Consortium"},
        {"given":"Only","ORCID":"http://orcid.org/0000-0002-1825-009x","affiliation":"x"}],
       "published-online":{"date-parts":[[2020,2,30]]},"published-print":{"date-parts":[[2020,13]]}}
    ]}})";
  auto page = ParseCrossref(body, Ctx());
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  EXPECT_EQ(page->total, -1);
  EXPECT_TRUE(page->next_cursor.has_value() == false);  // a number is not a cursor
  ASSERT_EQ(page->papers.size(), 2u);
  ASSERT_EQ(page->rejected.size(), 3u);
  EXPECT_TRUE(Mentions(page->rejected[0], "item 0"));
  EXPECT_TRUE(Mentions(page->rejected[1], "item 1"));
  EXPECT_TRUE(Mentions(page->rejected[2], "item 3"));

  const Paper& a = page->papers[0];
  EXPECT_EQ(a.title, "Bare string title");
  EXPECT_TRUE(a.authors.empty());
  EXPECT_EQ(a.issns, (std::vector<std::string>{"0028-0836"}));
  EXPECT_EQ(a.volume, "7");
  EXPECT_EQ(a.pages, "");
  EXPECT_EQ(a.published, "2019-04-01");  // print [[null]] ignored, issued as strings
  EXPECT_EQ(a.license, "http://l");
  EXPECT_EQ(a.journal, "Nature");
  EXPECT_EQ(a.categories, (std::vector<std::string>{"Physics"}));
  EXPECT_TRUE(a.abstract.empty());

  const Paper& c = page->papers[1];
  ASSERT_EQ(c.authors.size(), 3u);
  EXPECT_EQ(c.authors[0].name, "Solo");
  EXPECT_EQ(c.authors[1].name, "The Consortium");
  EXPECT_EQ(c.authors[2].name, "Only");
  EXPECT_EQ(c.authors[2].orcid, "0000-0002-1825-009X");
  EXPECT_EQ(c.published, "");  // both dates impossible
}

TEST(CrossrefErrors, DeeplyNestedJsonIsRejectedWithItsPositionNotAStackOverflow) {
  const std::string prefix =
      R"({"status":"ok","message-type":"work","message":{"DOI":"10.1000/x","title":["t"],"x":)";
  const std::string body = prefix + std::string(100000, '[') + std::string(100000, ']') + "}}";
  auto page = ParseCrossref(body, Ctx());
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, Code::kParse);
  // Depth 2 at the prefix's end: the 127th '[' after it is the first past the limit of 128.
  const size_t at = prefix.size() + 126;
  EXPECT_TRUE(Mentions(page.error(), Ctx().origin + ": line 1, column " + std::to_string(at + 1) +
                                         " (byte " + std::to_string(at) +
                                         "): JSON nested deeper than 128"))
      << page.error().message;
  // The error object of the issue ({"error":[[[...]]]}, ~120 KB), and a bare [[[...]]].
  for (const std::string& deep :
       {"{\"error\":" + std::string(60000, '[') + std::string(60000, ']') + "}",
        std::string(60000, '[') + std::string(60000, ']')}) {
    auto p = ParseCrossref(deep, Ctx());
    ASSERT_FALSE(p.has_value());
    EXPECT_TRUE(Mentions(p.error(), "nested deeper than 128")) << p.error().message;
  }
}

TEST(CrossrefErrors, EmptyItemsPageEndsTheCursorChain) {
  const std::string body =
      R"({"status":"ok","message-type":"work-list","message":{"total-results":10,"items":[],"next-cursor":"AoJ/abc=="}})";
  auto page = ParseCrossref(body, Ctx());
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(page->papers.empty());
  EXPECT_FALSE(page->next_cursor.has_value());
  EXPECT_EQ(page->total, 10);
}

TEST(CrossrefErrors, ListingUsesContextSourceAndChannelFallbacks) {
  const std::string body = R"({"status":"ok","message-type":"work","message":{
    "DOI":"10.1000/x","title":["T"],"issued":{"date-parts":[[2021]]}}})";
  ParseContext ctx = Ctx();
  ctx.source = "nature";
  ctx.channel = "0028-0836";
  auto page = ParseCrossref(body, ctx);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->papers[0].listings[0],
            (Listing{"nature", "2021-01-01", "published", "0028-0836"}));
}

// ---- CrossrefJournalSource ----

TEST(CrossrefSource, BuildsFirstPageRequestWithFilterCursorAndMailto) {
  CrossrefJournalSource src("0028-0836");
  EXPECT_EQ(src.name(), "crossref:0028-0836");
  EXPECT_EQ(src.listing_source(), "crossref");
  EXPECT_EQ(src.format(), Format::kCrossref);
  EXPECT_TRUE(src.resumable());
  FetchParams params;
  params.since = "2026-06-01";
  params.until = "2026-06-07";
  params.contact = "me+ah@example.org";
  params.page_size = 50;
  auto req = src.BuildRequest("", params);
  ASSERT_TRUE(req.has_value()) << req.error().ToString();
  EXPECT_EQ(req->url,
            "https://api.crossref.org/journals/0028-0836/works?filter=from-index-date:2026-06-01,"
            "until-index-date:2026-06-07&rows=50&cursor=%2A&mailto=me%2Bah%40example.org"
            "&select=DOI,title,subtitle,author,abstract,container-title,ISSN,volume,issue,page,"
            "publisher,license,URL,type,published-print,published-online,issued,posted,relation,"
            "subject,group-title");
  EXPECT_EQ(req->method, "GET");
}

TEST(CrossrefSource, NextPageEncodesCursorAndCapsRows) {
  CrossrefJournalSource src("0028-0836");
  FetchParams params;
  params.page_size = 5000;
  auto req = src.BuildRequest("DnF1+ZX/J5==", params);
  ASSERT_TRUE(req.has_value());
  EXPECT_NE(req->url.find("?rows=1000&"), std::string::npos) << req->url;
  EXPECT_NE(req->url.find("&cursor=DnF1%2BZX%2FJ5%3D%3D&"), std::string::npos) << req->url;
  EXPECT_EQ(req->url.find("filter="), std::string::npos);  // no window: whole journal
  EXPECT_EQ(req->url.find("mailto="), std::string::npos);
  EXPECT_NE(req->url.find("rows=1000"), std::string::npos);
}

TEST(CrossrefSource, RejectsBadDates) {
  CrossrefJournalSource src("0028-0836");
  FetchParams params;
  params.since = "June 2026";
  auto req = src.BuildRequest("", params);
  ASSERT_FALSE(req.has_value());
  EXPECT_EQ(req.error().code, Code::kInvalidArgument);
}

TEST(CrossrefSource, ParseDelegatesToParser) {
  CrossrefJournalSource src("2167-8359");
  ParseContext ctx;
  auto page = src.Parse(
      ::ah::testing::ReadData("crossref/crossref_journal_2167-8359_works_query_ecology.json"), ctx);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->papers.size(), 20u);
}

TEST(CrossrefSource, FactoryAcceptsIssnSpecsOnly) {
  auto src = MakeCrossrefSource("crossref:1476-4687");
  ASSERT_NE(src, nullptr);
  EXPECT_EQ(src->name(), "crossref:1476-4687");
  auto x = MakeCrossrefSource("crossref:1399543x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->name(), "crossref:1399-543X");
  EXPECT_EQ(MakeCrossrefSource("crossref:"), nullptr);
  EXPECT_EQ(MakeCrossrefSource("crossref:nature"), nullptr);
  EXPECT_EQ(MakeCrossrefSource("pubmed:1476-4687"), nullptr);
  EXPECT_EQ(MakeCrossrefSource("1476-4687"), nullptr);
}

}  // namespace
}  // namespace ah::sources::crossref
