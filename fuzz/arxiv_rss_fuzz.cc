// libFuzzer target for the arXiv rss.arxiv.org RSS 2.0 parser. Seed corpus: tests/data/arxiv_rss*/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sources/arxiv/arxiv.h"
#include "sources/arxiv/internal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ah::sources::ParseContext ctx;
  ctx.origin = "fuzz";
  ctx.default_date = "2026-01-01";
  auto page = ah::sources::arxiv::ParseArxivRss(body, ctx);
  if (page) {
    // Invariants every caller relies on.
    for (const auto& p : page->papers) {
      if (p.ids.arxiv.empty() || p.listings.size() != 1) std::abort();
    }
    if (page->next_cursor && page->next_cursor->empty()) std::abort();
  } else if (page.error().message.find("fuzz") == std::string::npos) {
    std::abort();  // errors must name the origin
  }
  // The author splitter sees arbitrary dc:creator text.
  (void)ah::sources::arxiv::internal::SplitAuthors(body.substr(0, 4096));
  return 0;
}
