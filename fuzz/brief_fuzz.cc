// Fuzzes the extractive writer and the briefing's JSON / Markdown / HTML forms:
// citations scanning, sentence splitting, BriefingFromJson on hostile JSON (a parsed
// briefing must render and round-trip), and an extractive briefing of hostile
// papers (split at 0x01, title and abstract at 0x02) that must pass CheckBriefing.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <nlohmann/json.hpp>
#include "brief/extractive.h"
#include "brief/render.h"
#include "core/json.h"
using namespace ah::brief;
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  (void)FindCitations(s);
  (void)SplitSentences(s);
  (void)NeutralizeCitations(s);
  (void)ResultCueScore(s);
  // Through the production reader: nlohmann's own parse builds any depth, and
  // walking a value nested 100,000 deep overflows the stack.
  if (auto j = ah::ReadJson(s)) {
    auto b = BriefingFromJson(*j);
    if (b) {
      (void)RenderMarkdown(*b);
      (void)RenderHtml(*b);
      auto j2 = BriefingToJson(*b);
      (void)j2.dump();
      auto b2 = BriefingFromJson(j2);
      if (!b2) abort();
    }
  }
  if (!s.empty() && (s[0] == '{' || s[0] == '[')) return 0;
  BriefInput in;
  in.lang = size % 2 ? "zh" : "en";
  size_t start = 0;
  int k = 0;
  while (start <= s.size() && in.papers.size() < 12) {
    size_t end = s.find('\x01', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view chunk = s.substr(start, end - start);
    BriefPaper p;
    size_t t = chunk.find('\x02');
    p.title = std::string(chunk.substr(0, t == std::string_view::npos ? chunk.size() : t));
    if (t != std::string_view::npos) p.abstract = std::string(chunk.substr(t + 1));
    p.field = (k % 3 == 0) ? "cs" : (k % 3 == 1 ? "q-bio" : "");
    p.badge = p.title.substr(0, 5);
    p.url = "https://x/" + std::to_string(k);
    p.id = "id" + std::to_string(k++);
    p.score = double(chunk.size() % 7);
    p.reasons = {p.title};
    in.papers.push_back(std::move(p));
    start = end + 1;
  }
  ExtractiveOptions o;
  o.cluster.bridge_min_similarity = 0.0;
  auto b = WriteExtractiveBriefing(in, o);
  if (!b) abort();
  if (!CheckBriefing(*b)) abort();
  (void)RenderMarkdown(*b);
  (void)RenderHtml(*b);
  auto j3 = BriefingToJson(*b);
  (void)j3.dump();
  if (!BriefingFromJson(j3)) abort();
  return 0;
}
