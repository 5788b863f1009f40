// libFuzzer target for the BibTeX seed-import parser and the TeX decoders.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/text.h"
#include "imports/bibtex.h"
#include "imports/references.h"
#include "imports_fuzz_check.h"
#include "imports/tex.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ah_fuzz::CheckResult(ah::imports::ParseReferences(body, "fuzz", ah::imports::RefFormat::kBibtex));
  ah_fuzz::CheckResult(ah::imports::ParseReferences(body, "fuzz"));  // detection and encodings
  std::string decoded = ah::imports::DecodeTex(body);
  std::string verbatim = ah::imports::DecodeTexVerbatim(body);
  (void)decoded;
  (void)verbatim;
  return 0;
}
