// Fuzzes the config guard (ingest/toml_guard) in front of toml++: any text the
// guard lets through must parse (or fail) in toml++ without crashing, and the
// guard's errors name the file, line and column.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#define TOML_EXCEPTIONS 0
#define TOML_HEADER_ONLY 1
#include <toml++/toml.h>

#include "ingest/toml_guard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto st = ah::ingest::CheckToml(text, "fuzz.toml");
  if (!st) {
    if (st.error().message.rfind("fuzz.toml:", 0) != 0) std::abort();
    return 0;
  }
  toml::parse_result parsed = toml::parse(text, std::string_view("fuzz.toml"));
  if (parsed) (void)parsed.table().size();
  return 0;
}
