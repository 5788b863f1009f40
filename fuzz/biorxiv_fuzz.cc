// libFuzzer target for the api.biorxiv.org details parser and its abstract cleaner.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/biorxiv/biorxiv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ah::sources::ParseContext ctx;
  ctx.origin = "fuzz";
  ctx.default_date = "2026-01-01";
  auto page = ah::sources::biorxiv::ParseBiorxivApi(body, ctx);
  if (page) {
    // Cursor arithmetic must stay sane.
    if (page->next_cursor && page->next_cursor->empty()) __builtin_trap();
  }
  // The cleaner sees raw abstracts directly as well.
  (void)ah::sources::biorxiv::CleanAbstractMarkup(body);
  (void)ah::sources::biorxiv::DisplayName(body.substr(0, 256));
  return 0;
}
