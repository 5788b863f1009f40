// libFuzzer target for the generic RSS / RDF / Atom journal feed parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/feeds/feed_util.h"
#include "sources/feeds/feeds.h"
#include "sources/feeds/journals.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ah::sources::ParseContext ctx;
  ctx.origin = "fuzz";
  auto page = ah::sources::feeds::ParseFeed(body, ctx);
  if (page) {
    for (const auto& p : page->papers)
      if (p.title.empty() || p.listings.empty() || p.listings[0].source.empty()) __builtin_trap();
  }
  std::string_view head = body.substr(0, 512);
  (void)ah::sources::feeds::internal::ExtractDoi(head);
  (void)ah::sources::feeds::internal::SplitAuthorField(head);
  (void)ah::sources::feeds::internal::NormalizeFeedDate(head);
  (void)ah::sources::feeds::FindJournal(head);
  (void)ah::sources::feeds::Slugify(head);
  return 0;
}
