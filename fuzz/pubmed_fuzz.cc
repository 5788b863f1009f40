// libFuzzer target for the PubMed efetch and esearch parsers and the two-stage source.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sources/pubmed/pubmed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ah::sources::ParseContext ctx;
  ctx.origin = "fuzz";
  auto efetch = ah::sources::pubmed::ParsePubmed(body, ctx);
  if (efetch) {
    for (const auto& p : efetch->papers)
      if (p.ids.pmid.empty() || p.title.empty() || p.listings.size() != 1) __builtin_trap();
  } else if (efetch.error().message.find("fuzz") == std::string::npos) {
    __builtin_trap();
  }
  auto esearch = ah::sources::pubmed::ParsePubmedEsearch(body, ctx);
  if (!esearch && esearch.error().message.find("fuzz") == std::string::npos) __builtin_trap();

  static const ah::sources::pubmed::PubmedSource source("fuzz");
  ctx.cursor = "efetch|W|1|0|100";
  auto staged = source.Parse(body, ctx);
  if (staged && staged->next_cursor &&
      !ah::sources::pubmed::DecodeEfetchCursor(*staged->next_cursor))
    __builtin_trap();  // cursors we emit must decode
  (void)ah::sources::pubmed::DecodeEfetchCursor(body);
  return 0;
}
