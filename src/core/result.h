// Errors as values. Every fallible function in AcademicHub returns Result<T>.
// An Error carries a Code and a message that names what failed and where
// (source, URL or file, byte/line, record id).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace ah {

enum class Code {
  kOk = 0,
  kNotFound,
  kInvalidArgument,
  kParse,        // input could not be parsed (malformed, truncated, wrong type)
  kIo,           // file system or network failure
  kUnavailable,  // remote refused for now (429/503, rate limited); retry later
  kCorrupt,      // stored data is inconsistent
  kTooLarge,     // input exceeds a configured limit
  kInternal,
  kUnreachable,       // no connection could be made (refused, unknown host, no route)
  kAlreadyExists,     // the thing to create exists (a radar or user of that name)
  kUnauthenticated,   // no valid credentials (sign in, or an API token)
  kPermissionDenied,  // authenticated, but not allowed (an admin-only action)
  kCancelled,         // the caller gave up (deadline passed, request abandoned)
  kRateLimited,       // too many requests from this client; retry later
};

std::string_view CodeName(Code code);

struct Error {
  Code code = Code::kInternal;
  std::string message;

  Error() = default;
  Error(Code c, std::string m) : code(c), message(std::move(m)) {}

  // Returns a copy whose message is prefixed with `context: `.
  [[nodiscard]] Error Wrap(std::string_view context) const {
    return Error(code, std::string(context) + ": " + message);
  }
  std::string ToString() const { return std::string(CodeName(code)) + ": " + message; }
};

template <typename T>
using Result = tl::expected<T, Error>;

// Result<void> with a terse name, for functions that only succeed or fail.
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> MakeError(Code code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}
inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }
inline Status Ok() { return {}; }

}  // namespace ah
