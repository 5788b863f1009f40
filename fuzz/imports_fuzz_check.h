// Invariants every seed-import result keeps, whatever the input: shared by the
// BibTeX, RIS and CSL-JSON fuzz targets (origin "fuzz").
#pragma once

#include <string>

#include "core/ids.h"
#include "core/text.h"
#include "imports/references.h"

namespace ah_fuzz {

// Invariants every import result keeps, whatever the input.
inline void CheckResult(const ah::Result<ah::imports::ImportResult>& r) {
  if (!r) {
    if (r.error().message.rfind("fuzz: ", 0) != 0) __builtin_trap();  // errors name the origin
    return;
  }
  for (const std::string& w : r->warnings)
    if (w.rfind("fuzz: ", 0) != 0) __builtin_trap();
  for (const ah::imports::Reference& ref : r->refs) {
    if (!ref.HasId() && ref.title.empty()) __builtin_trap();
    for (const std::string* s :
         {&ref.title, &ref.label, &ref.arxiv, &ref.doi, &ref.pmid, &ref.year})
      if (ah::text::SanitizeUtf8(*s) != *s) __builtin_trap();
    for (const std::string& a : ref.authors)
      if (a.empty() || ah::text::SanitizeUtf8(a) != a) __builtin_trap();
    if (!ref.arxiv.empty() && ah::ids::ParseArxivId(ref.arxiv).id != ref.arxiv) __builtin_trap();
    if (!ref.doi.empty() && ah::ids::NormalizeDoi(ref.doi) != ref.doi) __builtin_trap();
    if (!ref.pmid.empty() && (ref.pmid.size() > 8 || ah::ids::NormalizePmid(ref.pmid) != ref.pmid))
      __builtin_trap();
    if (!ref.year.empty() && ref.year.size() != 4) __builtin_trap();
  }
}

}  // namespace ah_fuzz
