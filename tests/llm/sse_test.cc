#include "llm/sse.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing.h"

namespace ah::llm {
namespace {

std::vector<SseEvent> ParseAll(std::string_view stream) {
  SseParser p;
  std::vector<SseEvent> out;
  EXPECT_TRUE(p.Feed(stream, &out));
  EXPECT_TRUE(p.Finish(&out));
  return out;
}

// Feeds the stream in pieces of `n` bytes.
std::vector<SseEvent> ParseInPieces(std::string_view stream, size_t n) {
  SseParser p;
  std::vector<SseEvent> out;
  for (size_t i = 0; i < stream.size(); i += n) {
    EXPECT_TRUE(p.Feed(stream.substr(i, n), &out));
  }
  EXPECT_TRUE(p.Finish(&out));
  return out;
}

std::vector<std::string> Datas(const std::vector<SseEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.data);
  return out;
}

TEST(SseParser, DispatchesDataLinesOnBlankLine) {
  auto ev = ParseAll("data: {\"a\":1}\n\ndata: [DONE]\n\n");
  EXPECT_EQ(Datas(ev), (std::vector<std::string>{"{\"a\":1}", "[DONE]"}));
  EXPECT_EQ(ev[0].event, "");
  EXPECT_EQ(ev[0].offset, 0);
  EXPECT_EQ(ev[1].offset, 15);
}

TEST(SseParser, JoinsMultiLineDataWithNewlines) {
  auto ev = ParseAll("data: first\ndata:second\ndata\ndata:  two spaces\n\n");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].data, "first\nsecond\n\n two spaces");
}

TEST(SseParser, SkipsCommentsAndEventsWithoutData) {
  auto ev = ParseAll(": keep-alive\n\n: ping\nretry: 3000\n\nevent: noop\n\ndata: x\n\n");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].data, "x");
  EXPECT_EQ(ev[0].event, "");  // the "noop" event had no data and was reset
}

TEST(SseParser, HandlesCrLfAndBareCrLineEnds) {
  EXPECT_EQ(Datas(ParseAll("data: a\r\n\r\ndata: b\r\rdata: c\n\n")),
            (std::vector<std::string>{"a", "b", "c"}));
}

TEST(SseParser, CrLfSplitAcrossFeedsCountsOnce) {
  SseParser p;
  std::vector<SseEvent> out;
  ASSERT_TRUE(p.Feed("data: a\r", &out));
  ASSERT_TRUE(p.Feed("\n", &out));
  EXPECT_TRUE(out.empty());  // one line end so far, not a blank line
  ASSERT_TRUE(p.Feed("\r", &out));
  ASSERT_TRUE(p.Feed("\ndata: b\r\n\r\n", &out));
  EXPECT_EQ(Datas(out), (std::vector<std::string>{"a", "b"}));
}

TEST(SseParser, KeepsEventNameAndLastId) {
  auto ev = ParseAll("id: 7\nevent: error\ndata: {\"error\":{}}\n\ndata: y\n\n");
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].event, "error");
  EXPECT_EQ(ev[0].id, "7");
  EXPECT_EQ(ev[1].event, "");
  EXPECT_EQ(ev[1].id, "7");
}

TEST(SseParser, DropsLeadingBomEvenWhenSplit) {
  SseParser p;
  std::vector<SseEvent> out;
  ASSERT_TRUE(p.Feed("\xEF", &out));
  ASSERT_TRUE(p.Feed("\xBB", &out));
  ASSERT_TRUE(
      p.Feed("\xBF"
             "data: a\n\n",
             &out));
  EXPECT_EQ(Datas(out), (std::vector<std::string>{"a"}));
  // A BOM-like prefix that is not a BOM is data.
  EXPECT_EQ(Datas(ParseAll("\xEF"
                           "data: a\n\n")),
            std::vector<std::string>{});
}

TEST(SseParser, FinishDispatchesAnUnterminatedLastEvent) {
  EXPECT_EQ(Datas(ParseAll("data: a\n\ndata: [DONE]")), (std::vector<std::string>{"a", "[DONE]"}));
  EXPECT_EQ(Datas(ParseAll("data: a\n\ndata: [DONE]\n")),
            (std::vector<std::string>{"a", "[DONE]"}));
  SseParser p;
  std::vector<SseEvent> out;
  ASSERT_TRUE(p.Finish(&out));
  ASSERT_TRUE(p.Finish(&out));  // idempotent
  EXPECT_TRUE(out.empty());
}

TEST(SseParser, SameEventsWhateverTheChunking) {
  for (const char* f : {"llm/openai_chat_stream.sse", "llm/deepseek_chat_stream.sse",
                        "llm/qwen_dashscope_chat_stream.sse", "llm/moonshot_chat_stream.sse"}) {
    const std::string s = ah::testing::ReadData(f);
    const auto whole = ParseAll(s);
    ASSERT_GT(whole.size(), 3u) << f;
    EXPECT_EQ(whole.back().data, "[DONE]") << f;
    for (size_t n : {1u, 2u, 3u, 7u, 64u, 1000u}) {
      const auto pieces = ParseInPieces(s, n);
      ASSERT_EQ(pieces.size(), whole.size()) << f << " in pieces of " << n;
      for (size_t i = 0; i < whole.size(); ++i) {
        EXPECT_EQ(pieces[i].data, whole[i].data);
        EXPECT_EQ(pieces[i].offset, whole[i].offset);
      }
    }
  }
}

TEST(SseParser, FailsOnAnEventBeyondTheLimit) {
  SseParser p(32);
  std::vector<SseEvent> out;
  ASSERT_TRUE(p.Feed("data: short\n\n", &out));
  auto st = p.Feed("data: " + std::string(40, 'x'), &out);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::kTooLarge);
  EXPECT_FALSE(p.Feed("data: more\n\n", &out));  // stays failed
  EXPECT_EQ(out.size(), 1u);
  // Many short data lines also count towards the limit.
  SseParser q(32);
  std::vector<SseEvent> out2;
  std::string many;
  for (int i = 0; i < 10; ++i) many += "data: abcd\n";
  EXPECT_FALSE(q.Feed(many, &out2));
}

TEST(SseParser, CountsBytesAndEvents) {
  SseParser p;
  std::vector<SseEvent> out;
  ASSERT_TRUE(p.Feed("data: a\n\n: c\n\n", &out));
  EXPECT_EQ(p.bytes_consumed(), 14);
  EXPECT_EQ(p.events_dispatched(), 1);
}

}  // namespace
}  // namespace ah::llm
