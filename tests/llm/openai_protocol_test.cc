#include "llm/openai_protocol.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testing.h"

namespace ah::llm {
namespace {

using ah::testing::ReadData;
using nlohmann::json;

constexpr std::string_view kOrigin = "POST http://llm.test/v1/chat/completions";

ChatAnswer MustParse(const std::string& fixture) {
  auto a = ParseChatAnswer(ReadData(fixture), kOrigin);
  EXPECT_TRUE(a) << fixture << ": " << a.error().ToString();
  return a ? *a : ChatAnswer{};
}

struct Streamed {
  ChatAnswer answer;
  std::vector<std::string> deltas;
  bool done = false;
  Status status;
};

Streamed Stream(const std::string& body) {
  Streamed s;
  SseParser parser;
  ChatStreamAssembler assembler(std::string{kOrigin});
  std::vector<SseEvent> events;
  if (auto st = parser.Feed(body, &events); !st) {
    s.status = st;
    return s;
  }
  if (auto st = parser.Finish(&events); !st) {
    s.status = st;
    return s;
  }
  for (const SseEvent& e : events) {
    s.status = assembler.OnEvent(e, [&](std::string_view d) { s.deltas.emplace_back(d); });
    if (!s.status) break;
  }
  s.answer = assembler.answer();
  s.done = assembler.done();
  return s;
}

double Norm(const std::vector<float>& v) {
  double n = 0;
  for (float x : v) n += static_cast<double>(x) * x;
  return std::sqrt(n);
}

// --- plain answers -------------------------------------------------------

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ChatAnswerParse, OpenAiAnswerWithUsageAndCachedPromptTokens) {
  ChatAnswer a = MustParse("llm/openai_chat_completion.json");
  EXPECT_EQ(a.response.content.substr(0, 38), "Three themes stand out this week: diff");
  EXPECT_NE(a.response.content.find("[2507.03456]"), std::string::npos);
  EXPECT_EQ(a.response.finish_reason, "stop");
  EXPECT_EQ(a.response.model, "gpt-4o-mini-2024-07-18");
  EXPECT_TRUE(a.has_usage);
  EXPECT_EQ(a.response.usage.prompt_tokens, 1843);
  EXPECT_EQ(a.response.usage.completion_tokens, 52);
  EXPECT_EQ(a.response.usage.cached_prompt_tokens, 1024);
}

TEST(ChatAnswerParse, DeepSeekPromptCacheHitTokens) {
  ChatAnswer a = MustParse("llm/deepseek_chat_completion.json");
  EXPECT_EQ(a.response.model, "deepseek-chat");
  EXPECT_EQ(a.response.content,
            "{\"themes\":[{\"title\":\"Long-context attention\",\"papers\":[\"2507.02345\","
            "\"2507.04567\"]}]}");
  EXPECT_EQ(a.response.usage.prompt_tokens, 2210);
  EXPECT_EQ(a.response.usage.completion_tokens, 41);
  EXPECT_EQ(a.response.usage.cached_prompt_tokens, 1920);
}

TEST(ChatAnswerParse, QwenDashScopeCompatibleMode) {
  ChatAnswer a = MustParse("llm/qwen_dashscope_chat_completion.json");
  EXPECT_EQ(a.response.content, "本周最值得读的是关于稀疏注意力的两篇论文。");
  EXPECT_EQ(a.response.model, "qwen-plus");
  EXPECT_EQ(a.response.usage.prompt_tokens, 612);
  EXPECT_EQ(a.response.usage.completion_tokens, 19);
  EXPECT_EQ(a.response.usage.cached_prompt_tokens, 0);
}

TEST(ChatAnswerParse, OllamaV1) {
  ChatAnswer a = MustParse("llm/ollama_v1_chat_completion.json");
  EXPECT_EQ(a.response.content,
            "Sparse attention lets the model skip most token pairs, so long inputs cost far less.");
  EXPECT_EQ(a.response.model, "llama3.2:3b");
  EXPECT_EQ(a.response.usage.prompt_tokens, 88);
  EXPECT_EQ(a.response.usage.completion_tokens, 19);
}

TEST(ChatAnswerParse, LlamaCppLengthFinish) {
  ChatAnswer a = MustParse("llm/llamacpp_chat_completion.json");
  EXPECT_EQ(a.response.finish_reason, "length");
  EXPECT_EQ(a.response.model, "qwen2.5-7b-instruct-q4_k_m.gguf");
  EXPECT_EQ(a.response.usage.prompt_tokens, 97);
  EXPECT_EQ(a.response.usage.completion_tokens, 16);
  EXPECT_TRUE(a.response.content.starts_with("The paper proposes"));
}

TEST(ChatAnswerParse, MissingUsageIsReported) {
  ChatAnswer a = MustParse("llm/chat_completion_no_usage.json");
  EXPECT_FALSE(a.has_usage);
  EXPECT_EQ(a.response.usage.prompt_tokens, 0);
  EXPECT_EQ(a.response.content,
            "Two papers disagree on whether sparse attention hurts recall beyond 64k tokens.");
}

TEST(ChatAnswerParse, NullContentIsEmpty) {
  ChatAnswer a = MustParse("llm/openai_chat_null_content.json");
  EXPECT_EQ(a.response.content, "");
  EXPECT_EQ(a.response.finish_reason, "stop");
  EXPECT_EQ(a.response.usage.completion_tokens, 10);
}

TEST(ChatAnswerParse, ContentPartsAreJoined) {
  auto a = ParseChatAnswer(
      R"({"choices":[{"message":{"content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}}]})",
      kOrigin);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->response.content, "ab");
}

TEST(ChatAnswerParse, MalformedJsonNamesEndpointAndByte) {
  auto a =
      ParseChatAnswer(R"({"choices":[{"message":{"content":"abc"}}],"usage":{"prompt)", kOrigin);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, Code::kParse);
  EXPECT_NE(a.error().message.find(kOrigin), std::string::npos);
  // The unclosed key opens at byte 52; never "byte 59 of 59", one past the end.
  EXPECT_EQ(a.error().message,
            std::string(kOrigin) +
                ": line 1, column 53 (byte 52): truncated JSON: the string opened here is not "
                "closed before the end of the text (59 bytes)");
}

TEST(ChatAnswerParse, DeeplyNestedBodyIsAParseErrorNotACrash) {
  for (const std::string& body :
       {"{\"error\":" + std::string(60000, '[') + std::string(60000, ']') + "}",
        "{\"choices\":[{\"message\":{\"content\":\"a\"}}],\"x\":" + Repeat("{\"a\":", 100000) +
            "1" + std::string(100000, '}') + "}"}) {
    auto a = ParseChatAnswer(body, kOrigin);
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, Code::kParse);
    EXPECT_NE(a.error().message.find(std::string(kOrigin) + ": line 1, column "), std::string::npos)
        << a.error().message;
    EXPECT_NE(a.error().message.find("JSON nested deeper than 128"), std::string::npos)
        << a.error().message;
  }
}

TEST(ChatAnswerParse, HostileBodiesFailWithParse) {
  for (const std::string& body : std::vector<std::string>{
           "", "   ", "<html><body>502 Bad Gateway</body></html>", "[1,2]", "{}",
           "{\"choices\":[]}", "{\"choices\":{}}", "{\"choices\":[1]}", "{\"choices\":[{}]}",
           "{\"choices\":[{\"message\":{\"content\":5}}]}",
           "{\"choices\":[{\"message\":{\"content\":\"x\"}}]} trailing", "null",
           std::string("{\"a\":\"\xff\"}")}) {
    auto a = ParseChatAnswer(body, kOrigin);
    ASSERT_FALSE(a) << body;
    EXPECT_EQ(a.error().code, Code::kParse) << body;
    EXPECT_NE(a.error().message.find(kOrigin), std::string::npos) << a.error().message;
  }
  auto bad = ParseChatAnswer(R"({"choices":[x]})", kOrigin);
  EXPECT_NE(bad.error().message.find("line 1, column 13 (byte 12): "), std::string::npos)
      << bad.error().message;
  auto html = ParseChatAnswer("\n<html>", kOrigin);
  EXPECT_NE(html.error().message.find("at byte 1"), std::string::npos) << html.error().message;
}

TEST(ChatAnswerParse, WrongTypedUsageIsIgnored) {
  auto a = ParseChatAnswer(
      R"({"choices":[{"message":{"content":"x"},"finish_reason":7}],"usage":{"prompt_tokens":"many","completion_tokens":-3}})",
      kOrigin);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_TRUE(a->has_usage);
  EXPECT_EQ(a->response.usage.prompt_tokens, 0);
  EXPECT_EQ(a->response.usage.completion_tokens, 0);
  EXPECT_EQ(a->response.finish_reason, "7");
}

TEST(ChatAnswerParse, ErrorObjectInBodyIsSurfaced) {
  auto a = ParseChatAnswer(ReadData("llm/openai_error_context_length.json"), kOrigin);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, Code::kInvalidArgument);
  EXPECT_NE(a.error().message.find("maximum context length is 128000"), std::string::npos);
  EXPECT_NE(a.error().message.find("context_length_exceeded"), std::string::npos);
}

// --- error objects -------------------------------------------------------

TEST(ProviderErrorParse, EveryProviderShape) {
  struct Case {
    const char* file;
    const char* message_part;
    Code code;
  };
  for (const Case& c : {
           Case{"llm/openai_error_invalid_api_key.json", "Incorrect API key provided: sk-proj-",
                Code::kInvalidArgument},
           Case{"llm/openai_error_rate_limit.json", "Rate limit reached for gpt-4o-mini",
                Code::kUnavailable},
           Case{"llm/openai_error_context_length.json", "maximum context length",
                Code::kInvalidArgument},
           Case{"llm/deepseek_error_insufficient_balance.json", "Insufficient Balance",
                Code::kInvalidArgument},
           Case{"llm/qwen_dashscope_error_invalid_api_key.json", "Incorrect API key provided.",
                Code::kInvalidArgument},
           Case{"llm/ollama_error_model_not_found.json", "model \"llama3.3:70b\" not found",
                Code::kInvalidArgument},
           Case{"llm/vllm_error_bad_request.json", "maximum context length is 8192",
                Code::kInvalidArgument},
           Case{"llm/llamacpp_error_server.json", "Loading model", Code::kUnavailable},
       }) {
    auto pe = ParseProviderError(ReadData(c.file));
    ASSERT_TRUE(pe) << c.file;
    EXPECT_NE(pe->message.find(c.message_part), std::string::npos) << c.file << ": " << pe->message;
    EXPECT_EQ(ClassifyProviderError(*pe), c.code) << c.file;
  }
  auto pe = ParseProviderError(ReadData("llm/openai_error_invalid_api_key.json"));
  EXPECT_EQ(pe->type, "invalid_request_error");
  EXPECT_EQ(pe->code, "invalid_api_key");
  auto vllm = ParseProviderError(ReadData("llm/vllm_error_bad_request.json"));
  EXPECT_EQ(vllm->code, "400");
  EXPECT_EQ(vllm->type, "BadRequestError");
}

TEST(ProviderErrorParse, OtherShapesAndFallbacks) {
  EXPECT_EQ(ParseProviderError(R"({"error":"model 'x' not found"})")->message,
            "model 'x' not found");
  EXPECT_EQ(ParseProviderError(R"({"detail":"Not Found"})")->message, "Not Found");
  EXPECT_FALSE(ParseProviderError("<html>"));
  EXPECT_FALSE(ParseProviderError(R"({"choices":[]})"));
  EXPECT_EQ(DescribeProviderError(""), "empty body");
  EXPECT_EQ(DescribeProviderError("upstream\nconnect error"), "\"upstream connect error\"");
  EXPECT_EQ(DescribeProviderError(ReadData("llm/openai_error_rate_limit.json")).substr(0, 34),
            "Rate limit reached for gpt-4o-mini");
}

TEST(ProviderErrorParse, DeeplyNestedErrorBodyIsNoErrorObjectAndNoCrash) {
  // An error body nested 60,000 deep crashed `brief` and `tldr` (Describe -> Dump recursed).
  const std::string deep = "{\"error\":" + std::string(60000, '[') + std::string(60000, ']') + "}";
  EXPECT_FALSE(ParseProviderError(deep));
  const std::string d = DescribeProviderError(deep);
  EXPECT_EQ(d.substr(0, 13), "\"{\"error\":[[[");
  EXPECT_LT(d.size(), 200u);
  const std::string deep_object =
      "{\"error\":{\"message\":\"m\",\"x\":" + Repeat("{\"a\":", 60000) + "1" +
      std::string(60000, '}') + "}}";
  EXPECT_FALSE(ParseProviderError(deep_object));
  // The shape that crashed: an error object without a string message was dumped whole.
  const std::string deep_message =
      "{\"error\":{\"message\":" + std::string(60000, '[') + std::string(60000, ']') + "}}";
  EXPECT_FALSE(ParseProviderError(deep_message));
  EXPECT_EQ(DescribeProviderError(deep_message).substr(0, 24), "\"{\"error\":{\"message\":[[[");
  // Deep but within the limit: the message is still found.
  auto ok = ParseProviderError("{\"error\":{\"message\":\"busy\",\"x\":" + std::string(100, '[') +
                               std::string(100, ']') + "}}");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->message, "busy");
  auto nomsg = ParseProviderError("{\"error\":{\"x\":" + std::string(120, '[') +
                                  std::string(120, ']') + "}}");
  ASSERT_TRUE(nomsg);
  EXPECT_EQ(nomsg->message.substr(0, 10), "{\"x\":[[[[[");
}

// --- streams -------------------------------------------------------------

TEST(ChatStream, OpenAiDeltasInOrderAndUsageOnlyChunk) {
  Streamed s = Stream(ReadData("llm/openai_chat_stream.sse"));
  ASSERT_TRUE(s.status) << s.status.error().ToString();
  EXPECT_TRUE(s.done);
  EXPECT_EQ(s.deltas, (std::vector<std::string>{"Sparse", " attention", " keeps", " long",
                                                " inputs", " cheap", ": [2507.02345]", "."}));
  EXPECT_EQ(s.answer.response.content, "Sparse attention keeps long inputs cheap: [2507.02345].");
  EXPECT_EQ(s.answer.response.finish_reason, "stop");
  EXPECT_EQ(s.answer.response.model, "gpt-4o-mini-2024-07-18");
  EXPECT_TRUE(s.answer.has_usage);
  EXPECT_EQ(s.answer.response.usage.prompt_tokens, 412);
  EXPECT_EQ(s.answer.response.usage.completion_tokens, 9);
}

TEST(ChatStream, DeepSeekKeepAliveCommentsAndUsageInFinishChunk) {
  Streamed s = Stream(ReadData("llm/deepseek_chat_stream.sse"));
  ASSERT_TRUE(s.status) << s.status.error().ToString();
  EXPECT_EQ(s.answer.response.content, "两篇论文都报告了长上下文的召回下降。");
  EXPECT_EQ(s.deltas.size(), 7u);
  EXPECT_EQ(s.answer.response.usage.prompt_tokens, 530);
  EXPECT_EQ(s.answer.response.usage.completion_tokens, 14);
  EXPECT_EQ(s.answer.response.usage.cached_prompt_tokens, 512);
}

TEST(ChatStream, QwenDashScopeUsageChunk) {
  Streamed s = Stream(ReadData("llm/qwen_dashscope_chat_stream.sse"));
  ASSERT_TRUE(s.status) << s.status.error().ToString();
  EXPECT_EQ(s.answer.response.content, "Long-context retrieval improves with sparse attention.");
  EXPECT_EQ(s.answer.response.model, "qwen-plus");
  EXPECT_EQ(s.answer.response.usage.prompt_tokens, 301);
  EXPECT_EQ(s.answer.response.usage.completion_tokens, 8);
}

TEST(ChatStream, OllamaWithoutUsage) {
  Streamed s = Stream(ReadData("llm/ollama_v1_chat_stream.sse"));
  ASSERT_TRUE(s.status) << s.status.error().ToString();
  EXPECT_EQ(s.answer.response.content, "Two papers agree.");
  EXPECT_EQ(s.answer.response.finish_reason, "stop");
  EXPECT_FALSE(s.answer.has_usage);
}

TEST(ChatStream, LlamaCppNullRoleContentAndFinishUsage) {
  Streamed s = Stream(ReadData("llm/llamacpp_chat_stream.sse"));
  ASSERT_TRUE(s.status) << s.status.error().ToString();
  EXPECT_EQ(s.answer.response.content, "The benchmark is saturated.");
  EXPECT_EQ(s.answer.response.usage.prompt_tokens, 61);
  EXPECT_EQ(s.answer.response.usage.completion_tokens, 5);
}

TEST(ChatStream, MoonshotUsageInsideTheChoice) {
  Streamed s = Stream(ReadData("llm/moonshot_chat_stream.sse"));
  ASSERT_TRUE(s.status) << s.status.error().ToString();
  EXPECT_EQ(s.answer.response.content, "长上下文检索。");
  EXPECT_EQ(s.answer.response.model, "moonshot-v1-8k");
  EXPECT_EQ(s.answer.response.usage.prompt_tokens, 44);
  EXPECT_EQ(s.answer.response.usage.completion_tokens, 4);
}

TEST(ChatStream, ErrorObjectMidStreamFailsAfterEarlierDeltas) {
  Streamed s = Stream(ReadData("llm/openai_chat_stream_error.sse"));
  ASSERT_FALSE(s.status);
  EXPECT_EQ(s.status.error().code, Code::kUnavailable);
  EXPECT_NE(s.status.error().message.find("The server had an error"), std::string::npos);
  EXPECT_NE(s.status.error().message.find("stream event 3"), std::string::npos)
      << s.status.error().message;
  EXPECT_EQ(s.deltas, std::vector<std::string>{"Sparse"});
}

TEST(ChatStream, ErrorEventAndMalformedChunk) {
  Streamed e = Stream("event: error\ndata: {\"error\":{\"message\":\"overloaded\"}}\n\n");
  ASSERT_FALSE(e.status);
  EXPECT_EQ(e.status.error().code, Code::kUnavailable);
  EXPECT_NE(e.status.error().message.find("overloaded"), std::string::npos);

  Streamed m =
      Stream("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {\"choices\":[\n\n");
  ASSERT_FALSE(m.status);
  EXPECT_EQ(m.status.error().code, Code::kParse);
  EXPECT_NE(m.status.error().message.find("stream event 2 at byte 47: event data, column 12 (byte "
                                          "11): truncated JSON"),
            std::string::npos)
      << m.status.error().message;
  EXPECT_NE(m.status.error().message.find(kOrigin), std::string::npos);
  EXPECT_EQ(m.deltas, std::vector<std::string>{"a"});

  Streamed t = Stream("data: hello\n\n");
  ASSERT_FALSE(t.status);
  EXPECT_EQ(t.status.error().code, Code::kParse);
}

TEST(ChatStream, DeeplyNestedEventsFailWithoutACrash) {
  const std::string deep = "{\"error\":" + std::string(60000, '[') + std::string(60000, ']') + "}";
  Streamed e = Stream("event: error\ndata: " + deep + "\n\n");
  ASSERT_FALSE(e.status);
  EXPECT_NE(e.status.error().message.find("{\"error\":[[["), std::string::npos);
  Streamed d = Stream("data: " + deep + "\n\n");
  ASSERT_FALSE(d.status);
  EXPECT_EQ(d.status.error().code, Code::kParse);
  EXPECT_NE(d.status.error().message.find("event data, column 137 (byte 136): JSON nested deeper "
                                          "than 128"),
            std::string::npos)
      << d.status.error().message;
}

TEST(ChatStream, EventsAfterDoneAreIgnored) {
  Streamed s = Stream(
      "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: [DONE]\n\ndata: junk\n\n");
  ASSERT_TRUE(s.status);
  EXPECT_TRUE(s.done);
  EXPECT_EQ(s.answer.response.content, "a");
}

// --- embeddings ----------------------------------------------------------

TEST(EmbeddingParse, OpenAiVectorsAreUnitLengthAndInOrder) {
  auto a = ParseEmbeddingAnswer(ReadData("llm/openai_embeddings.json"), 3, kOrigin);
  ASSERT_TRUE(a) << a.error().ToString();
  ASSERT_EQ(a->vectors.size(), 3u);
  EXPECT_EQ(a->model, "text-embedding-3-small");
  EXPECT_EQ(a->prompt_tokens, 27);
  for (const auto& v : a->vectors) {
    EXPECT_EQ(v.size(), 8u);
    EXPECT_NEAR(Norm(v), 1.0, 1e-6);
  }
  EXPECT_NEAR(a->vectors[0][0], 0.560210295, 1e-6);
}

TEST(EmbeddingParse, OllamaVectorsAreNormalised) {
  auto a = ParseEmbeddingAnswer(ReadData("llm/ollama_v1_embeddings.json"), 2, kOrigin);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->model, "all-minilm");
  for (const auto& v : a->vectors) EXPECT_NEAR(Norm(v), 1.0, 1e-6);
  // Direction kept: the first component's sign is the raw one's.
  const json raw = json::parse(ReadData("llm/ollama_v1_embeddings.json"));
  const double raw0 = raw["data"][0]["embedding"][0].get<double>();
  EXPECT_EQ(a->vectors[0][0] > 0, raw0 > 0);
}

TEST(EmbeddingParse, LlamaCppOutOfOrderIndicesAreReordered) {
  const std::string body = ReadData("llm/llamacpp_embeddings.json");
  auto a = ParseEmbeddingAnswer(body, 2, kOrigin);
  ASSERT_TRUE(a) << a.error().ToString();
  const json raw = json::parse(body);
  // data[1] carries index 0.
  const auto& v0 = raw["data"][1]["embedding"];
  double n = 0;
  for (const auto& x : v0) n += x.get<double>() * x.get<double>();
  EXPECT_NEAR(a->vectors[0][0], v0[0].get<double>() / std::sqrt(n), 1e-6);
}

TEST(EmbeddingParse, Base64Float32) {
  // [3, 4] as little-endian float32: 0x40400000 0x40800000.
  auto a = ParseEmbeddingAnswer(R"({"data":[{"index":0,"embedding":"AABAQAAAgEA="}]})", 1, kOrigin);
  ASSERT_TRUE(a) << a.error().ToString();
  ASSERT_EQ(a->vectors[0].size(), 2u);
  EXPECT_NEAR(a->vectors[0][0], 0.6, 1e-6);
  EXPECT_NEAR(a->vectors[0][1], 0.8, 1e-6);
  EXPECT_FALSE(a->has_usage);
}

TEST(EmbeddingParse, HostileAnswersNameTheRecord) {
  struct Case {
    const char* body;
    size_t count;
    const char* part;
  };
  for (const Case& c : {
           Case{R"({"data":[{"index":0,"embedding":[1]}]})", 2, "1 embeddings for 2 inputs"},
           Case{R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[1]}]})", 2,
                "data[1]: duplicate index 0"},
           Case{R"({"data":[{"index":5,"embedding":[1]}]})", 1, "data[0]: index 5 out of range"},
           Case{R"({"data":[{"index":-1,"embedding":[1]}]})", 1, "out of range"},
           Case{R"({"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[1]}]})", 2,
                "data[1]: 1 dimensions"},
           Case{R"({"data":[{"index":0,"embedding":[1,"x"]}]})", 1, "data[0]: embedding[1]"},
           Case{R"({"data":[{"index":0,"embedding":[]}]})", 1, "empty embedding"},
           Case{R"({"data":[{"index":0,"embedding":[1e39]}]})", 1, "not a finite float"},
           Case{R"({"data":[{"index":0}]})", 1, "no embedding"},
           Case{R"({"data":[{"index":0,"embedding":"!!"}]})", 1, "not base64"},
           Case{R"({"data":{}})", 1, "\"data\" is object"},
           Case{R"({"object":"list"})", 1, "no \"data\""},
       }) {
    auto a = ParseEmbeddingAnswer(c.body, c.count, kOrigin);
    ASSERT_FALSE(a) << c.body;
    EXPECT_EQ(a.error().code, Code::kParse) << c.body;
    EXPECT_NE(a.error().message.find(c.part), std::string::npos) << a.error().message;
  }
  auto err = ParseEmbeddingAnswer(ReadData("llm/openai_error_invalid_api_key.json"), 1, kOrigin);
  ASSERT_FALSE(err);
  EXPECT_EQ(err.error().code, Code::kInvalidArgument);
}

// --- requests and cache keys ---------------------------------------------

LlmConfig Config() {
  LlmConfig c;
  c.base_url = "http://llm.test/v1";
  c.model = "gpt-4o-mini";
  c.temperature = 0.2;
  c.max_answer_tokens = 800;
  return c;
}

ChatRequest Request() {
  ChatRequest r;
  r.messages = {{"system", "You write research briefings."}, {"user", "Summarise [2507.02345]."}};
  return r;
}

TEST(ChatRequestBody, CarriesModelMessagesAndDefaults) {
  const json body = json::parse(BuildChatBody(Request(), Config(), false));
  EXPECT_EQ(body["model"], "gpt-4o-mini");
  EXPECT_EQ(body["messages"][1]["role"], "user");
  EXPECT_EQ(body["messages"][1]["content"], "Summarise [2507.02345].");
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.2);
  EXPECT_EQ(body["max_tokens"], 800);
  EXPECT_FALSE(body.contains("stream"));
  EXPECT_FALSE(body.contains("response_format"));

  ChatRequest r = Request();
  r.model = "deepseek-chat";
  r.temperature = 0.0;
  r.max_tokens = 50;
  r.json_object = true;
  const json b2 = json::parse(BuildChatBody(r, Config(), true));
  EXPECT_EQ(b2["model"], "deepseek-chat");
  EXPECT_DOUBLE_EQ(b2["temperature"].get<double>(), 0.0);
  EXPECT_EQ(b2["max_tokens"], 50);
  EXPECT_EQ(b2["response_format"]["type"], "json_object");
  EXPECT_EQ(b2["stream"], true);
  EXPECT_EQ(b2["stream_options"]["include_usage"], true);
}

TEST(ChatRequestBody, InvalidUtf8IsReplacedNotFatal) {
  ChatRequest r = Request();
  r.messages[1].content = "bad \xff byte";
  const json body = json::parse(BuildChatBody(r, Config(), false));
  EXPECT_EQ(body["messages"][1]["content"], "bad \xEF\xBF\xBD byte");
}

TEST(ChatCacheKeyTest, DependsOnWhatDeterminesTheAnswerOnly) {
  const std::string k = ChatCacheKey(Request(), Config());
  EXPECT_EQ(k.size(), 32u);
  EXPECT_EQ(k.find_first_not_of("0123456789abcdef"), std::string::npos);
  ChatRequest streamed = Request();
  streamed.stream = true;
  streamed.on_delta = [](std::string_view) {};
  EXPECT_EQ(ChatCacheKey(streamed, Config()), k);
  ChatRequest other = Request();
  other.messages[1].content += " ";
  EXPECT_NE(ChatCacheKey(other, Config()), k);
  ChatRequest model = Request();
  model.model = "gpt-4o";
  EXPECT_NE(ChatCacheKey(model, Config()), k);
  ChatRequest temp = Request();
  temp.temperature = 0.3;
  EXPECT_NE(ChatCacheKey(temp, Config()), k);
  ChatRequest json_mode = Request();
  json_mode.json_object = true;
  EXPECT_NE(ChatCacheKey(json_mode, Config()), k);
  // Explicit values equal to the config's defaults give the same key.
  ChatRequest explicit_defaults = Request();
  explicit_defaults.model = "gpt-4o-mini";
  explicit_defaults.temperature = 0.2;
  explicit_defaults.max_tokens = 800;
  EXPECT_EQ(ChatCacheKey(explicit_defaults, Config()), k);
}

TEST(Digest, StableAndSensitive) {
  EXPECT_EQ(Digest128Hex(""), Digest128Hex(""));
  EXPECT_EQ(Digest128Hex("").substr(0, 16), "cbf29ce484222325");  // FNV-1a offset basis
  EXPECT_NE(Digest128Hex("a"), Digest128Hex("b"));
  EXPECT_NE(Digest128Hex("abcdefgh1"), Digest128Hex("abcdefgh2"));
  EXPECT_NE(Digest128Hex("abcdefgh12345678").substr(16),
            Digest128Hex("abcdefgh12345679").substr(16));
}

TEST(EmbeddingRequestBody, SlicesTheBatch) {
  const json body =
      json::parse(BuildEmbeddingBody("text-embedding-3-small", {"a", "b", "c"}, 1, 3));
  EXPECT_EQ(body["model"], "text-embedding-3-small");
  EXPECT_EQ(body["input"], json::array({"b", "c"}));
}

TEST(Estimates, RoughlyFourBytesAToken) {
  EXPECT_EQ(EstimateTokens(""), 0);
  EXPECT_EQ(EstimateTokens("abcd"), 1);
  EXPECT_EQ(EstimateTokens("abcde"), 2);
  EXPECT_EQ(EstimatePromptTokens({{"user", "abcdefgh"}}), 6);
}

}  // namespace
}  // namespace ah::llm
