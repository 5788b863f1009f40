// What the API handlers share: reading a JSON body.
#include "web/pages.h"

namespace ah::web::api {
namespace {

constexpr int kMaxDepth = 64;

// The nesting depth of JSON text, scanning strings correctly; stops counting
// past `limit`.
int Depth(std::string_view s, int limit) {
  int depth = 0, max = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max;
}

}  // namespace

Result<nlohmann::json> BodyObject(const Request& req) {
  if (req.body.empty()) return MakeError(Code::kInvalidArgument, "the request has no JSON body");
  if (Depth(req.body, kMaxDepth) > kMaxDepth)
    return MakeError(Code::kParse,
                     "the JSON body nests deeper than " + std::to_string(kMaxDepth) + " levels");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    return MakeError(Code::kParse, "the JSON body is malformed at byte " +
                                       std::to_string(e.byte > 0 ? e.byte - 1 : 0));
  }
  if (!j.is_object()) return MakeError(Code::kInvalidArgument, "the JSON body must be an object");
  return j;
}

}  // namespace ah::web::api
