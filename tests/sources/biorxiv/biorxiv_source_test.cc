#include <gtest/gtest.h>

#include <string>

#include "sources/biorxiv/biorxiv.h"
#include "testing.h"

namespace ah::sources::biorxiv {
namespace {

FetchParams Until(std::string until, std::string since = {}) {
  FetchParams p;
  p.until = std::move(until);
  p.since = std::move(since);
  return p;
}

TEST(BiorxivSource, DefaultsToTheLastTwoDaysFromCursorZero) {
  BiorxivApiSource src("biorxiv");
  auto req = src.BuildRequest("", Until("2026-03-01"));
  ASSERT_TRUE(req.has_value()) << req.error().ToString();
  EXPECT_EQ(req->url, "https://api.biorxiv.org/details/biorxiv/2026-02-28/2026-03-01/0");
  EXPECT_EQ(req->method, "GET");
  bool accept_json = false;
  for (const auto& [k, v] : req->headers) accept_json |= (k == "Accept" && v == "application/json");
  EXPECT_TRUE(accept_json);
}

TEST(BiorxivSource, UsesSinceCursorAndCategory) {
  BiorxivApiSource src("medrxiv", "infectious diseases");
  auto req = src.BuildRequest("200", Until("2026-09-15", "2026-09-01"));
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->url,
            "https://api.biorxiv.org/details/medrxiv/2026-09-01/2026-09-15/"
            "200?category=infectious_diseases");
  EXPECT_EQ(src.name(), "medrxiv:infectious diseases");
  EXPECT_EQ(src.listing_source(), "medrxiv");
  EXPECT_EQ(src.format(), Format::kBiorxivApi);
  EXPECT_TRUE(src.resumable());
}

TEST(BiorxivSource, RejectsBadCursorsAndDates) {
  BiorxivApiSource src("biorxiv");
  EXPECT_EQ(src.BuildRequest("abc", Until("2026-03-01")).error().code, Code::kInvalidArgument);
  EXPECT_EQ(src.BuildRequest("0/../x", Until("2026-03-01")).error().code, Code::kInvalidArgument);
  EXPECT_EQ(src.BuildRequest("", Until("")).error().code, Code::kInvalidArgument);
  EXPECT_EQ(src.BuildRequest("", Until("2026-03-01", "yesterday")).error().code,
            Code::kInvalidArgument);
  EXPECT_EQ(src.BuildRequest("", Until("2026-03-01", "2026-03-05")).error().code,
            Code::kInvalidArgument);
}

TEST(BiorxivSource, ParseFillsListingSourceAndChannel) {
  BiorxivApiSource src("biorxiv", "genomics");
  ParseContext ctx;
  ctx.origin = "x";
  auto page = src.Parse(
      R"({"messages":[{"status":"ok"}],"collection":[{"doi":"10.1101/1.2","title":"T","server":"bioRxiv"}]})",
      ctx);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->papers.size(), 1u);
  EXPECT_EQ(page->papers[0].listings[0].source, "biorxiv");
  EXPECT_EQ(page->papers[0].listings[0].channel, "genomics");
}

TEST(BiorxivSource, FactoryAcceptsServersAndCategories) {
  auto b = MakeBiorxivSource("biorxiv");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->name(), "biorxiv");
  auto m = MakeBiorxivSource("medRxiv");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->name(), "medrxiv");
  EXPECT_EQ(m->listing_source(), "medrxiv");
  auto g = MakeBiorxivSource("biorxiv:genomics");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->name(), "biorxiv:genomics");
  auto req = g->BuildRequest("", Until("2026-01-02"));
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->url,
            "https://api.biorxiv.org/details/biorxiv/2026-01-01/2026-01-02/0?category=genomics");
  EXPECT_EQ(MakeBiorxivSource("arxiv"), nullptr);
  EXPECT_EQ(MakeBiorxivSource("biorxiv:"), nullptr);
  EXPECT_EQ(MakeBiorxivSource(""), nullptr);
}

}  // namespace
}  // namespace ah::sources::biorxiv
