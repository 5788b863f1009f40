// Format detection and dispatch (sources/parse): deep, truncated and UTF-16 input.
#include "sources/parse.h"

#include <gtest/gtest.h>

#include <string>

#include "testing.h"

namespace ah::sources {
namespace {

ParseContext Ctx(std::string origin) {
  ParseContext ctx;
  ctx.origin = std::move(origin);
  return ctx;
}

bool Has(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

// {"error":[[[...]]]} nested `depth` deep: the ~100 KB file that killed `ingest` (exit 139).
std::string DeepErrorObject(size_t depth) {
  return "{\"error\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
}

// UTF-16 (with a byte order mark unless bom = false) of ASCII/UTF-8 text.
std::string ToUtf16(std::string_view utf8, bool little_endian, bool bom = true) {
  std::string out = bom ? (little_endian ? "\xFF\xFE" : "\xFE\xFF") : "";
  auto unit = [&](uint32_t u) {
    char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
    out += little_endian ? std::string{lo, hi} : std::string{hi, lo};
  };
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    uint32_t cp;
    size_t n;
    if (c < 0x80) {
      cp = c, n = 1;
    } else if (c < 0xE0) {
      cp = c & 0x1F, n = 2;
    } else if (c < 0xF0) {
      cp = c & 0x0F, n = 3;
    } else {
      cp = c & 0x07, n = 4;
    }
    for (size_t k = 1; k < n; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return out;
}

TEST(ParseAs, DeeplyNestedJsonIsANamedRejectionNotACrash) {
  const std::string deep = DeepErrorObject(60000);
  ASSERT_GT(deep.size(), 100000u);
  EXPECT_EQ(DetectFormat(deep), Format::kUnknown);
  auto page = ParseAs(Format::kUnknown, deep, Ctx("deep.json"));
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, Code::kParse);
  EXPECT_EQ(page.error().message,
            "deep.json: line 1, column 137 (byte 136): JSON nested deeper than 128 levels of "
            "arrays and objects");
  EXPECT_TRUE(Has(DescribeUnknown(deep), "nested deeper than 128")) << DescribeUnknown(deep);
  auto arr = ParseAs(Format::kUnknown, std::string(100000, '[') + std::string(100000, ']'),
                     Ctx("arr.json"));
  ASSERT_FALSE(arr);
  EXPECT_TRUE(Has(arr.error().message, "arr.json: line 1, column 129 (byte 128): JSON nested"))
      << arr.error().message;
  // Forced onto every JSON reader: each names the file and the nesting.
  for (Format f :
       {Format::kBiorxivApi, Format::kCrossref, Format::kOpenAlex, Format::kPubmedEsearch}) {
    auto forced = ParseAs(f, deep, Ctx("deep.json"));
    ASSERT_FALSE(forced) << FormatName(f);
    EXPECT_TRUE(Has(forced.error().message, "deep.json")) << forced.error().message;
    EXPECT_TRUE(Has(forced.error().message, "nested deeper than 128")) << forced.error().message;
  }
}

TEST(ParseAs, ShortTruncatedJsonIsCalledTruncatedNotAnErrorObject) {
  auto page =
      ParseAs(Format::kUnknown, R"({"collection":[{"doi":"10.1101/x","title":"A)", Ctx("cut.json"));
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().message,
            "cut.json: line 1, column 43 (byte 42): truncated JSON: the string opened here is not "
            "closed before the end of the text (44 bytes)");
  EXPECT_FALSE(Has(DescribeUnknown(R"({"a":[1,2)"), "error object"));
  EXPECT_TRUE(Has(DescribeUnknown(R"({"a":[1,2)"), "truncated JSON: the array opened here"));
}

TEST(ParseAs, JsonOfNoKnownFormatIsDescribedByItsShape) {
  EXPECT_EQ(DescribeUnknown(R"({"status":"error","message":"Rate limit exceeded."})"),
            "a JSON error object (message: Rate limit exceeded.)");
  EXPECT_EQ(DescribeUnknown(R"({"error":{"code":429}})"),
            "a JSON error object (error: {\"code\":429})");
  EXPECT_EQ(DescribeUnknown(R"({"alpha":1,"beta":[2]})"),
            "a JSON object of no known format (keys \"alpha\", \"beta\")");
  EXPECT_EQ(DescribeUnknown("{}"), "an empty JSON object");
  EXPECT_EQ(DescribeUnknown("[1, {\"a\":2}, [3]]"), "a JSON array of 3 values, of no known format");
  auto page = ParseAs(Format::kUnknown, R"({"alpha":1})", Ctx("x.json"));
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().message,
            "x.json: unrecognised input at byte 0: a JSON object of no known format (keys "
            "\"alpha\")");
}

TEST(ParseAs, Utf16FeedsAreConvertedNotCalledBinary) {
  const std::string rss = ::ah::testing::ReadData("journal_feeds/nature_current_rss1_prism.rss");
  auto utf8 = ParseAs(Format::kUnknown, rss, Ctx("nature.rss"));
  ASSERT_TRUE(utf8) << utf8.error().message;
  for (bool le : {true, false}) {
    for (bool bom : {true, false}) {
      const std::string u16 = ToUtf16(rss, le, bom);
      EXPECT_EQ(DetectFormat(u16), Format::kFeed) << le << bom;
      auto page = ParseAs(Format::kUnknown, u16, Ctx("nature-utf16.rss"));
      ASSERT_TRUE(page) << page.error().message;
      ASSERT_EQ(page->papers.size(), utf8->papers.size());
      for (size_t i = 0; i < page->papers.size(); ++i) {
        EXPECT_EQ(page->papers[i].title, utf8->papers[i].title);
        EXPECT_EQ(page->papers[i].abstract, utf8->papers[i].abstract);
        EXPECT_EQ(page->papers[i].authors.size(), utf8->papers[i].authors.size());
      }
    }
  }
  // JSON too (a bioRxiv response saved by PowerShell), with a character outside the BMP.
  const std::string bio =
      ::ah::testing::ReadData("biorxiv/biorxiv_api_details_category_cancer_biology_18.json");
  auto page = ParseAs(Format::kUnknown, ToUtf16(bio, true), Ctx("bio.json"));
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->papers.size(), 18u);
  auto emoji = ParseAs(Format::kUnknown, ToUtf16("{\"message\":\"\xF0\x9F\x98\x80 no\"}", true),
                       Ctx("e.json"));
  ASSERT_FALSE(emoji);
  EXPECT_TRUE(Has(emoji.error().message, "(message: \xF0\x9F\x98\x80 no)"))
      << emoji.error().message;
  // A broken UTF-16 file: the error says where, in its UTF-8 conversion.
  auto cut = ParseAs(Format::kUnknown, ToUtf16(R"({"a":[1,)", false), Ctx("cut16.json"));
  ASSERT_FALSE(cut);
  EXPECT_TRUE(Has(cut.error().message, "cut16.json: line 1, column 6 (byte 5): truncated JSON"))
      << cut.error().message;
  EXPECT_TRUE(Has(cut.error().message, "UTF-16")) << cut.error().message;
  EXPECT_NE(DescribeUnknown(ToUtf16("hello world, this is text", true)), "binary data");
}

}  // namespace
}  // namespace ah::sources
