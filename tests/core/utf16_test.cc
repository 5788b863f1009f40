#include "core/utf16.h"

#include <gtest/gtest.h>

#include <string>

namespace ah {
namespace {

using std::string_literals::operator""s;

TEST(Utf16, DetectsByteOrderMarksAndBomlessMarkupOrJson) {
  auto le = DetectUtf16("\xFF\xFE<\0?\0"s);
  ASSERT_TRUE(le);
  EXPECT_TRUE(le->little_endian);
  EXPECT_EQ(le->bom, 2u);
  auto be = DetectUtf16("\xFE\xFF\0{"s);
  ASSERT_TRUE(be);
  EXPECT_FALSE(be->little_endian);
  auto bomless = DetectUtf16("\0<\0?"s);
  ASSERT_TRUE(bomless);
  EXPECT_FALSE(bomless->little_endian);
  EXPECT_EQ(bomless->bom, 0u);
  EXPECT_TRUE(DetectUtf16("[\0\"\0"s));
  EXPECT_FALSE(DetectUtf16("\xFF\xFE\0\0<\0\0\0"s));  // UTF-32
  EXPECT_FALSE(DetectUtf16("<?xml"));
  EXPECT_FALSE(DetectUtf16("\xEF\xBB\xBF{}"));
  EXPECT_FALSE(DetectUtf16("<"));
  EXPECT_FALSE(DetectUtf16("<\0\0\0"s));
}

TEST(Utf16, ConvertsSurrogatePairsAndReplacesLoneSurrogatesAndNul) {
  EXPECT_EQ(Utf16ToUtf8("A\0\xE9\0"s, true), "A\xC3\xA9");
  EXPECT_EQ(Utf16ToUtf8("\0A\0\xE9"s, false), "A\xC3\xA9");
  EXPECT_EQ(Utf16ToUtf8("\x3D\xD8\x00\xDE"s, true), "\xF0\x9F\x98\x80");  // U+1F600
  EXPECT_EQ(Utf16ToUtf8("\x3D\xD8"
                        "A\0"s,
                        true),
            "\xEF\xBF\xBD"
            "A");  // lone high surrogate
  EXPECT_EQ(Utf16ToUtf8("\0\0"s, true), "\xEF\xBF\xBD");
  EXPECT_EQ(Utf16ToUtf8("A\0B"s, true), "A");  // odd last byte dropped
}

}  // namespace
}  // namespace ah
