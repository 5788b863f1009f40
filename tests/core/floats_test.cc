#include "core/floats.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace ah {
namespace {

TEST(Float32Le, RoundTripsEveryValue) {
  const std::vector<float> v = {0.0f,
                                -0.0f,
                                1.0f,
                                -2.5f,
                                3.14159265f,
                                1e-38f,
                                1e-45f,
                                std::numeric_limits<float>::max(),
                                std::numeric_limits<float>::infinity()};
  const std::string bytes = EncodeFloat32Le(v);
  EXPECT_EQ(bytes.size(), v.size() * 4);
  auto back = DecodeFloat32Le(bytes);
  ASSERT_TRUE(back) << back.error().ToString();
  ASSERT_EQ(back->size(), v.size());
  for (size_t i = 0; i < v.size(); ++i)
    EXPECT_EQ(std::memcmp(&(*back)[i], &v[i], 4), 0) << i;  // bit for bit (-0.0 too)
}

TEST(Float32Le, BytesAreLittleEndianIeee754) {
  const std::vector<float> v = {1.0f, -2.0f};
  EXPECT_EQ(EncodeFloat32Le(v), std::string("\x00\x00\x80\x3F\x00\x00\x00\xC0", 8));
}

TEST(Float32Le, EmptyAndDamagedInput) {
  EXPECT_EQ(EncodeFloat32Le({}), "");
  auto empty = DecodeFloat32Le("");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  auto bad = DecodeFloat32Le("abcde");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kCorrupt);
  EXPECT_NE(bad.error().message.find("5 bytes"), std::string::npos);
}

}  // namespace
}  // namespace ah
