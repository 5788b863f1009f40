// Explicit DOI fields as real exports write them (issue 11, "Seeds from real libraries"): a
// space inside the DOI, a "DOI " label, proxy hosts and <a href> wrappers are recovered or
// repaired with a note, never silently truncated or rejected.
#include <gtest/gtest.h>

#include <string>

#include "imports/util.h"

namespace ah::imports {
namespace {

struct Read {
  bool ok = false;
  std::string doi, arxiv, note;
};

Read ReadDoi(const std::string& value) {
  Reference ref;
  Read r;
  r.ok = TakeDoiField(ref, value, &r.note);
  r.doi = ref.doi;
  r.arxiv = ref.arxiv;
  return r;
}

TEST(TakeDoiField, PlainAndResolverFormsNeedNoNote) {
  Read r = ReadDoi("10.1038/nature14539");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.doi, "10.1038/nature14539");
  EXPECT_EQ(r.note, "");
  EXPECT_EQ(ReadDoi(" https://doi.org/10.1038/NATURE14539 ").doi, "10.1038/nature14539");
  EXPECT_EQ(ReadDoi("doi:10.1038/nature14539").doi, "10.1038/nature14539");
  EXPECT_EQ(ReadDoi("10.48550/arXiv.1706.03762").arxiv, "1706.03762");
}

TEST(TakeDoiField, ALabelBeforeTheDoiIsRecovered) {
  // tudelft_publications__pure_cs.bib, entry 1730.
  Read r = ReadDoi("DOI 10.1007/s11340-010-9411-x");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.doi, "10.1007/s11340-010-9411-x");
  EXPECT_EQ(r.note, "");
  EXPECT_EQ(ReadDoi("DOI: 10.1007/s11340-010-9411-x").doi, "10.1007/s11340-010-9411-x");
  EXPECT_EQ(ReadDoi("doi 10.1007/s11340-010-9411-x").doi, "10.1007/s11340-010-9411-x");
}

TEST(TakeDoiField, ProxyAndPublisherHostsAreRecovered) {
  // EricMFink_Zotero__My_Library.betterCSL.json (EZproxy), BU-DiSC Mendeley (IEEE CS host).
  EXPECT_EQ(ReadDoi("http://dx.doi.org.ezproxy.elon.edu/10.2979/jewisocistud.25.2.05").doi,
            "10.2979/jewisocistud.25.2.05");
  EXPECT_EQ(ReadDoi("https://doi-org.proxy.lib.umich.edu/10.1145/3290605.3300233").doi,
            "10.1145/3290605.3300233");
  EXPECT_EQ(ReadDoi("doi.ieeecomputersociety.org/10.1109/ICDE.2014.6816677").doi,
            "10.1109/icde.2014.6816677");
  EXPECT_EQ(ReadDoi("http://doi.acm.org/10.1145/505241.505244").doi, "10.1145/505241.505244");
  EXPECT_EQ(ReadDoi("https://doi-org.ezproxy.x.edu/10.1016%2Fj.cell.2020.01.001").doi,
            "10.1016/j.cell.2020.01.001");
  EXPECT_EQ(ReadDoi("https://doi.org/10.1038/nature14539").note, "");
}

TEST(TakeDoiField, AnHtmlLinkIsRecovered) {
  // EricMFink_Zotero__My_Library.betterCSL.json, item "Mather2011".
  Read r = ReadDoi(
      "<a href=\"https://doi.org/10.1017/CBO9780511921506.007\">10.1017/CBO9780511921506.007</a>");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.doi, "10.1017/cbo9780511921506.007");
  EXPECT_EQ(ReadDoi("<a href='https://doi.org/10.1000/xyz'>link</a>").doi, "10.1000/xyz");
}

TEST(TakeDoiField, ASpaceInsideTheDoiIsRepairedWithANote) {
  // tudelft_publications__pure_cs.bib: read as "10.1371/journal" before (a valid-looking DOI).
  Read r = ReadDoi("10.1371/journal. pone.0287612");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.doi, "10.1371/journal.pone.0287612");
  EXPECT_NE(r.note.find("10.1371/journal.pone.0287612"), std::string::npos) << r.note;
  EXPECT_NE(r.note.find("space"), std::string::npos) << r.note;
  EXPECT_EQ(ReadDoi("10.3390/ aerospace10050423").doi, "10.3390/aerospace10050423");
  EXPECT_EQ(ReadDoi("10.3390 /aerospace9120847").doi, "10.3390/aerospace9120847");
  EXPECT_EQ(ReadDoi("10.1000/a -b").doi, "10.1000/a-b");
}

TEST(TakeDoiField, TextAfterTheDoiIsReportedNotSilentlyDropped) {
  // Blaisorblade_Bibs__zotero.bib: a DOI and a URN in one field.
  Read r = ReadDoi("10.5075/epfl-thesis-7156, urn:nbn:ch:bel-epfl-thesis7156-6");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.doi, "10.5075/epfl-thesis-7156");
  EXPECT_NE(r.note.find("urn:nbn"), std::string::npos) << r.note;
  Read two = ReadDoi("10.1000/first 10.1000/second");
  EXPECT_EQ(two.doi, "10.1000/first");
  EXPECT_NE(two.note.find("10.1000/second"), std::string::npos) << two.note;
}

TEST(TakeDoiField, ADotForTheSlashIsRepairedWithANote) {
  // bibfix__embase.RIS, record 422.
  Read r = ReadDoi("http://dx.doi.org/10.1519.JSC.0b013e318248d789");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.doi, "10.1519/jsc.0b013e318248d789");
  EXPECT_NE(r.note.find("10.1519/JSC.0b013e318248d789"), std::string::npos) << r.note;
}

TEST(TakeDoiField, WhatIsNoDoiStaysRejected) {
  EXPECT_FALSE(ReadDoi("null").ok);
  EXPECT_FALSE(ReadDoi("").ok);
  EXPECT_FALSE(ReadDoi("10.3390/").ok);
  EXPECT_FALSE(ReadDoi("Rowe, Reuben and Hugo (2019) Characterising renaming").ok);
  // A whole citation in the field: the DOI inside it, with a note (Blaisorblade_Bibs__zotero.bib).
  Read cited = ReadDoi(
      "Rowe, Reuben (2019) Characterising Renaming. In: PLDI '19. (doi:10.1145/3314221.3314600 "
      "<https://doi.org/10.1145/3314221.3314600>) (Full text available)");
  EXPECT_TRUE(cited.ok);
  EXPECT_EQ(cited.doi, "10.1145/3314221.3314600");
  EXPECT_NE(cited.note.find("other text"), std::string::npos) << cited.note;
  EXPECT_FALSE(ReadDoi("https://example.org/paper.pdf").ok);
  EXPECT_FALSE(ReadDoi("<a href=\"https://example.org/\">x</a>").ok);
}

TEST(TakeDoi, NeverTruncatesAtASpace) {
  // The token reader: a value with a space inside is not a DOI it can take whole.
  Reference ref;
  EXPECT_FALSE(TakeDoi(ref, "10.1371/journal. pone.0287612"));
  EXPECT_EQ(ref.doi, "");
}

}  // namespace
}  // namespace ah::imports
