#include "brief/bridges.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "brief/prose.h"
#include "core/text.h"
#include "radar/tokenizer.h"

namespace ah::brief {
namespace {

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool In(std::string_view word, std::string_view list) {
  size_t start = 0;
  while (start < list.size()) {
    size_t end = list.find(' ', start);
    if (end == std::string_view::npos) end = list.size();
    if (list.substr(start, end - start) == word) return true;
    start = end + 1;
  }
  return false;
}

// Abbreviations every field uses, and tools rather than methods (lower case).
constexpr std::string_view kGenericNames =
    "ai ml dl llm llms vlm vlms mllm mllms lmm lmms lm lms nlp cv rl sota api apis gpu gpus cpu "
    "cpus tpu 1d 2d 3d 4d rgb rgb-d id ids us usa uk eu qa iou f1 auc auroc map psnr ssim fid "
    "mse rmse mae ood iid sft cot kg dnn dnns ann mlp mlps ii iii iv vi phd ar vr xr iot http "
    "url urls pdf json sql github arxiv pytorch tensorflow python huggingface gpt llama openai "
    "chatgpt mcp ui gui os ai-generated e2e dna rna mrna mirna mirnas lncrna sirna "
    "wer cer bleu rouge meteor chrf comet hd95 hd miou ap ndcg mrr eer acer bpcer apcer fps "
    "flops tflops params and or not if then else all none cnn cnns rnn rnns gan gans vae vaes "
    "lstm lstms";

// Head nouns of method, model and dataset names.
constexpr std::string_view kHeads =
    "network networks model models transformer transformers learning regression splatting "
    "autoencoder autoencoders embedding embeddings attention distillation transport sampling "
    "sampler filter filters filtering search estimation estimator estimators inference "
    "optimization optimisation algorithm algorithms dataset datasets benchmark benchmarks corpus "
    "corpora fields process processes decomposition tomography microscopy sequencing alignment "
    "clustering tracking descent programming kernel kernels forest forests machine machines chain "
    "chains tree trees encoder encoders decoder decoders flow flows quantization pruning "
    "adaptation "
    "retrieval propagation analysis diffusion calculus solver solvers simulation simulations "
    "spectroscopy imaging";

// Modifiers that make no method name: "deep learning", "language model",
// "proposed network".
constexpr std::string_view kGenericModifiers =
    "large deep neural proposed existing our this these their its new novel standard simple "
    "different various several multiple base baseline strong state art prior previous current "
    "recent modern popular pretrained pre trained learned generative foundation language vision "
    "ai machine based end real world general generic single small big first second same other "
    "such each full whole training test data model models learning visual multimodal text "
    "unified efficient effective robust scalable lightweight powerful advanced improved "
    "specialized dedicated typical common conventional classical traditional many more most "
    "open source frontier global local final initial main key reasoning agentic expose exposes "
    "argue argues enable enables outperform outperforms manage manages apply "
    "applies use uses allow allows provide provides improve improves achieve achieves show shows "
    "medical clinical artificial "
    "propose proposes introduce introduces require requires perform performs make makes help "
    "helps train trains learn learns build builds novel";

struct Term {
  std::string shown;  // as written
  std::string key;    // lower case, hyphens as spaces, head singular
  double idf = 1;     // library idf (1 without statistics)
};

std::string Singular(std::string w) {
  if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's') w.pop_back();
  return w;
}

double LibraryIdf(const std::vector<std::string>& words, const TermStats* background,
                  radar::TermMapper& mapper, double* share_out) {
  if (background == nullptr) {
    *share_out = 0;
    return 1;
  }
  double share = 1;
  for (const auto& w : words) {
    std::string t = mapper.Map(text::FoldForSearch(w));
    if (t.empty()) continue;
    double s = background->DocFraction(t);
    if (!(s >= 0)) s = 0;
    share = std::min(share, std::max(s, 1e-4));
  }
  *share_out = share;
  return std::log(1.0 / share) + 1.0;
}

// Tokens with their letters, digits and inner "-", ".", "+".
std::vector<std::pair<std::string_view, size_t>> Tokens(std::string_view s) {
  std::vector<std::pair<std::string_view, size_t>> out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '$') {  // no names inside math
      size_t end = s.find('$', i + 1);
      i = end == std::string_view::npos ? s.size() : end + 1;
      continue;
    }
    if (!IsAlnum(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && (IsAlnum(s[j]) || ((s[j] == '-' || s[j] == '.' || s[j] == '+') &&
                                              j + 1 < s.size() && IsAlnum(s[j + 1]))))
      ++j;
    out.emplace_back(s.substr(i, j - i), i);
    i = j;
  }
  return out;
}

bool NameLike(std::string_view t) {
  bool upper_inside = false, digit = false, alpha = false;
  size_t upper = 0, letters = 0;
  for (size_t k = 0; k < t.size(); ++k) {
    unsigned char c = static_cast<unsigned char>(t[k]);
    if (std::isdigit(c)) digit = true;
    if (std::isalpha(c)) {
      alpha = true;
      ++letters;
    }
    if (std::isupper(c)) {
      ++upper;
      if (k > 0 && t[k - 1] != '-') upper_inside = true;
    }
  }
  if (!alpha) return false;
  return upper_inside || (digit && upper > 0) || (upper >= 2 && upper == letters);
}

std::vector<Term> Extract(std::string_view text, const TermStats* background) {
  std::vector<Term> out;
  std::set<std::string> seen;
  radar::TermMapper mapper(radar::TokenizerOptions{});
  auto add = [&](std::string shown, std::string key, const std::vector<std::string>& words,
                 double max_share) {
    if (!seen.insert(key).second) return;
    double share = 0;
    double idf = LibraryIdf(words, background, mapper, &share);
    if (background != nullptr && share > max_share) return;
    out.push_back(Term{std::move(shown), std::move(key), idf});
  };
  const std::string readable = ReadableText(text);
  const auto tokens = Tokens(readable);
  // Names.
  for (const auto& [t, at] : tokens) {
    if (t.size() < 3 || t.size() > 40 || !NameLike(t)) continue;  // "CI", "DT": ambiguous
    // A period inside a name only between digits ("Qwen2.5"; not "U.S").
    bool bad_dot = false;
    for (size_t k = 1; k + 1 < t.size(); ++k)
      if (t[k] == '.' && !(std::isdigit(static_cast<unsigned char>(t[k - 1])) &&
                           std::isdigit(static_cast<unsigned char>(t[k + 1]))))
        bad_dot = true;
    if (bad_dot) continue;
    std::string key = Lower(t);
    if (In(key, kGenericNames)) continue;
    // A plural of a generic abbreviation ("LLMs") or one with a version ("GPT-4o").
    std::string stem = key;
    while (!stem.empty() && !std::isalpha(static_cast<unsigned char>(stem.back()))) stem.pop_back();
    size_t dash = stem.find_first_of("-.0123456789");
    std::string head = dash == std::string::npos ? stem : stem.substr(0, dash);
    if (In(Singular(stem), kGenericNames) || (!head.empty() && In(head, kGenericNames))) continue;
    std::string word(head.empty() ? key : head);
    // Names match as written: "ReAct" (a method) is not "REACT" (a challenge).
    add(std::string(t), "name:" + std::string(t), {word}, 0.02);
  }
  // Method phrases: one or two words before a head noun, written as a phrase.
  for (size_t k = 1; k < tokens.size(); ++k) {
    std::string head = Lower(tokens[k].first);
    if (!In(head, kHeads)) continue;
    auto joined = [&](size_t a, size_t b) {  // tokens a, b adjacent with one space
      const size_t end = tokens[a].second + tokens[a].first.size();
      return tokens[b].second == end + 1 && readable[end] == ' ';
    };
    auto usable = [&](size_t a) {
      std::string w = Lower(tokens[a].first);
      if (w.size() < 3 || std::all_of(w.begin(), w.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
          }))
        return false;
      // Verbs and adverbs do not name methods ("selecting models", "efficiently manage").
      for (std::string_view suffix : {"ing", "ly", "ed"})
        if (w.size() > suffix.size() + 2 && w.ends_with(suffix)) return false;
      return !mapper.Map(text::FoldForSearch(w)).empty();  // not a stop word
    };
    if (!joined(k - 1, k) || !usable(k - 1)) continue;
    std::vector<size_t> mods = {k - 1};
    if (k >= 2 && joined(k - 2, k - 1) && usable(k - 2)) mods.insert(mods.begin(), k - 2);
    // Drop generic leading modifiers ("large protein language model" -> "protein ...").
    while (mods.size() > 1 && In(Lower(tokens[mods.front()].first), kGenericModifiers))
      mods.erase(mods.begin());
    bool specific = false;
    std::vector<std::string> words;
    for (size_t m : mods) {
      std::string w = Lower(tokens[m].first);
      for (char& c : w)
        if (c == '-') c = ' ';
      bool generic = true;
      for (const auto& part : text::SplitTrim(w, ' '))
        if (!In(part, kGenericModifiers)) generic = false;
      specific = specific || !generic;
      words.push_back(w);
    }
    if (!specific) continue;
    // Families every field uses are no shared method.
    std::string family;
    for (const auto& w : words) family += w + " ";
    family += Singular(head);
    if (family == "convolutional neural network" || family == "artificial neural network" ||
        family == "medical imaging" || family == "medical image" || family == "recurrent neural network" ||
        family == "deep neural network" || family == "convolutional network" ||
        family == "neural network")
      continue;
    const size_t from = tokens[mods.front()].second;
    const size_t to = tokens[k].second + tokens[k].first.size();
    std::string shown = readable.substr(from, to - from);
    std::string key;
    for (const auto& w : words) key += w + " ";
    key += Singular(head);
    add(std::move(shown), std::move(key), words, 0.05);
  }
  return out;
}

std::string Archive(std::string_view field) {
  std::string f = Lower(text::Trim(field));
  size_t dot = f.find('.');
  return dot == std::string::npos ? f : f.substr(0, dot);
}

}  // namespace

std::vector<std::string> NamedTerms(std::string_view text, const TermStats* background) {
  std::vector<std::string> out;
  for (auto& t : Extract(text, background)) out.push_back(std::move(t.shown));
  return out;
}

std::vector<BridgeCandidate> FindBridges(const BriefInput& input,
                                         const std::vector<std::vector<float>>& embeddings,
                                         const ClusterOptions& options) {
  return FindBridges(input, PaperVectors::Build(input, embeddings, options.background), options);
}

std::vector<BridgeCandidate> FindBridges(const BriefInput& input, const PaperVectors& vectors,
                                         const ClusterOptions& options) {
  std::vector<BridgeCandidate> out;
  const size_t n = std::min(input.papers.size(), vectors.size());
  if (options.max_bridges == 0 || n < 2) return out;
  std::vector<std::string> field(n);
  std::vector<std::set<std::string>> listed(n);
  std::vector<std::map<std::string, Term>> terms(n);
  for (size_t i = 0; i < n; ++i) {
    const BriefPaper& p = input.papers[i];
    field[i] = Lower(text::Trim(p.field));
    for (const auto& c : p.categories) listed[i].insert(Lower(text::Trim(c)));
    listed[i].insert(field[i]);
    for (auto& t : Extract(p.abstract, options.background)) {
      std::string key = t.key;
      terms[i].emplace(std::move(key), std::move(t));
    }
  }
  struct Pair {
    double score;
    double similarity;
    size_t i, j;
    std::vector<std::string> shared;
  };
  std::vector<Pair> pairs;
  for (size_t i = 0; i < n; ++i) {
    if (field[i].empty() || terms[i].empty()) continue;
    for (size_t j = i + 1; j < n; ++j) {
      if (field[j].empty() || field[i] == field[j] || terms[j].empty()) continue;
      // A paper cross-listed in the other's field is no bridge to it.
      if (listed[i].count(field[j]) || listed[j].count(field[i])) continue;
      const double s = vectors.Similarity(i, j);
      if (s < options.bridge_min_similarity) continue;
      std::vector<std::pair<double, std::string>> shared;
      for (const auto& [key, t] : terms[i])
        if (terms[j].count(key)) shared.emplace_back(t.idf, t.shown);
      if (shared.empty()) continue;
      std::sort(shared.begin(), shared.end(),
                [](const auto& a, const auto& b) { return a.first > b.first; });
      double spec = 0;
      for (const auto& x : shared) spec += x.first;
      double score = spec * (Archive(field[i]) != Archive(field[j]) ? 1.5 : 1.0) + 0.5 * s;
      Pair p{score, s, i, j, {}};
      for (size_t k = 0; k < shared.size() && k < 4; ++k) p.shared.push_back(shared[k].second);
      pairs.push_back(std::move(p));
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) {
    if (x.score != y.score) return x.score > y.score;
    return std::tie(x.i, x.j) < std::tie(y.i, y.j);
  });
  std::vector<bool> used(n, false);
  for (auto& p : pairs) {
    if (out.size() >= options.max_bridges) break;
    if (used[p.i] || used[p.j]) continue;
    used[p.i] = used[p.j] = true;
    BridgeCandidate b;
    b.a = static_cast<int>(p.i) + 1;
    b.b = static_cast<int>(p.j) + 1;
    b.similarity = p.similarity;
    b.shared_terms = std::move(p.shared);
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace ah::brief
