#include "web/errors.h"

namespace ah::web {
namespace {

bool IsServerFailure(Code code) {
  return code == Code::kIo || code == Code::kCorrupt || code == Code::kInternal ||
         code == Code::kOk;
}

}  // namespace

int HttpStatusOf(Code code) {
  switch (code) {
    case Code::kInvalidArgument:
    case Code::kParse:
      return 400;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kAlreadyExists:
      return 409;
    case Code::kTooLarge:
      return 413;
    case Code::kRateLimited:
      return 429;
    case Code::kUnavailable:
    case Code::kUnreachable:  // a provider or source this server could not reach
    case Code::kCancelled:
      return 503;
    case Code::kOk:
    case Code::kIo:
    case Code::kCorrupt:
    case Code::kInternal:
      return 500;
  }
  return 500;
}

std::string PublicMessage(const Error& e, const std::string& reference) {
  if (IsServerFailure(e.code)) return "internal error (reference " + reference + ")";
  return e.message;
}

Response JsonError(const Error& e, const std::string& reference) {
  nlohmann::json j = {
      {"error",
       {{"code", std::string(CodeName(IsServerFailure(e.code) ? Code::kInternal : e.code))},
        {"message", PublicMessage(e, reference)}}}};
  return Response::Json(j, HttpStatusOf(e.code));
}

}  // namespace ah::web
