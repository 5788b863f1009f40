#include "brief/prompts.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "brief/prose.h"
#include "core/text.h"

namespace ah::brief {
namespace {

// How many hints are shown at most: more would cost tokens without helping.
constexpr size_t kMaxClusterHints = 12;
constexpr size_t kMaxHintTerms = 6;
constexpr size_t kMaxBridgeHints = 10;
constexpr int64_t kMessageOverheadTokens = 8;

// The texts of one language. Templates use {name} placeholders (Fill).
struct Texts {
  const char* intro;         // {radar} {period}
  const char* tasks_full;    // {max_themes}
  const char* tasks_map;     // {part} {parts}
  const char* tasks_reduce;  // final stage
  const char* tasks_merge;   // intermediate reduce level
  const char* rules;
  const char* json_only;
  const char* schema_full;
  const char* schema_partial;
  const char* radar_label;
  const char* period_label;
  const char* papers_label;  // {n}
  const char* part_label;    // {part} {parts}
  const char* clusters_label;
  const char* cluster_line;  // {papers} {terms}
  const char* bridges_label;
  const char* bridge_line;  // {a} {fa} {b} {fb} {terms}
  const char* index_label;
  const char* partials_label;
  const char* write_full;
  const char* write_map;
  const char* write_merge;
  const char* field;
  const char* authors;
  const char* tldr;
  const char* abstract;
  const char* unknown_field;
  const char* et_al;
  const char* retry_intro;
  const char* retry_rules;  // {numbers} {schema}
  const char* tldr_system;
  const char* tldr_user;   // {count}
  const char* tldr_retry;  // {count}
  const char* reader_label;
  const char* reader_description;
  const char* reader_keywords;
  const char* reader_authors;
  const char* reader_seeds;
  const char* reader_liked;
  const char* rising_label;  // {range} {n}
  const char* rising_line;   // {term} {now} {now_total} {now_pct} {before} {before_total}
                             // {before_pct} {papers}
  const char* rising_none;   // {range} {n}
};

constexpr const char* kSchemaFullEn =
    "{\"overview\": \"2-4 sentences on the whole set, with citations [n]\",\n"
    " \"themes\": [{\"title\": \"short title\", \"why\": \"one line on why it matters to this "
    "reader\", \"summary\": \"what these papers found, with "
    "citations [n]\", \"papers\": [1, 2], \"findings\": [\"one concrete finding with its citation "
    "[n]\"]}],\n"
    " \"bridges\": [{\"papers\": [1, 5], \"why\": \"the method, model or dataset both abstracts "
    "name, with citations [n]\"}],\n"
    " \"trends\": [\"a term rising against the radar's earlier weeks, with its counts and "
    "citations [n]\"],\n"
    " \"must_reads\": [{\"paper\": 1, \"why\": \"why to read it first\"}]}";

constexpr const char* kSchemaPartialEn =
    "{\"themes\": [{\"title\": \"short title\", \"why\": \"one line on why it matters to this "
    "reader\", \"summary\": \"what these papers found, with "
    "citations [n]\", \"papers\": [1, 2], \"findings\": [\"one concrete finding with its citation "
    "[n]\"]}],\n"
    " \"bridges\": [{\"papers\": [1, 5], \"why\": \"the method, model or dataset both abstracts "
    "name, with citations [n]\"}],\n"
    " \"trends\": [\"a term rising against the radar's earlier weeks, with its counts and "
    "citations [n]\"]}";

constexpr const char* kSchemaFullZh =
    "{\"overview\": \"2-4 句话概述全部论文，附引用 [n]\",\n"
    " \"themes\": [{\"title\": \"简短标题\", \"why\": \"一句话说明它为何与这位读者相关\", "
    "\"summary\": \"这些论文发现了什么，附引用 [n]\", "
    "\"papers\": [1, 2], \"findings\": [\"一条具体发现，附引用 [n]\"]}],\n"
    " \"bridges\": [{\"papers\": [1, 5], \"why\": \"两篇摘要都提到的方法、模型或数据集，附引用 "
    "[n]\"}],\n"
    " \"trends\": [\"一个相对本雷达此前几周上升的术语，附计数和引用 [n]\"],\n"
    " \"must_reads\": [{\"paper\": 1, \"why\": \"为什么先读它\"}]}";

constexpr const char* kSchemaPartialZh =
    "{\"themes\": [{\"title\": \"简短标题\", \"why\": \"一句话说明它为何与这位读者相关\", "
    "\"summary\": \"这些论文发现了什么，附引用 [n]\", "
    "\"papers\": [1, 2], \"findings\": [\"一条具体发现，附引用 [n]\"]}],\n"
    " \"bridges\": [{\"papers\": [1, 5], \"why\": \"两篇摘要都提到的方法、模型或数据集，附引用 "
    "[n]\"}],\n"
    " \"trends\": [\"一个相对本雷达此前几周上升的术语，附计数和引用 [n]\"]}";

const Texts kEnglish = {
    "You are a research analyst. You write a briefing on new papers for a researcher who "
    "follows the research radar \"{radar}\"{period}.\n",
    "Read the numbered papers below and:\n"
    "1. Group them into themes (at most {max_themes}; a paper may belong to several). For each "
    "theme say concretely what its papers found (methods, results, numbers), not merely what "
    "they study. Order the themes by how closely they match this reader's interests (see "
    "\"About the reader\"), the closest first, and give each a \"why\": one line on why it "
    "matters to this reader, referring to what they said.\n"
    "2. Name the bridges: papers from different fields that rest on the same method, model or "
    "dataset, named in both abstracts, a connection a specialist in one of the fields would "
    "miss. A bridge joins papers of at least two different fields (see each paper's "
    "\"Field\"); shared common words are no bridge.\n"
    "3. Name the trends: terms whose share rises against this radar's earlier weeks, with "
    "their counts (see \"Rising terms\"); none when none is listed.\n"
    "4. Choose the papers to read first (must_reads) for this reader and say why.\n",
    "This is part {part} of {parts} of the papers; the parts are merged later. Read the "
    "numbered papers below and:\n"
    "1. Group them into themes. For each theme say concretely what its papers found (methods, "
    "results, numbers), and in \"why\" why it matters to this reader.\n"
    "2. Name bridges between papers of different fields (see each paper's \"Field\") that rest "
    "on the same method, model or dataset, named in both abstracts.\n"
    "3. Name the trends: terms rising against this radar's earlier weeks, with their counts "
    "(see \"Rising terms\"); none when none is listed.\n",
    "You receive partial analyses (themes, bridges, trends) written from parts of the paper "
    "list, with the papers' global numbers. Merge them into the final briefing:\n"
    "1. Merge themes that overlap; keep the paper numbers exactly as given and keep the "
    "concrete findings.\n"
    "2. Keep the bridges and add bridges between papers of different fields that were in "
    "different parts (see the paper index and the bridge candidates).\n"
    "3. Write the overview and the trends (terms rising against this radar's earlier weeks, "
    "with their counts), order the themes by this reader's interests with a \"why\" each, and "
    "choose the papers to read first (must_reads).\n",
    "You receive partial analyses (themes, bridges, trends) written from parts of the paper "
    "list, with the papers' global numbers. Merge them into one partial analysis: merge themes "
    "that overlap, keep the paper numbers exactly as given, keep the concrete findings and the "
    "bridges.\n",
    "Rules:\n"
    "- Use only the papers given. Cite them inline by number in square brackets, e.g. [3] or "
    "[2][7]. Never cite a number that is not listed; never invent papers, authors or results.\n"
    "- Every theme lists the numbers of its papers in \"papers\" (at least one).\n"
    "- Write every text in English.\n",
    "Answer with one JSON object only: no prose before or after it, no code fence. Schema:\n",
    kSchemaFullEn,
    kSchemaPartialEn,
    "Radar: ",
    "Period: ",
    "Papers ({n}):\n\n",
    "Part {part} of {parts}. ",
    "Candidate clusters (computed from word overlap; hints only, regroup as you see fit):\n",
    "- papers {papers} (terms: {terms})\n",
    "Bridge candidates (papers of different fields naming the same method, model or dataset; "
    "keep only real bridges):\n",
    "- {a} ({fa}) and {b} ({fb}): both name {terms}\n",
    "Paper index:\n",
    "Partial analyses (JSON):\n",
    "Write the briefing as one JSON object now.",
    "Write the partial analysis as one JSON object now.",
    "Write the merged partial analysis as one JSON object now.",
    "Field: ",
    "Authors: ",
    "TL;DR: ",
    "Abstract: ",
    "unknown",
    " et al.",
    "Your previous answer could not be used as it is:\n",
    "Answer again, more strictly:\n"
    "- Cite only these paper numbers: {numbers}. Any other number is an error.\n"
    "- Write every text in English.\n"
    "- Every theme lists at least one of these numbers in \"papers\".\n"
    "- Output one JSON object only, no prose, no code fence, with exactly this schema:\n"
    "{schema}",
    "You write one-sentence TL;DRs of research papers for busy researchers: what the paper does "
    "and what it found, in plain English, one sentence of at most 30 words, no citation, not "
    "starting with \"This paper\". Use only what the title and abstract say.\n"
    "Answer with one JSON object only, no prose, no code fence: "
    "{\"tldr\": [{\"n\": 1, \"text\": \"...\"}]}, one entry per paper, n being the paper's "
    "number below.",
    "Papers ({count}):\n\n",
    "Some TL;DRs were missing or invalid. Write one TL;DR for each of the {count} papers above: "
    "exactly one English sentence each, every n present, JSON only.",
    "About the reader (what they told the radar):\n",
    "- Description: ",
    "- Keywords: ",
    "- Followed authors: ",
    "- Papers they chose as seeds: ",
    "- Papers they liked: ",
    "Rising terms (their share of these {n} papers against this radar's papers of {range}; "
    "base the trends on them):\n",
    "- \"{term}\": {now} of {now_total} papers ({now_pct}) against {before} of {before_total} "
    "({before_pct}); papers {papers}\n",
    "Rising terms: none rises against this radar's {n} papers of {range}; write no trend.\n",
};

const Texts kChinese = {
    "你是一名科研分析员，为关注研究雷达“{radar}”{period}的研究者撰写新论文简报。\n",
    "阅读下列编号论文，并：\n"
    "1. 将论文归为若干主题（最多 {max_themes} "
    "个；一篇论文可属于多个主题）。具体说明每个主题的论文发现了什么（方法、结果、数据），而不只是"
    "“研究了什么”。按与这位读者兴趣的接近程度排列主题（见“关于读者”），最接近的在前，"
    "并为每个主题写一句 \"why\"：结合读者所说，说明它为何与这位读者相关。\n"
    "2. "
    "指出跨领域的桥梁：来自不同领域、却基于两篇摘要都提到的同一方法、模型或数据集的论文——"
    "某一领域的专家容易错过的联系。桥梁至少连接两个不同领域的论文（见每篇论文的“领域”）；"
    "仅有常见词重合不算桥梁。\n"
    "3. 概括趋势：相对本雷达此前几周占比上升的术语，附计数（见“上升的术语”）；未列出则不写。\n"
    "4. 为这位读者选出最值得先读的论文（must_reads），并说明理由。\n",
    "这是全部论文的第 {part} 部分（共 {parts} 部分），各部分稍后合并。阅读下列编号论文，并：\n"
    "1. 将论文归为若干主题，具体说明每个主题的论文发现了什么（方法、结果、数据），并在 \"why\" "
    "中说明它为何与这位读者相关。\n"
    "2. "
    "指出不同领域（见每篇论文的“领域”）之间基于两篇摘要都提到的同一方法、模型或数据集的论文桥梁。\n"
    "3. 概括趋势：相对本雷达此前几周上升的术语，附计数（见“上升的术语”）；未列出则不写。\n",
    "你将收到根据论文列表各部分写出的局部分析（主题、桥梁、趋势），其中使用论文的全局编号。"
    "请将它们合并为最终简报：\n"
    "1. 合并内容重叠的主题；论文编号保持原样，保留具体发现。\n"
    "2. 保留已有桥梁，并补充位于不同部分、来自不同领域的论文之间的桥梁（见论文索引和候选桥梁）。\n"
    "3. 撰写概述和趋势（相对本雷达此前几周上升的术语，附计数），按读者兴趣排列主题并各写一句 "
    "\"why\"，并选出最值得先读的论文（must_reads）。\n",
    "你将收到根据论文列表各部分写出的局部分析（主题、桥梁、趋势），其中使用论文的全局编号。"
    "请将它们合并为一个局部分析：合并内容重叠的主题，论文编号保持原样，保留具体发现和桥梁。\n",
    "规则：\n"
    "- 只使用给出的论文。在正文中用方括号编号引用，如 [3] 或 "
    "[2][7]。不得引用列表之外的编号，不得编造论文、作者或结果。\n"
    "- 每个主题在 \"papers\" 中列出其论文编号（至少一个）。\n"
    "- 所有文字一律用简体中文书写（方法名、专有名词可保留英文）。\n",
    "只输出一个 JSON 对象：前后不要有任何说明文字，不要使用代码块，JSON 键名保持英文。格式：\n",
    kSchemaFullZh,
    kSchemaPartialZh,
    "雷达：",
    "时间：",
    "论文（{n} 篇）：\n\n",
    "第 {part} 部分，共 {parts} 部分。",
    "候选聚类（根据词语重合计算，仅供参考，可自行重新分组）：\n",
    "- 论文 {papers}（关键词：{terms}）\n",
    "候选桥梁（来自不同领域、提到同一方法、模型或数据集的论文；只保留真正的桥梁）：\n",
    "- {a}（{fa}）与 {b}（{fb}）：都提到 {terms}\n",
    "论文索引：\n",
    "局部分析（JSON）：\n",
    "现在输出简报的 JSON 对象。",
    "现在输出局部分析的 JSON 对象。",
    "现在输出合并后的局部分析 JSON 对象。",
    "领域：",
    "作者：",
    "一句话总结：",
    "摘要：",
    "未知",
    " 等",
    "你上一次的回答无法直接使用：\n",
    "请更严格地重新回答：\n"
    "- 只能引用这些论文编号：{numbers}。其他任何编号都是错误。\n"
    "- 所有文字一律用简体中文书写。\n"
    "- 每个主题的 \"papers\" 至少列出上述编号中的一个。\n"
    "- 只输出一个 JSON 对象，不要说明文字，不要代码块，格式严格如下：\n"
    "{schema}",
    "你为忙碌的研究者撰写论文的一句话总结（TL;DR）：论文做了什么、发现了什么。用简体中文，"
    "每篇恰好一句话，不超过 60 个汉字，不加引用，不要以“本文”开头。只依据标题和摘要。\n"
    "只输出一个 JSON 对象，不要说明文字，不要代码块，JSON 键名保持英文："
    "{\"tldr\": [{\"n\": 1, \"text\": \"...\"}]}，每篇论文一项，n 为下面的论文编号。",
    "论文（{count} 篇）：\n\n",
    "有些一句话总结缺失或不合格。请为上面 {count} "
    "篇论文各写一句话总结：每篇恰好一句简体中文，每个 n 都要有，只输出 JSON。",
    "关于读者（他们对雷达的设定）：\n",
    "- 描述：",
    "- 关键词：",
    "- 关注的作者：",
    "- 作为种子的论文：",
    "- 喜欢的论文：",
    "上升的术语（在这 {n} 篇论文中的占比，对比本雷达 {range} 的论文；趋势以此为据）：\n",
    "- “{term}”：{now_total} 篇中 {now} 篇（{now_pct}），此前 {before_total} 篇中 {before} 篇"
    "（{before_pct}）；论文 {papers}\n",
    "上升的术语：相对本雷达 {range} 的 {n} 篇论文，没有上升的术语；不写趋势。\n",
};

const Texts& For(std::string_view lang) { return IsChinese(lang) ? kChinese : kEnglish; }

// Replaces each {key} in `tmpl` by its value; unknown placeholders stay.
std::string Fill(std::string_view tmpl,
                 std::initializer_list<std::pair<std::string_view, std::string>> vars) {
  std::string out;
  out.reserve(tmpl.size() + 64);
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view key = tmpl.substr(i + 1, close - i - 1);
        bool done = false;
        for (const auto& [k, v] : vars) {
          if (k == key) {
            out += v;
            done = true;
            break;
          }
        }
        if (done) {
          i = close + 1;
          continue;
        }
      }
    }
    out += tmpl[i++];
  }
  return out;
}

std::string Period(const BriefInput& in, bool zh) {
  if (in.date_from.empty() && in.date_to.empty()) return "";
  std::string range = in.date_from.empty() || in.date_to.empty() || in.date_from == in.date_to
                          ? (in.date_from.empty() ? in.date_to : in.date_from)
                          : in.date_from + " – " + in.date_to;
  return zh ? "（" + range + "）" : " (" + range + ")";
}

std::string OneLine(std::string_view s) { return text::CollapseWhitespace(s); }

std::string Percent(size_t a, size_t n) {
  if (n == 0) return "0%";
  const double p = 100.0 * double(a) / double(n);
  char buf[32];
  std::snprintf(buf, sizeof buf, p >= 10 || p == 0 ? "%.0f%%" : "%.1f%%", p);
  return buf;
}

// What the reader told the radar, for the model to write for them.
std::string ReaderText(const BriefInput& in, const Texts& t) {
  const Reader& r = in.reader;
  if (r.empty()) return "";
  auto list = [&](const std::vector<std::string>& items, bool quoted) {
    std::string out;
    for (size_t i = 0; i < items.size() && i < 20; ++i) {
      std::string item = TruncateToTokens(OneLine(ReadableText(items[i])), 40);
      out += (i ? "; " : "") + (quoted ? "\"" + item + "\"" : item);
    }
    return out;
  };
  std::string out = t.reader_label;
  if (!text::Trim(r.description).empty())
    out += std::string(t.reader_description) + TruncateToTokens(OneLine(r.description), 200) + "\n";
  if (!text::Trim(r.keywords).empty())
    out += std::string(t.reader_keywords) + TruncateToTokens(OneLine(r.keywords), 100) + "\n";
  if (!r.authors.empty()) out += std::string(t.reader_authors) + list(r.authors, false) + "\n";
  if (!r.seed_titles.empty()) out += std::string(t.reader_seeds) + list(r.seed_titles, true) + "\n";
  if (!r.liked_titles.empty())
    out += std::string(t.reader_liked) + list(r.liked_titles, true) + "\n";
  return out + "\n";
}

const BriefPaper* PaperAt(const BriefInput& in, int number) {
  if (number < 1 || static_cast<size_t>(number) > in.papers.size()) return nullptr;
  return &in.papers[static_cast<size_t>(number - 1)];
}

std::string FieldOf(const BriefInput& in, int number, const Texts& t) {
  const BriefPaper* p = PaperAt(in, number);
  if (p == nullptr || p->field.empty()) return t.unknown_field;
  return OneLine(p->field);
}

std::string JoinTerms(const std::vector<std::string>& terms) {
  std::string out;
  for (size_t i = 0; i < terms.size() && i < kMaxHintTerms; ++i) {
    if (i) out += ", ";
    out += OneLine(terms[i]);
  }
  return out;
}

// Hint lines for the papers in `keep` (all papers when null).
// `with_rising`: the rising terms too (whole-input prompts that write trends).
std::string HintsText(const BriefInput& in, const PromptHints& hints, const Texts& t,
                      const std::set<int>* keep, bool with_rising) {
  auto kept = [&](int n) { return keep == nullptr || keep->count(n) > 0; };
  std::string clusters;
  size_t shown = 0;
  for (const auto& g : hints.clusters) {
    if (shown == kMaxClusterHints) break;
    std::vector<int> papers;
    for (int n : g.papers) {
      if (PaperAt(in, n) != nullptr && kept(n)) papers.push_back(n);
    }
    if (papers.size() < 2) continue;  // a singleton is no grouping hint
    clusters +=
        Fill(t.cluster_line, {{"papers", FormatNumberList(papers)}, {"terms", JoinTerms(g.terms)}});
    ++shown;
  }
  std::string bridges;
  shown = 0;
  for (const auto& b : hints.bridges) {
    if (shown == kMaxBridgeHints) break;
    if (PaperAt(in, b.a) == nullptr || PaperAt(in, b.b) == nullptr || !kept(b.a) || !kept(b.b))
      continue;
    bridges += Fill(t.bridge_line, {{"a", std::to_string(b.a)},
                                    {"fa", FieldOf(in, b.a, t)},
                                    {"b", std::to_string(b.b)},
                                    {"fb", FieldOf(in, b.b, t)},
                                    {"terms", JoinTerms(b.shared_terms)}});
    ++shown;
  }
  // Rising terms: counted over the whole input, for the prompts that write trends.
  std::string rising;
  if (with_rising && !in.earlier.empty()) {
    const std::string range =
        in.earlier_from == in.earlier_to
            ? in.earlier_from
            : in.earlier_from + (IsChinese(in.lang) ? " 至 " : " – ") + in.earlier_to;
    for (const auto& r : hints.rising) {
      rising += Fill(t.rising_line, {{"term", OneLine(r.term)},
                                     {"now", std::to_string(r.now)},
                                     {"now_total", std::to_string(r.now_total)},
                                     {"now_pct", Percent(r.now, r.now_total)},
                                     {"before", std::to_string(r.before)},
                                     {"before_total", std::to_string(r.before_total)},
                                     {"before_pct", Percent(r.before, r.before_total)},
                                     {"papers", FormatNumberList(r.papers)}});
    }
    rising =
        rising.empty()
            ? Fill(t.rising_none, {{"n", std::to_string(in.earlier.size())}, {"range", range}})
            : Fill(t.rising_label, {{"n", std::to_string(in.papers.size())}, {"range", range}}) +
                  rising;
  }
  std::string out;
  if (!clusters.empty()) out += std::string(t.clusters_label) + clusters + "\n";
  if (!bridges.empty()) out += std::string(t.bridges_label) + bridges + "\n";
  if (!rising.empty()) out += rising + "\n";
  return out;
}

std::string Header(const BriefInput& in, const Texts& t) {
  std::string out;
  if (!in.radar.empty()) out += t.radar_label + OneLine(in.radar) + "\n";
  if (!in.date_from.empty() || !in.date_to.empty()) {
    std::string from = in.date_from.empty() ? in.date_to : in.date_from;
    std::string to = in.date_to.empty() ? in.date_from : in.date_to;
    out += t.period_label + (from == to ? from : from + " – " + to) + "\n";
  }
  if (!out.empty()) out += "\n";
  return out + ReaderText(in, t);
}

std::string Intro(const BriefInput& in, const Texts& t, bool zh) {
  return Fill(t.intro, {{"radar", in.radar.empty() ? std::string("-") : OneLine(in.radar)},
                        {"period", Period(in, zh)}});
}

}  // namespace

uint32_t DecodeUtf8(std::string_view s, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  size_t p = *i;
  unsigned char c = byte(p);
  if (c < 0x80) {
    *i = p + 1;
    return c;
  }
  int len = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    *i = p + 1;
    return 0xFFFD;
  }
  if (p + static_cast<size_t>(len) > s.size()) {
    *i = p + 1;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    unsigned char cc = byte(p + static_cast<size_t>(k));
    if ((cc & 0xC0) != 0x80) {
      *i = p + 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *i = p + static_cast<size_t>(len);
  return cp;
}

bool IsCjkLetter(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // extension A
         (cp >= 0x20000 && cp <= 0x2FA1F) ||  // extensions B.., compatibility supplement
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // compatibility ideographs
         (cp >= 0x3040 && cp <= 0x30FF) ||    // hiragana, katakana
         (cp >= 0xAC00 && cp <= 0xD7AF);      // hangul syllables
}

bool IsCjk(uint32_t cp) {
  return IsCjkLetter(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

bool IsChinese(std::string_view lang) {
  return lang.size() >= 2 && (lang[0] == 'z' || lang[0] == 'Z') &&
         (lang[1] == 'h' || lang[1] == 'H');
}

int64_t EstimateTokens(std::string_view text) {
  int64_t cjk = 0, other = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (IsCjk(DecodeUtf8(text, &i))) {
      ++cjk;
    } else {
      ++other;
    }
  }
  return cjk + (other + 3) / 4;
}

std::string TruncateToTokens(std::string_view text, int64_t max_tokens) {
  if (EstimateTokens(text) <= max_tokens) return std::string(text);
  if (max_tokens <= 0) return "…";
  // Walk code points, spending the budget as EstimateTokens counts it.
  int64_t budget4 = max_tokens * 4;  // in quarter tokens
  size_t i = 0, cut = 0, last_space = std::string_view::npos;
  while (i < text.size()) {
    size_t start = i;
    uint32_t cp = DecodeUtf8(text, &i);
    int64_t cost = IsCjk(cp) ? 4 : 1;
    if (budget4 < cost) break;
    budget4 -= cost;
    if (cp == ' ') last_space = start;
    cut = i;
  }
  // Prefer a word boundary when it loses little (Latin text).
  bool at_boundary = cut >= text.size() || text[cut] == ' ';
  if (!at_boundary && last_space != std::string_view::npos && last_space > cut / 2) {
    cut = last_space;
  }
  std::string out(text::Trim(text.substr(0, cut)));
  out += "…";
  return out;
}

std::string FormatNumberList(std::vector<int> numbers) {
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  std::string out;
  for (size_t i = 0; i < numbers.size();) {
    size_t j = i;
    while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(numbers[i]);
    if (j > i) out += (j == i + 1 ? ", " : "-") + std::to_string(numbers[j]);
    i = j + 1;
  }
  return out;
}

int64_t Prompt::EstimatedTokens() const {
  return EstimateTokens(system) + EstimateTokens(user) + 2 * kMessageOverheadTokens;
}

std::string FormatPaper(const BriefPaper& paper, int number, std::string_view lang,
                        const PaperFormat& format) {
  const Texts& t = For(lang);
  std::string out = "[" + std::to_string(number) + "] " + OneLine(ReadableText(paper.title)) + "\n";
  out += std::string("    ") + t.field +
         (paper.field.empty() ? std::string(t.unknown_field) : OneLine(paper.field));
  if (!paper.badge.empty()) out += " · " + OneLine(paper.badge);
  if (!paper.date.empty()) out += " · " + OneLine(paper.date);
  out += "\n";
  if (!paper.authors.empty()) {
    out += std::string("    ") + t.authors;
    size_t shown = std::min(paper.authors.size(), std::max<size_t>(format.max_authors, 1));
    for (size_t i = 0; i < shown; ++i) {
      if (i) out += ", ";
      out += OneLine(paper.authors[i]);
    }
    if (shown < paper.authors.size()) out += t.et_al;
    out += "\n";
  }
  if (!paper.tldr.empty()) out += std::string("    ") + t.tldr + OneLine(paper.tldr) + "\n";
  if (!paper.abstract.empty()) {
    // Readable: no markup, no reference markers a model could take for citations.
    out += std::string("    ") + t.abstract +
           TruncateToTokens(OneLine(ReadableText(paper.abstract)), format.abstract_tokens) + "\n";
  }
  return out;
}

Prompt BuildBriefPrompt(const BriefInput& input, const PromptHints& hints,
                        const PaperFormat& format) {
  const bool zh = IsChinese(input.lang);
  const Texts& t = For(input.lang);
  size_t max_themes = std::clamp<size_t>(input.papers.size() / 2, 1, 6);
  Prompt p;
  p.system = Intro(input, t, zh) +
             Fill(t.tasks_full, {{"max_themes", std::to_string(max_themes)}}) + t.rules +
             t.json_only + t.schema_full;
  p.user = Header(input, t) + Fill(t.papers_label, {{"n", std::to_string(input.papers.size())}});
  for (size_t i = 0; i < input.papers.size(); ++i) {
    p.user += FormatPaper(input.papers[i], static_cast<int>(i + 1), input.lang, format) + "\n";
  }
  p.user += HintsText(input, hints, t, nullptr, true);
  p.user += t.write_full;
  return p;
}

Prompt BuildMapPrompt(const BriefInput& input, const std::vector<int>& numbers, int part, int parts,
                      const PromptHints& hints, const PaperFormat& format) {
  const bool zh = IsChinese(input.lang);
  const Texts& t = For(input.lang);
  std::set<int> keep(numbers.begin(), numbers.end());
  std::string part_s = std::to_string(part), parts_s = std::to_string(parts);
  Prompt p;
  p.system = Intro(input, t, zh) + Fill(t.tasks_map, {{"part", part_s}, {"parts", parts_s}}) +
             t.rules + t.json_only + t.schema_partial;
  p.user = Header(input, t) + Fill(t.part_label, {{"part", part_s}, {"parts", parts_s}}) +
           Fill(t.papers_label, {{"n", std::to_string(keep.size())}});
  for (int n : numbers) {
    if (const BriefPaper* paper = PaperAt(input, n)) {
      p.user += FormatPaper(*paper, n, input.lang, format) + "\n";
    }
  }
  p.user += HintsText(input, hints, t, &keep, false);
  p.user += t.write_map;
  return p;
}

Prompt BuildReducePrompt(const BriefInput& input, const std::vector<int>& index,
                         std::string_view partials_json, const PromptHints& hints, bool final_stage,
                         size_t title_chars) {
  const bool zh = IsChinese(input.lang);
  const Texts& t = For(input.lang);
  size_t max_themes = std::clamp<size_t>(input.papers.size() / 2, 1, 6);
  Prompt p;
  p.system = Intro(input, t, zh) + (final_stage ? t.tasks_reduce : t.tasks_merge) + t.rules +
             t.json_only + (final_stage ? t.schema_full : t.schema_partial);
  if (final_stage) {
    p.system += zh ? "\n最多 " + std::to_string(max_themes) + " 个主题。"
                   : "\nAt most " + std::to_string(max_themes) + " themes.";
  }
  p.user = Header(input, t) + Fill(t.papers_label, {{"n", std::to_string(index.size())}});
  std::set<int> keep;
  for (int n : index) {
    const BriefPaper* paper = PaperAt(input, n);
    if (paper == nullptr || !keep.insert(n).second) continue;
    std::string title = OneLine(paper->title);
    if (title.size() > title_chars)
      title = TruncateToTokens(title, static_cast<int64_t>(title_chars / 4));
    p.user += "[" + std::to_string(n) + "] " + title + (zh ? "（" : " (") + t.field +
              FieldOf(input, n, t) + (zh ? "）\n" : ")\n");
  }
  p.user += "\n";
  p.user += t.partials_label;
  p.user += std::string(partials_json) + "\n\n";
  p.user += HintsText(input, hints, t, &keep, final_stage);
  p.user += final_stage ? t.write_full : t.write_merge;
  return p;
}

std::string BuildRetryMessage(std::string_view lang, const std::vector<std::string>& violations,
                              const std::vector<int>& valid_numbers, bool partial) {
  const Texts& t = For(lang);
  std::string out = t.retry_intro;
  size_t shown = 0;
  for (const auto& v : violations) {
    if (shown++ == 12) {
      out += "- …\n";
      break;
    }
    out += "- " + OneLine(v) + "\n";
  }
  out += Fill(t.retry_rules, {{"numbers", FormatNumberList(valid_numbers)},
                              {"schema", partial ? t.schema_partial : t.schema_full}});
  return out;
}

Prompt BuildTldrPrompt(const std::vector<const BriefPaper*>& papers, std::string_view lang,
                       const PaperFormat& format) {
  const Texts& t = For(lang);
  Prompt p;
  p.system = t.tldr_system;
  p.user = Fill(t.tldr_user, {{"count", std::to_string(papers.size())}});
  for (size_t i = 0; i < papers.size(); ++i) {
    BriefPaper shown = *papers[i];
    shown.tldr.clear();  // a TL;DR is what we ask for, never an input
    p.user += FormatPaper(shown, static_cast<int>(i + 1), lang, format) + "\n";
  }
  return p;
}

std::string BuildTldrRetryMessage(std::string_view lang, const std::vector<std::string>& problems,
                                  int count) {
  const Texts& t = For(lang);
  std::string out;
  for (const auto& pr : problems) out += "- " + OneLine(pr) + "\n";
  out += Fill(t.tldr_retry, {{"count", std::to_string(count)}});
  return out;
}

}  // namespace ah::brief
