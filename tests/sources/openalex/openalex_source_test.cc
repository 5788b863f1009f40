#include <gtest/gtest.h>

#include <string>

#include "sources/openalex/openalex.h"
#include "testing.h"

namespace ah::sources::openalex {
namespace {

TEST(OpenAlexSource, BuildsCursorPagedRequestWithWindowAndMailto) {
  OpenAlexSource src("primary_location.source.id:S137773608");
  EXPECT_EQ(src.name(), "openalex:primary_location.source.id:S137773608");
  EXPECT_EQ(src.listing_source(), "openalex");
  EXPECT_EQ(src.format(), Format::kOpenAlex);
  EXPECT_TRUE(src.resumable());
  FetchParams params;
  params.since = "2026-06-01";
  params.until = "2026-06-07";
  params.contact = "me@example.org";
  auto req = src.BuildRequest("", params);
  ASSERT_TRUE(req.has_value()) << req.error().ToString();
  EXPECT_EQ(req->url,
            "https://api.openalex.org/works?filter=primary_location.source.id:S137773608,"
            "from_publication_date:2026-06-01,to_publication_date:2026-06-07&per-page=200"
            "&cursor=%2A&mailto=me%40example.org");
}

TEST(OpenAlexSource, NextPageEncodesCursorAndCapsPageSize) {
  OpenAlexSource src("concepts.id:C41008148|C119857082");
  FetchParams params;
  params.page_size = 1000;
  auto req = src.BuildRequest("IlsxMDAuMCwg+/=", params);
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->url,
            "https://api.openalex.org/works?filter=concepts.id:C41008148%7CC119857082"
            "&per-page=200&cursor=IlsxMDAuMCwg%2B%2F%3D");
  params.page_size = 25;
  EXPECT_NE(src.BuildRequest("", params)->url.find("&per-page=25&"), std::string::npos);
}

TEST(OpenAlexSource, RejectsBadDatesAndEmptyFilter) {
  OpenAlexSource src("x:1");
  FetchParams params;
  params.until = "2026-13-01";
  EXPECT_FALSE(src.BuildRequest("", params).has_value());
  OpenAlexSource empty("");
  EXPECT_FALSE(empty.BuildRequest("", FetchParams{}).has_value());
}

TEST(OpenAlexSource, ParseDelegatesToParser) {
  OpenAlexSource src("x:1");
  auto page = src.Parse(::ah::testing::ReadData("openalex/openalex_works_list_cursor.json"),
                        ParseContext{});
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->papers.size(), 3u);
  EXPECT_TRUE(page->next_cursor.has_value());
}

TEST(OpenAlexSource, Factory) {
  auto src = MakeOpenAlexSource("openalex:authorships.author.id:A5023888391");
  ASSERT_NE(src, nullptr);
  EXPECT_EQ(src->name(), "openalex:authorships.author.id:A5023888391");
  EXPECT_EQ(MakeOpenAlexSource("openalex:"), nullptr);
  EXPECT_EQ(MakeOpenAlexSource("openalex"), nullptr);
  EXPECT_EQ(MakeOpenAlexSource("pubmed:x"), nullptr);
}

}  // namespace
}  // namespace ah::sources::openalex
