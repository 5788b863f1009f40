// Store conformance suite, part 1: ingest, deduplication, merge, linking,
// atomicity, cursors, fetch log, validators. Runs against every backend.
#include "core/paper_json.h"
#include "store_fixture.h"

namespace ah::store::testing {
namespace {

using namespace std::string_literals;

TEST_P(StoreTest, AddsNewPapersAndCountsThem) {
  UpsertStats s = Upsert({ArxivPaper("2401.00001", "First paper about graphs"),
                          ArxivPaper("2401.00002", "Second paper about graphs"),
                          JournalPaper("10.1000/j.1", "A journal article on oceans")});
  EXPECT_EQ(s.added, 3);
  EXPECT_EQ(s.updated, 0);
  EXPECT_EQ(s.unchanged, 0);
  EXPECT_EQ(s.rejected, 0);
  EXPECT_TRUE(s.errors.empty());
  LibraryStats st = MustStats();
  EXPECT_EQ(st.papers, 3);
  EXPECT_EQ(st.listings, 3);
  EXPECT_EQ(st.with_doi, 1);
  EXPECT_EQ(st.latest_listing_date, "2024-06-01");

  PaperView v = MustGet("2401.00001");
  EXPECT_EQ(v.paper.key, "2401.00001");
  EXPECT_EQ(v.paper.title, "First paper about graphs");
  ASSERT_EQ(v.paper.authors.size(), 2u);
  EXPECT_EQ(v.paper.authors[0].name, "Ping Li");
  EXPECT_EQ(MustGet("doi:10.1000/j.1").paper.key, "doi:10.1000/j.1");
}

TEST_P(StoreTest, GetAcceptsEveryReferenceForm) {
  Paper p = ArxivPaper("2401.00001", "Reference forms of a paper");
  p.ids.doi = "10.48550/arxiv.2401.00001";
  Upsert({p});
  for (const char* ref :
       {"2401.00001", "arXiv:2401.00001v3", "https://arxiv.org/abs/2401.00001v1",
        "doi:10.48550/arxiv.2401.00001", "10.48550/ARXIV.2401.00001", "  2401.00001  "}) {
    EXPECT_TRUE(Has(ref)) << ref;
  }
  EXPECT_FALSE(Has("2401.99999"));
  EXPECT_FALSE(Has(""));
  EXPECT_FALSE(Has("not an id at all"));
  EXPECT_FALSE(Has("'; DROP TABLE papers; --"));
}

TEST_P(StoreTest, ReingestingTheSamePageChangesNothing) {
  std::vector<Paper> page = {ArxivPaper("2401.00001", "First paper about graphs"),
                             JournalPaper("10.1000/j.1", "A journal article on oceans")};
  Upsert(page);
  const std::string before = PaperToJsonString(MustGet("2401.00001").paper);
  UpsertStats s = Upsert(page);
  EXPECT_EQ(s.added, 0);
  EXPECT_EQ(s.updated, 0);
  EXPECT_EQ(s.unchanged, 2);
  EXPECT_EQ(PaperToJsonString(MustGet("2401.00001").paper), before);
  EXPECT_EQ(MustStats().listings, 2);
}

TEST_P(StoreTest, SamePaperTwiceInOnePageIsOneCard) {
  Paper p = ArxivPaper("2401.00001", "Duplicated inside a page");
  UpsertStats s = Upsert({p, p});
  EXPECT_EQ(s.added, 1);
  EXPECT_EQ(s.unchanged, 1);
  EXPECT_EQ(MustStats().papers, 1);
}

TEST_P(StoreTest, ReplacementUpdatesTheSameCard) {
  Upsert({ArxivPaper("2401.00001", "Graph networks, first version")});
  Paper v2 = ArxivPaper("2401.00001", "Graph networks, second version", 2, "2024-02-01", "cs.LG",
                        "replace");
  v2.abstract = "A rewritten abstract about transformers.";
  v2.abstract_raw = v2.abstract;
  UpsertStats s = Upsert({v2});
  EXPECT_EQ(s.updated, 1);
  EXPECT_EQ(s.added, 0);
  LibraryStats st = MustStats();
  EXPECT_EQ(st.papers, 1);
  EXPECT_EQ(st.listings, 2);
  PaperView v = MustGet("2401.00001");
  EXPECT_EQ(v.paper.title, "Graph networks, second version");
  ASSERT_EQ(v.paper.versions.size(), 2u);
  EXPECT_EQ(v.paper.versions[1].date, "2024-02-01");
  ASSERT_EQ(v.paper.listings.size(), 2u);
  EXPECT_EQ(v.paper.listings[1].announce_type, "replace");
  EXPECT_EQ(v.paper.submitted, "2024-01-03");
  EXPECT_EQ(v.paper.updated, "2024-02-01");
  // The full-text index follows the update.
  EXPECT_EQ(SearchKeys(Q(Term("transformers"))), std::vector<std::string>{"2401.00001"});
  EXPECT_TRUE(SearchKeys(Q(Term("first", search::Field::kTitle))).empty());
  EXPECT_EQ(SearchKeys(Q(Term("second", search::Field::kTitle))),
            std::vector<std::string>{"2401.00001"});
  // An older version arriving late changes nothing visible.
  UpsertStats late = Upsert({ArxivPaper("2401.00001", "Graph networks, first version")});
  EXPECT_EQ(late.unchanged, 1);
  EXPECT_EQ(MustGet("2401.00001").paper.title, "Graph networks, second version");
}

TEST_P(StoreTest, ApiAndOaiListingsNeverMakeADaysFeed) {
  Upsert({ArxivPaper("2401.00001", "Announced paper", 1, "2024-01-03"),
          ArxivPaper("2401.00002", "Looked up through the API", 1, "2024-01-09", "cs.LG", "api"),
          ArxivPaper("2401.00003", "Harvested over OAI-PMH", 1, "2024-01-10", "cs.LG", "oai")});
  auto latest = store().LatestListingDate({});
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(*latest, "2024-01-03");
  auto api_day = store().ListByListing({"2024-01-09", "", "", 0});
  ASSERT_TRUE(api_day.has_value());
  EXPECT_TRUE(api_day->empty());
}

TEST_P(StoreTest, CrossListAddsAListingNotAPaper) {
  Upsert({ArxivPaper("2401.00001", "Cross listed paper", 1, "2024-01-03", "cs.LG", "new")});
  Paper cross = ArxivPaper("2401.00001", "Cross listed paper", 1, "2024-01-03", "cs.AI", "cross");
  cross.primary_category = "cs.LG";
  cross.categories = {"cs.LG", "cs.AI"};
  UpsertStats s = Upsert({cross});
  EXPECT_EQ(s.updated, 1);
  LibraryStats st = MustStats();
  EXPECT_EQ(st.papers, 1);
  EXPECT_EQ(st.listings, 2);
  PaperView v = MustGet("2401.00001");
  EXPECT_EQ(v.paper.primary_category, "cs.LG");
  EXPECT_EQ(v.paper.categories, (std::vector<std::string>{"cs.LG", "cs.AI"}));
  auto listed = store().ListByListing({"2024-01-03", "arxiv", "cs.AI", 0});
  ASSERT_TRUE(listed);
  EXPECT_EQ(Keys(*listed), std::vector<std::string>{"2401.00001"});
}

TEST_P(StoreTest, SameDoiFromTwoSourcesIsOnePaper) {
  Paper crossref = JournalPaper("10.1000/j.1", "A journal article on oceans");
  Paper openalex = JournalPaper("10.1000/j.1", "A Journal Article on Oceans", "Li, Ping",
                                "openalex", "2024-06-02");
  openalex.ids.openalex = "W123";
  openalex.license = "cc-by";
  Upsert({crossref});
  UpsertStats s = Upsert({openalex});
  EXPECT_EQ(s.updated, 1);
  EXPECT_EQ(MustStats().papers, 1);
  PaperView a = MustGet("doi:10.1000/j.1");
  PaperView b = MustGet("openalex:W123");
  EXPECT_EQ(a.paper.key, "doi:10.1000/j.1");
  EXPECT_EQ(b.paper.key, a.paper.key);
  EXPECT_EQ(b.paper.title, "A journal article on oceans");  // first title kept
  EXPECT_EQ(b.paper.license, "cc-by");                      // empty field filled
  EXPECT_EQ(b.paper.listings.size(), 2u);
  auto stats = MustStats();
  ASSERT_EQ(stats.papers_by_source.size(), 2u);
}

TEST_P(StoreTest, PubmedAndDoiRecordsMerge) {
  Paper pubmed;
  pubmed.ids.pmid = "31415926";
  pubmed.ids.doi = "10.1000/med.5";
  pubmed.title = "A clinical trial of tests";
  pubmed.authors = {{"Doe, Jane", {"Hospital"}, ""}};
  pubmed.listings = {{"pubmed", "2024-03-01", "new", ""}};
  Paper pmc;
  pmc.ids.pmid = "31415926";
  pmc.ids.pmcid = "PMC999";
  pmc.title = "A clinical trial of tests";
  Paper crossref = JournalPaper("10.1000/med.5", "A clinical trial of tests", "Doe, Jane");
  Upsert({pubmed});
  UpsertStats s = Upsert({crossref, pmc});
  EXPECT_EQ(s.updated, 2);
  EXPECT_EQ(MustStats().papers, 1);
  PaperView v = MustGet("pmid:31415926");
  EXPECT_EQ(v.paper.key, "doi:10.1000/med.5");
  EXPECT_EQ(v.paper.ids.pmcid, "PMC999");
  EXPECT_EQ(v.paper.journal, "Journal of Tests");
  EXPECT_EQ(MustGet("PMC999").paper.key, v.paper.key);
}

TEST_P(StoreTest, ConflictingIdsAreNotMerged) {
  // Two arXiv preprints both (wrongly) carrying the same DOI stay two papers;
  // the DOI stays with the first.
  Paper a = ArxivPaper("2401.00001", "Paper A claims a DOI");
  a.ids.doi = "10.1000/shared";
  Paper b = ArxivPaper("2401.00002", "Paper B claims the same DOI");
  b.ids.doi = "10.1000/shared";
  UpsertStats s = Upsert({a, b});
  EXPECT_EQ(s.added, 2);
  EXPECT_EQ(MustStats().papers, 2);
  EXPECT_EQ(MustGet("doi:10.1000/shared").paper.key, "2401.00001");
  EXPECT_EQ(MustGet("2401.00002").paper.ids.doi, "");
  EXPECT_EQ(MustGet("2401.00002").paper.title, "Paper B claims the same DOI");
  // Re-ingesting is stable.
  EXPECT_EQ(Upsert({a, b}).unchanged, 2);
}

TEST_P(StoreTest, IdsOwnedByAConflictingPaperAreDropped) {
  Paper a;
  a.ids.doi = "10.1000/x";
  a.ids.pmid = "1";
  a.title = "First";
  Paper b;
  b.ids.doi = "10.1000/x";
  b.ids.pmid = "2";  // same DOI, different PMID: a different work, and pmid 2 is free
  b.title = "Second";
  Paper c;
  c.ids.pmid = "1";
  c.ids.doi = "10.1000/y";  // pmid 1 is taken by a paper whose DOI differs
  c.title = "Third";
  UpsertStats s = Upsert({a, b});
  EXPECT_EQ(s.added, 2);
  EXPECT_EQ(MustGet("pmid:2").paper.ids.doi, "");
  EXPECT_EQ(MustGet("pmid:2").paper.key, "pmid:2");
  s = Upsert({c});
  EXPECT_EQ(s.added, 1);
  EXPECT_EQ(MustGet("doi:10.1000/y").paper.ids.pmid, "");
  EXPECT_EQ(MustGet("pmid:1").paper.title, "First");
}

TEST_P(StoreTest, RejectsARecordWhoseIdsAllBelongToConflictingPapers) {
  Paper a;
  a.ids.doi = "10.1000/x";
  a.ids.pmid = "1";
  Paper b;
  b.ids.pmid = "2";
  b.ids.pmcid = "PMC6";
  Paper c;
  c.ids.pmcid = "PMC5";
  c.ids.doi = "10.1000/w";
  Upsert({a, b, c});
  Paper f;  // doi -> a (pmid differs), pmid 2 -> b (pmcid differs), PMC5 -> c (doi differs)
  f.ids.doi = "10.1000/x";
  f.ids.pmid = "2";
  f.ids.pmcid = "PMC5";
  f.title = "Claims everyone's ids";
  UpsertStats s = Upsert({f});
  EXPECT_EQ(s.rejected, 1);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_NE(s.errors[0].message.find("another paper"), std::string::npos) << s.errors[0].message;
  EXPECT_EQ(MustStats().papers, 3);
}

TEST_P(StoreTest, RejectsPapersWithoutIdentifier) {
  Paper anonymous;
  anonymous.title = "A paper with no identifier";
  UpsertStats s = Upsert({anonymous, ArxivPaper("2401.00001", "Identified paper")});
  EXPECT_EQ(s.rejected, 1);
  EXPECT_EQ(s.added, 1);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_NE(s.errors[0].message.find("no identifier"), std::string::npos);
  EXPECT_NE(s.errors[0].message.find("record 0"), std::string::npos);
  EXPECT_EQ(MustStats().papers, 1);
}

TEST_P(StoreTest, EmptyPageIsANoOp) {
  UpsertStats s = Upsert({}, CursorUpdate{"arxiv:cs", "tok"});
  EXPECT_EQ(s.added + s.updated + s.unchanged + s.rejected, 0);
  EXPECT_EQ(MustStats().papers, 0);
  auto c = store().GetCursor("arxiv:cs");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->value_or("?"), "tok");
}

TEST_P(StoreTest, InvalidUtf8IsStoredSanitisedAndStaysIdempotent) {
  Paper p = ArxivPaper("2401.00001", std::string("Broken \xff title"));
  EXPECT_EQ(Upsert({p}).added, 1);
  EXPECT_EQ(MustGet("2401.00001").paper.title, "Broken \xEF\xBF\xBD title");
  EXPECT_EQ(Upsert({p}).unchanged, 1);
}

// SQL and FTS syntax is stored verbatim; control characters are removed and
// oversized fields cut (core/paper_limits.h, applied by Store::UpsertPage).
TEST_P(StoreTest, HostileFieldValuesAreStoredSafely) {
  Paper p = ArxivPaper("2401.00001", "Null\0byte title'); DROP TABLE papers; --"s);
  const std::string tail = " \"quoted\" NEAR(x y) title:z *";
  p.abstract = std::string(50 << 10, 'w') + tail;
  p.abstract_raw = "<p>" + p.abstract + "</p>";
  for (int i = 0; i < 2000; ++i) p.authors.push_back({"Author " + std::to_string(i), {}, ""});
  p.categories = {"weird|cat", "100%_sure", "cs.LG"};
  p.comments = "tab\there\nnewline \x01 control";
  p.listings.push_back({"src'\"", "", "", "ch\0"s});
  ASSERT_EQ(Upsert({p}).added, 1);
  PaperView v = MustGet("2401.00001");
  EXPECT_EQ(v.paper.title, "Nullbyte title'); DROP TABLE papers; --");
  EXPECT_EQ(v.paper.abstract, p.abstract);
  EXPECT_EQ(v.paper.abstract_raw, p.abstract_raw);
  EXPECT_EQ(v.paper.authors.size(), 2002u);
  EXPECT_EQ(v.paper.categories, p.categories);
  EXPECT_EQ(v.paper.comments, "tab\there\nnewline  control");
  EXPECT_EQ(v.paper.listings.size(), 2u);
  EXPECT_EQ(Upsert({p}).unchanged, 1);
  EXPECT_EQ(SearchKeys(Q(Term("drop", search::Field::kTitle))),
            std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(Term("100%_sure", search::Field::kCategory))),
            std::vector<std::string>{"2401.00001"});
  EXPECT_TRUE(SearchKeys(Q(Term("weird", search::Field::kCategory))).empty());
  // A newer version replaces the indexed text cleanly.
  Paper v2 = ArxivPaper("2401.00001", "Clean second title", 2, "2024-02-01");
  EXPECT_EQ(Upsert({v2}).updated, 1);
  EXPECT_TRUE(SearchKeys(Q(Term("drop", search::Field::kTitle))).empty());
  EXPECT_EQ(SearchKeys(Q(Term("clean"))), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(MustStats().papers, 1);
}

TEST_P(StoreTest, LinksPreprintToPublishedVersionByExplicitDoi) {
  Paper pre = ArxivPaper("2401.00001", "Deep learning for protein folding");
  pre.published_doi = "10.1000/nature.1";
  Upsert({pre});
  EXPECT_EQ(MustGet("2401.00001").published_version_key, "");  // not stored yet
  Upsert({JournalPaper("10.1000/nature.1", "Protein folding with deep learning")});
  PaperView p = MustGet("2401.00001");
  EXPECT_EQ(p.published_version_key, "doi:10.1000/nature.1");
  PaperView j = MustGet("doi:10.1000/nature.1");
  EXPECT_EQ(j.preprint_key, "2401.00001");
  EXPECT_EQ(j.published_version_key, "");
  EXPECT_EQ(MustStats().with_published_version, 1);
}

TEST_P(StoreTest, LinksPreprintToJournalVersionByTitleAndFirstAuthor) {
  Upsert({ArxivPaper("2401.00001", "Deep Learning for Protein Folding"),
          ArxivPaper("2401.00002", "Deep Learning for Protein Folding, Revisited")});
  UpsertStats s =
      Upsert({JournalPaper("10.1000/nature.1", "Deep learning for protein folding.", "Li, Ping")});
  EXPECT_EQ(s.added, 1);
  EXPECT_EQ(s.updated, 1);  // the preprint now knows its published version
  PaperView pre = MustGet("2401.00001");
  EXPECT_EQ(pre.paper.published_doi, "10.1000/nature.1");
  EXPECT_EQ(pre.published_version_key, "doi:10.1000/nature.1");
  EXPECT_EQ(MustGet("doi:10.1000/nature.1").preprint_key, "2401.00001");
  EXPECT_EQ(MustGet("2401.00002").paper.published_doi, "");
  // Idempotent: the same journal record again links nothing more.
  UpsertStats again =
      Upsert({JournalPaper("10.1000/nature.1", "Deep learning for protein folding.", "Li, Ping")});
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(again.updated, 0);
}

TEST_P(StoreTest, LinksWhenTheJournalVersionArrivesFirst) {
  Upsert({JournalPaper("10.1000/nature.1", "Deep learning for protein folding", "Li, Ping")});
  UpsertStats s = Upsert({ArxivPaper("2401.00001", "Deep Learning for Protein Folding")});
  EXPECT_EQ(s.added, 1);
  EXPECT_EQ(MustGet("2401.00001").published_version_key, "doi:10.1000/nature.1");
  EXPECT_EQ(MustGet("doi:10.1000/nature.1").preprint_key, "2401.00001");
}

TEST_P(StoreTest, DoesNotLinkWhenFirstAuthorDiffers) {
  Upsert({ArxivPaper("2401.00001", "Deep Learning for Protein Folding")});
  UpsertStats s = Upsert(
      {JournalPaper("10.1000/nature.1", "Deep learning for protein folding", "Smith, John")});
  EXPECT_EQ(s.updated, 0);
  EXPECT_EQ(MustGet("2401.00001").paper.published_doi, "");
  EXPECT_EQ(MustGet("doi:10.1000/nature.1").preprint_key, "");
}

TEST_P(StoreTest, JournalDoiClaimedByOnePreprintOnly) {
  Paper explicit_pre = ArxivPaper("2401.00005", "Some other title entirely here");
  explicit_pre.published_doi = "10.1000/nature.1";
  Upsert({explicit_pre, ArxivPaper("2401.00001", "Deep Learning for Protein Folding")});
  Upsert({JournalPaper("10.1000/nature.1", "Deep learning for protein folding", "Li, Ping")});
  EXPECT_EQ(MustGet("2401.00001").paper.published_doi, "");
  EXPECT_EQ(MustGet("doi:10.1000/nature.1").preprint_key, "2401.00005");
}

TEST_P(StoreTest, FailedPageLeavesTheStoreExactlyAsBefore) {
  Upsert({ArxivPaper("2401.00001", "Stored before the failure"),
          ArxivPaper("2401.00002", "Also stored before")},
         CursorUpdate{"arxiv:cs", "page-1"});
  const LibraryStats before = MustStats();
  const std::string doc_before = PaperToJsonString(MustGet("2401.00001").paper);

  ASSERT_TRUE(GetParam().fail_writes_of(dir_.path(), "2401.00003"));
  Paper replaced = ArxivPaper("2401.00001", "Changed by the failing page", 2, "2024-02-01");
  auto r = store().UpsertPage(
      {ArxivPaper("2401.00009", "New in the failing page"), replaced,
       ArxivPaper("2401.00003", "This write fails"), ArxivPaper("2401.00004", "After the failure")},
      CursorUpdate{"arxiv:cs", "page-2"});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("2401.00003"), std::string::npos) << r.error().message;

  const LibraryStats after = MustStats();
  EXPECT_EQ(after.papers, before.papers);
  EXPECT_EQ(after.listings, before.listings);
  EXPECT_FALSE(Has("2401.00009"));
  EXPECT_FALSE(Has("2401.00004"));
  EXPECT_EQ(PaperToJsonString(MustGet("2401.00001").paper), doc_before);
  EXPECT_TRUE(SearchKeys(Q(Term("failing"))).empty());
  auto c = store().GetCursor("arxiv:cs");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->value_or(""), "page-1");

  // The store is still usable afterwards.
  EXPECT_EQ(Upsert({ArxivPaper("2401.00009", "New in a good page")}).added, 1);
}

TEST_P(StoreTest, PagesStoredTogetherCountAndMergeLikeSeparatePages) {
  // Page 2 replaces a paper of page 1 and cross-lists another: the group sees its
  // own writes, and each page's counts are its own.
  const Paper cross =
      ArxivPaper("2401.00002", "Second paper, cross-listed", 1, "2024-01-03", "math.CO", "cross");
  const std::vector<Paper> p1 = {ArxivPaper("2401.00001", "First paper about graphs"),
                                 ArxivPaper("2401.00002", "Second paper, cross-listed")};
  const std::vector<Paper> p2 = {ArxivPaper("2401.00001", "First paper, revised", 2, "2024-02-01"),
                                 cross, ArxivPaper("2401.00003", "Third paper")};
  const std::vector<Paper> empty;
  auto r = store().UpsertPages({&p1, &empty, &p2});
  ASSERT_EQ(r.size(), 3u);
  for (const auto& x : r) ASSERT_TRUE(x) << x.error().message;
  EXPECT_EQ(r[0]->added, 2);
  EXPECT_EQ(r[1]->added + r[1]->updated + r[1]->unchanged, 0);
  EXPECT_EQ(r[2]->added, 1);
  EXPECT_EQ(r[2]->updated, 2);
  EXPECT_EQ(MustStats().papers, 3);
  EXPECT_EQ(MustStats().listings, 5);  // 2 + the new version's, the cross-list's, the third's
  EXPECT_EQ(MustGet("2401.00001").paper.title, "First paper, revised");
  EXPECT_EQ(SearchKeys(Q(Term("revised"))), std::vector<std::string>{"2401.00001"});
  // The same group again changes nothing.
  auto again = store().UpsertPages({&p1, &p2});
  ASSERT_EQ(again.size(), 2u);
  ASSERT_TRUE(again[0] && again[1]);
  EXPECT_EQ(again[0]->added + again[0]->updated + again[1]->added + again[1]->updated, 0);
  EXPECT_EQ(MustStats().listings, 5);
}

TEST_P(StoreTest, AFailingPageInAGroupLosesOnlyItself) {
  ASSERT_TRUE(GetParam().fail_writes_of(dir_.path(), "2401.00003"));
  Reopen();
  const std::vector<Paper> p1 = {ArxivPaper("2401.00001", "Before the failing page")};
  const std::vector<Paper> p2 = {ArxivPaper("2401.00002", "In the doomed page"),
                                 ArxivPaper("2401.00003", "This write fails")};
  const std::vector<Paper> p3 = {ArxivPaper("2401.00004", "After the failing page")};
  auto r = store().UpsertPages({&p1, &p2, &p3});
  ASSERT_EQ(r.size(), 3u);
  ASSERT_TRUE(r[0]) << r[0].error().message;
  ASSERT_FALSE(r[1]);
  EXPECT_NE(r[1].error().message.find("2401.00003"), std::string::npos) << r[1].error().message;
  ASSERT_TRUE(r[2]) << r[2].error().message;
  EXPECT_EQ(r[0]->added, 1);
  EXPECT_EQ(r[2]->added, 1);
  EXPECT_TRUE(Has("2401.00001"));
  EXPECT_FALSE(Has("2401.00002"));  // the failing page is all-or-nothing
  EXPECT_TRUE(Has("2401.00004"));
  EXPECT_EQ(MustStats().papers, 2);
  EXPECT_TRUE(SearchKeys(Q(Term("doomed"))).empty());
}

TEST_P(StoreTest, CursorIsSavedWithItsPage) {
  auto none = store().GetCursor("arxiv:cs");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  Upsert({ArxivPaper("2401.00001", "Paged harvest")}, CursorUpdate{"arxiv:cs", "token-1"});
  auto c = store().GetCursor("arxiv:cs");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->value_or(""), "token-1");
  Upsert({ArxivPaper("2401.00002", "Paged harvest 2")}, CursorUpdate{"arxiv:cs", ""});
  c = store().GetCursor("arxiv:cs");
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->has_value());
  EXPECT_EQ(**c, "");  // harvest complete is a saved, empty cursor
  ASSERT_TRUE(store().SetCursor({"biorxiv", "2024-01-01/100"}));
  c = store().GetCursor("biorxiv");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->value_or(""), "2024-01-01/100");
}

TEST_P(StoreTest, FetchLogKeepsNewestFirst) {
  for (int i = 0; i < 25; ++i) {
    FetchLogEntry e;
    e.source = "arxiv:cs";
    e.url = "https://example.org/page" + std::to_string(i);
    e.started_unix = 1000 + i;
    e.finished_unix = 1001 + i;
    e.http_status = i == 24 ? 503 : 200;
    e.added = i;
    e.error = i == 24 ? "HTTP 503 from https://example.org/page24" : "";
    ASSERT_TRUE(store().LogFetch(e));
  }
  LibraryStats st = MustStats();
  ASSERT_EQ(st.recent_fetches.size(), 20u);
  EXPECT_EQ(st.recent_fetches[0].url, "https://example.org/page24");
  EXPECT_EQ(st.recent_fetches[0].http_status, 503);
  EXPECT_EQ(st.recent_fetches[0].error, "HTTP 503 from https://example.org/page24");
  EXPECT_EQ(st.recent_fetches[0].started_unix, 1024);
  EXPECT_EQ(st.recent_fetches[1].added, 23);
  EXPECT_EQ(st.recent_fetches[19].url, "https://example.org/page5");
}

TEST_P(StoreTest, HttpValidatorsRoundTrip) {
  auto none = store().GetValidators("https://example.org/feed");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->etag, "");
  EXPECT_EQ(none->last_modified, "");
  ASSERT_TRUE(store().SetValidators("https://example.org/feed", {"\"abc\"", "Mon, 01 Jun 2026"}));
  ASSERT_TRUE(store().SetValidators("https://example.org/feed", {"\"def\"", ""}));
  auto v = store().GetValidators("https://example.org/feed");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->etag, "\"def\"");
  EXPECT_EQ(v->last_modified, "");
}

TEST_P(StoreTest, ReopeningKeepsEverything) {
  Upsert({ArxivPaper("2401.00001", "Persistent paper")}, CursorUpdate{"arxiv:cs", "tok"});
  ASSERT_TRUE(store().SetValidators("u", {"e", "l"}));
  Reopen();
  EXPECT_EQ(MustGet("2401.00001").paper.title, "Persistent paper");
  EXPECT_EQ(store().GetCursor("arxiv:cs")->value_or(""), "tok");
  EXPECT_EQ(store().GetValidators("u")->etag, "e");
  EXPECT_EQ(SearchKeys(Q(Term("persistent"))), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(Upsert({ArxivPaper("2401.00001", "Persistent paper")}).unchanged, 1);
}

TEST_P(StoreTest, ForEachPaperVisitsEveryPaperOnceAndStopsOnError) {
  Upsert({ArxivPaper("2401.00001", "First"), ArxivPaper("2401.00002", "Second"),
          JournalPaper("10.1000/j.1", "Third")});
  std::vector<std::string> keys;
  ASSERT_TRUE(store().ForEachPaper([&](const Paper& p) {
    keys.push_back(p.key);
    return Ok();
  }));
  EXPECT_EQ(keys, (std::vector<std::string>{"2401.00001", "2401.00002", "doi:10.1000/j.1"}));
  int seen = 0;
  auto st = store().ForEachPaper([&](const Paper&) -> Status {
    if (++seen == 2) return MakeError(Code::kInternal, "stop here");
    return Ok();
  });
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().message, "stop here");
  EXPECT_EQ(seen, 2);
}

TEST_P(StoreTest, StatsCountPapersBySource) {
  Paper both = ArxivPaper("2401.00001", "Listed by two sources");
  both.listings.push_back({"paperswithcode", "2024-01-04", "new", ""});
  Upsert({both, ArxivPaper("2401.00002", "Listed once"),
          JournalPaper("10.1000/j.1", "Only in crossref")});
  LibraryStats st = MustStats();
  ASSERT_EQ(st.papers_by_source.size(), 3u);
  EXPECT_EQ(st.papers_by_source[0], (std::pair<std::string, int64_t>{"arxiv", 2}));
  EXPECT_EQ(st.listings, 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace ah::store::testing
