// The LLM-written briefing: prompts (brief/prompts.h), one or more chat calls
// through an LlmClient, defensive validation (brief/answer.h).
//
// Flow:
//  - The clusters and bridge candidates of brief/cluster.h are computed first
//    and shown to the model as hints.
//  - When the whole prompt fits the model's context (context_tokens minus
//    max_answer_tokens, with a 10% margin on the estimate), one call writes the
//    briefing. Otherwise map-reduce: papers are split into chunks that fit
//    (ordered by cluster so related papers share a chunk), each chunk is mapped
//    to partial themes/bridges/trends citing its global numbers only, and a
//    reduce call merges the partial answers into the final JSON (reducing in
//    several levels when the partial answers themselves do not fit).
//  - Every call asks for JSON (json_object). An answer with violations
//    (unknown numbers, wrong language, malformed JSON, themes without papers)
//    gets ONE stricter retry listing the violations and the valid numbers;
//    what is still invalid afterwards is dropped (unknown citations, empty
//    themes, single-field bridges) and noted in Briefing::notes. An unknown
//    citation is never returned.
//  - Only answers that pass validation as they are (no retry-worthy violation)
//    may be kept in the client's response cache (ChatRequest::cacheable).
//  - Failure is all-or-nothing: no half-written briefing is ever returned.
//
// Thread-safety: WriteLlmBriefing may run map calls concurrently (bounded by
// max_parallel); the client must be thread-safe (its contract says it is).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "brief/briefing.h"
#include "brief/cluster.h"
#include "brief/prompts.h"
#include "core/deadline.h"
#include "core/result.h"
#include "llm/client.h"

namespace ah::brief {

struct LlmBriefOptions {
  // The model's window (prompt + answer) and the answer budget; mirror
  // llm::LlmConfig::context_tokens / max_answer_tokens (not visible through
  // the LlmClient interface).
  int64_t context_tokens = 32'000;
  int64_t max_answer_tokens = 4'000;
  std::optional<double> temperature;  // empty = the client's
  PaperFormat format;                 // abstract budget, authors shown
  bool hints = true;                  // show clusters and bridge candidates
  ClusterOptions cluster;
  std::vector<std::vector<float>> embeddings;  // one per paper, or empty (tf-idf only)
  int max_parallel = 4;                        // map calls in flight
  bool use_cache = true;                       // ChatRequest::use_cache for first attempts
  // Progress lines ("map 2/5", "reduce"), called from worker threads; may be empty.
  std::function<void(std::string_view)> progress;
  // The briefing's LLM work as a whole (nullable; must outlive the call): no call
  // starts once it has expired, and every call carries it (ChatRequest::deadline).
  const Deadline* deadline = nullptr;
};

// What the calls cost, also when WriteLlmBriefing fails (the pipeline records
// it on the fallback briefing).
struct LlmSpend {
  int64_t calls = 0;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  double cost_usd = 0;
};

// Writes the briefing with the model behind `client`. Errors:
//  - kInvalidArgument: no papers, or context_tokens <= max_answer_tokens;
//  - kTooLarge: a single paper does not fit the context even with a minimal abstract;
//  - the client's errors (kIo, kUnavailable, kParse, kInvalidArgument,
//    kCancelled), wrapped with the stage; kCancelled also when
//    options.deadline expired before a call;
//  - kParse: an answer still malformed, in the wrong language or without any
//    valid theme after the stricter retry.
// `spent` (optional) receives the calls' usage whether or not it succeeds.
[[nodiscard]] Result<Briefing> WriteLlmBriefing(const BriefInput& input, llm::LlmClient& client,
                                                const LlmBriefOptions& options,
                                                LlmSpend* spent = nullptr);

// The hints for the prompts: ClusterPapers and FindBridges of brief/cluster.h.
PromptHints ComputeHints(const BriefInput& input, const std::vector<std::vector<float>>& embeddings,
                         const ClusterOptions& options);

}  // namespace ah::brief
