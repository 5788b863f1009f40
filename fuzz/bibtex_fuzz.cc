// libFuzzer target for the BibTeX seed-import parser and the TeX decoders.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/text.h"
#include "imports/bibtex.h"
#include "imports/references.h"
#include "imports/tex.h"

namespace {

// Invariants every import result keeps, whatever the input.
void CheckResult(const ah::Result<ah::imports::ImportResult>& r) {
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  CheckResult(ah::imports::ParseReferences(body, "fuzz", ah::imports::RefFormat::kBibtex));
  CheckResult(ah::imports::ParseReferences(body, "fuzz"));  // detection and encodings
  std::string decoded = ah::imports::DecodeTex(body);
  std::string verbatim = ah::imports::DecodeTexVerbatim(body);
  (void)decoded;
  (void)verbatim;
  return 0;
}
