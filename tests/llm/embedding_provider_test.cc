#include "llm/embedding_provider.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace ah::llm {
namespace {

// An LlmClient whose embeddings are scripted: vectors of `dims` components,
// text i -> [i + 1, 0, ...].
class ScriptedClient final : public LlmClient {
 public:
  explicit ScriptedClient(int dims) : dims_(dims) {}
  std::string Describe() const override { return "scripted/none"; }
  std::string model() const override { return "none"; }
  Result<ChatResponse> Chat(const ChatRequest&) override {
    return MakeError(Code::kInvalidArgument, "no chat");
  }
  Result<EmbeddingResponse> Embed(const std::vector<std::string>& texts) override {
    ++calls;
    if (fail) return MakeError(Code::kUnavailable, "HTTP 503");
    EmbeddingResponse r;
    for (size_t i = 0; i < texts.size(); ++i) {
      std::vector<float> v(static_cast<size_t>(dims_), 0.0f);
      v[0] = 1.0f;
      r.vectors.push_back(v);
    }
    if (short_answer && !r.vectors.empty()) r.vectors.pop_back();
    return r;
  }
  Accounting accounting() const override { return {}; }

  int dims_;
  int calls = 0;
  bool fail = false;
  bool short_answer = false;
};

TEST(OpenAiEmbeddingProvider, DiscoversDimsFromTheFirstAnswer) {
  ScriptedClient client(5);
  OpenAiEmbeddingProvider p(&client, "text-embedding-3-small");
  EXPECT_EQ(p.name(), "openai:text-embedding-3-small");
  EXPECT_EQ(p.dims(), 0);
  auto v = p.Embed({"a", "b"});
  ASSERT_TRUE(v) << v.error().ToString();
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[1].size(), 5u);
  EXPECT_EQ(p.dims(), 5);
}

TEST(OpenAiEmbeddingProvider, RejectsAnswersOfAnotherDimension) {
  ScriptedClient client(5);
  OpenAiEmbeddingProvider p(&client, "m", 8);
  EXPECT_EQ(p.dims(), 8);
  auto v = p.Embed({"a"});
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, Code::kParse);
  EXPECT_NE(v.error().message.find("returned 5 dimensions, expected 8"), std::string::npos)
      << v.error().message;
  client.dims_ = 8;
  EXPECT_TRUE(p.Embed({"a"}));
}

TEST(OpenAiEmbeddingProvider, EmptyInputMakesNoCall) {
  ScriptedClient client(3);
  OpenAiEmbeddingProvider p(&client, "m");
  auto v = p.Embed({});
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->empty());
  EXPECT_EQ(client.calls, 0);
}

TEST(OpenAiEmbeddingProvider, PassesClientErrorsAndCountMismatches) {
  ScriptedClient client(3);
  OpenAiEmbeddingProvider p(&client, "m");
  client.fail = true;
  auto v = p.Embed({"a"});
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, Code::kUnavailable);
  EXPECT_NE(v.error().message.find("openai:m"), std::string::npos);
  client.fail = false;
  client.short_answer = true;
  auto s = p.Embed({"a", "b"});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::kParse);
}

}  // namespace
}  // namespace ah::llm
