// Settings pages. (stub: being built)
#include "web/pages.h"

namespace ah::web::pages {

Result<Response> Settings(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> SettingsSave(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> PasswordChange(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> TokenCreate(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

Result<Response> TokenRevoke(Context&) { return MakeError(Code::kUnavailable, "not built yet"); }

}  // namespace ah::web::pages
