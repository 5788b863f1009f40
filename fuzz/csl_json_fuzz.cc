// libFuzzer target for the CSL-JSON seed-import parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/text.h"
#include "imports/csl_json.h"
#include "imports/references.h"
#include "imports_fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ah_fuzz::CheckResult(ah::imports::ParseReferences(body, "fuzz", ah::imports::RefFormat::kCslJson));
  ah::imports::RefFormat detected = ah::imports::DetectRefFormat(body, "fuzz.json");
  if (detected == ah::imports::RefFormat::kAuto) __builtin_trap();  // the extension decides
  return 0;
}
