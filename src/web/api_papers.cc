// API: papers. (stub: being built)
#include "web/pages.h"

namespace ah::web::api {

Result<Response> Today(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> Search(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> Paper(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> Similar(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> Export(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

}  // namespace ah::web::api
