// One entry point for a briefing: the LLM writer when a model is configured,
// the extractive writer otherwise, and the extractive writer again when the
// provider fails (unreachable, unavailable, over budget, answers unusable
// after the stricter retry, options.llm.deadline passed), with a note saying why. A briefing
// returned is always complete and passes CheckBriefing; a failure returns no briefing.
//
// Thread-safety: as WriteLlmBriefing (the client must be thread-safe).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "brief/briefing.h"
#include "brief/extractive.h"
#include "brief/llm_writer.h"
#include "core/result.h"
#include "llm/client.h"

namespace ah::brief {

struct PipelineOptions {
  bool extractive = false;   // the extractive briefing even when a client is given
  bool no_fallback = false;  // LLM errors are returned instead of falling back
  LlmBriefOptions llm;
  ExtractiveOptions extractive_options;
  // One vector per paper (e.g. the library's LSA vectors), used by both
  // writers' clustering when their own options have none; may be empty.
  std::vector<std::vector<float>> embeddings;
};

// What a briefing that must be written by a model says when none is configured.
inline constexpr const char* kNoModelForNoFallback =
    "--no-fallback: no language model is configured (set [llm] base_url and model in "
    "config.toml, or AH_LLM_BASE_URL and AH_LLM_MODEL), and the extractive briefing is not "
    "wanted";

// Writes the briefing of `input` in input.lang. `client` may be null (no LLM
// configured): extractive, with a note. Errors: kInvalidArgument "no papers"
// for an empty input; with no_fallback, kUnavailable kNoModelForNoFallback
// when `client` is null (and extractive is not asked for), and the LLM
// writer's errors; the extractive writer's errors.
[[nodiscard]] Result<Briefing> GenerateBriefing(const BriefInput& input, llm::LlmClient* client,
                                                const PipelineOptions& options);

// The note explaining a fallback: "provider unreachable: <message> — extractive
// briefing instead" (in `lang`), worded by the error's code ("provider
// too slow" for kCancelled), with secrets redacted from the message.
std::string FallbackNote(const Error& error, std::string_view lang);

}  // namespace ah::brief
