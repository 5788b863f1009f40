// Connections to one library for a long-lived, multi-threaded process (the web
// server, the daemon): one writer and a pool of readers.
//
// A StorePool is safe for concurrent access from multiple threads without any
// external synchronization. Each request or job leases a Store: its reads run
// on a reader connection that is the lease's alone until the lease is
// destroyed, and its writes run on the pool's one writer, one write call at a
// time (each write call is one transaction of the backend). So readers never
// wait for a writer (SQLite WAL: a reader sees the last committed state), a
// long ingest holds the writer only for one group of papers at a time, and no
// write can fail because another connection of this process is writing.
// Other processes on the same library are serialised by the backend itself
// (SQLite: busy timeout).
//
// A leased Store is not thread-safe: one thread at a time, like any Store.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace ah::store {

class StorePool : public std::enable_shared_from_this<StorePool> {
 public:
  using Opener = std::function<Result<std::unique_ptr<Store>>()>;

  // Opens the writer first (it applies schema migrations), then `readers`
  // readers (at least 1), each with `open`. Errors: the first open's.
  [[nodiscard]] static Result<std::shared_ptr<StorePool>> Open(const Opener& open, size_t readers);
  // Opens `location` as OpenStore does.
  [[nodiscard]] static Result<std::shared_ptr<StorePool>> Open(const std::string& location,
                                                               size_t readers);
  ~StorePool();

  // A Store for one request or job; blocks while every reader is leased.
  // A lease keeps the pool alive.
  std::unique_ptr<Store> Lease();

  size_t readers() const { return readers_.size(); }

 private:
  friend class PooledStore;
  StorePool() = default;
  Store* Acquire();
  void Release(Store* reader);

  std::unique_ptr<Store> writer_;
  std::mutex writer_mu_;  // one write call at a time
  std::vector<std::unique_ptr<Store>> readers_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<Store*> free_;  // readers not leased
};

}  // namespace ah::store
