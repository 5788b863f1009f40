#include "brief/pipeline.h"

#include <string>

#include "brief/prompts.h"
#include "core/redact.h"

namespace ah::brief {

std::string FallbackNote(const Error& error, std::string_view lang) {
  const bool zh = IsChinese(lang);
  std::string why;
  switch (error.code) {
    case Code::kIo:
    case Code::kUnreachable:
      why = zh ? "无法连接模型服务" : "provider unreachable";
      break;
    case Code::kCancelled:
      why = zh ? "模型服务响应过慢" : "provider too slow";
      break;
    case Code::kUnavailable:
      why = error.message.find("budget") != std::string::npos
                ? (zh ? "模型预算已用尽" : "provider budget exhausted")
                : (zh ? "模型服务暂不可用" : "provider unavailable");
      break;
    case Code::kParse:
      why = zh ? "模型回答无法使用" : "provider answer unusable";
      break;
    case Code::kTooLarge:
      why = zh ? "输入超出模型上下文" : "input too large for the model";
      break;
    case Code::kInvalidArgument:
      why = zh ? "模型请求被拒绝" : "LLM request rejected";
      break;
    default:
      why = zh ? "LLM 简报失败" : "LLM briefing failed";
      break;
  }
  // Provider text may quote keys or credentials: never into a note (which is stored).
  return why + (zh ? "：" : ": ") + RedactSecrets(error.message) +
         (zh ? " —— 改用抽取式简报" : " — extractive briefing instead");
}

Result<Briefing> GenerateBriefing(const BriefInput& input, llm::LlmClient* client,
                                  const PipelineOptions& options) {
  if (input.papers.empty()) return MakeError(Code::kInvalidArgument, "briefing: no papers");
  ExtractiveOptions eo = options.extractive_options;
  if (eo.embeddings.empty()) eo.embeddings = options.embeddings;
  auto extractive = [&](std::string note) -> Result<Briefing> {
    auto b = WriteExtractiveBriefing(input, eo);
    if (!b) return b;
    if (!note.empty()) b->notes.insert(b->notes.begin(), std::move(note));
    return b;
  };
  if (options.extractive) return extractive("");
  if (client == nullptr && options.no_fallback)
    return MakeError(Code::kUnavailable, kNoModelForNoFallback);
  if (client == nullptr) {
    return extractive(IsChinese(input.lang) ? "未配置语言模型 —— 抽取式简报"
                                            : "no language model configured — extractive briefing");
  }
  LlmBriefOptions lo = options.llm;
  if (lo.embeddings.empty()) lo.embeddings = options.embeddings;
  LlmSpend spent;
  auto b = WriteLlmBriefing(input, *client, lo, &spent);
  if (b || options.no_fallback) return b;
  auto fallback = extractive(FallbackNote(b.error(), input.lang));
  if (!fallback) return fallback;
  // What the failed attempt cost is still spent.
  fallback->prompt_tokens += spent.prompt_tokens;
  fallback->completion_tokens += spent.completion_tokens;
  fallback->cost_usd += spent.cost_usd;
  fallback->llm_calls += spent.calls;
  return fallback;
}

}  // namespace ah::brief
