// Time source, injected wherever "now" matters (fetch scheduling, calendar, logs).
#pragma once

#include <chrono>
#include <cstdint>

namespace ah {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall clock, Unix seconds (UTC). Thread-safe.
  virtual int64_t NowUnix() = 0;
  // Monotonic milliseconds, for rate limiting and backoff. Thread-safe.
  virtual int64_t NowMonoMs() = 0;
  // Blocks for `ms` milliseconds (a fake clock just advances).
  virtual void SleepMs(int64_t ms) = 0;
};

// The real clock. Stateless; thread-safe.
class SystemClock final : public Clock {
 public:
  int64_t NowUnix() override;
  int64_t NowMonoMs() override;
  void SleepMs(int64_t ms) override;
};

}  // namespace ah
