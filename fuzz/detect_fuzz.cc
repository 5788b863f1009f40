// Fuzzes format detection and dispatch (sources/parse): DetectFormat, the UTF-16
// conversion, DescribeUnknown and ParseAs on whatever the bytes are. Errors must
// name the origin; a description is never empty; UTF-16 input is detected as the
// format of its UTF-8 conversion.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/utf16.h"
#include "sources/parse.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ah::sources::ParseContext ctx;
  ctx.origin = "fuzz";
  ctx.default_date = "2026-01-01";
  const ah::sources::Format f = ah::sources::DetectFormat(body);
  Check(!ah::sources::DescribeUnknown(body).empty());
  auto page = ah::sources::ParseAs(ah::sources::Format::kUnknown, body, ctx);
  if (!page) Check(page.error().message.rfind("fuzz", 0) == 0);
  if (auto u = ah::DetectUtf16(body)) {
    const std::string utf8 = ah::Utf16ToUtf8(body.substr(u->bom), u->little_endian);
    Check(ah::DetectUtf16(utf8) == std::nullopt || utf8.empty());
    if (body.size() - u->bom <= 32768) Check(ah::sources::DetectFormat(utf8) == f);
  }
  return 0;
}
