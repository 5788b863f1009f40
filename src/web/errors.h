// The one table from an engine error to an HTTP answer: status and the JSON
// body {"error": {"code", "message"}} of the API (pages show the same message
// in the page layout). Errors that mean "the server failed" (I/O, corrupt
// data, internal) never show their message: the client sees a reference and
// the server's log the detail.
#pragma once

#include <string>

#include "core/result.h"
#include "web/http.h"

namespace ah::web {

// 400 invalid_argument / parse_error, 401, 403, 404, 409, 413, 429, 503
// unavailable / cancelled, 500 for the rest.
int HttpStatusOf(Code code);

// What the client may read of `e`: its message, or for server failures
// "internal error (reference R)" where R is `reference`.
std::string PublicMessage(const Error& e, const std::string& reference);

// The API's error body for `e`, with HttpStatusOf(e.code).
Response JsonError(const Error& e, const std::string& reference);

}  // namespace ah::web
