// The admin page. (stub: being built)
#include "web/pages.h"

namespace ah::web::pages {

Result<Response> Admin(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> AdminSave(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

}  // namespace ah::web::pages
