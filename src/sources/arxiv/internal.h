// Helpers shared by the arXiv parsers. Internal to src/sources/arxiv; exposed
// in a header so the tests can exercise the author splitter directly.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/paper.h"
#include "core/result.h"
#include "sources/source.h"

namespace ah::sources::arxiv::internal {

// Categories kept per paper (arXiv papers have a handful); bounds the work a
// hostile record can cause.
inline constexpr size_t kMaxCategories = 64;

// ctx.origin, or "<input>" when the caller gave none.
std::string_view Origin(const ParseContext& ctx);

// Parses `body` into `doc`. On failure returns Error{kParse} naming the origin,
// the byte offset and `what` ("arXiv RSS feed").
[[nodiscard]] Status LoadXml(std::string_view body, const ParseContext& ctx, std::string_view what,
                             pugi::xml_document& doc);

// Error{kParse}: "<origin>: expected <expected>, found <found> at byte N".
Error WrongDocument(const ParseContext& ctx, std::string_view expected, pugi::xml_node found);

// The local part of a qualified XML name: "arxiv:DOI" -> "DOI".
inline std::string_view LocalName(const char* qname) {
  std::string_view n(qname);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// First child element whose local name is `local`; empty node if none.
pugi::xml_node ChildByLocalName(pugi::xml_node parent, std::string_view local);

// Text of an element: its character data (PCDATA and CDATA, nested elements
// included) concatenated. The view points into the document when the element
// has a single text child, else into a string owned by `arena`.
class TextArena {
 public:
  std::string_view Text(pugi::xml_node n);

 private:
  std::deque<std::string> owned_;
};

// Whether `s` holds byte `c` (memchr; std::string_view::find_first_of with a
// set is a per-byte loop in libstdc++).
bool Contains(std::string_view s, char c);

// Plain text of a title or abstract: StripMarkup, with a single-pass fast path
// for text without markup or entities that gives the same result.
std::string PlainText(std::string_view raw);

// Decodes TeX accent commands and strips grouping braces in a name:
// "G\"odel" / "G{\"o}del" / "G\"{o}del" -> "Gödel", "Ka{â}niche" -> "Kaâniche",
// "\ss" -> "ß". Unknown commands are kept as typed.
std::string DecodeTexAccents(std::string_view in);

// Trimmed, whitespace-collapsed and TeX-decoded form of a name or
// affiliation (one copy when the text is already clean).
std::string CleanText(std::string_view in);

// Splits an arXiv author string ("A. Smith (MIT, Cambridge), B. Jones and
// C. Wu") into authors. Separators are commas and the word "and" outside
// parentheses; a parenthesised group after a name is that author's affiliation
// (one string, commas kept). arXiv's conventions are followed: authors listed
// without an affiliation directly before one that has one share it ("A and B
// (Leiden)"), and numbered footnotes "A (1), B (1,2) ((1) MIT, (2) CERN)" are
// resolved. Names and affiliations are TeX-decoded and whitespace-collapsed;
// parts without any letter or digit are dropped.
std::vector<Author> SplitAuthors(std::string_view in);

// Whether a name has at least one ASCII letter/digit or non-ASCII byte.
bool HasNameChars(std::string_view s);

// First DOI in a field that may hold several separated by spaces, normalised;
// empty when none.
std::string FirstDoi(std::string_view field);

// Moves `primary` to the front of `categories` (inserting it if missing) and
// removes duplicates, keeping order otherwise.
void PrimaryFirst(std::string_view primary, std::vector<std::string>& categories);

std::string AbsUrl(std::string_view id);
std::string PdfUrl(std::string_view id, int version);

// Parses a non-negative decimal integer (surrounding whitespace allowed).
std::optional<int64_t> ParseCount(std::string_view s);

// Error message prefix for record `index` (0-based) of a page.
std::string RecordWhere(const ParseContext& ctx, size_t index, std::string_view id);

}  // namespace ah::sources::arxiv::internal
