// esearch parsing, efetch cursors and the two-stage PubmedSource.
#include <gtest/gtest.h>

#include <string>

#include "sources/pubmed/pubmed.h"
#include "testing.h"

namespace ah::sources::pubmed {
namespace {

using ::ah::testing::ReadData;

ParseContext Ctx(const std::string& origin) {
  ParseContext ctx;
  ctx.origin = origin;
  return ctx;
}

ParsedPage MustParse(const std::string& file) {
  auto page = ParsePubmedEsearch(ReadData("pubmed/" + file), Ctx(file));
  EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().ToString());
  return page ? *page : ParsedPage{};
}

TEST(PubmedEsearch, XmlIdsAndCount) {
  ParsedPage page = MustParse("pubmed_esearch_1.xml");
  EXPECT_EQ(page.total, 63);
  ASSERT_EQ(page.ids.size(), 20u);
  EXPECT_EQ(page.ids.front(), "41282813");
  EXPECT_EQ(page.ids.back(), "37810457");
  EXPECT_TRUE(page.papers.empty());
  EXPECT_FALSE(page.next_cursor.has_value());  // no usehistory
}

TEST(PubmedEsearch, UsehistoryGivesTheFirstEfetchCursor) {
  ParsedPage page = MustParse("pubmed_esearch_usehistory.xml");
  EXPECT_EQ(page.total, 42249);
  ASSERT_EQ(page.ids.size(), 100u);
  EXPECT_EQ(page.ids[0], "41297076");
  ASSERT_TRUE(page.next_cursor.has_value());
  EXPECT_EQ(*page.next_cursor, "efetch|MCID_6927d6e7fee3e90f880ec190|1|0|42249");
  auto c = DecodeEfetchCursor(*page.next_cursor);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->webenv, "MCID_6927d6e7fee3e90f880ec190");
  EXPECT_EQ(c->query_key, "1");
  EXPECT_EQ(c->retstart, 0);
  EXPECT_EQ(c->count, 42249);
}

TEST(PubmedEsearch, JsonDateRange) {
  ParsedPage page = MustParse("pubmed_esearch_json_date_range.json");
  EXPECT_EQ(page.total, 32);
  ASSERT_EQ(page.ids.size(), 32u);
  EXPECT_EQ(page.ids[0], "42531649");
  EXPECT_EQ(page.ids[31], "42469239");
  EXPECT_FALSE(page.next_cursor.has_value());
}

TEST(PubmedEsearch, LargeJsonIdList) {
  ParsedPage page = MustParse("pubmed_esearch_large_json.json");
  EXPECT_EQ(page.total, 114439);
  ASSERT_EQ(page.ids.size(), 114439u);
  EXPECT_EQ(page.ids[0], "35443086");
  EXPECT_EQ(page.ids.back(), "24547134");
  EXPECT_TRUE(page.rejected.empty());
}

TEST(PubmedEsearch, JsonWithHistory) {
  auto page = ParsePubmedEsearch(
      R"({"header":{"type":"esearch"},"esearchresult":{"count":"3","retmax":"0","retstart":"0",
          "querykey":"1","webenv":"MCID_abc","idlist":["1", 2, "x"]}})",
      Ctx("u"));
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  EXPECT_EQ(page->total, 3);
  EXPECT_EQ(page->ids, (std::vector<std::string>{"1", "2"}));
  ASSERT_EQ(page->rejected.size(), 1u);
  EXPECT_NE(page->rejected[0].message.find("u: id 2"), std::string::npos);
  EXPECT_EQ(page->next_cursor.value_or(""), "efetch|MCID_abc|1|0|3");
}

TEST(PubmedEsearch, ZeroCountHasNoCursor) {
  auto page = ParsePubmedEsearch(
      "<eSearchResult><Count>0</Count><RetMax>0</RetMax><RetStart>0</RetStart><QueryKey>1</"
      "QueryKey>"
      "<WebEnv>MCID_x</WebEnv><IdList/><ErrorList><PhraseNotFound>zzz</PhraseNotFound></ErrorList>"
      "</eSearchResult>",
      Ctx("u"));
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->total, 0);
  EXPECT_FALSE(page->next_cursor.has_value());
}

TEST(PubmedEsearch, ErrorsAndOtherDocuments) {
  auto xml_err =
      ParsePubmedEsearch("<eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>", Ctx("u"));
  ASSERT_FALSE(xml_err.has_value());
  EXPECT_EQ(xml_err.error().code, Code::kInvalidArgument);
  EXPECT_NE(xml_err.error().message.find("Invalid query"), std::string::npos);

  auto json_err =
      ParsePubmedEsearch(R"({"esearchresult":{"ERROR":"Search Backend failed"}})", Ctx("u"));
  ASSERT_FALSE(json_err.has_value());
  EXPECT_EQ(json_err.error().code, Code::kInvalidArgument);
  EXPECT_NE(json_err.error().message.find("Search Backend failed"), std::string::npos);

  auto rate = ParsePubmedEsearch(
      R"({"error":"API rate limit exceeded","api-key":"1.2.3.4","count":"11","limit":"10"})",
      Ctx("u"));
  ASSERT_FALSE(rate.has_value());
  EXPECT_EQ(rate.error().code, Code::kUnavailable);

  for (const char* file : {"pubmed_elink_related_pmids.xml", "pubmed_esummary_v1.xml",
                           "pubmed_efetch_compact_1.xml"}) {
    auto page = ParsePubmedEsearch(ReadData(std::string("pubmed/") + file), Ctx(file));
    ASSERT_FALSE(page.has_value()) << file;
    EXPECT_EQ(page.error().code, Code::kParse);
    EXPECT_NE(page.error().message.find("expected an eSearchResult"), std::string::npos);
  }
  for (const char* body : {"", "<html><body>down</body></html>", "{\"esearchresult\":", "[]",
                           "{\"esearchresult\":{\"count\":\"many\"}}", "<eSearchResult/>",
                           "<eSearchResult><Count>-4</Count></eSearchResult>"}) {
    auto page = ParsePubmedEsearch(body, Ctx("origin-x"));
    ASSERT_FALSE(page.has_value()) << body;
    EXPECT_EQ(page.error().code, Code::kParse) << body;
    EXPECT_NE(page.error().message.find("origin-x"), std::string::npos);
  }
  auto truncated =
      ParsePubmedEsearch("{\"esearchresult\":{\"count\":\"3\",\"idlist\":[\"1\",", Ctx("o"));
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().message,
            "o: line 1, column 40 (byte 39): truncated JSON: the array opened here is not closed "
            "before the end of the text (44 bytes)");
}

TEST(PubmedEsearch, DeeplyNestedJsonIsRejectedWithItsPositionNotAStackOverflow) {
  for (const std::string& deep :
       {"{\"error\":" + std::string(60000, '[') + std::string(60000, ']') + "}",
        "{\"esearchresult\":{\"count\":\"1\",\"idlist\":" + std::string(100000, '[') +
            std::string(100000, ']') + "}}"}) {
    auto page = ParsePubmedEsearch(deep, Ctx("deep.json"));
    ASSERT_FALSE(page.has_value());
    EXPECT_EQ(page.error().code, Code::kParse);
    EXPECT_NE(page.error().message.find("deep.json: line 1, column "), std::string::npos)
        << page.error().message;
    EXPECT_NE(page.error().message.find("JSON nested deeper than 128"), std::string::npos)
        << page.error().message;
  }
}

TEST(PubmedCursor, EncodeDecodeRoundTripAndRejectsJunk) {
  EfetchCursor c{"MCID_1", "7", 400, 1234};
  EXPECT_EQ(EncodeEfetchCursor(c), "efetch|MCID_1|7|400|1234");
  auto d = DecodeEfetchCursor("efetch|MCID_1|7|400|1234");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->retstart, 400);
  EXPECT_EQ(d->count, 1234);
  EXPECT_EQ(DecodeEfetchCursor("efetch|W|1|0|-1")->count, -1);
  for (const char* bad : {"", "efetch", "efetch|W|1|0", "efetch|W|1|0|5|6", "efetch||1|0|5",
                          "efetch|W||0|5", "efetch|W|1|x|5", "efetch|W|1|0|", "esearch|W|1|0|5",
                          "efetch|W W|1|0|5", "efetch|W|1|-3|5"}) {
    EXPECT_FALSE(DecodeEfetchCursor(bad).has_value()) << bad;
  }
}

// ---- PubmedSource ----

TEST(PubmedSource, FirstRequestIsEsearchWithHistoryAndEdatWindow) {
  PubmedSource src("cancer[MeSH] AND nature[ta]");
  EXPECT_EQ(src.name(), "pubmed:cancer[MeSH] AND nature[ta]");
  EXPECT_EQ(src.listing_source(), "pubmed");
  EXPECT_EQ(src.format(), Format::kPubmed);
  EXPECT_TRUE(src.resumable());
  FetchParams params;
  params.since = "2026-06-01";
  params.until = "2026-06-07";
  params.contact = "me@example.org";
  auto req = src.BuildRequest("", params);
  ASSERT_TRUE(req.has_value()) << req.error().ToString();
  EXPECT_EQ(req->url,
            "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=pubmed"
            "&term=cancer%5BMeSH%5D%20AND%20nature%5Bta%5D&usehistory=y&datetype=edat"
            "&mindate=2026/06/01&maxdate=2026/06/07&retmax=0&tool=academichub"
            "&email=me%40example.org");
}

TEST(PubmedSource, DefaultWindows) {
  PubmedSource src("x");
  auto none = src.BuildRequest("", FetchParams{});
  ASSERT_TRUE(none.has_value());
  EXPECT_NE(none->url.find("&datetype=edat&reldate=7&retmax=0&tool=academichub"), std::string::npos)
      << none->url;
  EXPECT_EQ(none->url.find("email="), std::string::npos);
  FetchParams until_only;
  until_only.until = "2026-03-03";
  auto u = src.BuildRequest("", until_only);
  ASSERT_TRUE(u.has_value());
  EXPECT_NE(u->url.find("&mindate=2026/02/24&maxdate=2026/03/03"), std::string::npos) << u->url;
  FetchParams since_only;
  since_only.since = "2026-03-03";
  auto s = src.BuildRequest("", since_only);
  ASSERT_TRUE(s.has_value());
  EXPECT_NE(s->url.find("&mindate=2026/03/03&maxdate=2100/12/31"), std::string::npos) << s->url;
  FetchParams bad;
  bad.since = "3/3/2026";
  EXPECT_FALSE(src.BuildRequest("", bad).has_value());
}

TEST(PubmedSource, EfetchRequestFromCursor) {
  PubmedSource src("x");
  FetchParams params;
  params.page_size = 100;
  params.contact = "a@b.c";
  auto req = src.BuildRequest("efetch|MCID_6927d6e7fee3e90f880ec190|1|300|42249", params);
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->url,
            "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?db=pubmed&query_key=1"
            "&WebEnv=MCID_6927d6e7fee3e90f880ec190&retstart=300&retmax=100&retmode=xml"
            "&tool=academichub&email=a%40b.c");
  auto dflt = src.BuildRequest("efetch|W|1|0|5", FetchParams{});
  ASSERT_TRUE(dflt.has_value());
  EXPECT_NE(dflt->url.find("&retmax=200&"), std::string::npos);
  auto bad = src.BuildRequest("garbage", FetchParams{});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
}

TEST(PubmedSource, TwoStageParseWalksRetstartUntilCount) {
  PubmedSource src("x");
  // Stage 1: esearch body -> efetch cursor.
  ParseContext ctx;
  ctx.origin = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=pubmed";
  auto first = src.Parse(ReadData("pubmed/pubmed_esearch_usehistory.xml"), ctx);
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->next_cursor.value_or(""), "efetch|MCID_6927d6e7fee3e90f880ec190|1|0|42249");

  // Stage 2: an efetch page of 50 records advances retstart by 50.
  const std::string fifty = ReadData("pubmed/pubmed_efetch_50_articles_2010_legacy_dtd.xml");
  ctx.cursor = "efetch|MCID_6927d6e7fee3e90f880ec190|1|0|42249";
  auto page = src.Parse(fifty, ctx);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->papers.size(), 50u);
  EXPECT_EQ(page->total, 42249);
  EXPECT_EQ(page->next_cursor.value_or(""), "efetch|MCID_6927d6e7fee3e90f880ec190|1|50|42249");

  // The last page ends the harvest.
  ctx.cursor = "efetch|W|1|42199|42249";
  auto last = src.Parse(fifty, ctx);
  ASSERT_TRUE(last.has_value());
  EXPECT_FALSE(last->next_cursor.has_value());

  // An empty page ends it too, whatever the count said.
  ctx.cursor = "efetch|W|1|100|42249";
  auto empty = src.Parse("<PubmedArticleSet></PubmedArticleSet>", ctx);
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(empty->next_cursor.has_value());
}

TEST(PubmedSource, CursorRecoveredFromRequestUrlWhenContextHasNone) {
  PubmedSource src("x");
  FetchParams params;
  params.page_size = 50;
  auto req = src.BuildRequest("efetch|MCID_1|2|100|-1", params);
  ASSERT_TRUE(req.has_value());
  ParseContext ctx;
  ctx.origin = req->url;
  const std::string fifty = ReadData("pubmed/pubmed_efetch_50_articles_2010_legacy_dtd.xml");
  auto full = src.Parse(fifty, ctx);
  ASSERT_TRUE(full.has_value());
  EXPECT_EQ(full->next_cursor.value_or(""), "efetch|MCID_1|2|150|-1");  // full page: go on

  params.page_size = 200;
  req = src.BuildRequest("efetch|MCID_1|2|100|-1", params);
  ctx.origin = req->url;
  auto short_page = src.Parse(fifty, ctx);
  ASSERT_TRUE(short_page.has_value());
  EXPECT_FALSE(short_page->next_cursor.has_value());  // 50 < 200: the end

  ctx.origin = "tests/data/file.xml";  // ingesting a file: no paging
  auto file = src.Parse(fifty, ctx);
  ASSERT_TRUE(file.has_value());
  EXPECT_FALSE(file->next_cursor.has_value());
}

TEST(PubmedSource, EsearchWithoutHistoryIsAnError) {
  PubmedSource src("x");
  auto page = src.Parse(ReadData("pubmed/pubmed_esearch_1.xml"), ParseContext{});
  ASSERT_FALSE(page.has_value());
  EXPECT_NE(page.error().message.find("no WebEnv"), std::string::npos);
  auto none = src.Parse("<eSearchResult><Count>0</Count><IdList/></eSearchResult>", ParseContext{});
  ASSERT_TRUE(none.has_value());  // nothing found: simply the end
  EXPECT_FALSE(none->next_cursor.has_value());
}

TEST(PubmedSource, ParseReportsEfetchErrors) {
  PubmedSource src("x");
  ParseContext ctx;
  ctx.cursor = "efetch|W|1|0|10";
  auto page = src.Parse("<html><body>Proxy Error</body></html>", ctx);
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, Code::kParse);
}

TEST(PubmedSource, Factory) {
  auto src = MakePubmedSource("pubmed:crispr[tiab]");
  ASSERT_NE(src, nullptr);
  EXPECT_EQ(src->name(), "pubmed:crispr[tiab]");
  EXPECT_EQ(MakePubmedSource("pubmed:"), nullptr);
  EXPECT_EQ(MakePubmedSource("pubmed:   "), nullptr);
  EXPECT_EQ(MakePubmedSource("crossref:crispr"), nullptr);
}

}  // namespace
}  // namespace ah::sources::pubmed
