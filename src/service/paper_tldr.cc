#include "service/paper_tldr.h"

#include "brief/tldr.h"
#include "service/brief_service.h"

namespace ah::service {

Result<PageTldr> CachedTldr(store::Store& store, store::RadarStore& radars, const std::string& ref,
                            const std::string& lang, const std::vector<std::string>& models) {
  // Without a client, WriteTldrs checks the language and the paper and writes
  // the extractive TL;DR (cheap), which also gives the library key.
  auto extractive = WriteTldrs(store, radars, {ref}, lang, nullptr);
  if (!extractive) return Fail(extractive.error());
  const std::string& key = extractive->ids.front();
  for (const auto& model : models) {
    if (model.empty()) continue;
    auto hit = radars.CacheGet(brief::TldrCacheKey(key, lang, model));
    if (!hit) return Fail(hit.error());
    if (*hit && !(*hit)->empty()) return PageTldr{**hit, true, model};
  }
  return PageTldr{extractive->texts.front(), false, "extractive"};
}

}  // namespace ah::service
