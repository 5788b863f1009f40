#include "llm/embedding_provider.h"

#include <utility>

namespace ah::llm {

Result<std::vector<std::vector<float>>> OpenAiEmbeddingProvider::Embed(
    const std::vector<std::string>& texts) const {
  if (texts.empty()) return std::vector<std::vector<float>>();
  auto res = client_->Embed(texts);
  if (!res) return Fail(res.error().Wrap(name_));
  if (res->vectors.size() != texts.size()) {
    return MakeError(Code::kParse, name_ + ": " + std::to_string(res->vectors.size()) +
                                       " vectors for " + std::to_string(texts.size()) + " texts");
  }
  const int got = static_cast<int>(res->vectors.front().size());
  int expected = 0;
  // The first answer fixes the dimension when none was given.
  if (!dims_.compare_exchange_strong(expected, got) && expected != got) {
    return MakeError(Code::kParse, name_ + ": the model returned " + std::to_string(got) +
                                       " dimensions, expected " + std::to_string(expected));
  }
  return std::move(res->vectors);
}

}  // namespace ah::llm
