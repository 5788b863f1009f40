// Time source, injected wherever "now" matters (fetch scheduling, calendar, logs).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ah {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall clock, Unix seconds (UTC). Thread-safe.
  virtual int64_t NowUnix() = 0;
  // Wall clock, Unix milliseconds (politeness shared between processes).
  // Thread-safe. Default: NowUnix() * 1000.
  virtual int64_t NowUnixMs() { return NowUnix() * 1000; }
  // Monotonic milliseconds, for rate limiting and backoff. Thread-safe.
  virtual int64_t NowMonoMs() = 0;
  // Blocks for `ms` milliseconds (a fake clock just advances).
  virtual void SleepMs(int64_t ms) = 0;
};

// The real clock. Stateless; thread-safe.
class SystemClock final : public Clock {
 public:
  int64_t NowUnix() override;
  int64_t NowUnixMs() override;
  int64_t NowMonoMs() override;
  void SleepMs(int64_t ms) override;
};

// A clock that starts at a given Unix time and advances only by SleepMs
// (instantly) and by real time elapsed since it was made: for `daemon --once
// --now T` (replaying a schedule at a chosen moment; tests move time with it).
// Thread-safe.
class StartedClock final : public Clock {
 public:
  explicit StartedClock(int64_t start_unix);
  int64_t NowUnix() override { return NowUnixMs() / 1000; }
  int64_t NowUnixMs() override;
  int64_t NowMonoMs() override;
  void SleepMs(int64_t ms) override;

 private:
  const int64_t start_unix_ms_;
  const int64_t real_start_mono_ms_;
  std::atomic<int64_t> slept_ms_{0};
};

}  // namespace ah
