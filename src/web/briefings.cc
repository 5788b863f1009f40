// Briefing pages. (stub: being built)
#include "web/pages.h"

namespace ah::web::pages {

Result<Response> Briefing(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> BriefingById(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> BriefingWrite(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

}  // namespace ah::web::pages
