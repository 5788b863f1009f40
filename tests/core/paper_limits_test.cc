// The bounds every stored record is brought within (core/paper_limits.h) and
// the control-character helpers behind them (core/text.h).
#include "core/paper_limits.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/paper_json.h"
#include "core/text.h"

namespace ah {
namespace {

Paper Small() {
  Paper p;
  p.ids.arxiv = "2401.01234";
  p.title = "A title";
  p.abstract = "Line one.\nLine two.";
  p.authors.push_back({"Ping Li", {"MIT"}, ""});
  p.categories = {"cs.LG"};
  return p;
}

bool AnyNoteHas(const std::vector<std::string>& notes, const std::string& s) {
  for (const auto& n : notes) {
    if (n.find(s) != std::string::npos) return true;
  }
  return false;
}

TEST(Text, StripControlsRemovesTerminalEscapesKeepingNewlinesWhereMeaningful) {
  // ESC [2J (clear screen), OSC 0 (window title) ended by BEL, C1 CSI (U+009B), DEL.
  const std::string evil =
      "a\x1b[2Jb\x1b]0;owned\x07"
      "c\xc2\x9b"
      "31md\x7f"
      "e";
  EXPECT_EQ(text::StripControls(evil, false), "a[2Jb]0;ownedc31mde");
  EXPECT_FALSE(text::HasControls(text::StripControls(evil, false), false));
  EXPECT_EQ(text::StripControls("one\r\ntwo\rthree\tfour\n", true), "one\ntwo\nthree\tfour\n");
  EXPECT_EQ(text::StripControls("one\r\ntwo\tthree", false), "one  two three");
  // Other non-ASCII text (U+00A0 and U+00E9 share the C2/C3 lead bytes) is untouched.
  EXPECT_EQ(text::StripControls("caf\xc3\xa9\xc2\xa0x", false), "caf\xc3\xa9\xc2\xa0x");
  EXPECT_FALSE(text::HasControls("caf\xc3\xa9\xc2\xa0x\n\t", true));
  EXPECT_TRUE(text::HasControls("x\n", false));
}

TEST(Text, HasControlsFastPathAgreesWithAByteByByteScan) {
  auto naive = [](const std::string& s, bool multiline) {
    for (size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (multiline && (c == '\n' || c == '\t')) continue;
      if (c < 0x20 || c == 0x7F) return true;
      if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
          static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
        return true;
      }
    }
    return false;
  };
  const unsigned char alphabet[] = {'a',  ' ',  'Z',  '\n', '\t', 0x1b, 0x00, 0x7f, 0x7e, 0xc2,
                                    0x80, 0x9f, 0xa0, 0xc3, 0xe2, 0x20, 0x1f, 0xff, 0x21};
  uint32_t seed = 12345;
  for (int round = 0; round < 20000; ++round) {
    std::string s(static_cast<size_t>(round % 40), 'x');
    for (auto& c : s) {
      seed = seed * 1103515245u + 12345u;
      // Mostly plain text, so that whole 8-byte words take the fast path.
      c = (seed >> 16) % 4 == 0 ? static_cast<char>(alphabet[(seed >> 8) % sizeof alphabet]) : 'q';
    }
    for (bool multiline : {false, true}) {
      ASSERT_EQ(text::HasControls(s, multiline), naive(s, multiline)) << round;
      ASSERT_FALSE(text::HasControls(text::StripControls(s, multiline), multiline)) << round;
    }
  }
}

TEST(Text, EscapeControlsMakesEveryControlVisible) {
  EXPECT_EQ(text::EscapeControls("a\x1b[2Jb\xc2\x9b"
                                 "c\x07\nd\te"),
            "a\\x1b[2Jb\\u009bc\\x07\nd\te");
  EXPECT_EQ(text::EscapeControls("plain caf\xc3\xa9"), "plain caf\xc3\xa9");
}

TEST(PaperLimits, AnOrdinaryRecordIsWithinLimitsAndUnchanged) {
  Paper p = Small();
  EXPECT_TRUE(PaperWithinLimits(p));
  Paper q = p;
  EXPECT_TRUE(ApplyPaperLimits(q).empty());
  EXPECT_EQ(PaperToJsonString(q), PaperToJsonString(p));
}

TEST(PaperLimits, ControlCharactersAreStrippedFromEveryFieldSilently) {
  Paper p = Small();
  p.title = "Evil\x1b]0;pwned\x07 title\nsecond line";
  p.abstract = "Para\x1b[2J one.\r\nPara two.";
  p.authors[0].name = "Ping\x1b[31m Li";
  p.authors[0].affiliations = {"M\xc2\x9bIT"};
  p.journal = std::string("J\0ournal", 8);
  p.listings.push_back({"arxiv\x1b", "2026-06-01", "new", "cs.LG"});
  EXPECT_FALSE(PaperWithinLimits(p));
  EXPECT_TRUE(ApplyPaperLimits(p).empty());
  EXPECT_EQ(p.title, "Evil]0;pwned title second line");
  EXPECT_EQ(p.abstract, "Para[2J one.\nPara two.");
  EXPECT_EQ(p.authors[0].name, "Ping[31m Li");
  EXPECT_EQ(p.authors[0].affiliations[0], "MIT");
  EXPECT_EQ(p.journal, "Journal");
  EXPECT_EQ(p.listings[0].source, "arxiv");
  EXPECT_TRUE(PaperWithinLimits(p));
}

TEST(PaperLimits, HugeAbstractIsTruncatedAtAUtf8BoundaryWithANote) {
  Paper p = Small();
  // 3-byte characters: the cap falls inside one.
  std::string big;
  while (big.size() < 3 * limits::kAbstract) big += "\xe2\x80\x94";
  p.abstract = big;
  p.abstract_raw = "<p>" + big + "</p>";
  p.title = std::string(5000, 't');
  EXPECT_FALSE(PaperWithinLimits(p));
  auto notes = ApplyPaperLimits(p);
  EXPECT_LE(p.abstract.size(), limits::kAbstract);
  EXPECT_GT(p.abstract.size(), limits::kAbstract - 3);
  EXPECT_EQ(p.abstract.size() % 3, 0u) << "cut inside a character";
  EXPECT_LE(p.abstract_raw.size(), limits::kAbstractRaw);
  EXPECT_EQ(p.title.size(), limits::kTitle);
  EXPECT_TRUE(AnyNoteHas(notes, "abstract of 300 KiB truncated to 100 KiB")) << notes[0];
  EXPECT_TRUE(AnyNoteHas(notes, "title of 4.9 KiB truncated to 2 KiB"));
  EXPECT_TRUE(AnyNoteHas(notes, "abstract_raw of"));
  EXPECT_TRUE(PaperWithinLimits(p));
  EXPECT_TRUE(PaperIsValidUtf8(p));
  // Idempotent.
  Paper again = p;
  EXPECT_TRUE(ApplyPaperLimits(again).empty());
  EXPECT_EQ(PaperToJsonString(again), PaperToJsonString(p));
}

TEST(PaperLimits, IdentifiersAndUrlsOverTheCapAreDroppedNotCut) {
  Paper p = Small();
  p.ids.doi = "10.1234/" + std::string(600, 'x');
  p.url = "https://example.org/" + std::string(5000, 'u');
  p.submitted = std::string(100, '2');
  auto notes = ApplyPaperLimits(p);
  EXPECT_EQ(p.ids.doi, "");
  EXPECT_EQ(p.ids.arxiv, "2401.01234");
  EXPECT_EQ(p.url, "");
  EXPECT_EQ(p.submitted, "");
  EXPECT_TRUE(AnyNoteHas(notes, "doi of 608 bytes dropped (limit 512 bytes)"));
  EXPECT_TRUE(AnyNoteHas(notes, "url of"));
  EXPECT_TRUE(AnyNoteHas(notes, "submitted date of 100 bytes dropped"));
}

TEST(PaperLimits, AuthorListsAreBoundedInCountNameLengthAndAffiliations) {
  Paper p = Small();
  p.authors.clear();
  for (int i = 0; i < 12000; ++i) {
    p.authors.push_back({"Author " + std::to_string(i), {std::string(900, 'a')}, ""});
  }
  p.authors[1].name = std::string(2000, 'n');
  p.authors[2].affiliations.assign(100, "Lab");
  auto notes = ApplyPaperLimits(p);
  ASSERT_EQ(p.authors.size(), limits::kAuthors);
  EXPECT_EQ(p.authors[0].name, "Author 0");
  EXPECT_EQ(p.authors[1].name.size(), limits::kAuthorName);
  EXPECT_EQ(p.authors[2].affiliations.size(), limits::kAffiliationsPerAuthor);
  size_t total = 0;
  for (const auto& a : p.authors) {
    for (const auto& f : a.affiliations) total += f.size();
  }
  EXPECT_LE(total, limits::kAffiliationsTotal);
  EXPECT_TRUE(p.authors.back().affiliations.empty());
  EXPECT_TRUE(AnyNoteHas(notes, "12000 authors, kept the first 5000"));
  EXPECT_TRUE(AnyNoteHas(notes, "author name of"));
  EXPECT_TRUE(AnyNoteHas(notes, "affiliations beyond 512 KiB in all dropped"));
  EXPECT_TRUE(PaperWithinLimits(p));
  const std::string doc = PaperToJsonString(p);
  EXPECT_LT(doc.size(), size_t{5} << 20);
}

TEST(PaperLimits, ManyValuesOfOneFieldMakeOneNote) {
  Paper p = Small();
  p.categories.assign(200, std::string(300, 'c'));
  auto notes = ApplyPaperLimits(p);
  EXPECT_EQ(p.categories.size(), limits::kCategories);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_TRUE(AnyNoteHas(notes, "200 categories, kept the first 128"));
  EXPECT_TRUE(AnyNoteHas(notes, "128 values of category (up to 300 bytes) truncated to 256 bytes"));
}

TEST(PaperLimits, InvalidUtf8IsReplacedBeforeCutting) {
  Paper p = Small();
  p.title = "bad \xff byte";
  EXPECT_FALSE(PaperWithinLimits(p));
  EXPECT_TRUE(ApplyPaperLimits(p).empty());
  EXPECT_EQ(p.title, "bad \xef\xbf\xbd byte");
  EXPECT_TRUE(PaperWithinLimits(p));
}

}  // namespace
}  // namespace ah
