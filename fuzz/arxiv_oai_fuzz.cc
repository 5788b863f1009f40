// libFuzzer target for the arXiv OAI-PMH arXiv / arXivRaw parser. Seed corpus:
// tests/data/arxiv_oai*/.
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
  auto page = ah::sources::arxiv::ParseArxivOai(body, ctx);
  if (page) {
    // Invariants every caller relies on.
    for (const auto& p : page->papers) {
      if (p.ids.arxiv.empty() || p.listings.size() != 1) std::abort();
    }
    if (page->next_cursor && page->next_cursor->empty()) std::abort();
  } else if (page.error().message.find("fuzz") == std::string::npos) {
    std::abort();  // errors must name the origin
  }
  // A resumption token is echoed back verbatim into the next request.
  ah::sources::arxiv::ArxivOaiSource source("cs");
  auto req = source.BuildRequest(std::string(body.substr(0, 512)), {});
  if (req && req->url.find_first_of(" \n\r\t") != std::string::npos) std::abort();
  return 0;
}
