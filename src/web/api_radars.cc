// API: radars. (stub: being built)
#include "web/pages.h"

namespace ah::web::api {


Result<Response> RadarList(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarCreate(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarGet(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarUpdate(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarDelete(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarRun(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarFeedback(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarFeedbackList(Context&) {
  return MakeError(Code::kUnavailable, "not built yet");
}

Result<Response> RadarSeeds(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarSeedsImport(Context&) {
  return MakeError(Code::kUnavailable, "not built yet");
}

}  // namespace ah::web::api
