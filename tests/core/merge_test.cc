#include "core/merge.h"

#include <gtest/gtest.h>

namespace ah {
namespace {

Paper ArxivV1() {
  Paper p;
  p.ids.arxiv = "2401.01234";
  p.title = "Graph networks v1";
  p.abstract = "Old abstract.";
  p.abstract_raw = "Old abstract.";
  p.authors = {{"Ping Li", {}, ""}, {"John Smith", {}, ""}};
  p.categories = {"cs.LG"};
  p.primary_category = "cs.LG";
  p.versions = {{1, "2024-01-02"}};
  p.listings = {{"arxiv", "2024-01-03", "new", "cs.LG"}};
  p.submitted = "2024-01-02";
  p.updated = "2024-01-02";
  p.comments = "10 pages";
  return p;
}

Paper ArxivV2() {
  Paper p = ArxivV1();
  p.title = "Graph networks v2";
  p.abstract = "New abstract.";
  p.abstract_raw = "New abstract.";
  p.versions = {{1, "2024-01-02"}, {2, "2024-02-10"}};
  p.listings = {{"arxiv", "2024-02-12", "replace", "cs.LG"}};
  p.updated = "2024-02-10";
  p.comments = "12 pages";
  p.journal_ref = "J. Graphs 1 (2024)";
  p.categories = {"cs.LG", "cs.AI"};
  return p;
}

TEST(MergePaper, NewerVersionMovesLinksToIt) {
  Paper stored = ArxivV1();
  stored.pdf_url = "https://arxiv.org/pdf/2401.01234v1";
  Paper in = ArxivV2();
  in.pdf_url = "https://arxiv.org/pdf/2401.01234v2";
  EXPECT_TRUE(MergePaper(stored, in));
  EXPECT_EQ(stored.pdf_url, "https://arxiv.org/pdf/2401.01234v2");
  // An older version arriving later does not move it back.
  Paper old = ArxivV1();
  old.pdf_url = "https://arxiv.org/pdf/2401.01234v1";
  MergePaper(stored, old);
  EXPECT_EQ(stored.pdf_url, "https://arxiv.org/pdf/2401.01234v2");
}

TEST(MergePaper, MergingIntoEmptyCopiesAndNormalises) {
  Paper in = ArxivV1();
  in.listings.push_back(in.listings[0]);  // duplicate
  in.listings.insert(in.listings.begin(), Listing{"arxiv", "2024-01-05", "cross", "cs.AI"});
  in.versions = {{2, ""}, {1, "2024-01-02"}, {2, "2024-02-01"}};
  Paper s;
  EXPECT_TRUE(MergePaper(s, in));
  EXPECT_EQ(s.title, in.title);
  ASSERT_EQ(s.listings.size(), 2u);
  EXPECT_EQ(s.listings[0].date, "2024-01-03");
  EXPECT_EQ(s.listings[1].date, "2024-01-05");
  ASSERT_EQ(s.versions.size(), 2u);
  EXPECT_EQ(s.versions[0].number, 1);
  EXPECT_EQ(s.versions[1].number, 2);
  EXPECT_EQ(s.versions[1].date, "2024-02-01");
  EXPECT_FALSE(MergePaper(s, in));
}

TEST(MergePaper, IsIdempotent) {
  Paper s = ArxivV1();
  EXPECT_FALSE(MergePaper(s, ArxivV1()));
  EXPECT_TRUE(MergePaper(s, ArxivV2()));
  EXPECT_FALSE(MergePaper(s, ArxivV2()));
  EXPECT_FALSE(MergePaper(s, ArxivV1()));
}

TEST(MergePaper, NewerVersionWithOnlyARawAbstractIsIdempotent) {
  // Found by fuzz/paper_json_fuzz: the raw abstract was dropped on the
  // newer-version path and filled by the second merge.
  Paper in;
  in.versions = {{2, ""}};
  in.abstract_raw = "<p>We</p>";
  Paper s;
  EXPECT_TRUE(MergePaper(s, in));
  EXPECT_EQ(s.abstract_raw, "<p>We</p>");
  EXPECT_FALSE(MergePaper(s, in));
}

TEST(MergePaper, NewerVersionUpdatesTextFields) {
  Paper s = ArxivV1();
  ASSERT_TRUE(MergePaper(s, ArxivV2()));
  EXPECT_EQ(s.title, "Graph networks v2");
  EXPECT_EQ(s.abstract, "New abstract.");
  EXPECT_EQ(s.comments, "12 pages");
  EXPECT_EQ(s.journal_ref, "J. Graphs 1 (2024)");
  ASSERT_EQ(s.versions.size(), 2u);
  EXPECT_EQ(s.versions[1].date, "2024-02-10");
  ASSERT_EQ(s.listings.size(), 2u);
  EXPECT_EQ(s.listings[1].announce_type, "replace");
  EXPECT_EQ(s.categories, (std::vector<std::string>{"cs.LG", "cs.AI"}));
  EXPECT_EQ(s.submitted, "2024-01-02");
  EXPECT_EQ(s.updated, "2024-02-10");
}

TEST(MergePaper, OlderVersionOnlyFillsEmptyFields) {
  Paper s = ArxivV2();
  Paper old = ArxivV1();
  old.license = "CC-BY";
  ASSERT_TRUE(MergePaper(s, old));  // new listing + license
  EXPECT_EQ(s.title, "Graph networks v2");
  EXPECT_EQ(s.abstract, "New abstract.");
  EXPECT_EQ(s.comments, "12 pages");
  EXPECT_EQ(s.license, "CC-BY");
  EXPECT_EQ(s.listings.size(), 2u);
}

TEST(MergePaper, NewerVersionWithEmptyFieldsKeepsStoredValues) {
  Paper s = ArxivV1();
  Paper v2;
  v2.ids.arxiv = s.ids.arxiv;
  v2.versions = {{2, "2024-03-01"}};
  ASSERT_TRUE(MergePaper(s, v2));
  EXPECT_EQ(s.title, "Graph networks v1");
  EXPECT_EQ(s.comments, "10 pages");
  EXPECT_EQ(s.authors.size(), 2u);
}

TEST(MergePaper, NeverOverwritesAKnownId) {
  Paper s;
  s.ids.doi = "10.1/a";
  Paper in;
  in.ids.doi = "10.1/b";
  in.ids.pmid = "42";
  EXPECT_TRUE(MergePaper(s, in));
  EXPECT_EQ(s.ids.doi, "10.1/a");
  EXPECT_EQ(s.ids.pmid, "42");
  EXPECT_FALSE(MergePaper(s, in));
}

TEST(MergePaper, KeepsStoredPrimaryCategoryAndUnionsCategories) {
  Paper s;
  s.primary_category = "cs.LG";
  s.categories = {"cs.LG"};
  Paper in;
  in.primary_category = "cs.AI";
  in.categories = {"cs.AI", "cs.LG", ""};
  EXPECT_TRUE(MergePaper(s, in));
  EXPECT_EQ(s.primary_category, "cs.LG");
  EXPECT_EQ(s.categories, (std::vector<std::string>{"cs.LG", "cs.AI"}));

  Paper empty_primary;
  EXPECT_TRUE(MergePaper(empty_primary, in));
  EXPECT_EQ(empty_primary.primary_category, "cs.AI");
}

TEST(MergePaper, SubmittedEarliestUpdatedLatest) {
  Paper s;
  s.submitted = "2024-01-05";
  s.updated = "2024-01-05";
  Paper in;
  in.submitted = "2024-01-01";
  in.updated = "2024-03-01";
  EXPECT_TRUE(MergePaper(s, in));
  EXPECT_EQ(s.submitted, "2024-01-01");
  EXPECT_EQ(s.updated, "2024-03-01");
  Paper later;
  later.submitted = "2024-02-01";
  later.updated = "2024-02-01";
  EXPECT_FALSE(MergePaper(s, later));
}

TEST(MergePaper, FillsPublishedDoiOnlyWhenEmpty) {
  Paper s;
  Paper in;
  in.published_doi = "10.1/j";
  EXPECT_TRUE(MergePaper(s, in));
  EXPECT_EQ(s.published_doi, "10.1/j");
  in.published_doi = "10.1/other";
  EXPECT_FALSE(MergePaper(s, in));
  EXPECT_EQ(s.published_doi, "10.1/j");
}

TEST(MergePaper, FillsVersionDates) {
  Paper s;
  s.versions = {{1, ""}};
  Paper in;
  in.versions = {{1, "2024-01-01"}};
  EXPECT_TRUE(MergePaper(s, in));
  EXPECT_EQ(s.versions[0].date, "2024-01-01");
}

TEST(MergePaper, CompletesAffiliationsOfTheSameAuthors) {
  Paper s = ArxivV1();
  Paper in;
  in.authors = {{"P. Li", {"MIT"}, "0000-0001"}, {"J. Smith", {}, ""}};
  EXPECT_TRUE(MergePaper(s, in));
  EXPECT_EQ(s.authors[0].name, "Ping Li");
  EXPECT_EQ(s.authors[0].affiliations, std::vector<std::string>{"MIT"});
  EXPECT_EQ(s.authors[0].orcid, "0000-0001");
  EXPECT_FALSE(MergePaper(s, in));

  Paper different;
  different.authors = {{"Ann Other", {"X"}, ""}, {"Bob Else", {}, ""}};
  EXPECT_FALSE(MergePaper(s, different));
}

TEST(MergePaper, NewerAuthorListKeepsKnownAffiliations) {
  Paper s = ArxivV1();
  s.authors[0].affiliations = {"MIT"};
  Paper v2 = ArxivV2();
  v2.authors = {{"Ping Li", {}, ""}, {"John Smith", {}, ""}, {"New Person", {}, ""}};
  ASSERT_TRUE(MergePaper(s, v2));
  ASSERT_EQ(s.authors.size(), 3u);
  EXPECT_EQ(s.authors[2].name, "New Person");
  EXPECT_EQ(s.authors[0].affiliations, std::vector<std::string>{"MIT"});
  EXPECT_TRUE(s.authors[2].affiliations.empty());
  EXPECT_FALSE(MergePaper(s, v2));

  Paper t = ArxivV1();
  t.authors[0].affiliations = {"MIT"};
  Paper v2same = ArxivV2();  // same two authors, no affiliations
  ASSERT_TRUE(MergePaper(t, v2same));
  EXPECT_EQ(t.authors[0].affiliations, std::vector<std::string>{"MIT"});
}

TEST(MergePaper, ListingsStaySortedByDateThenSource) {
  Paper s;
  Paper in;
  in.listings = {{"biorxiv", "2024-01-02", "new", ""},
                 {"arxiv", "2024-01-02", "new", "cs.LG"},
                 {"arxiv", "2024-01-01", "new", "cs.LG"}};
  EXPECT_TRUE(MergePaper(s, in));
  ASSERT_EQ(s.listings.size(), 3u);
  EXPECT_EQ(s.listings[0].date, "2024-01-01");
  EXPECT_EQ(s.listings[1].source, "arxiv");
  EXPECT_EQ(s.listings[2].source, "biorxiv");
}

TEST(CanonicalKey, PrefersArxivThenDoiThenPubmedThenOpenAlex) {
  Paper p;
  EXPECT_EQ(CanonicalKey(p), "");
  p.ids.openalex = "W1";
  EXPECT_EQ(CanonicalKey(p), "openalex:W1");
  p.ids.pmcid = "PMC2";
  EXPECT_EQ(CanonicalKey(p), "pmcid:PMC2");
  p.ids.pmid = "3";
  EXPECT_EQ(CanonicalKey(p), "pmid:3");
  p.ids.doi = "10.1/x";
  EXPECT_EQ(CanonicalKey(p), "doi:10.1/x");
  p.ids.arxiv = "2401.01234";
  EXPECT_EQ(CanonicalKey(p), "2401.01234");
}

TEST(IdsConflict, OnlyWhenTheSameSchemeDiffers) {
  PaperIds a{"2401.1", "10.1/a", "", "", ""};
  PaperIds b{"", "10.1/a", "5", "", ""};
  EXPECT_FALSE(IdsConflict(a, b));
  b.arxiv = "2401.2";
  EXPECT_TRUE(IdsConflict(a, b));
}

TEST(LinkRole, PreprintsAndJournalRecords) {
  Paper arxiv;
  arxiv.ids.arxiv = "2401.01234";
  EXPECT_EQ(LinkRoleOf(arxiv), LinkRole::kPreprint);
  arxiv.published_doi = "10.1/j";
  EXPECT_EQ(LinkRoleOf(arxiv), LinkRole::kNone);

  Paper biorxiv;
  biorxiv.ids.doi = "10.1101/2024.01.01.123";
  EXPECT_EQ(LinkRoleOf(biorxiv), LinkRole::kPreprint);

  Paper posted;
  posted.ids.doi = "10.9999/x";
  posted.type = "posted-content";
  EXPECT_EQ(LinkRoleOf(posted), LinkRole::kPreprint);

  Paper journal;
  journal.ids.doi = "10.1038/nature1";
  journal.type = "journal-article";
  EXPECT_EQ(LinkRoleOf(journal), LinkRole::kJournal);

  Paper pubmed_only;
  pubmed_only.ids.pmid = "1";
  EXPECT_EQ(LinkRoleOf(pubmed_only), LinkRole::kNone);
}

TEST(LinkKey, SameForVariantsOfTitleAndFirstAuthor) {
  Paper a;
  a.title = "Deep Learning for Protein Folding";
  a.authors = {{"Li, Ping", {}, ""}};
  Paper b;
  b.title = "Deep learning for protein folding.";
  b.authors = {{"Ping Li", {}, ""}};
  EXPECT_FALSE(LinkKey(a).empty());
  EXPECT_EQ(LinkKey(a), LinkKey(b));

  Paper shorty;
  shorty.title = "Editorial";
  shorty.authors = {{"Ping Li", {}, ""}};
  EXPECT_EQ(LinkKey(shorty), "");

  Paper anonymous;
  anonymous.title = "Deep Learning for Protein Folding";
  EXPECT_EQ(LinkKey(anonymous), "");
}

}  // namespace
}  // namespace ah
