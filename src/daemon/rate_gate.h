// The library's politeness turns (store::JobStore::TakeTurn) as the rate
// limiter's shared gate: the arXiv interval then holds across every process
// on the library (fetch, serve --with-daemon, daemon), not per process.
// Thread-safe (one connection, used under a mutex).
#pragma once

#include <memory>
#include <mutex>

#include "net/politeness.h"
#include "store/job_store.h"

namespace ah::daemon {

class LibraryRateGate final : public net::SharedRateGate {
 public:
  explicit LibraryRateGate(std::unique_ptr<store::JobStore> jobs) : jobs_(std::move(jobs)) {}
  [[nodiscard]] Result<int64_t> TakeTurn(std::string_view bucket, int64_t interval_ms,
                                         int64_t now_unix_ms) override {
    std::lock_guard<std::mutex> lock(mu_);
    return jobs_->TakeTurn(bucket, interval_ms, now_unix_ms);
  }

 private:
  std::mutex mu_;
  std::unique_ptr<store::JobStore> jobs_;
};

}  // namespace ah::daemon
