// Malformed, truncated and wrong-type input: every parser answers kParse with
// the origin and a byte position, never crashes.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "sources/arxiv/arxiv.h"
#include "testing.h"

namespace ah::sources::arxiv {
namespace {

using Parser = std::function<Result<ParsedPage>(std::string_view, const ParseContext&)>;

struct Case {
  const char* name;
  Parser parse;
  const char* fixture;
};

const Case kCases[] = {
    {"rss", ParseArxivRss, "arxiv_rss/arxiv_rss_2026_multi_category_4items.xml"},
    {"api", ParseArxivApi, "arxiv_api/arxiv_api_2026_search_testing_start10_m10.xml"},
    {"oai", ParseArxivOai, "arxiv_oai/arxiv_oai_listrecords_arXivRaw_resumption.xml"},
};

void ExpectParseError(const Result<ParsedPage>& r, const std::string& origin, const char* what) {
  ASSERT_FALSE(r.has_value()) << what;
  EXPECT_EQ(r.error().code, Code::kParse) << what << ": " << r.error().ToString();
  EXPECT_NE(r.error().message.find(origin), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("byte"), std::string::npos) << r.error().message;
}

TEST(ArxivHostile, TruncatedFixtureIsParseErrorWithOffset) {
  for (const Case& c : kCases) {
    std::string body = testing::ReadData(c.fixture);
    ParseContext ctx;
    ctx.origin = std::string("truncated-") + c.name;
    auto r = c.parse(std::string_view(body).substr(0, body.size() / 2), ctx);
    ExpectParseError(r, ctx.origin, c.name);
  }
}

TEST(ArxivHostile, EveryPrefixOfASmallFixtureIsHandled) {
  std::string body = testing::ReadData("arxiv_oai/arxiv_oai_getrecord_arXivRaw.xml");
  for (const Case& c : kCases) {
    for (size_t n = 0; n < body.size(); n += 7) {
      auto r = c.parse(std::string_view(body).substr(0, n), {});
      if (!r) {
        EXPECT_EQ(r.error().code, Code::kParse) << c.name << " at " << n;
      }
    }
  }
}

TEST(ArxivHostile, HtmlErrorPageIsParseError) {
  const std::string html =
      "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>"
      "<body><h1>Service Unavailable</h1><p>Try again later.<br></p></body></html>";
  const std::string xhtml =
      "<html><head><title>Error</title></head><body><p>Rate limited</p></body></html>";
  for (const Case& c : kCases) {
    ParseContext ctx;
    ctx.origin = "https://example.test/down";
    ExpectParseError(c.parse(html, ctx), ctx.origin, c.name);
    auto r = c.parse(xhtml, ctx);
    ExpectParseError(r, ctx.origin, c.name);
    if (!r) {
      EXPECT_NE(r.error().message.find("<html>"), std::string::npos) << r.error().message;
    }
  }
}

TEST(ArxivHostile, EmptyJsonAndGarbageBodies) {
  const std::string inputs[] = {"",
                                "   \n",
                                "{\"error\": \"not found\"}",
                                std::string("\x00\x01\x02garbage", 10),
                                "<",
                                "<?xml version='1.0'?>",
                                "<rss",
                                "<<<>>>"};
  for (const Case& c : kCases) {
    for (const std::string& in : inputs) {
      ParseContext ctx;
      ctx.origin = "odd-input";
      ExpectParseError(c.parse(in, ctx), ctx.origin, c.name);
    }
  }
}

TEST(ArxivHostile, WrongFormatIsParseError) {
  std::string rss = testing::ReadData("arxiv_rss/arxiv_rss_2026_cs_ai_3items.xml");
  std::string api = testing::ReadData("arxiv_api/arxiv_api_2026_id_list_single.xml");
  ParseContext ctx;
  ctx.origin = "mixup";
  ExpectParseError(ParseArxivApi(rss, ctx), "mixup", "rss as api");
  ExpectParseError(ParseArxivOai(rss, ctx), "mixup", "rss as oai");
  ExpectParseError(ParseArxivRss(api, ctx), "mixup", "api as rss");
  // An OAI response that is neither a record list nor an error.
  ExpectParseError(ParseArxivOai("<OAI-PMH><Identify/></OAI-PMH>", ctx), "mixup", "identify");
  ExpectParseError(ParseArxivRss("<rss version=\"2.0\"/>", ctx), "mixup", "no channel");
}

TEST(ArxivHostile, DeepNestingDoesNotOverflowTheStack) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<d>";
  std::string rss = "<rss><channel><item><title>" + deep;
  for (int i = 0; i < 100000; ++i) rss += "</d>";
  rss +=
      "</title><description>arXiv:2401.00001v1 Announce Type: new Abstract: x</description>"
      "</item></channel></rss>";
  auto r = ParseArxivRss(rss, {});
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->papers.size(), 1u);
  EXPECT_EQ(r->papers[0].ids.arxiv, "2401.00001");
}

TEST(ArxivHostile, HugeOrNegativeCountsAreIgnored) {
  std::string api =
      R"(<feed xmlns:opensearch="x"><opensearch:totalResults>-5</opensearch:totalResults>
<opensearch:startIndex>99999999999999999999999</opensearch:startIndex>
<entry><id>http://arxiv.org/abs/2401.00001v1</id></entry></feed>)";
  auto r = ParseArxivApi(api, {});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->total, -1);
  EXPECT_FALSE(r->next_cursor.has_value());
  std::string oai =
      R"(<OAI-PMH><ListRecords><resumptionToken completeListSize="lots">t</resumptionToken>
</ListRecords></OAI-PMH>)";
  auto o = ParseArxivOai(oai, {});
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->total, -1);
  EXPECT_EQ(o->next_cursor.value_or(""), "t");
  std::string raw =
      R"(<OAI-PMH><ListRecords><record><header><identifier>oai:arXiv.org:0704.0001</identifier></header>
<metadata><arXivRaw><id>0704.0001</id><version version="v99999999999"><date>x</date></version>
<version version="vv"/><version/></arXivRaw></metadata></record></ListRecords></OAI-PMH>)";
  auto v = ParseArxivOai(raw, {});
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->papers.size(), 1u);
  EXPECT_TRUE(v->papers[0].versions.empty());
}

}  // namespace
}  // namespace ah::sources::arxiv
