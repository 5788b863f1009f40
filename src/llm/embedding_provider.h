// The radar's EmbeddingProvider over a remote OpenAI-compatible /embeddings
// endpoint (through any LlmClient; in practice OpenAiClient with an
// embedding_model configured).
//
// Thread-safe as the client is; `client` must outlive the provider.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "core/result.h"
#include "llm/client.h"
#include "radar/embedding.h"

namespace ah::llm {

class OpenAiEmbeddingProvider final : public ah::radar::EmbeddingProvider {
 public:
  // `embedding_model` names the provider ("openai:<model>"), so vectors of
  // different models are never mixed. `dims` > 0 fixes the expected dimension;
  // 0 discovers it from the first answer.
  OpenAiEmbeddingProvider(LlmClient* client, std::string embedding_model, int dims = 0)
      : client_(client), name_("openai:" + embedding_model), dims_(dims > 0 ? dims : 0) {}

  std::string name() const override { return name_; }
  // 0 until known (no `dims` given and no answer yet).
  int dims() const override { return dims_.load(); }
  // One unit-length vector per text, in order (the client normalises them).
  // Errors: the client's, and kParse when an answer's dimension differs from
  // dims() (the message names both).
  [[nodiscard]] Result<std::vector<std::vector<float>>> Embed(
      const std::vector<std::string>& texts) const override;

 private:
  LlmClient* client_;
  std::string name_;
  mutable std::atomic<int> dims_;
};

}  // namespace ah::llm
