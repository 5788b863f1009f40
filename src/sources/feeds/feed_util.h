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

}  // namespace ah::sources::feeds::internal
