// A minimal fork-join helper: runs f(thread_index, begin, end) over `threads`
// contiguous slices of [0, n) and waits for all of them. Internal to radar.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace ah::radar {

template <typename F>
void ParallelFor(int threads, size_t n, F&& f) {
  threads = std::max(1, std::min<int>(threads, static_cast<int>(std::max<size_t>(n, 1))));
  if (threads == 1) {
    f(0, size_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    size_t b = n * static_cast<size_t>(t) / static_cast<size_t>(threads);
    size_t e = n * static_cast<size_t>(t + 1) / static_cast<size_t>(threads);
    pool.emplace_back([&f, t, b, e] { f(t, b, e); });
  }
  for (auto& th : pool) th.join();
}

}  // namespace ah::radar
