// Fuzzes the config guard (ingest/toml_guard) in front of toml++. The guard must
// never fail badly and its errors name the file, line and column; a text it lets
// through must then parse (or fail) in toml++ without a memory error.
//
// Two known defects of Debian's toml++ 3.3.0 are kept out of the findings:
//  - its internal assertions fail on some malformed input ("[`", `[1,}`;
//    upstream marzer/tomlplusplus#301). Release builds (NDEBUG, GCC) compile them
//    out and report a parse error, so they are off here too: this fuzzes what ships.
//  - its non-ASCII whitespace test reaches __builtin_unreachable() (the guard refuses
//    non-ASCII outside strings and comments, but a malformed text can make toml++
//    read a string's bytes as tokens). toml++ only sees ASCII texts here.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#define TOML_EXCEPTIONS 0
#define TOML_HEADER_ONLY 1
#define TOML_ASSERT(expr) static_cast<void>(0)
#include <toml++/toml.h>

#include "ingest/toml_guard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto st = ah::ingest::CheckToml(text, "fuzz.toml");
  if (!st) {
    if (st.error().message.rfind("fuzz.toml:", 0) != 0) std::abort();
    return 0;
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return 0;
  }
  toml::parse_result parsed = toml::parse(text, std::string_view("fuzz.toml"));
  if (parsed) (void)parsed.table().size();
  return 0;
}
