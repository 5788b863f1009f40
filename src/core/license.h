// The licence of a paper as a reader should see it. Sources give licences as
// codes (bioRxiv "cc_by_nc_nd", OpenAlex "cc-by" / "other-oa"), as URLs
// (arXiv "http://creativecommons.org/licenses/by-nc-sa/3.0/",
// "http://arxiv.org/licenses/nonexclusive-distrib/1.0/") or as free text.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ah {

struct LicenseName {
  std::string text;  // "CC BY-NC-ND 4.0", "arXiv non-exclusive licence", or the input trimmed
  std::string url;   // the licence's deed when known (https), else empty
};

// Names `raw` ("cc_by_nc_nd" -> "CC BY-NC-ND 4.0", with the Creative Commons
// deed of its 4.0 version; a URL keeps its version). Unknown values come back
// as given (trimmed), with a URL only when the value is itself an http(s) URL.
[[nodiscard]] LicenseName NameLicense(std::string_view raw);

}  // namespace ah
