#include "core/json.h"

#include <gtest/gtest.h>

#include <string>

namespace ah {
namespace {

std::string Nested(size_t depth, std::string_view open = "[", std::string_view close = "]") {
  std::string s;
  s.reserve(depth * (open.size() + close.size()));
  for (size_t i = 0; i < depth; ++i) s += open;
  for (size_t i = 0; i < depth; ++i) s += close;
  return s;
}

TEST(Json, ParsesValuesWithBomAndSurroundingWhitespace) {
  auto j = ParseJson("\xEF\xBB\xBF \n{\"a\": [1, 2.5, \"x\", null, true]}\n", "t");
  ASSERT_TRUE(j) << j.error().message;
  EXPECT_EQ((*j)["a"].size(), 5u);
  EXPECT_EQ(*ParseJson("  7 ", "t"), 7);
}

TEST(Json, DeepNestingIsAnErrorNamingOriginAndTheFirstBracketPastTheLimit) {
  // The shape that crashed `ingest` (exit 139): {"error":[[[...]]]} about 60,000 deep.
  std::string deep = "{\"error\":" + Nested(60000) + "}";
  auto j = ParseJson(deep, "deep.json");
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().code, Code::kParse);
  // Depth 128 is the `[` at byte 9 + 126; the first one past it at byte 9 + 127.
  EXPECT_EQ(j.error().message,
            "deep.json: line 1, column 137 (byte 136): JSON nested deeper than 128 levels of "
            "arrays and objects");
  EXPECT_FALSE(ParseJson(Nested(200000), "arr"));
  EXPECT_FALSE(ParseJson(Nested(100000, "{\"a\":", "}"), "obj"));
  // Deep but truncated, and deep inside a string (not nesting): the depth still wins or is ignored.
  EXPECT_EQ(ReadJson(std::string(100000, '[')).error().kind, JsonError::Kind::kTooDeep);
  auto in_string = ParseJson("[\"" + std::string(100000, '[') + "\"]", "s");
  ASSERT_TRUE(in_string);
}

TEST(Json, DepthLimitIsInclusiveAndConfigurable) {
  EXPECT_TRUE(ParseJson(Nested(128), "t"));
  EXPECT_FALSE(ParseJson(Nested(129), "t"));
  EXPECT_TRUE(ParseJson(Nested(3), "t", JsonLimits{3}));
  auto e = ReadJson(Nested(4), JsonLimits{3});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, JsonError::Kind::kTooDeep);
  EXPECT_EQ(e.error().byte, 3u);
}

TEST(Json, CallbackSeesEveryValueAndMayDropThem) {
  int dropped = 0;
  JsonCallback cb = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if (depth == 1 && event == nlohmann::json::parse_event_t::object_end) {
      ++dropped;
      return false;
    }
    return true;
  };
  auto j = ParseJson(R"([{"a":1},{"b":2},3])", "t", cb);
  ASSERT_TRUE(j) << j.error().message;
  EXPECT_EQ(dropped, 2);
  EXPECT_EQ(j->dump(), "[3]");
  auto deep = ParseJson("[" + Nested(100000) + "]", "t", cb);
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().message.find("nested deeper than 128"), std::string::npos);
}

TEST(Json, SyntaxErrorsPointAtTheOffendingByte) {
  auto e = ReadJson("[1,x]");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, JsonError::Kind::kSyntax);
  EXPECT_EQ(e.error().byte, 3u);  // the 'x'
  EXPECT_EQ(e.error().column, 4u);
  EXPECT_EQ(e.error().Message("f.json"),
            "f.json: line 1, column 4 (byte 3): syntax error while parsing value - invalid "
            "literal; last read: '1,x'");
  // Line and column count lines and characters (é is two bytes, one column).
  e = ReadJson("{\n  \"é\": 1,\n  \"b\": ]\n}");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().line, 3u);
  EXPECT_EQ(e.error().column, 8u);
  EXPECT_EQ(e.error().byte, 20u);  // the ']'
  // A UTF-8 byte order mark counts: offsets are offsets into the file.
  e = ReadJson("\xEF\xBB\xBF[1,x]");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().byte, 6u);
  EXPECT_EQ(e.error().column, 4u);  // the mark is no column
  // Trailing garbage after a complete value.
  e = ReadJson("[1] x");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().byte, 4u);
}

TEST(Json, TruncatedTextNamesTheUnclosedValueNeverAnOffsetPastTheEnd) {
  struct Case {
    std::string text;
    size_t byte;
    std::string what;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"a":)", 0, "object"},
           {R"({"a":1   )", 0, "object"},
           {R"({"a":[1,{"b":2})", 5, "array"},
           {R"({"a":"abc)", 5, "string"},
           {R"({"a":"ab\")", 5, "string"},
           {"tru", 0, "value"},
           {"  -", 2, "value"},
       }) {
    auto e = ReadJson(c.text);
    ASSERT_FALSE(e) << c.text;
    EXPECT_EQ(e.error().kind, JsonError::Kind::kTruncated) << c.text;
    EXPECT_LT(e.error().byte, c.text.size()) << c.text;
    EXPECT_EQ(e.error().byte, c.byte) << c.text;
    EXPECT_NE(e.error().reason.find("truncated JSON"), std::string::npos) << c.text;
    EXPECT_NE(e.error().reason.find(c.what), std::string::npos) << e.error().reason;
  }
  EXPECT_EQ(ReadJson(R"({"a":)").error().Message("t"),
            "t: line 1, column 1 (byte 0): truncated JSON: the object opened here is not closed "
            "before the end of the text (5 bytes)");
}

TEST(Json, EmptyAndWrongEncodingAreNamed) {
  EXPECT_EQ(ReadJson("").error().kind, JsonError::Kind::kEmpty);
  EXPECT_EQ(ReadJson("").error().byte, 0u);
  EXPECT_EQ(ReadJson(" \n ").error().kind, JsonError::Kind::kEmpty);
  EXPECT_LT(ReadJson(" \n ").error().byte, 3u);
  auto e = ParseJson(std::string("\xFF\xFE[\0]\0", 6), "u16.json");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message,
            "u16.json: line 1, column 1 (byte 0): UTF-16 encoded text (byte order mark); convert "
            "it to UTF-8");
}

TEST(Json, TrailingTextCutByTheEndIsNotCalledTruncated) {
  // Found by json_fuzz: a complete string followed by a cut literal was "truncated" at byte 0.
  const std::string text = "\"XXXX7777777777\"n";
  auto e = ReadJson(text);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, JsonError::Kind::kSyntax);
  EXPECT_EQ(e.error().byte, text.size() - 1);  // the 'n'
  EXPECT_EQ(e.error().reason.rfind("unexpected text after the JSON value: ", 0), 0u)
      << e.error().reason;
  e = ReadJson("[1] tru");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, JsonError::Kind::kSyntax);
  EXPECT_EQ(e.error().byte, 4u);
  e = ReadJson("  1.");  // a number cut short is truncated, at its start
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, JsonError::Kind::kTruncated);
  EXPECT_EQ(e.error().byte, 2u);
}

TEST(Json, ReasonsAreShortValidUtf8) {
  // Found by json_fuzz: a long number cut short gave a 222-byte reason.
  const std::string number = "-64" + std::string(60, '1') + "9.";
  auto cut = ReadJson(number);
  ASSERT_FALSE(cut);
  EXPECT_LE(cut.error().reason.size(), 203u);
  const std::string wide = "[\"" + std::string(198, 'a') + "\u00e9\u00e9\u00e9";
  EXPECT_LE(ReadJson(wide).error().reason.size(), 203u);
  std::string bad = "[\"" + std::string(10000, 'a') + "\xFF\"]";
  auto e = ReadJson(bad);
  ASSERT_FALSE(e);
  EXPECT_LE(e.error().reason.size(), 203u);
  EXPECT_EQ(e.error().reason.find("json.exception"), std::string::npos);
}

TEST(Json, TooDeepAtSkipsStringsAndEscapes) {
  EXPECT_EQ(JsonTooDeepAt(R"(["[[[\"[[", [[1]]])", 2), 13u);
  EXPECT_EQ(JsonTooDeepAt(R"([[1]])", 2), std::string_view::npos);
}

TEST(Json, PositionOfCountsLinesAndCharacters) {
  EXPECT_EQ(PositionOf("ab\ncd", 4).line, 2u);
  EXPECT_EQ(PositionOf("ab\ncd", 4).column, 2u);
  EXPECT_EQ(PositionOf("é\nx", 0).column, 1u);
  EXPECT_EQ(PositionOf("aé", 3).column, 3u);
}

}  // namespace
}  // namespace ah
