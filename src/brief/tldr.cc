#include "brief/tldr.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "brief/answer.h"
#include "brief/extractive.h"
#include "brief/prose.h"
#include "core/redact.h"
#include "core/text.h"

namespace ah::brief {
namespace {

using nlohmann::json;

constexpr size_t kMaxEnglishBytes = 400;
constexpr int64_t kMaxChineseLetters = 120;
constexpr size_t kExtractiveBytes = 300;

std::string StripLabel(std::string_view s) {
  s = text::Trim(s);
  for (std::string_view label : {"TL;DR:", "TLDR:", "TL;DR：", "TL;DR", "一句话总结：", "总结："}) {
    if (s.size() >= label.size() && text::IEquals(s.substr(0, label.size()), label)) {
      return std::string(text::Trim(s.substr(label.size())));
    }
  }
  return std::string(s);
}

struct Shared {
  std::mutex mu;
  TldrReport report;
  std::atomic<bool> provider_down{false};
};

bool Fits(const Prompt& p, const TldrOptions& o) {
  return static_cast<double>(p.EstimatedTokens()) * 1.1 <=
         static_cast<double>(o.context_tokens - o.max_answer_tokens);
}

// Asks the model for the TL;DRs of `papers`; texts[i] empty when missing.
std::vector<std::string> AskBatch(const std::vector<const BriefPaper*>& papers,
                                  const std::string& lang, llm::LlmClient& client,
                                  const TldrOptions& o, const std::vector<std::string>& problems,
                                  Shared* shared) {
  std::vector<std::string> texts(papers.size());
  if (shared->provider_down) return texts;
  Prompt p = BuildTldrPrompt(papers, lang, o.format);
  if (!problems.empty()) {
    p.user += "\n" + BuildTldrRetryMessage(lang, problems, static_cast<int>(papers.size()));
  }
  const std::string origin = client.Describe() + " (tldr)";
  llm::ChatRequest req;
  req.messages = {{"system", p.system}, {"user", p.user}};
  req.json_object = true;
  req.max_tokens =
      std::min<int64_t>(o.max_answer_tokens, 200 + 150 * static_cast<int64_t>(papers.size()));
  req.use_cache = o.use_cache;
  req.deadline = o.deadline;
  // Cached only when every TL;DR of the batch is valid as it stands.
  req.cacheable = [&](std::string_view content) {
    auto parsed = ParseTldrAnswer(content, papers.size(), origin);
    return parsed && std::all_of(parsed->begin(), parsed->end(),
                                 [&](const std::string& t) { return ValidTldr(t, lang); });
  };
  Result<llm::ChatResponse> r = MakeError(Code::kInternal, "");
  if (o.deadline != nullptr && o.deadline->Expired()) {
    r = Fail(o.deadline->ExpiredError(client.Describe() + " (tldr)"));
  } else {
    r = client.Chat(req);
  }
  if (!r) {
    std::lock_guard lock(shared->mu);
    if (shared->report.provider_error.empty()) {
      shared->report.provider_error = RedactSecrets(r.error().ToString());
    }
    shared->provider_down = true;
    return texts;
  }
  {
    std::lock_guard lock(shared->mu);
    ++shared->report.llm_calls;
    shared->report.prompt_tokens += r->usage.prompt_tokens;
    shared->report.completion_tokens += r->usage.completion_tokens;
    shared->report.cost_usd += r->usage.cost_usd;
  }
  auto parsed = ParseTldrAnswer(r->content, papers.size(), origin);
  if (parsed) texts = std::move(*parsed);
  return texts;
}

}  // namespace

std::string FirstSentence(std::string_view text, std::string_view /*lang*/) {
  auto sentences = SplitSentences(text);
  if (sentences.empty()) return text::CollapseWhitespace(text);
  return sentences.front();
}

bool ValidTldr(std::string_view text, std::string_view lang, std::string* problem) {
  auto fail = [&](std::string why) {
    if (problem != nullptr) *problem = std::move(why);
    return false;
  };
  std::string_view t = text::Trim(text);
  if (t.empty()) return fail("missing");
  LanguageStats stats = MeasureLanguage(t);
  if (!LanguageMatches(stats, lang, 4)) {
    return fail(IsChinese(lang) ? "not in Chinese" : "not in English");
  }
  if (IsChinese(lang) ? stats.cjk > kMaxChineseLetters : t.size() > kMaxEnglishBytes) {
    return fail("too long");
  }
  if (SplitSentences(t).size() > 1) return fail("more than one sentence");
  return true;
}

std::string ExtractiveTldr(const BriefPaper& paper) {
  return ResultSentence(paper.title, paper.abstract, kExtractiveBytes);
}

std::string TldrCacheKey(std::string_view id, std::string_view lang, std::string_view model) {
  std::string key(kTldrPromptVersion);
  key += '|';
  key += IsChinese(lang) ? "zh" : "en";
  key += '|';
  key += model;
  key += '|';
  key += id;
  return key;
}

Result<std::vector<std::string>> ParseTldrAnswer(std::string_view answer, size_t count,
                                                 std::string_view origin) {
  auto j = ParseJsonAnswer(answer, origin);
  if (!j) return Fail(j.error());
  std::vector<std::string> out(count);
  const json* list = nullptr;
  for (const char* key : {"tldr", "tldrs", "TLDR", "tl;dr"}) {
    auto it = j->find(key);
    if (it != j->end() && it->is_array()) {
      list = &*it;
      break;
    }
  }
  if (list == nullptr) return out;
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    int64_t n = static_cast<int64_t>(i) + 1;
    const json* txt = &item;
    if (item.is_object()) {
      auto it = item.find("n");
      if (it != item.end()) {
        if (it->is_number_integer()) {
          n = it->is_number_unsigned()
                  ? static_cast<int64_t>(std::min<uint64_t>(it->get<uint64_t>(), 1u << 30))
                  : it->get<int64_t>();
        } else if (it->is_string()) {
          const auto& s = it->get_ref<const std::string&>();
          n = (!s.empty() && s.size() < 9 &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
                  ? std::stoll(s)
                  : 0;
        } else {
          n = 0;
        }
      }
      auto t = item.find("text");
      if (t == item.end()) continue;
      txt = &*t;
    }
    if (!txt->is_string() || n < 1 || static_cast<uint64_t>(n) > count) continue;
    std::string& slot = out[static_cast<size_t>(n - 1)];
    if (slot.empty())
      // Markup and reference markers a model copied from an abstract go too.
      slot = ReadableText(StripLabel(txt->get_ref<const std::string&>()));
  }
  return out;
}

Result<std::vector<std::string>> WriteTldrs(const std::vector<BriefPaper>& papers,
                                            const std::string& lang, llm::LlmClient* client,
                                            const TldrOptions& options, TldrReport* report) {
  if (options.batch_size == 0) {
    return MakeError(Code::kInvalidArgument, "tldr: batch_size must be at least 1");
  }
  Shared shared;
  shared.report.model = client != nullptr ? client->Describe() : "extractive";
  shared.report.from_llm.assign(papers.size(), false);
  std::vector<std::string> out(papers.size());

  if (client != nullptr && !papers.empty()) {
    // Batches of consecutive papers, made smaller when a prompt would not fit.
    std::vector<std::pair<size_t, size_t>> batches;
    for (size_t b = 0; b < papers.size();) {
      size_t e = std::min(papers.size(), b + options.batch_size);
      while (e > b + 1) {
        std::vector<const BriefPaper*> ptrs;
        for (size_t i = b; i < e; ++i) ptrs.push_back(&papers[i]);
        if (Fits(BuildTldrPrompt(ptrs, lang, options.format), options)) break;
        e = b + (e - b) / 2;
      }
      batches.emplace_back(b, e);
      b = e;
    }
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t k = next++; k < batches.size(); k = next++) {
        auto [b, e] = batches[k];
        std::vector<const BriefPaper*> ptrs;
        for (size_t i = b; i < e; ++i) ptrs.push_back(&papers[i]);
        std::vector<std::string> got = AskBatch(ptrs, lang, *client, options, {}, &shared);
        // Invalid or missing ones are asked again once, together.
        std::vector<size_t> again;
        std::vector<std::string> problems;
        std::vector<std::string> first_try(ptrs.size());
        for (size_t i = 0; i < ptrs.size(); ++i) {
          std::string problem;
          if (ValidTldr(got[i], lang, &problem)) {
            out[b + i] = got[i];
            continue;
          }
          first_try[i] = got[i];
          problems.push_back(std::to_string(again.size() + 1) + ": " + problem);
          again.push_back(i);
        }
        std::vector<std::string> second;
        if (!again.empty() && !shared.provider_down) {
          std::vector<const BriefPaper*> retry;
          for (size_t i : again) retry.push_back(ptrs[i]);
          second = AskBatch(retry, lang, *client, options, problems, &shared);
          std::lock_guard lock(shared.mu);
          shared.report.retried += static_cast<int>(again.size());
        }
        for (size_t r = 0; r < again.size(); ++r) {
          size_t i = again[r];
          std::string candidate = r < second.size() ? second[r] : "";
          if (ValidTldr(candidate, lang)) {
            out[b + i] = candidate;
            continue;
          }
          // Only extra sentences: the first one will do.
          for (const std::string& t : {candidate, first_try[i]}) {
            std::string first = FirstSentence(t, lang);
            if (ValidTldr(first, lang)) {
              out[b + i] = first;
              break;
            }
          }
        }
        std::lock_guard lock(shared.mu);
        for (size_t i = b; i < e; ++i) shared.report.from_llm[i] = !out[i].empty();
      }
    };
    size_t threads = std::clamp<size_t>(static_cast<size_t>(std::max(options.max_parallel, 1)), 1,
                                        batches.size());
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  }
  for (size_t i = 0; i < papers.size(); ++i) {
    if (out[i].empty()) {
      out[i] = ExtractiveTldr(papers[i]);
      ++shared.report.extractive;
    }
  }
  if (report != nullptr) *report = std::move(shared.report);
  return out;
}

}  // namespace ah::brief
