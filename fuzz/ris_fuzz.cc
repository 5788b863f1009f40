// libFuzzer target for the RIS / MEDLINE (.nbib) seed-import parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/text.h"
#include "imports/references.h"
#include "imports_fuzz_check.h"
#include "imports/ris.h"
#include "imports/util.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ah_fuzz::CheckResult(ah::imports::ParseReferences(body, "fuzz", ah::imports::RefFormat::kRis));
  ah::imports::Reference ref;
  ah::imports::ScanIds(ref, body);  // the free-text id scanner on its own
  if (!ref.doi.empty() && ah::ids::NormalizeDoi(ref.doi) != ref.doi) __builtin_trap();
  (void)ah::imports::ExtractYear(body);
  (void)ah::imports::DisplayName(body);
  return 0;
}
