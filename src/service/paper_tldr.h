// The TL;DR a page shows beside a paper, without ever calling a model: a
// page view must cost nothing and never wait for a provider. The one a model
// wrote earlier (WriteTldrs caches it in the library per paper, language and
// model) when there is one, else the extractive TL;DR.
// Thread-safety: stateless; the stores are the caller's (one thread at a time).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "store/radar_store.h"
#include "store/store.h"

namespace ah::service {

struct PageTldr {
  std::string text;
  bool from_llm = false;  // a model's, from the cache
  std::string model;      // that model (client->Describe()), or "extractive"
};

// The TL;DR of paper `ref` in `lang` (en | zh): the cached one of the first
// of `models` that has one, else the extractive one.
// Errors: kNotFound for an unknown paper, kInvalidArgument for another
// language; the stores'.
[[nodiscard]] Result<PageTldr> CachedTldr(store::Store& store, store::RadarStore& radars,
                                          const std::string& ref, const std::string& lang,
                                          const std::vector<std::string>& models);

}  // namespace ah::service
