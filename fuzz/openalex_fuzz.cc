// libFuzzer target for the OpenAlex works parser and the abstract rebuild.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sources/openalex/openalex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ah::sources::ParseContext ctx;
  ctx.origin = "fuzz";
  auto page = ah::sources::openalex::ParseOpenAlex(body, ctx);
  if (page) {
    for (const auto& p : page->papers)
      if (p.ids.openalex.empty() || p.title.empty() || p.listings.size() != 1) __builtin_trap();
  } else if (page.error().message.find("fuzz") == std::string::npos) {
    __builtin_trap();
  }
  // The rebuilt text is never longer than the input's words plus separators.
  std::string text = ah::sources::openalex::RebuildAbstract(body);
  if (text.size() > 2 * size + 1) __builtin_trap();
  return 0;
}
