// The search page. (stub: being built)
#include "web/pages.h"

namespace ah::web::pages {

Result<Response> Search(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

}  // namespace ah::web::pages
