// Fuzzes the parsers of OpenAI-compatible answers: chat completions, embeddings
// (vectors must come back finite and of unit length or zero) and error objects.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llm/openai_protocol.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);

  auto chat = ah::llm::ParseChatAnswer(body, "fuzz");
  if (chat) {
    Check(chat->response.usage.prompt_tokens >= 0);
    Check(chat->response.usage.completion_tokens >= 0);
    Check(chat->response.usage.cached_prompt_tokens >= 0);
  } else {
    Check(chat.error().message.rfind("fuzz", 0) == 0);
  }

  for (size_t count : {size_t{0}, size_t{1}, size_t{3}}) {
    auto emb = ah::llm::ParseEmbeddingAnswer(body, count, "fuzz");
    if (!emb) continue;
    Check(emb->vectors.size() == count);
    for (const auto& v : emb->vectors) {
      Check(!v.empty() && v.size() == emb->vectors.front().size());
      double norm = 0;
      for (float x : v) {
        Check(std::isfinite(x));
        norm += static_cast<double>(x) * x;
      }
      Check(norm == 0 || std::fabs(norm - 1.0) < 1e-3);
    }
  }

  if (auto pe = ah::llm::ParseProviderError(body)) (void)ah::llm::ClassifyProviderError(*pe);
  (void)ah::llm::DescribeProviderError(body);
  return 0;
}
