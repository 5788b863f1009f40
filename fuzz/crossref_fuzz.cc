// libFuzzer target for the Crossref works parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sources/crossref/crossref.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ah::sources::ParseContext ctx;
  ctx.origin = "fuzz";
  auto page = ah::sources::crossref::ParseCrossref(body, ctx);
  if (page) {
    for (const auto& p : page->papers) {
      if (p.ids.doi.empty() || p.title.empty() || p.listings.size() != 1) __builtin_trap();
    }
  } else if (page.error().message.find("fuzz") == std::string::npos) {
    __builtin_trap();  // every error names its origin
  }
  return 0;
}
