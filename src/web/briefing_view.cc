#include "web/briefing_view.h"

#include "brief/render.h"
#include "web/view.h"

namespace ah::web {
namespace {

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
    out.push_back({{"n", std::to_string(n)}, {"title", p.title}, {"href", PaperHref(b, n, cards)}});
  }
  return out;
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
      out.push_back({{"cite", std::to_string(n)},
                     {"href", href},
                     {"title", b.papers[static_cast<size_t>(n - 1)].title},
                     {"first", first}});
      first = false;
    }
    at = c.end;
  }
  if (at < text.size()) out.push_back({{"text", text.substr(at)}});
  return out;
}

nlohmann::json BriefingView(const brief::Briefing& b, Lang lang, const CardsOnPage* cards) {
  nlohmann::json v;
  v["extractive"] = b.mode == brief::BriefMode::kExtractive;
  v["lang"] = b.lang;
  v["radar"] = b.radar;
  v["date_from"] = b.date_from;
  v["date_to"] = b.date_to;
  v["range"] = b.date_from == b.date_to ? b.date_from : b.date_from + " – " + b.date_to;
  if (!b.overview.empty()) v["overview"] = ProseView(b.overview, b, cards);
  nlohmann::json themes = nlohmann::json::array();
  for (const auto& t : b.themes) {
    nlohmann::json tv{{"title", t.title},
                      {"summary", ProseView(t.summary, b, cards)},
                      {"papers", PaperRefs(b, t.papers, cards)}};
    nlohmann::json f = nlohmann::json::array();
    for (const auto& x : t.findings) f.push_back({{"prose", ProseView(x, b, cards)}});
    tv["findings"] = f;
    themes.push_back(std::move(tv));
  }
  v["themes"] = themes;
  nlohmann::json bridges = nlohmann::json::array();
  for (const auto& br : b.bridges)
    bridges.push_back({{"why", ProseView(br.why, b, cards)}, {"papers", PaperRefs(b, br.papers, cards)}});
  if (!bridges.empty()) v["bridges"] = bridges;
  nlohmann::json trends = nlohmann::json::array();
  for (const auto& t : b.trends) trends.push_back({{"prose", ProseView(t, b, cards)}});
  if (!trends.empty()) v["trends"] = trends;
  nlohmann::json must = nlohmann::json::array();
  for (const auto& m : b.must_reads)
    must.push_back({{"why", ProseView(m.why, b, cards)}, {"paper", PaperRefs(b, {m.paper}, cards)}});
  if (!must.empty()) v["must_reads"] = must;
  nlohmann::json papers = nlohmann::json::array();
  for (size_t i = 0; i < b.papers.size(); ++i) {
    const auto& p = b.papers[i];
    papers.push_back({{"n", std::to_string(i + 1)},
                      {"id", p.id},
                      {"title", p.title},
                      {"badge", p.badge},
                      {"href", PaperPath(p.id)},
                      {"tldr", p.tldr}});
  }
  v["papers"] = papers;
  v["model"] = b.model;
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& n : b.notes) notes.push_back(n);
  if (!notes.empty()) v["notes"] = notes;
  v["zh"] = lang == Lang::kZh;
  return v;
}

Result<nlohmann::json> BriefingSummaryView(const std::string& stored_json, Lang lang,
                                           const CardsOnPage* cards) {
  auto j = nlohmann::json::parse(stored_json, nullptr, false);
  if (j.is_discarded()) return MakeError(Code::kCorrupt, "a stored briefing is unreadable");
  auto b = brief::BriefingFromJson(j);
  if (!b) return MakeError(Code::kCorrupt, "a stored briefing is unreadable: " + b.error().message);
  return BriefingView(*b, lang, cards);
}

}  // namespace ah::web
