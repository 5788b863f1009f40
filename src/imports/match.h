// Keys for finding an export's entry among library papers by title and authors, when no
// identifier finds it. Pure; thread-safe.
//
// Both sides go through the same key, so that the spellings real exports and sources use
// for one title or name compare equal: TeX as arXiv titles keep it ("Martin-L\"of",
// "$\Pi\Sigma$") decoded, ligatures and no-break spaces folded (FoldTypography), then
// text::FoldForSearch (case, width, accents precomposed or combining, "ß" -> "ss", Greek
// and Cyrillic case), then the German transliterations folded ("Krüger",
// "Kruger" and "Krueger" share a key; "ß" is "ss"), case, dashes, quotes and punctuation
// ignored, and a trailing version qualifier of a title dropped ("(Extended Version)", "(Long
// Version)", "(Technical Report)", "(incl. Proofs)"). A key is for equality only; it is not
// text to show.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ah::imports {

// Words of the title, folded as above and joined by single spaces.
// "Automatic Diﬀerentiation in Machine Learning: a Survey" and
// "Automatic differentiation in machine learning: a survey" share a key.
std::string TitleMatchKey(std::string_view title);

// The folded surname of a display name ("Jens Krüger", "Krueger, Jens" -> "kruger");
// empty for an empty name.
std::string SurnameMatchKey(std::string_view name);

// `title` without a trailing version qualifier ("(Extended Version)", "[Long Version]",
// "(Technical Report)", "(incl. Proofs)"), which arXiv titles carry and published versions do
// not; `title` itself when it has none (or is nothing else).
std::string_view WithoutVersionQualifier(std::string_view title);

// True when a surname of `a` is a surname of `b` (exports and sources often order authors
// differently). False when either list is empty.
bool AuthorsOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b);

// True when a library may spell a word of `title` differently from the title's own spelling
// (so that its exact phrase can miss): a letter outside ASCII, TeX ('\\', '$'), or a word
// with "ae", "oe" or "ue" (a transliteration).
bool HasVariantSpelling(std::string_view title);

// Words of `title` that a full-text index finds however the library spells the title: ASCII
// words of two characters or more, lower-cased, without the ones a transliteration may
// change ("Krueger") or that touch TeX, accents or other non-ASCII letters. At most `max`,
// the longest kept (in title order). For a second look-up when the title's exact phrase
// finds nothing.
std::vector<std::string> TitleSearchWords(std::string_view title, size_t max);

}  // namespace ah::imports
