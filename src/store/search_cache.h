// The rankings of recent searches, shared by every connection of one library
// in a process. Ranking a broad query (bm25 over tens of thousands of matches)
// costs more than everything else a results page does; a server's reader
// connections, and the pages and facets of one query, then rank it once.
//
// An entry is valid for one state of the library: its `marker` (a backend
// string that changes with every write that could change a search's results).
// Entries are immutable once stored; a lookup hands out a shared pointer that
// stays valid after the entry is replaced or evicted. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/store.h"

namespace ah::store {

struct CachedRanking {
  std::string marker;                    // the library's state when ranked
  std::vector<int64_t> ids;              // best first, at most the backend's depth
  bool complete = false;                 // ids are every match
  int64_t total = -1;                    // matches, once counted
  size_t summary_docs = 0;               // the facets below count this many
  std::optional<SearchSummary> summary;  // once asked for
};

class SearchCache {
 public:
  // At most `capacity` queries (each a few kB: ids and facets), least recently used out.
  explicit SearchCache(size_t capacity = 256);

  // The ranking of `key` made at `marker`, or null (absent, or made at another state).
  [[nodiscard]] std::shared_ptr<const CachedRanking> Get(const std::string& key,
                                                         std::string_view marker);
  // Stores (or replaces) the ranking of `key`.
  void Put(const std::string& key, std::shared_ptr<const CachedRanking> ranking);

  [[nodiscard]] size_t size() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const CachedRanking>>;
  mutable std::mutex mu_;
  size_t capacity_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace ah::store
