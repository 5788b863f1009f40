// Format detection and dispatch to the pure parsers of every source family.
#pragma once

#include <string_view>

#include "core/result.h"
#include "sources/source.h"

namespace ah::sources {

// Guesses the format of a response body or file from its first bytes (UTF-8, or
// UTF-16 with or without a byte order mark). Returns kUnknown for anything
// unrecognised; an HTML page, a JSON error object or binary data are kUnknown
// (callers report them with DescribeUnknown).
Format DetectFormat(std::string_view body);

// A human explanation of why `body` is not a known format ("an HTML page",
// "a JSON error object (message: ...)", "a JSON object of no known format (keys
// ...)", "JSON that does not parse (line L, column C, byte B): truncated ...",
// "empty input", "binary data"). Reads JSON with the nesting limit of ParseJson
// and keeps only its top-level keys in memory.
std::string DescribeUnknown(std::string_view body);

// Parses `body` as `format` (kUnknown = detect). UTF-16 input is converted to
// UTF-8 first. Errors name ctx.origin; undetected JSON that does not parse is
// reported with its JSON error (line, column, byte) rather than as "unrecognised".
[[nodiscard]] Result<ParsedPage> ParseAs(Format format, std::string_view body,
                                         const ParseContext& ctx);

}  // namespace ah::sources
