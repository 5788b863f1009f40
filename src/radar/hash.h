// Small open-addressing hash tables for the feature builder: a string interner
// and a uint64 -> uint32 map. They exist because building features for 100k
// papers inserts tens of millions of keys and std::unordered_map's node
// allocations dominate that. Not thread-safe; one instance per thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ah::radar {

inline uint64_t HashBytes(std::string_view s) {
  // FNV-1a then a final avalanche (murmur3 fmix64): cheap and well spread.
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

inline uint64_t HashU64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// Maps strings to dense ids 0, 1, 2... in first-seen order.
class Interner {
 public:
  Interner() { Rehash(1024); }

  // Returns the id of `s`, adding it when new.
  uint32_t Intern(std::string_view s) {
    if ((size_ + 1) * 2 > slots_.size()) Rehash(slots_.size() * 2);
    uint64_t h = HashBytes(s);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t id = slots_[i];
      if (id == kEmpty) {
        id = static_cast<uint32_t>(offsets_.size() - 1);
        chars_.append(s);
        offsets_.push_back(static_cast<uint64_t>(chars_.size()));
        hashes_.push_back(h);
        slots_[i] = id;
        ++size_;
        return id;
      }
      if (hashes_[id] == h && Get(id) == s) return id;
    }
  }

  // Returns the id of `s`, or -1 when absent.
  int64_t Find(std::string_view s) const {
    uint64_t h = HashBytes(s);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t id = slots_[i];
      if (id == kEmpty) return -1;
      if (hashes_[id] == h && Get(id) == s) return id;
    }
  }

  std::string_view Get(uint32_t id) const {
    return std::string_view(chars_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  size_t size() const { return size_; }

 private:
  static constexpr uint32_t kEmpty = 0xffffffffu;

  void Rehash(size_t n) {
    slots_.assign(n, kEmpty);
    size_t mask = n - 1;
    for (uint32_t id = 0; id < size_; ++id) {
      size_t i = hashes_[id] & mask;
      while (slots_[i] != kEmpty) i = (i + 1) & mask;
      slots_[i] = id;
    }
  }

  std::vector<uint32_t> slots_;
  std::string chars_;
  std::vector<uint64_t> offsets_{0};
  std::vector<uint64_t> hashes_;
  size_t size_ = 0;
};

// uint64 key -> uint32 value. Key ~0ULL is reserved.
class FlatMap64 {
 public:
  FlatMap64() { Rehash(1024); }

  // Returns a reference to the value of `key`, inserting `init` when new.
  uint32_t& At(uint64_t key, uint32_t init = 0) {
    if ((size_ + 1) * 2 > keys_.size()) Rehash(keys_.size() * 2);
    size_t mask = keys_.size() - 1;
    for (size_t i = HashU64(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return vals_[i];
      if (keys_[i] == kEmpty) {
        keys_[i] = key;
        vals_[i] = init;
        ++size_;
        return vals_[i];
      }
    }
  }

  // Returns the value of `key`, or `missing` when absent.
  uint32_t Get(uint64_t key, uint32_t missing) const {
    size_t mask = keys_.size() - 1;
    for (size_t i = HashU64(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return vals_[i];
      if (keys_[i] == kEmpty) return missing;
    }
  }

  size_t size() const { return size_; }

  template <typename F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < keys_.size(); ++i)
      if (keys_[i] != kEmpty) f(keys_[i], vals_[i]);
  }

 private:
  static constexpr uint64_t kEmpty = ~0ULL;

  void Rehash(size_t n) {
    std::vector<uint64_t> old_keys(n, kEmpty);
    std::vector<uint32_t> old_vals(n, 0);
    old_keys.swap(keys_);
    old_vals.swap(vals_);
    size_t mask = n - 1;
    for (size_t j = 0; j < old_keys.size(); ++j) {
      if (old_keys[j] == kEmpty) continue;
      size_t i = HashU64(old_keys[j]) & mask;
      while (keys_[i] != kEmpty) i = (i + 1) & mask;
      keys_[i] = old_keys[j];
      vals_[i] = old_vals[j];
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<uint32_t> vals_;
  size_t size_ = 0;
};

}  // namespace ah::radar
