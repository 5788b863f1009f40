#include "web/briefing_view.h"

#include <cstdio>

#include "brief/render.h"
#include "core/json.h"
#include "web/view.h"

namespace ah::web {
namespace {

constexpr Phrase kLabels[] = {
    {"extractive", "Extractive briefing (no language model)", "抽取式简报（未使用语言模型）"},
    {"overview", "Overview", "概览"},
    {"themes", "Themes", "主题"},
    {"bridges", "Across fields", "跨领域联系"},
    {"trends", "Trends", "趋势"},
    {"must_reads", "Must-reads", "必读"},
    {"papers", "Papers", "论文"},
    {"tldr", "TL;DR", "一句话总结"},
    {"why", "Why it matters to you:", "与你的关系："},
    {"provenance", "How it was written", "生成信息"},
    {"model", "Model", "模型"},
    {"prompt", "Prompt", "提示词版本"},
    {"tokens", "Tokens", "Token 数"},
    {"cost", "Cost", "费用"},
    {"calls", "calls", "次调用"},
    {"notes", "Notes", "说明"},
    {"cites", "Cites", "引用"},
};

std::string PaperHref(const brief::Briefing& b, int n, const CardsOnPage* cards) {
  if (n < 1 || static_cast<size_t>(n) > b.papers.size()) return "";
  const std::string& id = b.papers[static_cast<size_t>(n - 1)].id;
  if (cards != nullptr && cards->count(id)) return "#card-" + id;
  return PaperPath(id);
}

nlohmann::json PaperRefs(const brief::Briefing& b, const std::vector<int>& numbers,
                         const CardsOnPage* cards) {
  nlohmann::json out = nlohmann::json::array();
  for (int n : numbers) {
    if (n < 1 || static_cast<size_t>(n) > b.papers.size()) continue;
    const auto& p = b.papers[static_cast<size_t>(n - 1)];
    out.push_back({{"n", std::to_string(n)},
                   {"title", p.title},
                   {"id", p.id},
                   {"href", PaperHref(b, n, cards)}});
  }
  return out;
}

std::string Money(double usd) {
  char buf[32];
  std::snprintf(buf, sizeof buf, usd > 0 && usd < 0.01 ? "$%.4f" : "$%.2f", usd);
  return buf;
}

}  // namespace

nlohmann::json ProseView(const std::string& text, const brief::Briefing& b,
                         const CardsOnPage* cards) {
  nlohmann::json out = nlohmann::json::array();
  size_t at = 0;
  for (const auto& c : brief::FindCitations(text)) {
    if (c.begin > at) out.push_back({{"text", text.substr(at, c.begin - at)}});
    bool first = true;
    for (int n : c.numbers) {
      const std::string href = PaperHref(b, n, cards);
      if (href.empty()) continue;
      const auto& p = b.papers[static_cast<size_t>(n - 1)];
      out.push_back({{"cite", std::to_string(n)},
                     {"href", href},
                     {"title", p.title},
                     {"id", p.id},
                     {"first", first}});
      first = false;
    }
    at = c.end;
  }
  if (at < text.size()) out.push_back({{"text", text.substr(at)}});
  return out;
}

nlohmann::json BriefingView(const brief::Briefing& b, Lang lang, const CardsOnPage* cards,
                            bool full) {
  nlohmann::json v;
  nlohmann::json labels;
  AddStrings(kLabels, lang, &labels);
  v["l"] = labels;
  v["full"] = full;
  v["extractive"] = b.mode == brief::BriefMode::kExtractive;
  v["lang"] = b.lang;
  if (!b.radar.empty()) v["radar"] = b.radar;
  v["date_from"] = b.date_from;
  v["date_to"] = b.date_to;
  v["range"] = b.date_from == b.date_to ? b.date_from : b.date_from + " – " + b.date_to;
  if (!b.overview.empty()) {
    v["overview"] = ProseView(b.overview, b, cards);
    v["has_overview"] = true;
  }
  nlohmann::json themes = nlohmann::json::array();
  for (const auto& t : b.themes) {
    nlohmann::json tv{{"title", t.title},
                      {"summary", ProseView(t.summary, b, cards)},
                      {"papers", PaperRefs(b, t.papers, cards)}};
    if (!t.why.empty()) {
      tv["why"] = ProseView(t.why, b, cards);
      tv["has_why"] = true;
    }
    nlohmann::json f = nlohmann::json::array();
    for (const auto& x : t.findings) f.push_back({{"prose", ProseView(x, b, cards)}});
    tv["findings"] = f;
    themes.push_back(std::move(tv));
  }
  v["themes"] = themes;
  nlohmann::json bridges = nlohmann::json::array();
  for (const auto& br : b.bridges)
    bridges.push_back(
        {{"why", ProseView(br.why, b, cards)}, {"papers", PaperRefs(b, br.papers, cards)}});
  if (!bridges.empty()) v["bridges"] = bridges;
  nlohmann::json trends = nlohmann::json::array();
  for (const auto& t : b.trends) trends.push_back({{"prose", ProseView(t, b, cards)}});
  if (!trends.empty()) {
    v["trends"] = trends;
    v["has_trends"] = true;
  }
  nlohmann::json must = nlohmann::json::array();
  for (const auto& m : b.must_reads)
    must.push_back(
        {{"why", ProseView(m.why, b, cards)}, {"paper", PaperRefs(b, {m.paper}, cards)}});
  if (!must.empty()) {
    v["must_reads"] = must;
    v["has_must_reads"] = true;
  }
  nlohmann::json papers = nlohmann::json::array();
  for (size_t i = 0; i < b.papers.size(); ++i) {
    const auto& p = b.papers[i];
    // Mustache renders a section of "" too: empty strings are left out.
    nlohmann::json pv{{"n", std::to_string(i + 1)},
                      {"number", CardNumber(static_cast<int>(i + 1))},
                      {"id", p.id},
                      {"title", p.title},
                      {"href", PaperPath(p.id)}};
    if (!p.badge.empty()) pv["badge"] = p.badge;
    if (!p.tldr.empty()) pv["tldr"] = p.tldr;
    papers.push_back(std::move(pv));
  }
  v["papers"] = papers;
  if (!b.model.empty()) v["model"] = b.model;
  if (!b.prompt_version.empty()) v["prompt_version"] = b.prompt_version;
  if (b.prompt_tokens + b.completion_tokens > 0) {
    v["tokens"] = std::to_string(b.prompt_tokens) + " + " + std::to_string(b.completion_tokens);
    v["cost"] = Money(b.cost_usd);
  }
  if (b.llm_calls > 0) v["llm_calls"] = std::to_string(b.llm_calls);
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& n : b.notes) notes.push_back(n);
  if (!notes.empty()) {
    v["notes"] = notes;
    v["has_notes"] = true;
  }
  v["zh"] = lang == Lang::kZh;
  return v;
}

Result<brief::Briefing> ReadStoredBriefing(const std::string& stored_json) {
  auto j = ReadJson(stored_json);
  if (!j) return MakeError(Code::kCorrupt, "a stored briefing is unreadable");
  auto b = brief::BriefingFromJson(*j);
  if (!b) return MakeError(Code::kCorrupt, "a stored briefing is unreadable: " + b.error().message);
  return std::move(*b);
}

Result<nlohmann::json> BriefingSummaryView(const std::string& stored_json, Lang lang,
                                           const CardsOnPage* cards, bool full) {
  auto b = ReadStoredBriefing(stored_json);
  if (!b) return Fail(b.error());
  return BriefingView(*b, lang, cards, full);
}

CardsOnPage PapersOf(const brief::Briefing& b) {
  CardsOnPage out;
  for (const auto& p : b.papers) out.insert(p.id);
  return out;
}

}  // namespace ah::web
