// Radar pages. (stub: being built)
#include "web/pages.h"

namespace ah::web::pages {

Result<Response> Radars(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarCreate(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarDay(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarEditForm(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarEdit(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarDelete(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> RadarSeedsUpload(Context&) {
  return MakeError(Code::kUnavailable, "not built yet");
}

Result<Response> RadarFeedback(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

}  // namespace ah::web::pages
