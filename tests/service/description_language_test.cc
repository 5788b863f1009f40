// A radar described in Chinese: the offline ranker cannot match English papers
// to it, and says so (issue 11, "Search and languages").
#include <gtest/gtest.h>

#include "service/radar_service.h"

namespace ah::service {
namespace {

store::RadarDefinition Described(const std::string& d) {
  store::RadarDefinition r;
  r.name = "r";
  r.description = d;
  return r;
}

TEST(DescriptionLanguage, ChineseDescriptionsWarnWithoutAnEmbeddingModel) {
  const std::string w = DescriptionLanguageWarning(Described("医学图像分割的深度学习方法"), false);
  EXPECT_NE(w.find("in Chinese"), std::string::npos) << w;
  EXPECT_NE(w.find("multilingual embedding model"), std::string::npos) << w;
  // Configured: the semantic term embeds the description; no warning.
  EXPECT_EQ(DescriptionLanguageWarning(Described("医学图像分割的深度学习方法"), true), "");
  // English, or English with a Chinese word or two: the words match.
  EXPECT_EQ(DescriptionLanguageWarning(Described("medical image segmentation"), false), "");
  EXPECT_EQ(DescriptionLanguageWarning(Described("medical image segmentation (医学图像)"), false),
            "");
  EXPECT_EQ(DescriptionLanguageWarning(Described(""), false), "");
  EXPECT_EQ(DescriptionLanguageWarning(Described("Zoë, naïve — “quotes”"), false), "");
}

TEST(DescriptionLanguage, CreatingSuchARadarWarns) {
  std::vector<std::string> warnings;
  ASSERT_TRUE(ValidateDefinition(Described("大语言模型智能体用于科学发现"), &warnings));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("multilingual embedding model"), std::string::npos);
}

}  // namespace
}  // namespace ah::service
