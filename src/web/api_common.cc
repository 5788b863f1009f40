// What the API handlers share: reading a JSON body.
#include "core/json.h"
#include "web/pages.h"

namespace ah::web::api {

Result<nlohmann::json> BodyObject(const Request& req) {
  if (req.body.empty()) return MakeError(Code::kInvalidArgument, "the request has no JSON body");
  // The one JSON reader (core/json.h), with a tighter nesting limit: no
  // request of this API nests more than a few levels.
  auto j = ParseJson(req.body, "the JSON body", JsonLimits{64});
  if (!j) return Fail(j.error());
  if (!j->is_object()) return MakeError(Code::kInvalidArgument, "the JSON body must be an object");
  return std::move(*j);
}

}  // namespace ah::web::api
