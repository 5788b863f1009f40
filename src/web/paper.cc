// The paper page and exports. (stub: being built)
#include "web/pages.h"

namespace ah::web::pages {

Result<Response> Paper(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> Export(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

}  // namespace ah::web::pages
