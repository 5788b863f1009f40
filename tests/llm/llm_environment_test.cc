// ApplyLlmEnvironment and ProviderName: configuration from the environment.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>

#include "llm/openai_client.h"

namespace ah::llm {
namespace {

std::function<const char*(const char*)> EnvOf(const std::map<std::string, std::string>& vars) {
  return [vars](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST(LlmEnvironment, AhVariablesOverrideTheConfig) {
  LlmConfig c;
  c.base_url = "https://api.openai.com/v1";
  c.api_key = "from-file";
  c.model = "gpt-4o-mini";
  c.embedding_model = "text-embedding-3-small";
  ApplyLlmEnvironment(&c, EnvOf({{"AH_LLM_BASE_URL", "https://api.deepseek.com/v1"},
                                 {"AH_LLM_API_KEY", "sk-ds"},
                                 {"AH_LLM_MODEL", "deepseek-chat"},
                                 {"AH_LLM_EMBEDDING_MODEL", "bge-m3"},
                                 {"OPENAI_API_KEY", "sk-openai"},
                                 {"OPENAI_BASE_URL", "https://example.org/v1"}}));
  EXPECT_EQ(c.base_url, "https://api.deepseek.com/v1");
  EXPECT_EQ(c.api_key, "sk-ds");
  EXPECT_EQ(c.model, "deepseek-chat");
  EXPECT_EQ(c.embedding_model, "bge-m3");
}

TEST(LlmEnvironment, OpenAiVariablesAreFallbacks) {
  LlmConfig c;
  c.model = "gpt-4o-mini";
  ApplyLlmEnvironment(&c, EnvOf({{"OPENAI_API_KEY", "sk-openai"},
                                 {"OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"}}));
  EXPECT_EQ(c.base_url, "http://127.0.0.1:8000/v1");
  EXPECT_EQ(c.api_key, "sk-openai");
  EXPECT_TRUE(c.configured());

  LlmConfig openai;
  openai.base_url = "https://api.openai.com/v1";
  ApplyLlmEnvironment(&openai, EnvOf({{"OPENAI_API_KEY", "sk-openai"}}));
  EXPECT_EQ(openai.api_key, "sk-openai");

  // The config's own values win over OPENAI_*.
  LlmConfig file;
  file.base_url = "https://api.openai.com/v1";
  file.api_key = "from-file";
  ApplyLlmEnvironment(&file, EnvOf({{"OPENAI_API_KEY", "sk-openai"},
                                    {"OPENAI_BASE_URL", "https://example.org/v1"}}));
  EXPECT_EQ(file.api_key, "from-file");
  EXPECT_EQ(file.base_url, "https://api.openai.com/v1");
}

TEST(LlmEnvironment, OpenAiKeyIsNotSentToAnotherProvider) {
  LlmConfig c;
  c.base_url = "https://api.deepseek.com/v1";
  ApplyLlmEnvironment(&c, EnvOf({{"OPENAI_API_KEY", "sk-openai"}}));
  EXPECT_EQ(c.api_key, "");
}

TEST(LlmEnvironment, EmptyVariablesCountAsAbsent) {
  LlmConfig c;
  c.base_url = "http://127.0.0.1:11434/v1";
  c.model = "llama3.2:3b";
  ApplyLlmEnvironment(&c, EnvOf({{"AH_LLM_MODEL", ""}, {"AH_LLM_BASE_URL", ""}}));
  EXPECT_EQ(c.model, "llama3.2:3b");
  EXPECT_EQ(c.base_url, "http://127.0.0.1:11434/v1");
  ApplyLlmEnvironment(&c, nullptr);
  EXPECT_EQ(c.model, "llama3.2:3b");
}

}  // namespace
}  // namespace ah::llm
