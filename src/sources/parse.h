// Format detection and dispatch to the pure parsers of every source family.
#pragma once

#include <string_view>

#include "core/result.h"
#include "sources/source.h"

namespace ah::sources {

// Guesses the format of a response body or file from its first bytes.
// Returns kUnknown for anything unrecognised; an HTML page, a JSON error
// object or binary data are kUnknown (callers report them with DescribeUnknown).
Format DetectFormat(std::string_view body);

// A human explanation of why `body` is not a known format ("an HTML page",
// "a JSON object without a known shape", "empty input", "binary data").
std::string DescribeUnknown(std::string_view body);

// Parses `body` as `format` (kUnknown = detect). Errors name ctx.origin.
[[nodiscard]] Result<ParsedPage> ParseAs(Format format, std::string_view body, const ParseContext& ctx);

}  // namespace ah::sources
