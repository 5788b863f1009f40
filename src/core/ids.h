// Identifier normalisation (pure).
#pragma once

#include <string>
#include <string_view>

namespace ah::ids {

struct ArxivId {
  std::string id;   // without version: "2401.01234" or "hep-th/9901001"; empty if not an arXiv id
  int version = 0;  // 0 when absent
};

// Accepts "2401.01234", "2401.01234v3", "arXiv:2401.01234v2", "oai:arXiv.org:2401.01234v1",
// "https://arxiv.org/abs/2401.01234v1", "http://arxiv.org/pdf/hep-th/9901001v2", "hep-th/9901001",
// "math.GT/0309136" (legacy subject class form). Returns empty id when not an arXiv id.
ArxivId ParseArxivId(std::string_view in);

// "https://doi.org/10.1038/ABC" / "doi:10.1038/ABC" / "10.1038/ABC" -> "10.1038/abc".
// Returns empty string when not a DOI.
std::string NormalizeDoi(std::string_view in);

// "PMC1234567" / "1234567" -> "PMC1234567"; empty when invalid.
std::string NormalizePmcid(std::string_view in);
// digits only; empty when invalid.
std::string NormalizePmid(std::string_view in);
// "https://openalex.org/W2741809807" -> "W2741809807"; empty when invalid.
std::string NormalizeOpenAlex(std::string_view in);
// "1234-567x" / "1234567X" -> "1234-567X"; empty when invalid.
std::string NormalizeIssn(std::string_view in);

// Parses a user-supplied paper reference as accepted by `show ID`:
// an arXiv id (any form above), "doi:…" or a bare DOI, "pmid:…", "pmcid:…"/"PMC…",
// "openalex:W…"/"W…". Returns {scheme, value} with scheme in
// {"arxiv","doi","pmid","pmcid","openalex"}; scheme empty when unrecognised.
struct IdRef {
  std::string scheme;
  std::string value;
};
IdRef ParseIdRef(std::string_view in);

}  // namespace ah::ids
