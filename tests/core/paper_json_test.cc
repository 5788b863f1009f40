#include "core/paper_json.h"

#include <gtest/gtest.h>

namespace ah {
namespace {

Paper FullPaper() {
  Paper p;
  p.key = "2401.01234";
  p.ids = {"2401.01234", "10.1000/xyz", "123456", "PMC765", "W42"};
  p.title = "On the \"α-stability\" of graphs \\ networks";
  p.authors = {{"Ping Li", {"MIT", "CMU"}, "0000-0002-1825-0097"}, {"Zoë Müller", {}, ""}};
  p.abstract_raw = "<p>We study $x<y$ &amp; more.</p>";
  p.abstract = "We study $x<y$ & more.\nSecond line\twith tab.";
  p.categories = {"cs.LG", "stat.ML"};
  p.primary_category = "cs.LG";
  p.versions = {{1, "2024-01-02"}, {2, ""}};
  p.listings = {{"arxiv", "2024-01-03", "new", "cs.LG"},
                {"arxiv", "2024-01-03", "cross", "stat.ML"}};
  p.submitted = "2024-01-02";
  p.updated = "2024-02-01";
  p.published = "2024-05-01";
  p.journal = "Journal of Tests";
  p.journal_ref = "J. Tests 1, 2 (2024)";
  p.volume = "1";
  p.issue = "2";
  p.pages = "3-4";
  p.publisher = "ACME";
  p.comments = "12 pages, \x01 control char";
  p.license = "http://creativecommons.org/licenses/by/4.0/";
  p.url = "https://arxiv.org/abs/2401.01234";
  p.pdf_url = "https://arxiv.org/pdf/2401.01234v2";
  p.type = "preprint";
  p.published_doi = "10.1000/journal.1";
  p.issns = {"1234-5678"};
  return p;
}

void ExpectSame(const Paper& a, const Paper& b) {
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.ids.arxiv, b.ids.arxiv);
  EXPECT_EQ(a.ids.doi, b.ids.doi);
  EXPECT_EQ(a.ids.pmid, b.ids.pmid);
  EXPECT_EQ(a.ids.pmcid, b.ids.pmcid);
  EXPECT_EQ(a.ids.openalex, b.ids.openalex);
  EXPECT_EQ(a.title, b.title);
  ASSERT_EQ(a.authors.size(), b.authors.size());
  for (size_t i = 0; i < a.authors.size(); ++i) {
    EXPECT_EQ(a.authors[i].name, b.authors[i].name);
    EXPECT_EQ(a.authors[i].affiliations, b.authors[i].affiliations);
    EXPECT_EQ(a.authors[i].orcid, b.authors[i].orcid);
  }
  EXPECT_EQ(a.abstract_raw, b.abstract_raw);
  EXPECT_EQ(a.abstract, b.abstract);
  EXPECT_EQ(a.categories, b.categories);
  EXPECT_EQ(a.primary_category, b.primary_category);
  ASSERT_EQ(a.versions.size(), b.versions.size());
  for (size_t i = 0; i < a.versions.size(); ++i) {
    EXPECT_EQ(a.versions[i].number, b.versions[i].number);
    EXPECT_EQ(a.versions[i].date, b.versions[i].date);
  }
  EXPECT_EQ(a.listings, b.listings);
  EXPECT_EQ(a.submitted, b.submitted);
  EXPECT_EQ(a.updated, b.updated);
  EXPECT_EQ(a.published, b.published);
  EXPECT_EQ(a.journal, b.journal);
  EXPECT_EQ(a.journal_ref, b.journal_ref);
  EXPECT_EQ(a.volume, b.volume);
  EXPECT_EQ(a.issue, b.issue);
  EXPECT_EQ(a.pages, b.pages);
  EXPECT_EQ(a.publisher, b.publisher);
  EXPECT_EQ(a.comments, b.comments);
  EXPECT_EQ(a.license, b.license);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.pdf_url, b.pdf_url);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.published_doi, b.published_doi);
  EXPECT_EQ(a.issns, b.issns);
}

TEST(PaperJson, RoundTripsEveryField) {
  const Paper p = FullPaper();
  auto back = PaperFromJson(PaperToJson(p));
  ASSERT_TRUE(back) << back.error().ToString();
  ExpectSame(p, *back);
}

TEST(PaperJson, FastStringFormEqualsTreeForm) {
  const Paper p = FullPaper();
  const std::string s = PaperToJsonString(p);
  EXPECT_EQ(nlohmann::json::parse(s), PaperToJson(p));
  auto back = PaperFromJsonString(s);
  ASSERT_TRUE(back) << back.error().ToString();
  ExpectSame(p, *back);
}

TEST(PaperJson, EmptyPaperIsEmptyObject) {
  EXPECT_EQ(PaperToJsonString(Paper{}), "{}");
  EXPECT_EQ(PaperToJson(Paper{}), nlohmann::json::object());
  auto back = PaperFromJsonString("{}");
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->ids.Empty());
  EXPECT_TRUE(back->title.empty());
}

TEST(PaperJson, RawAbstractStoredOnlyWhenDifferent) {
  Paper p;
  p.abstract = "same";
  p.abstract_raw = "same";
  EXPECT_FALSE(PaperToJson(p).contains("abs_raw"));
  auto back = PaperFromJsonString(PaperToJsonString(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->abstract_raw, "same");

  p.abstract_raw = "";  // raw unknown but plain text present: must survive too
  auto back2 = PaperFromJsonString(PaperToJsonString(p));
  ASSERT_TRUE(back2);
  EXPECT_EQ(back2->abstract_raw, "");
  EXPECT_EQ(back2->abstract, "same");
}

TEST(PaperJson, InvalidUtf8IsReplacedNotThrown) {
  Paper p;
  p.title = std::string("bad \xff\xfe byte and truncated \xe2\x82");
  EXPECT_FALSE(PaperIsValidUtf8(p));
  const std::string s = PaperToJsonString(p);
  auto back = PaperFromJsonString(s);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->title,
            "bad \xEF\xBF\xBD\xEF\xBF\xBD byte and truncated \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_NO_THROW((void)PaperToJson(p).dump());
  EXPECT_EQ(nlohmann::json::parse(s), PaperToJson(p));

  Paper q = p;
  SanitizePaperUtf8(q);
  EXPECT_TRUE(PaperIsValidUtf8(q));
  EXPECT_EQ(q.title, back->title);
}

TEST(PaperJson, FastWriterEscapesEveryByteAtEveryAlignment) {
  for (int b = 0; b < 256; ++b) {
    for (size_t pos = 0; pos <= 17; ++pos) {
      Paper p;
      p.title = std::string(17, 'x');
      p.title.insert(pos, 1, static_cast<char>(b));
      p.abstract = "\xc3\xa9" + p.title + "\xe2\x82\xac";  // multibyte around it
      const std::string s = PaperToJsonString(p);
      nlohmann::json parsed;
      ASSERT_NO_THROW(parsed = nlohmann::json::parse(s)) << "byte " << b << " at " << pos;
      EXPECT_EQ(parsed, PaperToJson(p)) << "byte " << b << " at " << pos;
      if (b < 0x80) {
        EXPECT_EQ(parsed["title"].get<std::string>(), p.title);
      }
    }
  }
}

TEST(PaperJson, ValidUtf8IsUntouched) {
  Paper p;
  p.title = "Zoë — 数学 𝔸 \u00e9";
  EXPECT_TRUE(PaperIsValidUtf8(p));
  Paper q = p;
  SanitizePaperUtf8(q);
  EXPECT_EQ(q.title, p.title);
  auto back = PaperFromJsonString(PaperToJsonString(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->title, p.title);
}

TEST(PaperJson, RejectsWrongTypesNamingTheKey) {
  auto r = PaperFromJson(nlohmann::json::parse(R"({"title": 5})"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_NE(r.error().message.find("title"), std::string::npos);

  r = PaperFromJson(nlohmann::json::parse(R"({"versions": [[1]]})"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("versions"), std::string::npos);

  r = PaperFromJson(nlohmann::json::parse(R"({"versions": [[99999999999, "x"]]})"));
  ASSERT_FALSE(r);

  r = PaperFromJson(nlohmann::json::parse(R"({"authors": [{"name": ["x"]}]})"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("authors"), std::string::npos);

  r = PaperFromJson(nlohmann::json::parse(R"([1, 2])"));
  ASSERT_FALSE(r);
}

TEST(PaperJson, MalformedTextNamesBytePosition) {
  auto r = PaperFromJsonString(R"({"title": "x",)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::kParse);
  EXPECT_NE(r.error().message.find("byte"), std::string::npos);
  EXPECT_FALSE(PaperFromJsonString(""));
  EXPECT_FALSE(PaperFromJsonString("<html>error</html>"));
}

TEST(PaperJson, IgnoresUnknownKeys) {
  auto r = PaperFromJsonString(R"({"title": "t", "future_field": {"a": 1}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->title, "t");
}

TEST(PaperJson, DeepOrTruncatedBlobIsAParseErrorNotACrash) {
  auto deep = PaperFromJsonString("{\"title\":\"t\",\"x\":" + std::string(100000, '[') +
                                  std::string(100000, ']') + "}");
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, Code::kParse);
  EXPECT_NE(deep.error().message.find("paper json: line 1, column "), std::string::npos);
  EXPECT_NE(deep.error().message.find("nested deeper than 128"), std::string::npos);
  auto cut = PaperFromJsonString(R"({"title":"t")");
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().message,
            "paper json: line 1, column 1 (byte 0): truncated JSON: the object opened here is not "
            "closed before the end of the text (12 bytes)");
}

}  // namespace
}  // namespace ah
