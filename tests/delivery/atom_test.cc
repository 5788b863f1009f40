// Atom 1.0 and OPML rendering (delivery/atom.h): the structure RFC 4287
// requires, every byte of feed data escaped (a <script> in a title stays
// text, control characters are dropped), and the project's own feed reader
// (sources/feeds) reading the feed back: ids, titles, authors, categories.
#include "delivery/atom.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "sources/feeds/feeds.h"

namespace ah::delivery {
namespace {

AtomFeed Sample() {
  AtomFeed f;
  f.id = "http://127.0.0.1:8080/feeds/radar/abc.atom";
  f.self_link = f.id;
  f.html_link = "http://127.0.0.1:8080/radars/1";
  f.title = "AcademicHub · graphs & <molecules>";
  f.updated = "2026-06-30";
  AtomEntry a;
  a.id = "http://127.0.0.1:8080/papers/2606.26139";
  a.title = "<script>alert(1)</script> Graph \x01networks & \"friends\"";
  a.summary = "We study $x < y$ & more.";
  a.authors = {"Ada Lovelace", "Alan Turing"};
  a.categories = {"cs.LG", "stat.ML"};
  a.link = "https://arxiv.org/abs/2606.26139";
  a.web_link = a.id;
  a.doi = "10.48550/arXiv.2606.26139";
  a.published = "2026-06-29";
  a.updated = "2026-06-30";
  a.note = "Why: matches \"graph\"";
  AtomEntry b;
  b.id = "http://127.0.0.1:8080/papers/doi:10.1038/s41586-026-0001-x";
  b.title = "A journal paper";
  b.summary = "Abstract.";
  b.authors = {"Grace Hopper"};
  b.link = "https://www.nature.com/articles/s41586-026-0001-x";
  b.doi = "10.1038/s41586-026-0001-x";
  f.entries = {a, b};
  return f;
}

TEST(AtomTest, StructureIsRfc4287) {
  const std::string xml = RenderAtom(Sample());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
  auto feed = doc.child("feed");
  ASSERT_TRUE(feed);
  EXPECT_STREQ(feed.attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
  EXPECT_STREQ(feed.child_value("id"), "http://127.0.0.1:8080/feeds/radar/abc.atom");
  EXPECT_STREQ(feed.child_value("title"), "AcademicHub · graphs & <molecules>");
  EXPECT_STREQ(feed.child_value("updated"), "2026-06-30T00:00:00Z");
  EXPECT_STREQ(feed.find_child_by_attribute("link", "rel", "self").attribute("href").value(),
               "http://127.0.0.1:8080/feeds/radar/abc.atom");
  EXPECT_TRUE(feed.child("author").child("name"));
  int n = 0;
  for (auto e : feed.children("entry")) {
    ++n;
    EXPECT_TRUE(*e.child_value("id"));
    EXPECT_TRUE(*e.child_value("title"));
    EXPECT_TRUE(*e.child_value("updated"));
    EXPECT_TRUE(e.find_child_by_attribute("link", "rel", "alternate"));
    EXPECT_STREQ(e.child("summary").attribute("type").value(), "text");
  }
  EXPECT_EQ(n, 2);
  auto first = feed.child("entry");
  // Escaped, not markup: the title is text with the control character dropped.
  EXPECT_STREQ(first.child_value("title"),
               "<script>alert(1)</script> Graph networks & \"friends\"");
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_STREQ(first.child_value("published"), "2026-06-29T00:00:00Z");
  EXPECT_EQ(std::string(first.child_value("summary")),
            "We study $x < y$ & more.\n\nWhy: matches \"graph\"");
  std::vector<std::string> authors, cats;
  for (auto a : first.children("author")) authors.push_back(a.child_value("name"));
  for (auto c : first.children("category")) cats.push_back(c.attribute("term").value());
  EXPECT_EQ(authors, (std::vector<std::string>{"Ada Lovelace", "Alan Turing"}));
  EXPECT_EQ(cats, (std::vector<std::string>{"cs.LG", "stat.ML"}));
  // The second entry has no date of its own: the feed's.
  EXPECT_STREQ(first.next_sibling("entry").child_value("updated"), "2026-06-30T00:00:00Z");
}

TEST(AtomTest, OwnFeedReaderReadsItBack) {
  const std::string xml = RenderAtom(Sample());
  sources::ParseContext ctx;
  ctx.origin = "radar.atom";
  auto page = sources::feeds::ParseFeed(xml, ctx);
  ASSERT_TRUE(page) << page.error().ToString();
  EXPECT_TRUE(page->rejected.empty());
  ASSERT_EQ(page->papers.size(), 2u);
  const Paper& a = page->papers[0];
  EXPECT_EQ(a.ids.arxiv, "2606.26139");  // arXiv's DOI names the arXiv paper
  EXPECT_TRUE(a.ids.doi.empty());
  // The reader strips markup from titles (feeds put HTML there): no tag comes back as markup.
  EXPECT_EQ(a.title.find("<script>"), std::string::npos);
  EXPECT_NE(a.title.find("Graph networks & \"friends\""), std::string::npos) << a.title;
  ASSERT_EQ(a.authors.size(), 2u);
  EXPECT_EQ(a.authors[1].name, "Alan Turing");
  EXPECT_EQ(a.categories, (std::vector<std::string>{"cs.LG", "stat.ML"}));
  EXPECT_EQ(a.url, "https://arxiv.org/abs/2606.26139");
  EXPECT_NE(a.abstract.find("We study $x < y$ & more."), std::string::npos);
  const Paper& b = page->papers[1];
  EXPECT_EQ(b.ids.doi, "10.1038/s41586-026-0001-x");
  EXPECT_EQ(b.title, "A journal paper");
}

TEST(AtomTest, OpmlListsFeedsEscaped) {
  const std::string xml =
      RenderOpml("Feeds of <bob>", "2026-06-30T00:00:00Z",
                 {{"graphs & \"nets\"", "http://h/feeds/radar/a.atom", "http://h/radars/1"},
                  {"oceans", "http://h/feeds/radar/b.atom", ""}});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
  auto opml = doc.child("opml");
  EXPECT_STREQ(opml.attribute("version").value(), "2.0");
  EXPECT_STREQ(opml.child("head").child_value("title"), "Feeds of <bob>");
  auto o = opml.child("body").child("outline");
  EXPECT_STREQ(o.attribute("type").value(), "rss");
  EXPECT_STREQ(o.attribute("text").value(), "graphs & \"nets\"");
  EXPECT_STREQ(o.attribute("xmlUrl").value(), "http://h/feeds/radar/a.atom");
  EXPECT_STREQ(o.attribute("htmlUrl").value(), "http://h/radars/1");
  EXPECT_FALSE(o.next_sibling("outline").attribute("htmlUrl"));
}

TEST(AtomTest, XmlSafeDropsWhatXmlCannotCarry) {
  EXPECT_EQ(XmlSafe(std::string("a\x00"
                                "b\x1f"
                                "c\td\n",
                                8)),
            "abc\td\n");
  EXPECT_EQ(XmlSafe("\xef\xbf\xbe"
                    "x"),
            "x");  // U+FFFE
  EXPECT_EQ(XmlSafe("\xff"
                    "y"),
            "\xef\xbf\xbd"
            "y");  // invalid UTF-8 -> U+FFFD
}

}  // namespace
}  // namespace ah::delivery
