#include "sources/feeds/journals.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/ids.h"

namespace ah::sources::feeds {
namespace {

// ISSN check digit (ISO 3297): weights 8..2, mod 11, 10 -> 'X'.
bool IssnCheckDigitOk(const std::string& issn) {
  if (issn.size() != 9 || issn[4] != '-') return false;
  std::string d = issn.substr(0, 4) + issn.substr(5);
  int sum = 0;
  for (int i = 0; i < 7; ++i) sum += (d[i] - '0') * (8 - i);
  int check = (11 - sum % 11) % 11;
  char want = check == 10 ? 'X' : static_cast<char>('0' + check);
  return d[7] == want;
}

TEST(Journals, CatalogueHasTheRequiredJournals) {
  struct Want {
    const char* slug;
    const char* name;
    const char* issn;
    const char* eissn;
    const char* feed;
  };
  const Want kWant[] = {
      {"nature", "Nature", "0028-0836", "1476-4687", "https://www.nature.com/nature.rss"},
      {"science", "Science", "0036-8075", "1095-9203",
       "https://www.science.org/action/showFeed?type=etoc&feed=rss&jc=science"},
      {"cell", "Cell", "0092-8674", "1097-4172", "https://www.cell.com/cell/current.rss"},
      {"pnas", "Proceedings of the National Academy of Sciences", "0027-8424", "1091-6490",
       "https://www.pnas.org/action/showFeed?type=etoc&feed=rss&jc=pnas"},
      {"nejm", "New England Journal of Medicine", "0028-4793", "1533-4406",
       "https://www.nejm.org/action/showFeed?jc=nejm&type=etoc&feed=rss"},
      {"lancet", "The Lancet", "0140-6736", "1474-547X",
       "https://www.thelancet.com/rssfeed/lancet_current.xml"},
      {"jama", "JAMA", "0098-7484", "1538-3598", "https://jamanetwork.com/rss/site_3/67.xml"},
      {"prl", "Physical Review Letters", "0031-9007", "1079-7114",
       "http://feeds.aps.org/rss/recent/prl.xml"},
      {"joss", "Journal of Open Source Software", "", "2475-9066",
       "https://joss.theoj.org/papers/published.atom"},
  };
  for (const Want& w : kWant) {
    const Journal* j = FindJournal(w.slug);
    ASSERT_NE(j, nullptr) << w.slug;
    EXPECT_EQ(j->name, w.name);
    EXPECT_EQ(j->issn, w.issn) << w.slug;
    EXPECT_EQ(j->eissn, w.eissn) << w.slug;
    EXPECT_EQ(j->feed_url, w.feed) << w.slug;
  }
  for (const char* slug :
       {"nature-methods", "nature-biotechnology", "nature-genetics", "nature-medicine",
        "nature-neuroscience", "nature-physics", "nature-chemistry", "nature-machine-intelligence",
        "nature-communications", "science-advances", "elife", "plos-biology", "bmj", "neuron",
        "cell-systems", "jmlr", "tpami"}) {
    const Journal* j = FindJournal(slug);
    ASSERT_NE(j, nullptr) << slug;
    EXPECT_FALSE(j->feed_url.empty()) << slug;
    EXPECT_FALSE(j->eissn.empty() && j->issn.empty()) << slug;
  }
}

TEST(Journals, EveryEntryIsWellFormedAndUnique) {
  std::set<std::string> slugs, issns, feeds;
  for (const Journal& j : BuiltinJournals()) {
    EXPECT_TRUE(slugs.insert(j.slug).second) << "duplicate slug " << j.slug;
    EXPECT_EQ(Slugify(j.slug), j.slug);
    EXPECT_FALSE(j.name.empty());
    EXPECT_FALSE(j.publisher.empty()) << j.slug;
    EXPECT_FALSE(j.field.empty()) << j.slug;
    EXPECT_TRUE(j.feed_url.rfind("https://", 0) == 0 || j.feed_url.rfind("http://", 0) == 0)
        << j.slug;
    EXPECT_TRUE(feeds.insert(j.feed_url).second) << "duplicate feed " << j.feed_url;
    for (const std::string& issn : {j.issn, j.eissn}) {
      if (issn.empty()) continue;
      EXPECT_EQ(ids::NormalizeIssn(issn), issn) << j.slug;
      EXPECT_TRUE(IssnCheckDigitOk(issn)) << j.slug << " " << issn;
      EXPECT_TRUE(issns.insert(issn).second) << "duplicate ISSN " << issn;
    }
  }
  EXPECT_GE(BuiltinJournals().size(), 26u);
}

TEST(Journals, FindsBySlugIssnAndFeedUrl) {
  const Journal* nature = FindJournal("nature");
  ASSERT_NE(nature, nullptr);
  EXPECT_EQ(FindJournal("NATURE"), nature);
  EXPECT_EQ(FindJournal("0028-0836"), nature);
  EXPECT_EQ(FindJournal("14764687"), nature);
  EXPECT_EQ(FindJournal(" 1476-4687 "), nature);
  EXPECT_EQ(FindJournal("https://www.nature.com/nature.rss"), nature);
  EXPECT_EQ(FindJournal("http://nature.com/nature.rss/"), nature);
  EXPECT_EQ(FindJournal("HTTPS://WWW.NATURE.COM/nature.rss"), nature);
  const Journal* lancet = FindJournal("1474-547x");
  ASSERT_NE(lancet, nullptr);
  EXPECT_EQ(lancet->slug, "lancet");
  EXPECT_EQ(
      FindJournal("https://www.science.org/action/showFeed?type=etoc&feed=rss&jc=sciadv")->slug,
      "science-advances");
  EXPECT_EQ(FindJournal("https://www.nature.com/NATURE.rss"), nullptr);  // paths are case-sensitive
  EXPECT_EQ(FindJournal("unknown-journal"), nullptr);
  EXPECT_EQ(FindJournal("1234-5678"), nullptr);
  EXPECT_EQ(FindJournal(""), nullptr);
  EXPECT_EQ(FindJournal("https://example.org/feed"), nullptr);
}

TEST(Journals, ExtraJournalsAreSearchedFirst) {
  std::vector<Journal> extra = {
      {"my-nature", "Nature", "Me", "0028-0836", "", "https://example.org/nature.xml", "x"},
      {"obscure", "Obscure Letters", "Me", "", "", "https://example.org/obscure.xml", "x"},
  };
  EXPECT_EQ(FindJournal("0028-0836", extra)->slug, "my-nature");
  EXPECT_EQ(FindJournal("obscure", extra)->slug, "obscure");
  EXPECT_EQ(FindJournal("https://example.org/obscure.xml", extra)->slug, "obscure");
  EXPECT_EQ(FindJournal("nature", extra)->slug, "nature");
  EXPECT_EQ(FindJournal("obscure"), nullptr);
}

TEST(Journals, FindsByNameIgnoringCaseAndLeadingThe) {
  ASSERT_NE(FindJournalByName("The Lancet"), nullptr);
  EXPECT_EQ(FindJournalByName("lancet")->slug, "lancet");
  EXPECT_EQ(FindJournalByName("NATURE")->slug, "nature");
  EXPECT_EQ(FindJournalByName("Journal of Open Source Software")->slug, "joss");
  EXPECT_EQ(FindJournalByName("PLOS ONE")->slug, "plos-one");
  EXPECT_EQ(FindJournalByName("Nature Reviews Something"), nullptr);
  EXPECT_EQ(FindJournalByName(""), nullptr);
}

TEST(Journals, SlugifyMakesStableAsciiSlugs) {
  EXPECT_EQ(Slugify("Journal of Open Source Software"), "journal-of-open-source-software");
  EXPECT_EQ(Slugify("  Nature: Current Issue!! "), "nature-current-issue");
  EXPECT_EQ(Slugify("Revue d'\u00c9tudes"), "revue-d-etudes");
  EXPECT_EQ(Slugify("---"), "");
  EXPECT_LE(Slugify(std::string(500, 'a')).size(), 64u);
}

}  // namespace
}  // namespace ah::sources::feeds
