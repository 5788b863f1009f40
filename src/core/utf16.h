// UTF-16 text (Windows "Unicode" files, some feeds and exports): recognising it
// and converting it to the UTF-8 every parser of AcademicHub reads.
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ah {

struct Utf16Layout {
  bool little_endian = true;
  size_t bom = 0;  // bytes of byte order mark at the start (0 or 2)
};

// Recognises UTF-16: a byte order mark (FF FE little endian, FE FF big endian;
// FF FE 00 00 is UTF-32 and not recognised), or, without one, text whose first
// character is '<', '{' or '[' encoded in two bytes with a zero byte
// ("<\0" / "\0<"), as markup and JSON saved as UTF-16 begin. nullopt otherwise.
std::optional<Utf16Layout> DetectUtf16(std::string_view bytes);

// Converts UTF-16 code units (after any byte order mark) to UTF-8. Surrogate
// pairs are combined; lone surrogates and NUL become U+FFFD; an odd last byte
// is dropped.
std::string Utf16ToUtf8(std::string_view units, bool little_endian);

}  // namespace ah
