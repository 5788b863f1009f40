#include "brief/extractive.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "brief/bridges.h"
#include "brief/prose.h"
#include "brief/reader.h"
#include "brief/render.h"
#include "brief/trends.h"
#include "core/text.h"

namespace ah::brief {
namespace {

constexpr int kMaxFindingsPerTheme = 3;
constexpr size_t kMaxTitleChars = 90;
constexpr size_t kMaxBridgeQuote = 160;

// Abbreviations after which a period does not end a sentence (lower case, without the period).
constexpr std::string_view kAbbreviations =
    "al approx ca cf dr e.g eg eq eqs et fig figs i.e ie inc jr mr mrs ms no nos pp prof ref "
    "refs resp sec st viz vs";

// Result cues, matched on the lower-cased sentence. Strong cues report a
// result by themselves; weak ones only with a number or another cue.
constexpr std::string_view kStrongCues =
    "we show|we find|we found|we demonstrate|we observe|we observed|we identified|"
    "we identify|results show|results demonstrate|results indicate|results reveal|"
    "results suggest|outperform|state-of-the-art|state of the art|significantly|achiev|"
    "surpass|improv|speedup|better than|hazard ratio|odds ratio|confirm|superior to";
constexpr std::string_view kWeakCues =
    "reduc|increas|faster|higher|lower|accuracy|auc|dice|p <|p<|p =|fold|reveal|predict|"
    "associated with|correlat|enhanc|%|percent|gain";

// Contribution cues: the sentence says what the paper does.
constexpr std::string_view kContributionCues =
    "we propose|we present|we introduce|we develop|here we|in this work|in this paper|"
    "this study|we investigate|we study|we examine|we evaluate|we analy|this paper|we report|"
    "we describe|we design|we build|this work|we apply";

// The parts of a list written as one string.
std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool IsZh(std::string_view lang) { return text::StartsWith(text::FoldForSearch(lang), "zh"); }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Whether the period at s[i] belongs to an abbreviation or an initial.
bool AbbreviationAt(std::string_view s, size_t i) {
  size_t start = i;
  while (start > 0 && !IsSpace(s[start - 1]) && s[start - 1] != '(' && s[start - 1] != '[') --start;
  std::string word = LowerAscii(s.substr(start, i - start));
  if (word.empty()) return false;
  for (auto a : Split(kAbbreviations, ' '))
    if (a == word) return true;
  // A single capital letter: an initial ("C. elegans", "J. Smith").
  std::string_view raw = s.substr(start, i - start);
  return raw.size() == 1 && std::isupper(static_cast<unsigned char>(raw[0]));
}

// Whether a sentence may start at s[j].
bool StartsSentence(std::string_view s, size_t j) {
  if (j >= s.size()) return true;
  unsigned char c = static_cast<unsigned char>(s[j]);
  return std::isupper(c) || std::isdigit(c) || c == '$' || c == '(' || c == '"' || c == '[' ||
         c == '\'' || c >= 0x80;
}

std::string Clean(std::string_view s) { return text::CollapseWhitespace(s); }

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool space = IsSpace(c);
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

bool HasAny(std::string_view lower, std::string_view cues) {
  for (auto c : Split(cues, '|'))
    if (lower.find(c) != std::string_view::npos) return true;
  return false;
}

// UTF-8-safe shortening to about `max` bytes, with an ellipsis. It may cut math
// open: neutralise after shortening, never before.
std::string Shorten(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  size_t space = s.rfind(' ', cut);
  if (space != std::string_view::npos && space > max / 2) cut = space;
  return std::string(text::Trim(s.substr(0, cut))) + "…";
}

std::string Cite(int n) { return "[" + std::to_string(n) + "]"; }

// The sentence with its citation before the final punctuation: "... cells [3]."
std::string CiteSentence(std::string_view sentence, int n) {
  std::string s(text::Trim(sentence));
  for (std::string_view end : {"。", "！", "？"})
    if (text::EndsWith(s, end))
      return s.substr(0, s.size() - end.size()) + Cite(n) + std::string(end);
  if (!s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?')) {
    char last = s.back();
    s.pop_back();
    return s + " " + Cite(n) + last;
  }
  return s + " " + Cite(n);
}

std::string Quote(std::string_view s, bool) { return "“" + std::string(s) + "”"; }

std::string Plural(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// Joins terms: "a, b and c" / "“a”“b”“c”".
std::string JoinTerms(const std::vector<std::string>& terms, bool zh) {
  std::string out;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (!zh && i > 0) out += i + 1 == terms.size() ? " and " : ", ";
    out += Quote(terms[i], zh);
  }
  return out;
}

struct Sentence {
  std::string text;
  size_t paper = 0;  // 0-based
  size_t index = 0;  // position in the abstract
};

struct ThemeWork {
  std::vector<size_t> members;  // 0-based, radar order
  SparseVector centroid;
  std::string title;
  double interest = 0;  // ThemeInterest
};

std::string ThemeTitle(const Cluster& c, const BriefInput& input, bool zh) {
  // The theme's key phrase, and a second one when it is a phrase or a name
  // too (a lone second word mostly adds noise: "Image segmentation, exhibit").
  std::vector<std::string> terms;
  for (const auto& t : c.terms) {
    if (terms.size() == 2) break;
    bool phrase = t.find(' ') != std::string::npos ||
                  std::any_of(t.begin() + (t.empty() ? 0 : 1), t.end(),
                              [](char ch) { return std::isupper(static_cast<unsigned char>(ch)); });
    // A second term repeating a word of the first adds nothing ("LLM-powered
    // autonomous, autonomous agents").
    bool repeats = false;
    if (!terms.empty())
      for (const auto& w : text::SplitTrim(LowerAscii(t), ' '))
        for (const auto& v : text::SplitTrim(LowerAscii(terms[0]), ' '))
          repeats = repeats || w == v;
    if (terms.empty() || (phrase && !repeats)) terms.push_back(t);
  }
  if (terms.empty())
    return NeutralizeCitations(Shorten(Clean(input.papers[size_t(c.papers[0] - 1)].title), 60));
  std::string out;
  for (size_t i = 0; i < terms.size(); ++i) out += (i ? (zh ? "、" : ", ") : "") + terms[i];
  if (!zh && !out.empty() && std::islower(static_cast<unsigned char>(out[0])))
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return NeutralizeCitations(out);
}

// The paper's field as a researcher names it ("cs.CL", "q-bio.GN", "biorxiv:genomics").
std::string FieldName(const BriefPaper& p) {
  std::string field = Clean(p.field);
  return NeutralizeCitations(field.empty() ? Clean(p.badge) : field);
}

}  // namespace

std::vector<std::string> SplitSentences(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  auto emit = [&](size_t end) {
    std::string s = Clean(text.substr(start, end - start));
    if (!s.empty()) out.push_back(std::move(s));
    start = end;
  };
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '$' && !Escaped(text, i)) {
      size_t end = MathEnd(text, i);
      i = end == std::string_view::npos ? i + 1 : end;
      continue;
    }
    std::string_view rest = text.substr(i);
    if (rest.starts_with("。") || rest.starts_with("！") || rest.starts_with("？")) {
      i += 3;
      emit(i);
      continue;
    }
    if (c == '.' || c == '!' || c == '?') {
      size_t j = i + 1;
      while (j < text.size() && (text[j] == '.' || text[j] == '!' || text[j] == '?')) ++j;
      // Closing quotes and brackets stay with the sentence.
      while (j < text.size() && (text[j] == ')' || text[j] == '"' || text[j] == '\'')) ++j;
      while (text.substr(j).starts_with("”") || text.substr(j).starts_with("’")) j += 3;
      bool boundary = j >= text.size() || IsSpace(text[j]);
      if (boundary && c == '.' && j == i + 1 && AbbreviationAt(text, i)) boundary = false;
      if (boundary) {
        size_t k = j;
        while (k < text.size() && IsSpace(text[k])) ++k;
        if (!StartsSentence(text, k)) boundary = false;
      }
      if (boundary) emit(j);
      i = j;
      continue;
    }
    ++i;
  }
  emit(text.size());
  return out;
}

int ResultCueScore(std::string_view sentence) {
  std::string lower = LowerAscii(sentence);
  int strong = 0, weak = 0;
  for (auto cue : Split(kStrongCues, '|'))
    if (lower.find(cue) != std::string::npos) ++strong;
  for (auto cue : Split(kWeakCues, '|'))
    if (lower.find(cue) != std::string::npos) ++weak;
  // A number on its own ("94", "10.2%", "0.97"), not a digit inside a name ("C2CA", "3D").
  bool number = false;
  for (size_t i = 0; i < lower.size() && !number; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(lower[i]))) continue;
    size_t j = i;
    while (j < lower.size() && (std::isdigit(static_cast<unsigned char>(lower[j])) ||
                                lower[j] == '.' || lower[j] == ','))
      ++j;
    bool before = i > 0 && std::isalpha(static_cast<unsigned char>(lower[i - 1]));
    bool after = j < lower.size() && std::isalpha(static_cast<unsigned char>(lower[j]));
    number = !before && !after;
    i = j;
  }
  if (strong == 0 && (weak == 0 || !number)) return 0;
  return 2 * strong + weak + (number ? 1 : 0);
}

std::string NeutralizeCitations(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '$' && !Escaped(text, i)) {
      size_t end = MathEnd(text, i);
      if (end == std::string_view::npos) {
        out += "\xEF\xBC\x84";  // an unclosed '$' would swallow what follows: U+FF04
        ++i;
      } else {
        out.append(text.substr(i, end - i));
        i = end;
      }
      continue;
    }
    out += c;
    ++i;
  }
  for (const auto& span : FindCitations(out)) {
    out[span.begin] = '(';
    out[span.end - 1] = ')';
  }
  return out;
}

Result<Briefing> WriteExtractiveBriefing(const BriefInput& input,
                                         const ExtractiveOptions& options) {
  const size_t n = input.papers.size();
  if (n == 0)
    return MakeError(Code::kInvalidArgument,
                     "extractive briefing of radar \"" + input.radar + "\": no papers");
  const bool zh = IsZh(input.lang);
  Briefing b;
  b.mode = BriefMode::kExtractive;
  b.lang = input.lang;
  b.radar = input.radar;
  b.date_from = input.date_from;
  b.date_to = input.date_to;
  b.papers = input.papers;
  b.model = "extractive";
  b.prompt_version = "extractive-v1";

  PaperVectors vectors = PaperVectors::Build(input, options.embeddings, options.cluster.background);
  std::vector<Cluster> clusters = ClusterPapers(input, vectors, options.cluster);

  // Sentences of every abstract, citation-like brackets neutralised.
  std::vector<std::vector<Sentence>> sentences(n);
  for (size_t p = 0; p < n; ++p) {
    auto parts = ReadableSentences(input.papers[p].abstract);
    for (size_t k = 0; k < parts.size(); ++k)
      sentences[p].push_back(Sentence{NeutralizeCitations(parts[k].text), p, k});
  }

  std::vector<ThemeWork> work;
  for (const Cluster& c : clusters) {
    ThemeWork w;
    for (int x : c.papers) w.members.push_back(static_cast<size_t>(x - 1));
    w.centroid = vectors.Centroid(w.members);
    w.title = ThemeTitle(c, input, zh);
    w.interest = ThemeInterest(input, w.members);
    work.push_back(std::move(w));
  }
  // The themes the radar cares most about first (its scores of their best papers).
  std::stable_sort(work.begin(), work.end(),
                   [](const ThemeWork& a, const ThemeWork& b) { return a.interest > b.interest; });
  std::vector<size_t> theme_of(n, 0);
  for (size_t t = 0; t < work.size(); ++t)
    for (size_t m : work[t].members) theme_of[m] = t;

  size_t per_theme = static_cast<size_t>(std::max(1, options.sentences_per_theme));
  for (size_t t = 0; t < work.size(); ++t) {
    const ThemeWork& w = work[t];
    Theme theme;
    theme.title = w.title;
    theme.why = WhyItMatters(input, vectors, w.members, w.centroid, zh);
    for (size_t m : w.members) theme.papers.push_back(static_cast<int>(m) + 1);

    // Summary: central sentences, one per paper while papers last.
    struct Scored {
      double score;
      const Sentence* s;
    };
    std::vector<std::vector<Scored>> by_paper;
    for (size_t r = 0; r < w.members.size(); ++r) {
      std::vector<Scored> scored;
      const auto& list = sentences[w.members[r]];
      bool any_fit = std::any_of(list.begin(), list.end(), [](const Sentence& s) {
        size_t words = WordCount(s.text);
        return words >= 6 && words <= 70;
      });
      for (const Sentence& s : list) {
        size_t words = WordCount(s.text);
        if (any_fit && (words < 6 || words > 70)) continue;
        double score = Dot(vectors.TextVector(s.text), w.centroid);
        if (HasAny(LowerAscii(s.text), kContributionCues)) score += 0.15;
        score += 0.1 / double(1 + r);
        scored.push_back(Scored{score, &s});
      }
      std::stable_sort(scored.begin(), scored.end(),
                       [](const Scored& a, const Scored& b) { return a.score > b.score; });
      by_paper.push_back(std::move(scored));
    }
    std::vector<Scored> picked;
    for (size_t round = 0; picked.size() < per_theme; ++round) {
      std::vector<Scored> candidates;
      for (const auto& list : by_paper)
        if (round < list.size()) candidates.push_back(list[round]);
      if (candidates.empty()) break;
      std::stable_sort(candidates.begin(), candidates.end(),
                       [](const Scored& a, const Scored& b) { return a.score > b.score; });
      for (const auto& c : candidates)
        if (picked.size() < per_theme) picked.push_back(c);
    }
    std::sort(picked.begin(), picked.end(), [](const Scored& a, const Scored& b) {
      return std::make_pair(a.s->paper, a.s->index) < std::make_pair(b.s->paper, b.s->index);
    });
    std::set<const Sentence*> used;
    for (const auto& p : picked) {
      if (!theme.summary.empty()) theme.summary += ' ';
      theme.summary += CiteSentence(p.s->text, static_cast<int>(p.s->paper) + 1);
      used.insert(p.s);
    }

    // Findings: the strongest result sentence of each paper, best-ranked papers first.
    for (size_t m : w.members) {
      if (theme.findings.size() >= static_cast<size_t>(kMaxFindingsPerTheme)) break;
      const Sentence* best = nullptr;
      double best_score = 0;
      for (const Sentence& s : sentences[m]) {
        if (used.count(&s) || WordCount(s.text) < 5) continue;
        int cues = ResultCueScore(s.text);
        if (cues < 2) continue;
        double score = cues + 2.0 * Dot(vectors.TextVector(s.text), w.centroid);
        if (score > best_score) {
          best_score = score;
          best = &s;
        }
      }
      if (best) theme.findings.push_back(CiteSentence(best->text, static_cast<int>(m) + 1));
    }
    b.themes.push_back(std::move(theme));
  }

  // Bridges: the shared method, model or dataset, and where each abstract names it.
  for (const BridgeCandidate& c : FindBridges(input, vectors, options.cluster)) {
    const BriefPaper& pa = input.papers[size_t(c.a - 1)];
    const BriefPaper& pb = input.papers[size_t(c.b - 1)];
    std::string terms = NeutralizeCitations(JoinTerms(c.shared_terms, zh));
    auto naming = [&](int number) {
      const auto& list = sentences[size_t(number - 1)];
      for (const std::string& term : c.shared_terms) {
        const std::string key = LowerAscii(term);
        for (const Sentence& sent : list) {
          const size_t at = LowerAscii(sent.text).find(key);
          if (at == std::string::npos) continue;
          // The part of the sentence around the term, so that the quote shows it.
          std::string_view from(sent.text);
          std::string lead;
          if (at + key.size() > kMaxBridgeQuote * 3 / 4) {
            size_t start = at > kMaxBridgeQuote / 3 ? at - kMaxBridgeQuote / 3 : 0;
            while (start > 0 && (static_cast<unsigned char>(from[start]) & 0xC0) == 0x80) --start;
            size_t space = from.find(' ', start);
            if (space != std::string_view::npos && space < at) start = space + 1;
            from = from.substr(start);
            lead = "…";
          }
          return Quote(lead + NeutralizeCitations(Shorten(from, kMaxBridgeQuote)), zh);
        }
      }
      return Quote(NeutralizeCitations(
                       Shorten(Clean(input.papers[size_t(number - 1)].title), kMaxTitleChars)),
                   zh);
    };
    Bridge bridge;
    bridge.papers = {c.a, c.b};
    if (zh) {
      bridge.why = "两篇论文都基于" + terms + "——" + FieldName(pa) + "：" + naming(c.a) + " " +
                   Cite(c.a) + "；" + FieldName(pb) + "：" + naming(c.b) + " " + Cite(c.b) + "。";
    } else {
      bridge.why = "Both rest on " + terms + " — in " + FieldName(pa) + ": " + naming(c.a) + " " +
                   Cite(c.a) + "; in " + FieldName(pb) + ": " + naming(c.b) + " " + Cite(c.b) + ".";
    }
    b.bridges.push_back(std::move(bridge));
  }

  // Trends: terms whose share rises against the radar's earlier weeks.
  for (const Trend& t : RisingTerms(input, vectors, options.trends))
    b.trends.push_back(TrendText(t, input, zh));

  // Must-reads: radar score and centrality to the paper's theme.
  if (options.must_reads > 0) {
    double lo = 0, hi = 0;
    bool seen = false;
    for (const auto& p : input.papers) {
      if (!std::isfinite(p.score)) continue;
      lo = seen ? std::min(lo, p.score) : p.score;
      hi = seen ? std::max(hi, p.score) : p.score;
      seen = true;
    }
    bool use_score = seen && hi - lo > 1e-12;
    std::vector<std::pair<double, size_t>> ranked;
    std::vector<double> central(n, 0.0);
    for (size_t i = 0; i < n; ++i) {
      double s = input.papers[i].score;
      double radar =
          use_score ? (std::isfinite(s) ? (s - lo) / (hi - lo) : 0.0) : 1.0 - double(i) / double(n);
      central[i] = std::max(0.0, Dot(vectors.Row(i), work[theme_of[i]].centroid));
      ranked.emplace_back(0.7 * radar + 0.3 * central[i], i);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t k = 0; k < ranked.size() && k < size_t(options.must_reads); ++k) {
      size_t i = ranked[k].second;
      const BriefPaper& p = input.papers[i];
      std::string theme = Quote(work[theme_of[i]].title, zh);
      char score[32];
      std::snprintf(score, sizeof score, "%.2f", std::isfinite(p.score) ? p.score : 0.0);
      std::string why;
      if (zh) {
        why = "雷达排名第 " + std::to_string(i + 1) + "（得分 " + score + "）；" +
              (central[i] >= 0.3 ? "是主题" + theme + "的核心论文。" : "属于主题" + theme + "。");
      } else {
        why = "Radar rank #" + std::to_string(i + 1) + " (score " + score + "); " +
              (central[i] >= 0.3 ? "central to the theme " : "in the theme ") + theme + ".";
      }
      if (!p.reasons.empty() && !text::Trim(p.reasons[0]).empty())
        why += (zh ? " 雷达理由：" : " Radar: ") + NeutralizeCitations(Clean(p.reasons[0])) +
               (zh ? "。" : ".");
      b.must_reads.push_back(MustRead{static_cast<int>(i) + 1, std::move(why)});
    }
  }

  // Overview.
  std::vector<std::string> fields;
  for (const auto& p : input.papers) {
    std::string f = Clean(p.field);
    if (!f.empty() && std::find(fields.begin(), fields.end(), f) == fields.end())
      fields.push_back(f);
  }
  std::string field_list;
  for (size_t i = 0; i < fields.size() && i < 6; ++i)
    field_list += (i ? (zh ? "、" : ", ") : "") + fields[i];
  if (fields.size() > 6)
    field_list += zh ? " 等" : ", and " + std::to_string(fields.size() - 6) + " more";
  field_list = NeutralizeCitations(field_list);
  std::string top =
      Quote(NeutralizeCitations(Shorten(Clean(input.papers[0].title), kMaxTitleChars)), zh);
  std::string ov;
  if (zh) {
    ov = "本抽取式简报涵盖 " + std::to_string(n) + " 篇论文";
    if (!fields.empty())
      ov += "，来自 " + std::to_string(fields.size()) + " 个领域（" + field_list + "）";
    ov += "，分为 " + std::to_string(work.size()) + " 个主题：";
    for (size_t t = 0; t < work.size(); ++t)
      ov += (t ? "；" : "") + Quote(work[t].title, true) + "（" +
            std::to_string(work[t].members.size()) + " 篇，如 " +
            Cite(int(work[t].members[0]) + 1) + "）";
    ov += "。雷达排名最高的论文是" + top + " " + Cite(1) + "。";
  } else {
    ov = "This extractive briefing covers " + Plural(n, "paper", "papers");
    if (!fields.empty())
      ov += " from " + Plural(fields.size(), "field", "fields") + " (" + field_list + ")";
    ov += " in " + Plural(work.size(), "theme", "themes") + ": ";
    for (size_t t = 0; t < work.size(); ++t)
      ov += (t ? "; " : "") + Quote(work[t].title, false) + " (" +
            Plural(work[t].members.size(), "paper", "papers") + ", e.g. " +
            Cite(int(work[t].members[0]) + 1) + ")";
    ov += ". The radar's top-ranked paper is " + top + " " + Cite(1) + ".";
  }
  b.overview = std::move(ov);

  if (zh) {
    b.notes.push_back(
        "抽取式简报：未使用语言模型。主题按其特征词标注，摘要与发现摘自论文摘要原文，"
        "跨领域桥梁为不同领域中相似的论文对。");
    // The quoted sentences are in the papers' language: say so, not leave a
    // reader of a Chinese briefing to wonder why its findings are English.
    b.notes.push_back(
        "注意：TL;DR、摘要与发现均摘自论文原文（多为英文），未经翻译；"
        "配置语言模型后可生成中文撰写的简报。");
    if (vectors.uses_embeddings()) b.notes.push_back("相似度结合了 tf-idf 与给定的向量表示。");
  } else {
    b.notes.push_back(
        "Extractive briefing: no language model was used. Themes are labelled by their "
        "characteristic terms, summaries and findings are sentences quoted from the abstracts, "
        "bridges are similar papers from different fields.");
    if (vectors.uses_embeddings())
      b.notes.push_back("Similarity combines tf-idf with the given embeddings.");
  }
  // Why there are no trends (after the note on how this briefing was written).
  if (b.trends.empty()) {
    const std::string range = input.earlier_from.empty()
                                  ? std::string()
                                  : input.earlier_from + (zh ? " 至 " : " – ") + input.earlier_to;
    if (input.earlier.size() < options.trends.min_earlier) {
      b.notes.insert(b.notes.begin() + 1,
                     zh ? "趋势需要本雷达此前几周的论文作比较：此前论文不足。"
                        : "Trends need this radar's earlier weeks to compare with: too few "
                          "earlier papers in the library.");
    } else {
      b.notes.insert(b.notes.begin() + 1,
                     zh ? "与本雷达此前的 " + std::to_string(input.earlier.size()) + " 篇论文（" +
                              range + "）相比，没有明显上升的术语。"
                        : "No term rises against this radar's " +
                              std::to_string(input.earlier.size()) + " earlier papers (" + range +
                              ").");
    }
  }
  if (auto s = CheckBriefing(b); !s) return Fail(s.error().Wrap("extractive briefing"));
  return b;
}

}  // namespace ah::brief
