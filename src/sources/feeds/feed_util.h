// Internal helpers of the feed parser: string-level extraction that does not
// need the XML tree. Exposed in a header for unit tests; not a public API.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ah::sources::feeds::internal {

// The first DOI inside free text or a URL ("https://www.science.org/doi/abs/10.1126/
// science.abc?af=R", "Nature; | doi:10.1038/x", "info:doi/10.1103/PhysRevLett.1"),
// normalised; bioRxiv/medRxiv version suffixes ("...571984v2") and landing-page
// suffixes (".full", ".abstract", ".full.pdf") are dropped. Empty when none.
std::string ExtractDoi(std::string_view text);

// Splits one author field into display names:
//   "Gabriel J. Lovinger"                       -> {"Gabriel J. Lovinger"}
//   "LAPALU, N., SIMON, A., Lu, A."             -> {"N. LAPALU", "A. SIMON", "A. Lu"}
//   "Smith, John"                               -> {"John Smith"}
//   "Ann Lee, Bo Chen and Cy Park"              -> {"Ann Lee", "Bo Chen", "Cy Park"}
//   "Lee, A.; Chen, B."                         -> {"A. Lee", "B. Chen"}
//   "jo@example.org (Jo Smith)"                 -> {"Jo Smith"}; a bare e-mail -> {}
std::vector<std::string> SplitAuthorField(std::string_view field);

// date::Normalize, also accepting "2019-06-28 11:19:59 UTC"-style stamps (leading
// YYYY-MM-DD). Empty when unparseable.
std::string NormalizeFeedDate(std::string_view in);

// "https://orcid.org/0000-0001-5375-9967" -> "0000-0001-5375-9967"; empty when none.
std::string ExtractOrcid(std::string_view in);

// Lower-cased host of an http(s) URL without "www." ("http://Biorxiv.org/x" ->
// "biorxiv.org"); empty when not a URL.
std::string UrlHost(std::string_view url);

// Nature Portfolio's TOC feeds open each item's content with a citation line,
//   "<p>Nature, Published online: 18 July 2024; <a href=...>doi:10.1038/...</a></p>",
// before the standfirst or a repeat of the title. Returns `raw_abstract` without
// that line: the standfirst, or empty when all that is left repeats `title` (same
// TitleKey) or nothing. Any "<journal>, Published online: <date>[; doi:<doi>]"
// opening the text counts; other text comes back unchanged.
std::string DropCitationLine(std::string_view raw_abstract, std::string_view title);

}  // namespace ah::sources::feeds::internal
