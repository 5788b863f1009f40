#include "service/brief_service.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <unordered_set>

#include "brief/pipeline.h"
#include "brief/render.h"
#include "brief/tldr.h"
#include "core/date.h"
#include "llm/embedding_provider.h"
#include "llm/openai_client.h"
#include "net/curl_http_client.h"
#include "radar/features.h"
#include "store/view_json.h"

namespace ah::service {
namespace {

// The seed and liked papers named to the model, at most.
constexpr size_t kMaxReaderTitles = 20;
// The earlier weeks trends compare with, and the most papers read of them.
constexpr int kEarlierDays = 28;
constexpr size_t kMaxEarlierPapers = 2000;

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

brief::BriefPaper BriefPaperOf(const store::PaperView& v) {
  const Paper& p = v.paper;
  brief::BriefPaper b;
  b.id = p.key;
  b.title = p.title;
  b.abstract = p.abstract;
  for (const auto& a : p.authors) b.authors.push_back(a.name);
  b.date = !p.submitted.empty() ? p.submitted : p.published;
  b.field = ResearchFieldOf(p);
  b.categories = p.categories;
  b.url = UrlOf(p);
  if (!p.listings.empty()) b.badge = store::SourceBadge(p.listings.front());
  return b;
}

// Document frequencies of the library the radar index was fitted on.
class LibraryTermStats final : public brief::TermStats {
 public:
  explicit LibraryTermStats(const radar::FeatureSpace& features) : features_(features) {}
  double DocFraction(std::string_view term) const override {
    const size_t n = features_.num_docs();
    const uint32_t df = n == 0 ? 0 : features_.TermDf(term);
    return df == 0 ? -1.0 : double(df) / double(n);
  }

 private:
  const radar::FeatureSpace& features_;
};

}  // namespace

Result<std::optional<std::string>> StoreResponseCache::Get(std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  return store_->CacheGet("llm:" + std::string(key));
}

Status StoreResponseCache::Put(std::string_view key, std::string_view value) {
  std::lock_guard<std::mutex> lock(mu_);
  return store_->CachePut("llm:" + std::string(key), value);
}

llm::LlmConfig LlmConfigFrom(const ingest::LlmSettings& s,
                             const std::function<const char*(const char*)>& getenv) {
  llm::LlmConfig c;
  c.base_url = s.base_url;
  c.api_key = s.api_key;
  if (!s.api_key_env.empty()) {
    if (const char* v = getenv(s.api_key_env.c_str()); v != nullptr && *v != '\0') c.api_key = v;
  }
  c.model = s.model;
  c.embedding_model = s.embedding_model;
  c.timeout_ms = s.timeout_seconds * 1000;
  c.deadline_ms = s.deadline_seconds * 1000;
  c.max_retries = s.max_retries;
  c.max_concurrency = s.concurrency;
  c.context_tokens = s.context_tokens;
  c.max_answer_tokens = s.max_answer_tokens;
  c.temperature = s.temperature;
  c.input_price_per_mtok = s.input_price_per_mtok;
  c.output_price_per_mtok = s.output_price_per_mtok;
  c.budget_usd = s.budget_usd;
  llm::ApplyLlmEnvironment(&c, getenv);
  return c;
}

std::unique_ptr<LlmRuntime> MakeLlmRuntime(const llm::LlmConfig& config, const std::string& contact,
                                           store::RadarStore* cache) {
  return MakeLlmRuntime(config, contact,
                        cache != nullptr ? std::make_unique<StoreResponseCache>(cache) : nullptr);
}

std::unique_ptr<LlmRuntime> MakeLlmRuntime(const llm::LlmConfig& config, const std::string& contact,
                                           std::unique_ptr<llm::ResponseCache> cache) {
  if (!config.configured()) return nullptr;
  auto rt = std::make_unique<LlmRuntime>();
  rt->config = config;
  net::CurlHttpClientOptions ho;
  ho.user_agent = net::MakeUserAgent(contact);
  rt->http = std::make_unique<net::CurlHttpClient>(ho);
  rt->clock = std::make_unique<SystemClock>();
  rt->cache = std::move(cache);
  rt->client =
      std::make_unique<llm::OpenAiClient>(config, rt->http.get(), rt->clock.get(), rt->cache.get());
  if (!config.embedding_model.empty())
    rt->embeddings =
        std::make_unique<llm::OpenAiEmbeddingProvider>(rt->client.get(), config.embedding_model);
  return rt;
}

Result<std::unique_ptr<LibraryIndex>> LoadLibraryIndex(store::Store& store,
                                                       store::RadarStore* cache,
                                                       const LlmRuntime* llm) {
  if (llm == nullptr || llm->embeddings == nullptr) return LibraryIndex::Load(store);
  return LibraryIndex::Load(store, {}, llm->embeddings.get(), cache);
}

std::string FieldOf(const Paper& p) {
  std::string source = p.listings.empty() ? std::string() : p.listings.front().source;
  if (!p.ids.arxiv.empty() || source == "arxiv") {
    std::string cat = !p.primary_category.empty() ? p.primary_category
                      : p.categories.empty()      ? std::string()
                                                  : p.categories.front();
    const size_t dot = cat.find('.');
    if (!cat.empty()) return Lower(dot == std::string::npos ? cat : cat.substr(0, dot));
    return "arxiv";
  }
  if (source == "biorxiv" || source == "medrxiv") {
    std::string subject = !p.primary_category.empty() ? p.primary_category
                          : p.categories.empty()      ? std::string()
                                                      : p.categories.front();
    return source + (subject.empty() ? "" : ":" + Lower(subject));
  }
  if (!p.journal.empty()) return Lower(p.journal);
  return source.empty() ? "other" : source;
}

std::string ResearchFieldOf(const Paper& p) {
  std::string source = p.listings.empty() ? std::string() : p.listings.front().source;
  if (!p.ids.arxiv.empty() || source == "arxiv") {
    std::string cat = !p.primary_category.empty() ? p.primary_category
                      : p.categories.empty()      ? std::string()
                                                  : p.categories.front();
    return cat.empty() ? "arxiv" : cat;
  }
  return FieldOf(p);
}

std::string UrlOf(const Paper& p) {
  if (!p.ids.arxiv.empty()) return "https://arxiv.org/abs/" + p.ids.arxiv;
  if (!p.url.empty() && (p.url.rfind("https://", 0) == 0 || p.url.rfind("http://", 0) == 0))
    return p.url;
  if (!p.ids.doi.empty()) return "https://doi.org/" + p.ids.doi;
  if (!p.ids.pmid.empty()) return "https://pubmed.ncbi.nlm.nih.gov/" + p.ids.pmid + "/";
  return "";
}

Result<BriefOutcome> WriteBriefing(store::Store& store, store::RadarStore& radars,
                                   const LibraryIndex& library, const store::RadarDefinition& r,
                                   llm::LlmClient* client, const BriefOptions& options,
                                   RankCache* cache) {
  if (options.lang != "en" && options.lang != "zh")
    return MakeError(Code::kInvalidArgument,
                     "the language must be en or zh, not '" + options.lang + "'");
  if (options.no_fallback && !options.extractive && client == nullptr)
    return MakeError(Code::kUnavailable, brief::kNoModelForNoFallback);
  // Disliked and hidden papers, in any version, are never in a briefing: not
  // read, not cited, not counted in its trends.
  const radar::RadarSpec spec = SpecOf(r);
  std::unordered_set<std::string> unwanted(spec.disliked.begin(), spec.disliked.end());
  unwanted.insert(spec.hidden.begin(), spec.hidden.end());
  auto wanted = [&](const store::PaperView& v) {
    for (const std::string* key : {&v.paper.key, &v.published_version_key, &v.preprint_key})
      if (!key->empty() && unwanted.count(*key)) return false;
    return true;
  };
  RunOptions run = options.run;
  run.include_shown = true;  // a briefing reads the range's best papers, shown or not
  run.record_shown = false;
  // The papers that pass the relevance floor; on a range where none does, the
  // weaker ones (strong ones come first in the report), so a quiet day still
  // has a briefing.
  run.below_floor = true;
  if (run.limit > 0) run.limit += unwanted.size();  // room for those left out
  auto report = RunRadar(store, radars, library, r, run, cache);
  if (!report) return Fail(report.error());
  std::erase_if(report->papers, [&](const RankedPaper& p) { return !wanted(p.view); });
  if (std::any_of(report->papers.begin(), report->papers.end(),
                  [](const RankedPaper& p) { return p.strong; }))
    std::erase_if(report->papers, [](const RankedPaper& p) { return !p.strong; });
  if (options.run.limit > 0 && report->papers.size() > options.run.limit)
    report->papers.resize(options.run.limit);
  const std::string range = report->date_from == report->date_to
                                ? report->date_from
                                : report->date_from + ".." + report->date_to;
  if (report->papers.empty())
    return MakeError(Code::kNotFound, "radar '" + r.name + "' has no papers for " + range +
                                          " (nothing to brief; try a week, or another day)");

  brief::BriefInput input;
  input.radar = r.name;
  input.lang = options.lang;
  input.date_from = report->date_from;
  input.date_to = report->date_to;
  // What the researcher told the radar.
  input.reader.description = r.description;
  input.reader.keywords = r.query;
  input.reader.authors = r.authors;
  auto titles = [&](const std::vector<std::string>& keys, std::vector<std::string>* out) -> Status {
    for (const auto& key : keys) {
      if (out->size() >= kMaxReaderTitles) break;
      auto got = store.Get(key);
      if (!got) return Fail(got.error());
      if (*got && !(*got)->paper.title.empty()) out->push_back((*got)->paper.title);
    }
    return {};
  };
  if (auto st = titles(r.seeds, &input.reader.seed_titles); !st) return Fail(st.error());
  if (auto st = titles(spec.liked, &input.reader.liked_titles); !st) return Fail(st.error());
  // The radar's earlier weeks, for trends: its papers of the kEarlierDays days
  // before, as selective as this run (as many per candidate as this run keeps).
  if (auto from = date::Parse(report->date_from)) {
    RunOptions before = run;
    before.date = date::Format(date::AddDays(*from, -1));
    before.days = kEarlierDays;
    before.limit = 0;  // all, ranked; cut below
    auto earlier = RunRadar(store, radars, library, r, before, cache);
    if (!earlier && earlier.error().code != Code::kNotFound) return Fail(earlier.error());
    if (earlier) {
      std::erase_if(earlier->papers, [&](const RankedPaper& p) { return !wanted(p.view); });
      const double kept =
          report->candidates == 0
              ? 1.0
              : std::min(1.0, double(report->papers.size()) / double(report->candidates));
      size_t keep = static_cast<size_t>(std::ceil(kept * double(earlier->candidates)));
      keep = std::clamp<size_t>(keep, std::min(report->papers.size(), earlier->papers.size()),
                                kMaxEarlierPapers);
      for (size_t i = 0; i < earlier->papers.size() && i < keep; ++i) {
        const Paper& p = earlier->papers[i].view.paper;
        brief::BriefPaper e;
        e.id = p.key;
        e.title = p.title;
        e.abstract = p.abstract;
        input.earlier.push_back(std::move(e));
      }
      input.earlier_from = earlier->date_from;
      input.earlier_to = earlier->date_to;
    }
  }
  std::vector<std::vector<float>> embeddings;
  const auto& index = library.index();
  for (const auto& rp : report->papers) {
    brief::BriefPaper b = BriefPaperOf(rp.view);
    b.score = rp.score;
    b.reasons = rp.reasons;
    if (!rp.badge.empty()) b.badge = rp.badge;
    b.date = rp.listing_date;
    input.papers.push_back(std::move(b));
    if (index.has_embeddings()) {
      auto at = library.corpus().Find(rp.view.paper.key);
      if (at) {
        const float* e = index.Embedding(*at);
        embeddings.emplace_back(e, e + index.dims());
      } else {
        embeddings.emplace_back(static_cast<size_t>(index.dims()), 0.0f);
      }
    }
  }
  // TL;DRs in the briefing's language: cached ones, else written now (and cached).
  llm::LlmClient* writer = options.extractive ? nullptr : client;
  {
    std::vector<std::string> ids;
    for (const auto& p : input.papers) ids.push_back(p.id);
    if (options.progress) options.progress("tl;dr");
    auto tldrs =
        WriteTldrs(store, radars, ids, options.lang, writer, options.deadline, options.cache_scope);
    if (!tldrs) return Fail(tldrs.error());
    for (size_t i = 0; i < input.papers.size(); ++i) input.papers[i].tldr = tldrs->texts[i];
  }

  brief::PipelineOptions po;
  const LibraryTermStats library_terms(library.index().features());
  po.extractive_options.cluster.background = &library_terms;
  po.llm.cluster.background = &library_terms;
  // A theme of one paper is no theme: it joins its nearest.
  po.extractive_options.cluster.min_theme_size = 2;
  po.llm.cluster.min_theme_size = 2;
  po.extractive = options.extractive;
  po.no_fallback = options.no_fallback;
  po.embeddings = embeddings;
  po.llm.progress = options.progress;
  po.llm.deadline = options.deadline;
  if (auto* oc = dynamic_cast<llm::OpenAiClient*>(client); oc != nullptr) {
    po.llm.context_tokens = oc->config().context_tokens;
    po.llm.max_answer_tokens = oc->config().max_answer_tokens;
  }
  auto b = brief::GenerateBriefing(input, writer, po);
  if (!b) return Fail(b.error());

  store::StoredBriefing sb;
  sb.radar_id = r.id;
  sb.date_from = b->date_from;
  sb.date_to = b->date_to;
  sb.lang = b->lang;
  sb.mode = b->mode == brief::BriefMode::kLlm ? "llm" : "extractive";
  sb.model = b->model;
  sb.prompt_version = b->prompt_version;
  sb.prompt_tokens = b->prompt_tokens;
  sb.completion_tokens = b->completion_tokens;
  sb.cost_usd = b->cost_usd;
  sb.json = brief::BriefingToJson(*b).dump();
  auto id = radars.SaveBriefing(r.owner, sb);
  if (!id) return Fail(id.error());
  return BriefOutcome{std::move(*b), *id};
}

Result<TldrOutcome> WriteTldrs(store::Store& store, store::RadarStore& radars,
                               const std::vector<std::string>& refs, const std::string& lang,
                               llm::LlmClient* client, const Deadline* deadline,
                               const std::string& cache_scope) {
  if (lang != "en" && lang != "zh")
    return MakeError(Code::kInvalidArgument, "the language must be en or zh, not '" + lang + "'");
  TldrOutcome out;
  std::vector<brief::BriefPaper> papers;
  for (const auto& ref : refs) {
    auto got = store.Get(ref);
    if (!got) return Fail(got.error());
    if (!*got) return MakeError(Code::kNotFound, "unknown paper '" + ref + "': not in the library");
    papers.push_back(BriefPaperOf(**got));
    out.ids.push_back((*got)->paper.key);
  }
  out.model = client != nullptr ? client->Describe() : "extractive";
  const std::string key_model = cache_scope.empty() ? out.model : cache_scope + "|" + out.model;
  out.texts.assign(papers.size(), "");
  out.from_llm.assign(papers.size(), false);
  out.cached.assign(papers.size(), false);
  std::vector<brief::BriefPaper> missing;
  std::vector<size_t> missing_at;
  for (size_t i = 0; i < papers.size(); ++i) {
    if (client != nullptr) {
      auto hit = radars.CacheGet(brief::TldrCacheKey(out.ids[i], lang, key_model));
      if (!hit) return Fail(hit.error());
      if (*hit) {
        out.texts[i] = **hit;
        out.from_llm[i] = out.cached[i] = true;
        continue;
      }
    }
    missing.push_back(papers[i]);
    missing_at.push_back(i);
  }
  if (!missing.empty()) {
    brief::TldrReport rep;
    brief::TldrOptions to;
    to.deadline = deadline;
    auto texts = brief::WriteTldrs(missing, lang, client, to, &rep);
    if (!texts) return Fail(texts.error());
    out.provider_error = rep.provider_error;
    for (size_t j = 0; j < missing.size(); ++j) {
      const size_t i = missing_at[j];
      out.texts[i] = (*texts)[j];
      out.from_llm[i] = j < rep.from_llm.size() && rep.from_llm[j];
      if (out.from_llm[i] && client != nullptr) {
        if (auto st =
                radars.CachePut(brief::TldrCacheKey(out.ids[i], lang, key_model), out.texts[i]);
            !st)
          return Fail(st.error());
      }
    }
  }
  return out;
}

nlohmann::json TldrsToJson(const TldrOutcome& out, const std::string& lang) {
  nlohmann::json a = nlohmann::json::array();
  for (size_t i = 0; i < out.ids.size(); ++i)
    a.push_back({{"id", out.ids[i]},
                 {"lang", lang},
                 {"tldr", out.texts[i]},
                 {"mode", out.from_llm[i] ? "llm" : "extractive"},
                 {"cached", static_cast<bool>(out.cached[i])},
                 {"model", out.from_llm[i] ? out.model : std::string("extractive")}});
  return a;
}

}  // namespace ah::service
