#include "core/result.h"

namespace ah {

std::string_view CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kNotFound: return "not_found";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kParse: return "parse_error";
    case Code::kIo: return "io_error";
    case Code::kUnavailable: return "unavailable";
    case Code::kCorrupt: return "corrupt";
    case Code::kTooLarge: return "too_large";
    case Code::kInternal: return "internal";
    case Code::kUnreachable: return "unreachable";
    case Code::kAlreadyExists: return "already_exists";
    case Code::kUnauthenticated: return "unauthenticated";
    case Code::kPermissionDenied: return "permission_denied";
    case Code::kCancelled: return "cancelled";
    case Code::kRateLimited: return "rate_limited";
  }
  return "unknown";
}

}  // namespace ah
