#include "ingest/toml_depth.h"

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
  const bool multi = text.substr(i, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''");
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
      if (text.substr(j, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''")) {
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

}  // namespace

Status CheckTomlDepth(std::string_view text, std::string_view path, TomlDepthLimits limits) {
  // A run of key characters, quoted parts and dots is one dotted key (a float or a
  // time has at most one dot, and a number is never written with two).
  int parts = 0;  // parts of the current run, 0 = no run
  size_t run_start = 0;
  int brackets = 0;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == '"' || c == '\'' || IsKeyChar(c)) {
      if (parts == 0) {
        parts = 1;
        run_start = i;
      }
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
