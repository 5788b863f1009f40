// One-sentence TL;DRs of papers in the reader's language.
//
// With a client, papers are sent in batches (several per call, numbered 1..k)
// and the answer {"tldr":[{"n":1,"text":"..."}]} is validated: the language,
// one sentence, a sane length. Missing or invalid TL;DRs are asked again ONCE
// (in one call per batch, with a stricter note); a TL;DR that only has extra
// sentences keeps its first one. What is still missing gets the extractive
// TL;DR, and TldrReport::from_llm says which ones came from the model.
// Without a client every TL;DR is extractive: the most informative sentence of
// the abstract (or the title when there is no abstract).
//
// Caching is the caller's: a TL;DR depends on (paper id, language, model) and
// the prompt version; TldrCacheKey builds that key. Cache only the entries
// whose from_llm is true under the model's key.
//
// Thread-safety: WriteTldrs runs batches concurrently (max_parallel); the
// client must be thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "brief/briefing.h"
#include "brief/prompts.h"
#include "core/deadline.h"
#include "core/result.h"
#include "llm/client.h"

namespace ah::brief {

struct TldrOptions {
  size_t batch_size = 8;            // papers per call
  int64_t context_tokens = 32'000;  // as in LlmBriefOptions
  int64_t max_answer_tokens = 4'000;
  PaperFormat format{250, 3};
  int max_parallel = 4;
  // ChatRequest::use_cache; only answers whose TL;DRs are all valid are kept.
  bool use_cache = true;
  // The batch's LLM work as a whole (nullable; must outlive the call): once it
  // has expired no call starts and the TL;DRs left are extractive.
  const Deadline* deadline = nullptr;
};

struct TldrReport {
  std::vector<bool> from_llm;  // per paper: written by the model (cache it) or extractive
  int64_t llm_calls = 0;
  int64_t prompt_tokens = 0, completion_tokens = 0;
  double cost_usd = 0;
  int retried = 0;             // TL;DRs asked again
  int extractive = 0;          // TL;DRs that fell back to extraction
  std::string provider_error;  // first provider error (kIo, kUnavailable...), if any
  std::string model;           // client->Describe(), or "extractive"
};

// One TL;DR per paper, in order. `lang` is "en" or "zh" (IsChinese). Provider
// errors do not fail the call: the affected TL;DRs are extractive and
// report->provider_error says why. Errors: kInvalidArgument for a batch_size of 0.
[[nodiscard]] Result<std::vector<std::string>> WriteTldrs(const std::vector<BriefPaper>& papers,
                                                          const std::string& lang,
                                                          llm::LlmClient* client,
                                                          const TldrOptions& options = {},
                                                          TldrReport* report = nullptr);

// The most informative sentence of the abstract (words shared with the title,
// distinct content words, result cues such as "we show"), at most ~300
// characters; the title when the abstract is empty.
std::string ExtractiveTldr(const BriefPaper& paper);

// "tldr-v1|<lang>|<model>|<id>": the cache key of a paper's TL;DR.
std::string TldrCacheKey(std::string_view id, std::string_view lang, std::string_view model);

// Validation of one TL;DR: non-empty, in `lang`, one sentence, not too long
// (en <= 400 bytes, zh <= 120 CJK letters). On failure *problem says why.
bool ValidTldr(std::string_view text, std::string_view lang, std::string* problem = nullptr);

// The first sentence of `text` (the whole text when it has one).
std::string FirstSentence(std::string_view text, std::string_view lang);

// Parses {"tldr":[{"n":1,"text":"..."}]} into texts[n-1] for n in 1..count
// (missing ones empty). Errors: kParse as ParseJsonAnswer.
[[nodiscard]] Result<std::vector<std::string>> ParseTldrAnswer(std::string_view answer,
                                                               size_t count,
                                                               std::string_view origin);

}  // namespace ah::brief
