#include "core/license.h"

#include <gtest/gtest.h>

namespace ah {
namespace {

TEST(LicenseTest, BiorxivAndOpenAlexCodesAreNamed) {
  EXPECT_EQ(NameLicense("cc_by_nc_nd").text, "CC BY-NC-ND 4.0");
  EXPECT_EQ(NameLicense("cc_by_nc_nd").url, "https://creativecommons.org/licenses/by-nc-nd/4.0/");
  EXPECT_EQ(NameLicense("cc_by").text, "CC BY 4.0");
  EXPECT_EQ(NameLicense(" cc-by ").text, "CC BY 4.0");
  EXPECT_EQ(NameLicense("CC-BY-SA").text, "CC BY-SA 4.0");
  EXPECT_EQ(NameLicense("cc0").text, "CC0 1.0");
  EXPECT_EQ(NameLicense("cc_no").text, "No reuse licence (all rights reserved)");
  EXPECT_TRUE(NameLicense("cc_no").url.empty());
  EXPECT_EQ(NameLicense("other-oa").text, "Other open-access licence");
  EXPECT_EQ(NameLicense("public-domain").text, "Public domain");
}

TEST(LicenseTest, UrlsKeepTheirVersion) {
  auto n = NameLicense("http://creativecommons.org/licenses/by-nc-sa/3.0/");
  EXPECT_EQ(n.text, "CC BY-NC-SA 3.0");
  EXPECT_EQ(n.url, "https://creativecommons.org/licenses/by-nc-sa/3.0/");
  EXPECT_EQ(NameLicense("https://creativecommons.org/licenses/by/4.0").text, "CC BY 4.0");
  EXPECT_EQ(NameLicense("http://arxiv.org/licenses/nonexclusive-distrib/1.0/").text,
            "arXiv non-exclusive licence to distribute");
  EXPECT_EQ(NameLicense("http://creativecommons.org/publicdomain/zero/1.0/").text, "CC0 1.0");
}

TEST(LicenseTest, UnknownValuesComeBackAsGiven) {
  EXPECT_EQ(NameLicense("").text, "");
  EXPECT_EQ(NameLicense("  Elsevier user license ").text, "Elsevier user license");
  EXPECT_TRUE(NameLicense("Elsevier user license").url.empty());
  EXPECT_EQ(NameLicense("https://www.elsevier.com/tdm/userlicense/1.0/").url,
            "https://www.elsevier.com/tdm/userlicense/1.0/");
  EXPECT_EQ(NameLicense("cc_by_xx").text, "cc_by_xx");
  EXPECT_EQ(NameLicense("https://creativecommons.org/licenses/").text,
            "https://creativecommons.org/licenses/");
  EXPECT_EQ(NameLicense("cc_").text, "cc_");
}

}  // namespace
}  // namespace ah
