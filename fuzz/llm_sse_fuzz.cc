// Fuzzes the server-sent-events parser and the chat stream assembler: the input
// is split into pieces (sizes taken from its first byte) and must yield the same
// events as when fed whole; every event then goes through ChatStreamAssembler,
// whose joined deltas must equal its content.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "llm/openai_protocol.h"
#include "llm/sse.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 17;
  std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  // A small limit so that the overflow path is reached too.
  const size_t limit = (data[0] & 0x80) != 0 ? 64 : 1 << 20;

  ah::llm::SseParser whole(limit);
  std::vector<ah::llm::SseEvent> a;
  const bool whole_ok = whole.Feed(stream, &a).has_value() && whole.Finish(&a).has_value();

  ah::llm::SseParser split(limit);
  std::vector<ah::llm::SseEvent> b;
  bool split_ok = true;
  for (size_t i = 0; i < stream.size() && split_ok; i += piece) {
    split_ok = split.Feed(stream.substr(i, piece), &b).has_value();
  }
  if (split_ok) split_ok = split.Finish(&b).has_value();

  Check(whole_ok == split_ok);
  if (whole_ok) {
    Check(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      Check(a[i].data == b[i].data && a[i].event == b[i].event && a[i].id == b[i].id &&
            a[i].offset == b[i].offset);
      Check(a[i].offset >= 0 && a[i].offset <= static_cast<int64_t>(stream.size()));
    }
  }

  ah::llm::ChatStreamAssembler assembler("fuzz");
  std::string joined;
  for (const auto& e : a) {
    if (!assembler.OnEvent(e, [&](std::string_view d) { joined += d; })) break;
  }
  Check(joined == assembler.answer().response.content);
  Check(assembler.answer().response.usage.prompt_tokens >= 0);
  Check(assembler.answer().response.usage.completion_tokens >= 0);
  return 0;
}
