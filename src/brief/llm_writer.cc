#include "brief/llm_writer.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "brief/answer.h"
#include "brief/trends.h"

namespace ah::brief {
namespace {

using nlohmann::json;

// The estimate (chars/4, one per CJK char) is rough: keep a margin.
constexpr double kEstimateMargin = 1.10;
constexpr int64_t kMinAbstractTokens = 24;
constexpr int kMaxReduceLevels = 6;
// The failed answer is echoed to the model in the retry only up to this size.
constexpr int64_t kMaxEchoTokens = 3'000;

struct Counters {
  int unknown = 0;
  int themes_dropped = 0;
  int bridges_dropped = 0;
  int retries = 0;
  int repaired = 0;  // answers whose retry was used
  std::vector<std::string> retry_failures;
};

class Writer {
 public:
  Writer(const BriefInput& input, llm::LlmClient& client, const LlmBriefOptions& options)
      : in_(input), client_(client), opts_(options) {
    prompt_budget_ = options.context_tokens - options.max_answer_tokens;
    for (size_t i = 0; i < input.papers.size(); ++i) all_.push_back(static_cast<int>(i + 1));
  }

  Result<Briefing> Run();
  LlmSpend spend() const {
    std::lock_guard lock(mu_);
    return spend_;
  }

 private:
  bool Fits(const Prompt& p) const {
    return static_cast<double>(p.EstimatedTokens()) * kEstimateMargin <=
           static_cast<double>(prompt_budget_);
  }
  void Progress(std::string_view what) const {
    if (opts_.progress) opts_.progress(what);
  }
  // One chat call; only answers `cacheable` accepts may be cached.
  Result<llm::ChatResponse> Call(std::vector<llm::ChatMessage> messages, bool use_cache,
                                 const std::function<bool(std::string_view)>& cacheable);
  Result<BriefAnswer> Ask(const Prompt& p, const std::vector<int>& valid, bool partial,
                          const std::string& stage);
  Result<BriefAnswer> MapReduce();
  Result<std::vector<std::vector<int>>> Chunks(std::vector<PaperFormat>* formats) const;
  Result<BriefAnswer> Reduce(std::vector<BriefAnswer> level);
  // Runs ask(i) for i in [0, n) on up to max_parallel threads; all-or-nothing.
  Result<std::vector<BriefAnswer>> AskAll(size_t n,
                                          const std::function<Result<BriefAnswer>(size_t)>& ask);
  Briefing Assemble(BriefAnswer answer, int parts) const;

  const BriefInput& in_;
  llm::LlmClient& client_;
  const LlmBriefOptions& opts_;
  int64_t prompt_budget_ = 0;
  int parts_ = 1;
  std::vector<int> all_;
  PromptHints hints_;
  mutable std::mutex mu_;
  LlmSpend spend_;
  Counters counters_;
};

AnswerRules Rules(const BriefInput& in, const std::vector<int>& valid, bool partial) {
  AnswerRules r = RulesFor(in);
  r.allowed = valid;
  r.partial = partial;
  return r;
}

// Numbers cited by partial answers (lists and inline), ascending.
std::vector<int> Cited(const std::vector<BriefAnswer>& answers) {
  std::set<int> s;
  auto inline_of = [&](const std::string& prose) {
    for (int64_t n : InlineCitations(prose)) s.insert(static_cast<int>(n));
  };
  for (const auto& a : answers) {
    for (const auto& t : a.themes) {
      s.insert(t.papers.begin(), t.papers.end());
      inline_of(t.summary);
      for (const auto& f : t.findings) inline_of(f);
    }
    for (const auto& b : a.bridges) {
      s.insert(b.papers.begin(), b.papers.end());
      inline_of(b.why);
    }
    for (const auto& t : a.trends) inline_of(t);
  }
  return {s.begin(), s.end()};
}

// How much of the partial answers a reduce prompt carries.
enum class Detail { kTitles, kSummaries, kFindings };

std::string PartialsJson(const std::vector<BriefAnswer>& answers, Detail detail) {
  json arr = json::array();
  for (size_t i = 0; i < answers.size(); ++i) {
    json part = {{"part", i + 1}, {"themes", json::array()}, {"bridges", json::array()}};
    if (detail != Detail::kTitles) part["trends"] = answers[i].trends;
    for (const auto& t : answers[i].themes) {
      json theme = {{"title", t.title}, {"papers", t.papers}};
      if (detail != Detail::kTitles) theme["summary"] = t.summary;
      if (detail == Detail::kFindings) theme["findings"] = t.findings;
      part["themes"].push_back(std::move(theme));
    }
    for (const auto& b : answers[i].bridges) {
      json bridge = {{"papers", b.papers}};
      if (detail != Detail::kTitles) bridge["why"] = b.why;
      part["bridges"].push_back(std::move(bridge));
    }
    arr.push_back(std::move(part));
  }
  return arr.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

Result<llm::ChatResponse> Writer::Call(std::vector<llm::ChatMessage> messages, bool use_cache,
                                       const std::function<bool(std::string_view)>& cacheable) {
  // Queued work is abandoned once the deadline has passed, whatever the client does.
  if (opts_.deadline != nullptr && opts_.deadline->Expired()) {
    return Fail(opts_.deadline->ExpiredError(client_.Describe()));
  }
  llm::ChatRequest req;
  req.messages = std::move(messages);
  req.json_object = true;
  req.max_tokens = opts_.max_answer_tokens;
  req.temperature = opts_.temperature;
  req.use_cache = use_cache;
  req.cacheable = cacheable;
  req.deadline = opts_.deadline;
  auto r = client_.Chat(req);
  if (r) {
    std::lock_guard lock(mu_);
    ++spend_.calls;
    spend_.prompt_tokens += r->usage.prompt_tokens;
    spend_.completion_tokens += r->usage.completion_tokens;
    spend_.cost_usd += r->usage.cost_usd;
  }
  return r;
}

Result<BriefAnswer> Writer::Ask(const Prompt& p, const std::vector<int>& valid, bool partial,
                                const std::string& stage) {
  const AnswerRules rules = Rules(in_, valid, partial);
  const std::string origin = client_.Describe() + " (" + stage + ")";
  // What may be cached: an answer that needs no repair.
  auto cacheable = [&](std::string_view content) {
    auto a = ParseBriefAnswer(content, rules, origin);
    return a && !a->NeedsRetry();
  };
  auto first = Call({{"system", p.system}, {"user", p.user}}, opts_.use_cache, cacheable);
  if (!first) return Fail(first.error().Wrap("briefing " + stage));
  auto parsed = ParseBriefAnswer(first->content, rules, origin);
  if (parsed && !parsed->NeedsRetry()) {
    std::lock_guard lock(mu_);
    counters_.bridges_dropped += parsed->dropped_bridges;
    return parsed;
  }

  // One stricter retry: the violations, the valid numbers, the schema again.
  std::vector<std::string> problems;
  if (!parsed) {
    problems.push_back(IsChinese(in_.lang)
                           ? "回答不是合法的 JSON：" + parsed.error().message
                           : "the answer is not valid JSON: " + parsed.error().message);
  } else {
    for (const auto& v : parsed->violations) {
      if (v.kind != ViolationKind::kBridgeOneField) problems.push_back(v.detail);
    }
  }
  if (first->finish_reason == "length") {
    problems.push_back(IsChinese(in_.lang) ? "回答在长度上限处被截断：请写得更简短"
                                           : "the answer was cut off at the length limit: write "
                                             "shorter texts");
  }
  std::vector<llm::ChatMessage> retry = {{"system", p.system}, {"user", p.user}};
  std::string echo = TruncateToTokens(first->content, kMaxEchoTokens);
  retry.push_back({"assistant", echo});
  retry.push_back({"user", BuildRetryMessage(in_.lang, problems, valid, partial)});
  Prompt as_one{retry[0].content, retry[1].content + retry[2].content + retry[3].content};
  if (!Fits(as_one)) retry.erase(retry.begin() + 2);  // the echo is a luxury
  Progress("retry " + stage);
  auto second = Call(std::move(retry), opts_.use_cache, cacheable);
  {
    std::lock_guard lock(mu_);
    ++counters_.retries;
  }
  auto usable = [](const Result<BriefAnswer>& a) {
    return a && !a->themes.empty() && a->Count(ViolationKind::kWrongLanguage) == 0;
  };
  Result<BriefAnswer> chosen = parsed;
  if (!second) {
    if (!usable(parsed))
      return Fail(second.error().Wrap("briefing " + stage + " (stricter retry)"));
    std::lock_guard lock(mu_);
    counters_.retry_failures.push_back(second.error().message);
  } else {
    auto reparsed = ParseBriefAnswer(second->content, rules, origin + " retry");
    bool take_second =
        reparsed &&
        (!usable(parsed) || (usable(reparsed) && reparsed->RetryWorthy() <= parsed->RetryWorthy()));
    if (take_second) {
      bool clean = reparsed->RetryWorthy() == 0;
      chosen = std::move(reparsed);
      std::lock_guard lock(mu_);
      if (clean) ++counters_.repaired;
    } else if (!parsed) {
      return MakeError(Code::kParse, "briefing " + stage +
                                         ": malformed answer after a stricter retry: " +
                                         reparsed.error().message);
    }
  }
  if (chosen->Count(ViolationKind::kWrongLanguage) > 0) {
    return MakeError(Code::kParse, "briefing " + stage + ": " + origin + " answered not in " +
                                       (IsChinese(in_.lang) ? "Chinese" : "English") +
                                       " after a stricter retry");
  }
  if (chosen->themes.empty()) {
    return MakeError(Code::kParse,
                     "briefing " + stage + ": " + origin +
                         " gave no theme citing a given paper after a stricter retry");
  }
  std::lock_guard lock(mu_);
  counters_.unknown += chosen->unknown_citations;
  counters_.themes_dropped += chosen->dropped_themes;
  counters_.bridges_dropped += chosen->dropped_bridges;
  return chosen;
}

Result<std::vector<BriefAnswer>> Writer::AskAll(
    size_t n, const std::function<Result<BriefAnswer>(size_t)>& ask) {
  std::vector<std::optional<Result<BriefAnswer>>> results(n);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) {
      if (failed) return;
      results[i] = ask(i);
      if (!*results[i]) failed = true;
    }
  };
  size_t threads = std::clamp<size_t>(static_cast<size_t>(std::max(opts_.max_parallel, 1)), 1, n);
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  std::vector<BriefAnswer> out;
  for (auto& r : results) {
    if (r && !*r) return Fail(r->error());
  }
  for (auto& r : results) {
    if (!r) return MakeError(Code::kInternal, "briefing: a stage was skipped");
    out.push_back(std::move(**r));
  }
  return out;
}

Result<std::vector<std::vector<int>>> Writer::Chunks(std::vector<PaperFormat>* formats) const {
  // Related papers together: cluster by cluster, then whatever no cluster holds.
  std::vector<int> order;
  std::vector<bool> seen(in_.papers.size() + 1, false);
  for (const auto& c : hints_.clusters) {
    for (int n : c.papers) {
      if (n >= 1 && static_cast<size_t>(n) <= in_.papers.size() && !seen[static_cast<size_t>(n)]) {
        seen[static_cast<size_t>(n)] = true;
        order.push_back(n);
      }
    }
  }
  for (int n : all_) {
    if (!seen[static_cast<size_t>(n)]) order.push_back(n);
  }
  std::vector<std::vector<int>> chunks;
  std::vector<int> cur;
  PaperFormat cur_format = opts_.format;
  auto fits = [&](const std::vector<int>& numbers, const PaperFormat& f) {
    return Fits(BuildMapPrompt(in_, numbers, 99, 99, hints_, f));
  };
  for (int n : order) {
    std::vector<int> with = cur;
    with.push_back(n);
    if (fits(with, cur_format)) {
      cur = std::move(with);
      continue;
    }
    if (!cur.empty()) {
      chunks.push_back(std::move(cur));
      formats->push_back(cur_format);
      cur.clear();
      cur_format = opts_.format;
    }
    // Alone: shrink the abstract until the paper fits.
    while (!fits({n}, cur_format) && cur_format.abstract_tokens > kMinAbstractTokens) {
      cur_format.abstract_tokens = std::max(kMinAbstractTokens, cur_format.abstract_tokens / 2);
    }
    if (!fits({n}, cur_format)) {
      return MakeError(Code::kTooLarge, "briefing: paper " + std::to_string(n) + " (" +
                                            in_.papers[static_cast<size_t>(n - 1)].id +
                                            ") does not fit a context of " +
                                            std::to_string(opts_.context_tokens) + " tokens");
    }
    cur = {n};
  }
  if (!cur.empty()) {
    chunks.push_back(std::move(cur));
    formats->push_back(cur_format);
  }
  return chunks;
}

Result<BriefAnswer> Writer::MapReduce() {
  std::vector<PaperFormat> formats;
  auto chunks = Chunks(&formats);
  if (!chunks) return Fail(chunks.error());
  const int parts = static_cast<int>(chunks->size());
  parts_ = parts;
  auto partials = AskAll(chunks->size(), [&](size_t i) -> Result<BriefAnswer> {
    std::string stage = "map " + std::to_string(i + 1) + "/" + std::to_string(parts);
    Progress(stage);
    std::vector<int> valid = (*chunks)[i];
    std::sort(valid.begin(), valid.end());
    return Ask(
        BuildMapPrompt(in_, (*chunks)[i], static_cast<int>(i + 1), parts, hints_, formats[i]),
        valid, /*partial=*/true, stage);
  });
  if (!partials) return Fail(partials.error());
  return Reduce(std::move(*partials));
}

Result<BriefAnswer> Writer::Reduce(std::vector<BriefAnswer> level) {
  for (int depth = 0; depth < kMaxReduceLevels; ++depth) {
    // The final merge, from the richest prompt to the most compact.
    const std::vector<int> cited = Cited(level);
    struct Try {
      const std::vector<int>* index;
      Detail detail;
      size_t title_chars;
      bool hints;
    };
    const PromptHints none;
    for (const Try& t :
         {Try{&all_, Detail::kFindings, 160, true}, Try{&all_, Detail::kSummaries, 80, true},
          Try{&cited, Detail::kSummaries, 60, true}, Try{&cited, Detail::kTitles, 40, false}}) {
      Prompt p = BuildReducePrompt(in_, *t.index, PartialsJson(level, t.detail),
                                   t.hints ? hints_ : none, /*final_stage=*/true, t.title_chars);
      if (Fits(p)) {
        Progress("reduce");
        return Ask(p, *t.index, /*partial=*/false, "reduce");
      }
    }
    // Too big: merge groups of partial answers into fewer, larger ones first,
    // keeping the summaries when they fit.
    auto merge_prompt = [&](const std::vector<BriefAnswer>& group) {
      Prompt p = BuildReducePrompt(in_, Cited(group), PartialsJson(group, Detail::kSummaries),
                                   hints_, /*final_stage=*/false, 60);
      if (Fits(p)) return p;
      return BuildReducePrompt(in_, Cited(group), PartialsJson(group, Detail::kTitles), none,
                               /*final_stage=*/false, 40);
    };
    std::vector<std::vector<BriefAnswer>> groups;
    std::vector<BriefAnswer> cur;
    for (auto& a : level) {
      std::vector<BriefAnswer> with = cur;
      with.push_back(a);
      if (cur.empty() || Fits(merge_prompt(with))) {
        cur = std::move(with);
      } else {
        groups.push_back(std::move(cur));
        cur = {a};
      }
    }
    if (!cur.empty()) groups.push_back(std::move(cur));
    bool progress = groups.size() < level.size();
    for (const auto& g : groups) {
      if (g.size() > 1 && !Fits(merge_prompt(g))) progress = false;
    }
    if (!progress) {
      return MakeError(Code::kTooLarge, "briefing: the partial themes of " +
                                            std::to_string(in_.papers.size()) +
                                            " papers do not fit a context of " +
                                            std::to_string(opts_.context_tokens) + " tokens");
    }
    auto merged = AskAll(groups.size(), [&](size_t i) -> Result<BriefAnswer> {
      if (groups[i].size() == 1) return groups[i][0];
      std::string stage = "merge " + std::to_string(depth + 1) + "." + std::to_string(i + 1);
      Progress(stage);
      return Ask(merge_prompt(groups[i]), Cited(groups[i]), /*partial=*/true, stage);
    });
    if (!merged) return Fail(merged.error());
    level = std::move(*merged);
  }
  return MakeError(Code::kTooLarge, "briefing: too many reduce levels for a context of " +
                                        std::to_string(opts_.context_tokens) + " tokens");
}

Briefing Writer::Assemble(BriefAnswer answer, int parts) const {
  const bool zh = IsChinese(in_.lang);
  Briefing b;
  b.mode = BriefMode::kLlm;
  b.lang = in_.lang;
  b.radar = in_.radar;
  b.date_from = in_.date_from;
  b.date_to = in_.date_to;
  b.overview = std::move(answer.overview);
  b.themes = std::move(answer.themes);
  b.bridges = std::move(answer.bridges);
  b.trends = std::move(answer.trends);
  b.must_reads = std::move(answer.must_reads);
  b.papers = in_.papers;
  b.model = client_.Describe();
  b.prompt_version = std::string(kBriefPromptVersion);
  LlmSpend s = spend();
  b.prompt_tokens = s.prompt_tokens;
  b.completion_tokens = s.completion_tokens;
  b.cost_usd = s.cost_usd;
  b.llm_calls = s.calls;
  std::lock_guard lock(mu_);
  const Counters& c = counters_;
  if (parts > 1) {
    b.notes.push_back(zh ? "分阶段撰写：" + std::to_string(parts) + " 个部分，然后合并"
                         : "written in stages: " + std::to_string(parts) + " parts, then merged");
  }
  if (c.repaired > 0) {
    b.notes.push_back(zh ? std::to_string(c.repaired) + " 次回答经更严格的重试后修正"
                         : Plural(c.repaired, "answer was", "answers were") +
                               " corrected by a stricter retry");
  }
  for (const auto& f : c.retry_failures) {
    b.notes.push_back(zh ? "更严格的重试失败（" + f + "），已修补第一次回答"
                         : "the stricter retry failed (" + f + "); the first answer was repaired");
  }
  if (c.unknown > 0) {
    b.notes.push_back(zh ? "已删除 " + std::to_string(c.unknown) + " 处对未提供论文的引用"
                         : Plural(c.unknown, "citation", "citations") +
                               " to papers that were not given dropped");
  }
  if (c.themes_dropped > 0) {
    b.notes.push_back(
        zh ? "已删除 " + std::to_string(c.themes_dropped) + " 个未引用任何给定论文的主题"
           : Plural(c.themes_dropped, "theme", "themes") + " citing no given paper dropped");
  }
  if (c.bridges_dropped > 0) {
    b.notes.push_back(zh ? "已删除 " + std::to_string(c.bridges_dropped) + " 个未连接两个领域的桥梁"
                         : Plural(c.bridges_dropped, "bridge", "bridges") +
                               " not joining two fields dropped");
  }
  return b;
}

Result<Briefing> Writer::Run() {
  if (in_.papers.empty()) return MakeError(Code::kInvalidArgument, "briefing: no papers");
  if (opts_.context_tokens <= opts_.max_answer_tokens || opts_.max_answer_tokens <= 0) {
    return MakeError(Code::kInvalidArgument, "briefing: context_tokens (" +
                                                 std::to_string(opts_.context_tokens) +
                                                 ") must exceed max_answer_tokens (" +
                                                 std::to_string(opts_.max_answer_tokens) + ")");
  }
  if (opts_.hints) hints_ = ComputeHints(in_, opts_.embeddings, opts_.cluster);
  Prompt whole = BuildBriefPrompt(in_, hints_, opts_.format);
  Result<BriefAnswer> answer;
  if (Fits(whole)) {
    Progress("write");
    answer = Ask(whole, all_, /*partial=*/false, "write");
  } else {
    answer = MapReduce();
  }
  if (!answer) return Fail(answer.error());
  Briefing b = Assemble(std::move(*answer), parts_);
  if (auto ok = CheckBriefing(b); !ok) {
    return MakeError(Code::kInternal,
                     "briefing: validated answer breaks the invariant: " + ok.error().message);
  }
  return b;
}

}  // namespace

PromptHints ComputeHints(const BriefInput& input, const std::vector<std::vector<float>>& embeddings,
                         const ClusterOptions& options) {
  PromptHints h;
  if (input.papers.empty()) return h;
  PaperVectors vectors = PaperVectors::Build(input, embeddings, options.background);
  for (auto& c : ClusterPapers(input, vectors, options)) {
    h.clusters.push_back({std::move(c.papers), std::move(c.terms)});
  }
  for (auto& b : FindBridges(input, vectors, options)) {
    h.bridges.push_back({b.a, b.b, b.similarity, std::move(b.shared_terms)});
  }
  for (auto& t : RisingTerms(input, vectors)) {
    h.rising.push_back(
        {std::move(t.term), std::move(t.papers), t.now, t.now_total, t.before, t.before_total});
  }
  return h;
}

Result<Briefing> WriteLlmBriefing(const BriefInput& input, llm::LlmClient& client,
                                  const LlmBriefOptions& options, LlmSpend* spent) {
  Writer w(input, client, options);
  auto r = w.Run();
  if (spent != nullptr) *spent = w.spend();
  return r;
}

}  // namespace ah::brief
