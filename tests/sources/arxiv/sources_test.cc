#include <gtest/gtest.h>

#include <string>

#include "sources/arxiv/arxiv.h"

namespace ah::sources::arxiv {
namespace {

std::string AcceptOf(const net::HttpRequest& r) {
  for (const auto& [k, v] : r.headers)
    if (k == "Accept") return v;
  return "";
}

TEST(ArxivRssSource, BuildsCombinedCategoryUrl) {
  ArxivRssSource s({"cs.LG", "cs.AI"});
  EXPECT_EQ(s.name(), "arxiv-rss:cs.LG+cs.AI");
  EXPECT_EQ(s.listing_source(), "arxiv");
  EXPECT_EQ(s.format(), Format::kArxivRss);
  EXPECT_FALSE(s.resumable());
  auto r = s.BuildRequest("", {});
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->url, "https://rss.arxiv.org/rss/cs.LG+cs.AI");
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(AcceptOf(*r), "application/rss+xml");
}

TEST(ArxivRssSource, RejectsCursorAndBadCategories) {
  EXPECT_FALSE(ArxivRssSource({"cs.LG"}).BuildRequest("2", {}).has_value());
  auto bad = ArxivRssSource({"cs.LG", "x/../y"}).BuildRequest("", {});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  EXPECT_FALSE(ArxivRssSource({}).BuildRequest("", {}).has_value());
}

TEST(ArxivApiSource, BuildsEncodedSearchUrl) {
  ArxivApiSource s("cat:cs.LG AND ti:\"large language\"", 50);
  EXPECT_EQ(s.format(), Format::kArxivApi);
  auto r = s.BuildRequest("", {});
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->url,
            "http://export.arxiv.org/api/query?search_query=cat:cs.LG+AND+ti:%22large+language%22"
            "&sortBy=submittedDate&sortOrder=descending&start=0&max_results=50");
  EXPECT_EQ(AcceptOf(*r), "application/atom+xml");
}

TEST(ArxivApiSource, CursorIsStartIndexAndPageSizeOverride) {
  ArxivApiSource s("au:del_maestro+ANDNOT+(ti:checkerboard OR ti:Pyrochlore)");
  FetchParams params;
  params.page_size = 5000;  // capped at arXiv's limit
  auto r = s.BuildRequest("200", params);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->url,
            "http://export.arxiv.org/api/query?search_query=au:del_maestro+ANDNOT+%28ti:"
            "checkerboard+OR+ti:Pyrochlore%29&sortBy=submittedDate&sortOrder=descending"
            "&start=200&max_results=2000");
  auto bad = s.BuildRequest("abc", {});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
}

TEST(ArxivApiSource, IdListsUseIdListParameter) {
  auto r = ArxivApiSource("2401.01234v2, hep-th/9901001").BuildRequest("", {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->url,
            "http://export.arxiv.org/api/query?id_list=2401.01234v2,hep-th/9901001"
            "&start=0&max_results=100");
  auto e = ArxivApiSource("id_list:1707.08567").BuildRequest("", {});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->url, "http://export.arxiv.org/api/query?id_list=1707.08567&start=0&max_results=100");
}

TEST(ArxivApiSource, SinceUntilAddSubmittedDateRange) {
  FetchParams params;
  params.since = "2026-06-01";
  params.until = "2026-06-07";
  auto r = ArxivApiSource("cat:cs.LG").BuildRequest("", params);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->url,
            "http://export.arxiv.org/api/query?search_query=%28cat:cs.LG%29+AND+submittedDate:"
            "%5B202606010000+TO+202606072359%5D&sortBy=submittedDate&sortOrder=descending"
            "&start=0&max_results=100");
  params.since = "June";
  EXPECT_FALSE(ArxivApiSource("cat:cs.LG").BuildRequest("", params).has_value());
  EXPECT_FALSE(ArxivApiSource("  ").BuildRequest("", {}).has_value());
}

TEST(ArxivOaiSource, FirstPageUsesSetAndDates) {
  ArxivOaiSource s("cs");
  EXPECT_EQ(s.name(), "arxiv-oai:cs");
  EXPECT_TRUE(s.resumable());
  EXPECT_EQ(s.format(), Format::kArxivOai);
  FetchParams params;
  params.since = "2026-06-01";
  auto r = s.BuildRequest("", params);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->url,
            "https://oaipmh.arxiv.org/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs"
            "&from=2026-06-01");
  EXPECT_EQ(AcceptOf(*r), "text/xml");
  params.until = "2026-06-30";
  r = ArxivOaiSource("physics:hep-ex", "arXivRaw").BuildRequest("", params);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->url,
            "https://oaipmh.arxiv.org/oai?verb=ListRecords&metadataPrefix=arXivRaw"
            "&set=physics:hep-ex&from=2026-06-01&until=2026-06-30");
  EXPECT_EQ(ArxivOaiSource("cs", "arXivRaw").name(), "arxiv-oai-raw:cs");
}

TEST(ArxivOaiSource, ResumptionTokenAloneAndEncoded) {
  ArxivOaiSource s("cs");
  FetchParams params;
  params.since = "2026-06-01";
  auto r = s.BuildRequest("1122234|1001", params);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->url, "https://oaipmh.arxiv.org/oai?verb=ListRecords&resumptionToken=1122234%7C1001");
  r = s.BuildRequest("a b+c/d&e=f", {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->url,
            "https://oaipmh.arxiv.org/oai?verb=ListRecords&resumptionToken=a%20b%2Bc%2Fd%26e%3Df");
}

TEST(ArxivOaiSource, RejectsBadDatesPrefixesAndSets) {
  FetchParams params;
  params.since = "2026-02-30";
  auto r = ArxivOaiSource("cs").BuildRequest("", params);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  EXPECT_FALSE(ArxivOaiSource("cs", "oai_dc").BuildRequest("", {}).has_value());
  EXPECT_FALSE(ArxivOaiSource("cs&verb=Identify").BuildRequest("", {}).has_value());
  auto all = ArxivOaiSource("").BuildRequest("", {});
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->url, "https://oaipmh.arxiv.org/oai?verb=ListRecords&metadataPrefix=arXiv");
}

TEST(MakeArxivSource, ParsesSpecs) {
  auto rss = MakeArxivSource("rss:cs.LG+cs.AI");
  ASSERT_NE(rss, nullptr);
  EXPECT_EQ(rss->name(), "arxiv-rss:cs.LG+cs.AI");
  EXPECT_EQ(rss->format(), Format::kArxivRss);
  auto api = MakeArxivSource("api:cat:cs.LG");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->format(), Format::kArxivApi);
  EXPECT_EQ(api->name(), "arxiv-api:cat:cs.LG");
  auto oai = MakeArxivSource("oai:cs");
  ASSERT_NE(oai, nullptr);
  EXPECT_EQ(oai->name(), "arxiv-oai:cs");
  EXPECT_TRUE(oai->resumable());
  auto raw = MakeArxivSource("oai-raw:physics:hep-th");
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(raw->name(), "arxiv-oai-raw:physics:hep-th");

  EXPECT_EQ(MakeArxivSource(""), nullptr);
  EXPECT_EQ(MakeArxivSource("rss"), nullptr);
  EXPECT_EQ(MakeArxivSource("rss:"), nullptr);
  EXPECT_EQ(MakeArxivSource("rss:cs.LG+"), nullptr);
  EXPECT_EQ(MakeArxivSource("rss:cs LG"), nullptr);
  EXPECT_EQ(MakeArxivSource("api:"), nullptr);
  EXPECT_EQ(MakeArxivSource("oai:"), nullptr);
  EXPECT_EQ(MakeArxivSource("oai:cs&x=y"), nullptr);
  EXPECT_EQ(MakeArxivSource("ftp:cs"), nullptr);
}

TEST(ArxivSources, ParseDelegatesToTheFormatParser) {
  ArxivRssSource s({"cs.LG"});
  auto r = s.Parse("<rss><channel></channel></rss>", {});
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->papers.empty());
  EXPECT_FALSE(ArxivApiSource("x").Parse("<rss/>", {}).has_value());
  EXPECT_FALSE(ArxivOaiSource("cs").Parse("<feed/>", {}).has_value());
}

}  // namespace
}  // namespace ah::sources::arxiv
