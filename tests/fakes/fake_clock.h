// A Clock for tests: time stands still unless advanced; SleepMs advances it
// instantly and records the request, so backoff and politeness can be asserted
// without waiting. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "core/clock.h"

namespace ah::testing {

class FakeClock final : public Clock {
 public:
  // Defaults: 2026-06-01T00:00:00Z; the monotonic clock starts at an arbitrary 1e6 ms.
  explicit FakeClock(int64_t start_unix = 1780272000, int64_t start_mono_ms = 1'000'000);

  int64_t NowUnix() override;         // start_unix + elapsed whole seconds
  int64_t NowUnixMs() override;       // start_unix * 1000 + elapsed
  int64_t NowMonoMs() override;       // start_mono_ms + elapsed
  void SleepMs(int64_t ms) override;  // records ms, then advances by max(ms, 0)

  void AdvanceMs(int64_t ms);  // advances without recording a sleep
  std::vector<int64_t> sleeps() const;
  int64_t total_slept_ms() const;
  int64_t max_sleep_ms() const;
  void ClearSleeps();

 private:
  mutable std::mutex mu_;
  const int64_t start_unix_;
  const int64_t start_mono_ms_;
  int64_t elapsed_ms_ = 0;
  std::vector<int64_t> sleeps_;
};

}  // namespace ah::testing
