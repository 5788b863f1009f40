#include "ingest/toml_guard.h"

#include <cstdint>
#include <cstdio>
#include <string>

#include "core/json.h"

namespace ah::ingest {
namespace {

bool IsKeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

Status Refuse(std::string_view text, std::string_view path, size_t at, const std::string& what) {
  const TextPosition p = PositionOf(text, at);
  return MakeError(Code::kInvalidArgument, std::string(path) + ":" + std::to_string(p.line) + ":" +
                                               std::to_string(p.column) + ": " + what);
}

// The offset just past the string opening at text[i] (a quote), or text.size().
size_t SkipString(std::string_view text, size_t i) {
  const char q = text[i];
  const std::string_view triple(q == '"' ? "\"\"\"" : "'''");
  const bool multi = text.substr(i, 3) == triple;
  size_t j = i + (multi ? 3 : 1);
  while (j < text.size()) {
    const char c = text[j];
    if (c == '\\' && q == '"') {
      j += 2;  // basic strings escape; literal strings do not
      continue;
    }
    if (!multi && c == '\n') return j;  // an unclosed one-line string: toml++ reports it
    if (c == q) {
      if (!multi) return j + 1;
      if (text.substr(j, 3) == triple) {
        // Up to two more quotes may close a multi-line string ("""a"""").
        j += 3;
        while (j < text.size() && text[j] == q) ++j;
        return j;
      }
    }
    ++j;
  }
  return text.size();
}

// "U+00E9" for the UTF-8 sequence at text[i] (best effort: a bad sequence shows its byte).
std::string CodePointAt(std::string_view text, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  uint32_t cp = b(0);
  size_t n = 0;
  if ((cp & 0xE0) == 0xC0) {
    cp &= 0x1F, n = 1;
  } else if ((cp & 0xF0) == 0xE0) {
    cp &= 0x0F, n = 2;
  } else if ((cp & 0xF8) == 0xF0) {
    cp &= 0x07, n = 3;
  }
  if (i + n >= text.size()) n = 0;
  for (size_t k = 1; k <= n; ++k) cp = (cp << 6) | (b(k) & 0x3F);
  char buf[16];
  std::snprintf(buf, sizeof buf, n ? "U+%04X" : "byte 0x%02X", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

Status CheckToml(std::string_view text, std::string_view path, TomlGuardLimits limits) {
  // A run of key characters, quoted parts and dots is one dotted key (a float or a
  // time has at most one dot, and a number is never written with two).
  int parts = 0;  // parts of the current run, 0 = no run
  size_t run_start = 0;
  int brackets = 0;
  bool line_start = true;  // only spaces since the last newline, outside any value
  size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // toml++ skips a byte order mark
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      return Refuse(text, path, i,
                    "a non-ASCII character (" + CodePointAt(text, i) +
                        ") outside a quoted string or a comment; quote the key or value");
    }
    if (c == '"' || c == '\'' || IsKeyChar(c)) {
      if (parts == 0) {
        parts = 1;
        run_start = i;
      }
      line_start = false;
      i = (c == '"' || c == '\'') ? SkipString(text, i) : i + 1;
      continue;
    }
    if (c == ' ' || c == '\t') {
      ++i;  // `a . b` is a dotted key too
      continue;
    }
    if (c == '.' && parts > 0) {
      if (++parts > limits.max_key_parts) {
        return Refuse(text, path, run_start,
                      "a dotted key or table name of more than " +
                          std::to_string(limits.max_key_parts) + " parts (nested too deep)");
      }
      ++i;
      continue;
    }
    parts = 0;
    if (c == '[' && line_start && brackets == 0) {
      // A table header: `[name]` or `[[name]]`; the name must start with a key.
      size_t k = i + 1;
      if (k < text.size() && text[k] == '[') ++k;
      while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
      const bool non_ascii = k < text.size() && static_cast<unsigned char>(text[k]) >= 0x80;
      if (k >= text.size() ||
          !(IsKeyChar(text[k]) || text[k] == '"' || text[k] == '\'' || non_ascii)) {
        return Refuse(text, path, k < text.size() ? k : i,
                      "a table header must start with a key name");
      }
    }
    line_start = c == '\n' && brackets == 0;
    if (c == '[' || c == '{') {
      if (++brackets > limits.max_brackets) {
        return Refuse(text, path, i,
                      "arrays and inline tables nested deeper than " +
                          std::to_string(limits.max_brackets) + " levels");
      }
    } else if ((c == ']' || c == '}') && brackets > 0) {
      --brackets;
    }
    ++i;
  }
  return Ok();
}

}  // namespace ah::ingest
