// Briefings and TL;DRs over the library: the radar's top papers for a range
// become a brief::BriefInput (fields, badges, links, cached TL;DRs), the
// pipeline writes the briefing (LLM, or extractive), and the finished briefing
// is stored with its model, prompt version, tokens and cost.
//
// The LLM client comes from config.toml [llm] and the environment; its
// answers are cached in the library (RadarStore cache), so a rerun costs
// nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "brief/briefing.h"
#include "core/clock.h"
#include "core/deadline.h"
#include "core/result.h"
#include "ingest/config.h"
#include "llm/client.h"
#include "net/http.h"
#include "service/radar_service.h"
#include "store/radar_store.h"
#include "store/store.h"

namespace ah::service {

// llm::ResponseCache over the library's answer cache (keys prefixed "llm:").
// Thread-safe: the LLM client calls it from several threads at once, while a
// Store is single-threaded, so every access holds the mutex. Nothing else may
// use the store while a briefing runs (the CLI's thread waits for it).
class StoreResponseCache final : public llm::ResponseCache {
 public:
  explicit StoreResponseCache(store::RadarStore* store) : store_(store) {}
  [[nodiscard]] Result<std::optional<std::string>> Get(std::string_view key) override;
  [[nodiscard]] Status Put(std::string_view key, std::string_view value) override;

 private:
  std::mutex mu_;
  store::RadarStore* store_;
};

// The configured provider with its HTTP client, clock and cache.
struct LlmRuntime {
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<Clock> clock;
  std::unique_ptr<llm::ResponseCache> cache;
  std::unique_ptr<llm::LlmClient> client;
  llm::LlmConfig config;
  std::unique_ptr<radar::EmbeddingProvider> embeddings;  // when config.embedding_model is set

  // A Deadline of config.deadline_ms from now on `clock`, for one briefing's or
  // TL;DR batch's LLM work (BriefOptions::deadline).
  std::unique_ptr<Deadline> StartDeadline() const {
    return std::make_unique<Deadline>(clock.get(), config.deadline_ms);
  }
};

// The [llm] settings with the environment applied (api_key_env, AH_LLM_*,
// OPENAI_*). `getenv` is std::getenv in production.
llm::LlmConfig LlmConfigFrom(const ingest::LlmSettings& settings,
                             const std::function<const char*(const char*)>& getenv);

// nullptr when no provider is configured. `cache` may be null (no caching).
// With [llm] embedding_model, the runtime's `embeddings` are that model's.
std::unique_ptr<LlmRuntime> MakeLlmRuntime(const llm::LlmConfig& config, const std::string& contact,
                                           store::RadarStore* cache);
std::unique_ptr<LlmRuntime> MakeLlmRuntime(const llm::LlmConfig& config, const std::string& contact,
                                           std::unique_ptr<llm::ResponseCache> cache);

// The library prepared for ranking: with the runtime's embedding model when it
// has one (each paper's embedding cached in `cache`), else the embedded LSA.
[[nodiscard]] Result<std::unique_ptr<LibraryIndex>> LoadLibraryIndex(store::Store& store,
                                                                     store::RadarStore* cache,
                                                                     const LlmRuntime* llm);

// Field of a paper for bridges: the arXiv archive of its primary category
// ("cs", "stat", "q-bio"), "biorxiv:<subject>" / "medrxiv:<subject>", else its
// journal or listing source.
std::string FieldOf(const Paper& paper);
// The field a briefing's bridges are between, at a researcher's granularity:
// the arXiv primary category ("cs.CL", "q-bio.GN"), else as FieldOf.
std::string ResearchFieldOf(const Paper& paper);
// Where to read it: its landing page, else arXiv abs page, else doi.org.
std::string UrlOf(const Paper& paper);

struct BriefOptions {
  RunOptions run;            // date, days; limit = papers read
  std::string lang = "en";   // en | zh
  bool extractive = false;   // even when a provider is configured
  bool no_fallback = false;  // provider errors are errors
  std::function<void(std::string_view)> progress;
  // The LLM work of this briefing, TL;DRs included (nullable = no limit; must
  // outlive the call): once it expires or is cancelled, what is left is
  // extractive and the briefing says why (LlmRuntime::StartDeadline).
  const Deadline* deadline = nullptr;
  // Whose cached TL;DRs these are: "" = the instance's, shared by every radar;
  // "user:<name>" when `client` is a user's own provider, so that what their
  // provider wrote is never served to anyone else (see WriteTldrs).
  std::string cache_scope;
};

struct BriefOutcome {
  brief::Briefing briefing;
  int64_t stored_id = 0;
};

// Writes, stores and returns the briefing of radar `r`. `client` may be null.
// The input is the radar's best papers of the range (options.run.limit of them)
// without the papers the owner disliked or hid, in any version; the reader is
// what the owner told the radar (description, keywords, followed authors, the
// titles of seed and liked papers); trends compare with the radar's papers of
// the 28 days before, as many per candidate as this run keeps. Themes are
// labelled and bridges found with the library's term statistics.
// Errors: kUnavailable (brief::kNoModelForNoFallback) for options.no_fallback
// without a client (and without options.extractive); kNotFound "radar '<name>'
// has no papers for <range>" (nothing stored); the pipeline's (then nothing is
// stored either).
[[nodiscard]] Result<BriefOutcome> WriteBriefing(store::Store& store, store::RadarStore& radars,
                                                 const LibraryIndex& library,
                                                 const store::RadarDefinition& r,
                                                 llm::LlmClient* client,
                                                 const BriefOptions& options,
                                                 RankCache* cache = nullptr);

struct TldrOutcome;
// The JSON of `tldr --json` and the API's /tldr: [{id, lang, tldr, mode, cached, model}].
nlohmann::json TldrsToJson(const TldrOutcome& out, const std::string& lang);

struct TldrOutcome {
  std::vector<std::string> ids;    // library keys, in order
  std::vector<std::string> texts;  // one per id
  std::vector<bool> from_llm;
  std::vector<bool> cached;
  std::string model;  // client->Describe() or "extractive"
  std::string provider_error;
};

// One-sentence TL;DRs of papers by reference, in `lang`; LLM-written ones are
// cached per (paper, language, model) and shared by every radar — per
// `cache_scope` too when it is not empty (a user's own provider: its answers
// reach nobody else, whatever model name it reports). `deadline` (nullable)
// bounds the LLM work: past it, the TL;DRs left are extractive.
// Errors: kNotFound naming the first unknown paper.
[[nodiscard]] Result<TldrOutcome> WriteTldrs(store::Store& store, store::RadarStore& radars,
                                             const std::vector<std::string>& refs,
                                             const std::string& lang, llm::LlmClient* client,
                                             const Deadline* deadline = nullptr,
                                             const std::string& cache_scope = "");

}  // namespace ah::service
