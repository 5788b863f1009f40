// The one way AcademicHub reads JSON text: API responses, files, LLM answers,
// stored blobs and (later) web request bodies all go through ParseJson.
//
// Why not nlohmann::json::parse directly: its parser builds any depth, and a
// value nested tens of thousands deep then overflows the stack in every
// recursive operation on it (dump(), copy, ==). ParseJson counts the depth
// while nlohmann's (iterative) SAX parser runs and stops at the first array or
// object opened deeper than the limit, before that value is built, so every
// value it returns is safe to walk recursively. Its errors also name the
// position of the failure the way a user can find it (line, column, byte,
// never one past the end) and say "truncated" when the text just stops.
//
// All functions are pure and thread-safe; they never throw.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "core/result.h"

namespace ah {

// The default nesting limit: arrays and objects inside each other. Real API
// responses nest less than 10 deep; serde_json's default is the same 128.
inline constexpr int kDefaultJsonDepth = 128;

struct JsonLimits {
  int max_depth = kDefaultJsonDepth;  // `[]` is depth 1, `[[]]` depth 2
};

// Why and where a text is not acceptable JSON.
struct JsonError {
  enum class Kind {
    kEmpty,      // nothing but whitespace
    kSyntax,     // a byte the grammar does not allow (also numbers out of range)
    kTruncated,  // the text ends inside a value
    kTooDeep,    // an array or object deeper than JsonLimits::max_depth
    kEncoding,   // UTF-16/UTF-32 text (byte order mark)
  };
  Kind kind = Kind::kSyntax;
  // 0-based offset of the byte the error is about: the offending byte, for
  // kTruncated the opening of the innermost unfinished value, for kTooDeep the
  // first bracket past the limit. Always < text size (0 for an empty text).
  size_t byte = 0;
  size_t line = 1;     // 1-based line of `byte`
  size_t column = 1;   // 1-based column of `byte`, counted in UTF-8 characters
  std::string reason;  // what is wrong, without the position (valid UTF-8, <= 203 bytes)

  // "ORIGIN: line L, column C (byte B): REASON".
  std::string Message(std::string_view origin) const;
};

// A callback as nlohmann::json::parse takes it: called for every parse event
// with the depth; returning false drops the value just read (used to convert
// and discard the records of a large array one at a time).
using JsonCallback = nlohmann::json::parser_callback_t;

// Parses one JSON value that must fill `text` (whitespace around it and a UTF-8
// byte order mark are allowed). The low-level form, for callers that place the
// error themselves (e.g. an object cut out of a larger answer).
[[nodiscard]] tl::expected<nlohmann::json, JsonError> ReadJson(
    std::string_view text, JsonLimits limits = {}, const JsonCallback& callback = nullptr);

// As ReadJson, with errors as Error{kParse, JsonError::Message(origin)}.
[[nodiscard]] Result<nlohmann::json> ParseJson(std::string_view text, std::string_view origin,
                                               JsonLimits limits = {});
[[nodiscard]] Result<nlohmann::json> ParseJson(std::string_view text, std::string_view origin,
                                               const JsonCallback& callback,
                                               JsonLimits limits = {});

// Where the first array or object deeper than `max_depth` opens in `text`, or
// npos. A linear scan that skips strings and allocates nothing; it does not
// check the grammar (for a quick look before a costlier reader).
size_t JsonTooDeepAt(std::string_view text, int max_depth);

// 1-based line and column (in UTF-8 characters, not counting a byte order mark)
// of byte `offset` of `text`.
struct TextPosition {
  size_t line = 1;
  size_t column = 1;
};
TextPosition PositionOf(std::string_view text, size_t offset);

}  // namespace ah
