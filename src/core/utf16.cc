#include "core/utf16.h"

#include <cstdint>

#include "core/text.h"

namespace ah {

std::optional<Utf16Layout> DetectUtf16(std::string_view b) {
  if (b.size() < 2) return std::nullopt;
  if (b[0] == '\xFF' && b[1] == '\xFE') {
    if (b.size() >= 4 && b[2] == '\0' && b[3] == '\0') return std::nullopt;  // UTF-32LE
    return Utf16Layout{true, 2};
  }
  if (b[0] == '\xFE' && b[1] == '\xFF') return Utf16Layout{false, 2};
  auto opener = [](char c) { return c == '<' || c == '{' || c == '['; };
  if (b.size() >= 4) {
    if (opener(b[0]) && b[1] == '\0' && b[2] != '\0' && b[3] == '\0') return Utf16Layout{true, 0};
    if (b[0] == '\0' && opener(b[1]) && b[2] == '\0' && b[3] != '\0') return Utf16Layout{false, 0};
  }
  return std::nullopt;
}

std::string Utf16ToUtf8(std::string_view s, bool little_endian) {
  std::string out;
  out.reserve(s.size());
  auto unit = [&](size_t i) -> uint32_t {
    uint32_t a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    return little_endian ? (a | (b << 8)) : ((a << 8) | b);
  };
  for (size_t i = 0; i + 1 < s.size(); i += 2) {
    uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < s.size()) {
      uint32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        text::AppendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 2;
        continue;
      }
    }
    text::AppendUtf8(out, u);  // lone surrogates and NUL become U+FFFD
  }
  return out;
}

}  // namespace ah
