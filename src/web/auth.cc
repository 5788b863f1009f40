#include "web/auth.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <vector>

namespace ah::web {
namespace {

// Bounds the memory of concurrent argon2id hashes (64 MiB each).
class Gate {
 public:
  explicit Gate(int n) : free_(n) {}
  void Enter() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return free_ > 0; });
    --free_;
  }
  void Leave() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++free_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
};

Gate& PasswordGate() {
  static Gate gate(2);
  return gate;
}

std::string Base64(const unsigned char* data, size_t n, int variant) {
  std::string out(sodium_base64_encoded_len(n, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

}  // namespace

Status InitCrypto() {
  if (sodium_init() < 0) return MakeError(Code::kInternal, "libsodium could not be initialised");
  return Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  PasswordGate().Enter();
  int rc =
      crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE);
  PasswordGate().Leave();
  if (rc != 0) return MakeError(Code::kInternal, "cannot hash the password (out of memory)");
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  PasswordGate().Enter();
  int rc = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size());
  PasswordGate().Leave();
  return rc == 0;
}

Status CheckNewPassword(std::string_view password) {
  if (password.size() < 8)
    return MakeError(Code::kInvalidArgument, "a password needs at least 8 characters");
  if (password.size() > 1024)
    return MakeError(Code::kInvalidArgument, "a password can have at most 1024 characters");
  return Ok();
}

Status CheckUserName(std::string_view name) {
  bool ok =
      name.size() >= 2 && name.size() <= 40 && std::isalnum(static_cast<unsigned char>(name[0]));
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-') ok = false;
  if (!ok)
    return MakeError(Code::kInvalidArgument,
                     "a user name has 2 to 40 letters, digits, '.', '_' or '-', and starts with a "
                     "letter or digit");
  return Ok();
}

std::string RandomToken() {
  unsigned char buf[32];
  randombytes_buf(buf, sizeof buf);
  return Base64(buf, sizeof buf, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string TokenDigest(std::string_view token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return std::string(hex, 64);
}

bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Seal(std::string_view plaintext, const std::string& key) {
  std::string buf(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* p = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(p, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(p + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        p, reinterpret_cast<const unsigned char*>(key.data()));
  return Base64(p, buf.size(), sodium_base64_VARIANT_ORIGINAL);
}

Result<std::string> Open(std::string_view sealed, const std::string& key) {
  std::string bin(sealed.size(), '\0');
  size_t n = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), sealed.data(),
                        sealed.size(), nullptr, &n, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES || key.size() != 32)
    return MakeError(Code::kCorrupt, "a stored secret is unreadable");
  const auto* p = reinterpret_cast<const unsigned char*>(bin.data());
  std::string out(n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 p + crypto_secretbox_NONCEBYTES, n - crypto_secretbox_NONCEBYTES,
                                 p, reinterpret_cast<const unsigned char*>(key.data())) != 0)
    return MakeError(Code::kCorrupt, "a stored secret does not open with this instance's key");
  return out;
}

Result<std::string> LoadOrCreateKey(const std::string& path) {
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t n = ::read(fd, key.data(), key.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(key.size()))
      return MakeError(Code::kIo, path + ": the instance key is damaged (want 32 bytes)");
    return key;
  }
  if (errno != ENOENT) return MakeError(Code::kIo, path + ": cannot read: " + std::strerror(errno));
  crypto_secretbox_keygen(reinterpret_cast<unsigned char*>(key.data()));
  fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return LoadOrCreateKey(path);  // another process made it first
    return MakeError(Code::kIo, path + ": cannot create the instance key: " + std::strerror(errno));
  }
  bool ok =
      ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return MakeError(Code::kIo, path + ": cannot write the instance key");
  }
  return key;
}

int64_t RateLimiter::Allow(const std::string& key, int burst, std::chrono::milliseconds every) {
  const int64_t now = clock_.NowMonoMs();
  const double rate = every.count() > 0 ? 1.0 / static_cast<double>(every.count()) : 1e9;  // per ms
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) Shrink(now);
    it = buckets_.emplace(key, Bucket{static_cast<double>(burst), now, rate, burst}).first;
  }
  Bucket& b = it->second;
  const double ms = static_cast<double>(std::max<int64_t>(now - b.at_ms, 0));
  b.tokens = std::min<double>(burst, b.tokens + ms * rate);
  b.at_ms = now;
  b.rate = rate;
  b.burst = burst;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return static_cast<int64_t>((1 - b.tokens) / rate / 1000.0) + 1;
}

void RateLimiter::Shrink(int64_t now) {
  // Full buckets first: forgetting them changes nothing.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const Bucket& b = it->second;
    const double ms = static_cast<double>(std::max<int64_t>(now - b.at_ms, 0));
    it = b.tokens + ms * b.rate >= b.burst ? buckets_.erase(it) : std::next(it);
  }
  // Then those touched longest ago, down to three quarters of the bound (so
  // that the next sweep is a quarter of the bound of new keys away).
  const size_t keep = max_keys_ - max_keys_ / 4;
  if (buckets_.size() <= keep) return;
  std::vector<int64_t> at;
  at.reserve(buckets_.size());
  for (const auto& [k, b] : buckets_) at.push_back(b.at_ms);
  auto nth = at.begin() + static_cast<std::ptrdiff_t>(buckets_.size() - keep - 1);
  std::nth_element(at.begin(), nth, at.end());
  const int64_t cutoff = *nth;
  size_t drop = buckets_.size() - keep;  // those before the cutoff, then ties with it
  for (auto it = buckets_.begin(); it != buckets_.end() && drop > 0;) {
    if (it->second.at_ms < cutoff) {
      it = buckets_.erase(it);
      --drop;
    } else {
      ++it;
    }
  }
  for (auto it = buckets_.begin(); it != buckets_.end() && drop > 0;) {
    if (it->second.at_ms == cutoff) {
      it = buckets_.erase(it);
      --drop;
    } else {
      ++it;
    }
  }
}

void RateLimiter::Reset(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  buckets_.erase(key);
}

size_t RateLimiter::Size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

}  // namespace ah::web
