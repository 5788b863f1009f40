// API: briefings. (stub: being built)
#include "web/pages.h"

namespace ah::web::api {

Result<Response> BriefingList(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> BriefingWrite(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> BriefingGet(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> Tldr(Context&) {
  return MakeError(Code::kUnavailable, "not built yet");
}

Result<Response> Me(Context&) {
  return MakeError(Code::kUnavailable, "not built yet");
}

}  // namespace ah::web::api
