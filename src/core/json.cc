#include "core/json.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "core/text.h"

namespace ah {
namespace {

using nlohmann::json;

// Forwards every SAX event to nlohmann's own DOM builder (`Inner`) and stops the
// parse when an array or object would open deeper than the limit. nlohmann's
// parser loop is iterative, so nothing recurses before this check.
template <typename Inner>
class DepthLimitedSax {
 public:
  template <typename... Args>
  DepthLimitedSax(int max_depth, Args&&... args)
      : inner_(std::forward<Args>(args)...), max_depth_(max_depth) {}

  bool null() { return inner_.null(); }
  bool boolean(bool v) { return inner_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return inner_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return inner_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) {
    return inner_.number_float(v, s);
  }
  bool string(json::string_t& v) { return inner_.string(v); }
  bool binary(json::binary_t& v) { return inner_.binary(v); }
  bool key(json::string_t& v) { return inner_.key(v); }
  bool start_object(std::size_t n) { return Enter() && inner_.start_object(n); }
  bool end_object() {
    --depth_;
    return inner_.end_object();
  }
  bool start_array(std::size_t n) { return Enter() && inner_.start_array(n); }
  bool end_array() {
    --depth_;
    return inner_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    error_position_ = position;
    error_what_ = ex.what();
    return false;
  }

  bool too_deep() const { return too_deep_; }
  const std::optional<size_t>& error_position() const { return error_position_; }
  const std::string& error_what() const { return error_what_; }

 private:
  bool Enter() {
    if (++depth_ > max_depth_) {
      too_deep_ = true;
      return false;
    }
    return true;
  }

  Inner inner_;
  int max_depth_;
  int depth_ = 0;
  bool too_deep_ = false;
  std::optional<size_t> error_position_;  // nlohmann's count of bytes read at the error
  std::string error_what_;
};

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// nlohmann's message without its "[json.exception.parse_error.101] parse error
// at line 1, column 5: " prefix (we state the position ourselves), short and valid UTF-8.
std::string Reason(std::string_view what) {
  if (size_t p = what.find("] "); p != std::string_view::npos && p < 48) what.remove_prefix(p + 2);
  if (what.substr(0, 15) == "parse error at ") {
    if (size_t p = what.find(": "); p != std::string_view::npos) what.remove_prefix(p + 2);
  }
  return text::SanitizeUtf8(what);
}

// At most 200 bytes (then "..."), cut between UTF-8 characters.
std::string Clip(std::string s) {
  if (s.size() <= 200) return s;
  size_t cut = 200;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s + "...";
}

bool IsLiteralChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '+' || c == '-';
}

// The innermost value still open at the end of `text` (a container or a
// string), assuming the text before the end is valid JSON: its first byte, and
// what it is. nullopt when no container or string is open.
std::optional<std::pair<size_t, const char*>> InnermostOpen(std::string_view text) {
  std::vector<size_t> stack;  // offsets of the open '[' / '{'
  bool in_string = false;
  size_t string_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      string_start = i;
    } else if (c == '[' || c == '{') {
      stack.push_back(i);
    } else if ((c == ']' || c == '}') && !stack.empty()) {
      stack.pop_back();
    }
  }
  if (in_string) return std::make_pair(string_start, "string");
  if (stack.empty()) return std::nullopt;
  return std::make_pair(stack.back(), text[stack.back()] == '[' ? "array" : "object");
}

JsonError At(std::string_view text, JsonError::Kind kind, size_t byte, std::string reason) {
  JsonError e;
  e.kind = kind;
  e.byte = text.empty() ? 0 : std::min(byte, text.size() - 1);
  TextPosition p = PositionOf(text, e.byte);
  e.line = p.line;
  e.column = p.column;
  e.reason = Clip(std::move(reason));
  return e;
}

std::string Bytes(size_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }

// A parse error at nlohmann's `position` (bytes read, counting the byte that failed).
JsonError SyntaxError(std::string_view text, size_t position, std::string_view what) {
  if (position <= text.size()) {
    // The byte the parser stopped at; its token may have begun a little earlier.
    return At(text, JsonError::Kind::kSyntax, position > 0 ? position - 1 : 0, Reason(what));
  }
  // nlohmann read past the last byte: the text ends inside a value.
  if (auto open = InnermostOpen(text)) {
    return At(text, JsonError::Kind::kTruncated, open->first,
              std::string("truncated JSON: the ") + open->second +
                  " opened here is not closed before the end of the text (" + Bytes(text.size()) +
                  ")");
  }
  // A literal or number the end cut short ("tru", "1.", "-"): name where it starts.
  size_t start = text.size();
  while (start > 0 && IsLiteralChar(text[start - 1])) --start;
  if (what.find("expected end of input") != std::string_view::npos) {
    // It follows a complete value: "[1] tru".
    return At(text, JsonError::Kind::kSyntax, start,
              "unexpected text after the JSON value: " + Reason(what));
  }
  return At(text, JsonError::Kind::kTruncated, start,
            "truncated JSON: the text ends (" + Bytes(text.size()) +
                ") before the value is complete: " + Reason(what));
}

template <typename Inner, typename... Args>
tl::expected<json, JsonError> Run(std::string_view text, JsonLimits limits, json& result,
                                  Args&&... args) {
  DepthLimitedSax<Inner> sax(limits.max_depth, result, std::forward<Args>(args)...);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json,
                         /*strict=*/true);
  } catch (const std::exception& e) {
    // Only allocation failures or a throwing callback get here.
    return tl::unexpected(At(text, JsonError::Kind::kSyntax, 0,
                             "could not be read: " + text::SanitizeUtf8(e.what())));
  }
  if (sax.too_deep()) {
    size_t at = JsonTooDeepAt(text, limits.max_depth);
    return tl::unexpected(At(text, JsonError::Kind::kTooDeep, at == std::string_view::npos ? 0 : at,
                             "JSON nested deeper than " + std::to_string(limits.max_depth) +
                                 " levels of arrays and objects"));
  }
  if (sax.error_position()) {
    return tl::unexpected(SyntaxError(text, *sax.error_position(), sax.error_what()));
  }
  if (!ok) return tl::unexpected(At(text, JsonError::Kind::kSyntax, 0, "not JSON"));
  // A callback that dropped the top-level value leaves `discarded`: report null, as json::parse.
  if (result.is_discarded()) result = nullptr;
  return std::move(result);
}

}  // namespace

std::string JsonError::Message(std::string_view origin) const {
  return std::string(origin) + ": line " + std::to_string(line) + ", column " +
         std::to_string(column) + " (byte " + std::to_string(byte) + "): " + reason;
}

TextPosition PositionOf(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition p;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  // A UTF-8 byte order mark is invisible: it is no column.
  if (line_start == 0 && text.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) line_start = 3;
  for (size_t i = line_start; i < offset; ++i) {
    // Count characters, not bytes: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++p.column;
  }
  return p;
}

size_t JsonTooDeepAt(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

tl::expected<json, JsonError> ReadJson(std::string_view text, JsonLimits limits,
                                       const JsonCallback& callback) {
  size_t start = 0;
  while (start < text.size() && IsSpace(text[start])) ++start;
  if (start == text.size()) {
    return tl::unexpected(
        At(text, JsonError::Kind::kEmpty, text.size(),
           text.empty() ? "empty text: no JSON value" : "only whitespace: no JSON value"));
  }
  if (text.size() >= 2 &&
      ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
    return tl::unexpected(At(text, JsonError::Kind::kEncoding, 0,
                             "UTF-16 encoded text (byte order mark); convert it to UTF-8"));
  }
  if (text.size() >= 4 && text.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)) {
    return tl::unexpected(At(text, JsonError::Kind::kEncoding, 0,
                             "UTF-32 encoded text (byte order mark); convert it to UTF-8"));
  }
  json result;
  if (callback) {
    return Run<nlohmann::detail::json_sax_dom_callback_parser<json>>(text, limits, result, callback,
                                                                     /*allow_exceptions=*/false);
  }
  return Run<nlohmann::detail::json_sax_dom_parser<json>>(text, limits, result,
                                                          /*allow_exceptions=*/false);
}

Result<json> ParseJson(std::string_view text, std::string_view origin, JsonLimits limits) {
  return ParseJson(text, origin, nullptr, limits);
}

Result<json> ParseJson(std::string_view text, std::string_view origin, const JsonCallback& callback,
                       JsonLimits limits) {
  auto j = ReadJson(text, limits, callback);
  if (!j) return MakeError(Code::kParse, j.error().Message(origin));
  return std::move(*j);
}

}  // namespace ah
