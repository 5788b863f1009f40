// Theme labels: the key phrases of a group of papers (PaperVectors members
// that choose terms; the vectors themselves are built in cluster.cc).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "brief/cluster.h"
#include "brief/prose.h"
#include "radar/features.h"
#include "radar/tokenizer.h"

namespace ah::brief {
namespace {

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Words that do not name a topic on their own (a label needs a noun phrase:
// "real-world deployment", "robust tracking", not "Real" or "Robust"), and the
// generic nouns and verbs of abstracts ("tool", "agent", "reveals", "findings").
constexpr std::string_view kNotALabel =
    "real world end general large small high low multiple single human robust efficient "
    "strong good main early fast open deep modern long short full free hard easy common "
    "complex rich diverse unified joint dynamic static global local fine grained scalable "
    "reliable accurate controllable interpretable explainable practical automatic automated "
    "automatically towards toward beyond without within across among many several first second "
    "one two three four five six ten likely able highly wide widely generic standard typical "
    "natural critical central core overall total whole entire specific generalizable "
    "reveal reveals carry carries support supports facilitate facilitates overcome overcomes "
    "finding findings source sources stage stages parameter parameters baseline baselines log "
    "increasingly system systems setting settings process processes review research health "
    "image images dataset datasets data evaluation evaluations set sets model models tool tools "
    "agent agents language languages learning analysis framework frameworks pipeline pipelines "
    "problem problems issue issues solution solutions design designs quality accuracy "
    "efficiency capability capabilities ability abilities behavior behaviour information "
    "knowledge benchmark benchmarks task tasks application applications user users case cases "
    "step steps level stage output outputs input inputs signal signals feature features object "
    "objects structure structures representation representations training inference test "
    "testing generation prediction predictions understanding reasoning detection control "
    "optimization network networks algorithm algorithms experiment experiments question "
    "questions answer answers content context time times number numbers rate rates error "
    "errors score scores metric metrics cost costs size scale space type types form forms "
    "goal goals target targets region regions domain domains field fields area areas value "
    "values point points pattern patterns strategy strategies mechanism mechanisms module "
    "modules component components layer layers unit units group groups class classes "
    "practice practices trade off cue cues text texts bet bets column columns";

// Names of the models papers evaluate, not of what they are about ("Claude
// Haiku", "GPT-5").
constexpr std::string_view kEvaluatedModels =
    "claude haiku sonnet opus gpt gemini qwen llama mistral deepseek chatgpt openai anthropic "
    "grok kimi glm phi gemma";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsNameLike(std::string_view display) {
  // "LLM", "CLIP", "GPT-4o", "nnU-Net", "MRI", "3D": capitals after the first
  // letter, or digits with letters.
  bool upper_inside = false, digit = false, alpha = false;
  for (size_t i = 0; i < display.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(display[i]);
    if (std::isdigit(c)) digit = true;
    if (std::isalpha(c)) alpha = true;
    if (i > 0 && std::isupper(c)) upper_inside = true;
  }
  return upper_inside || (digit && alpha);
}

// The suffixes of adjectives ("clinical", "multimodal", "faithful"): such a
// word names a topic only with its noun.
bool AdjectiveForm(std::string_view word) {
  for (std::string_view suffix : {"al", "ic", "ive", "ous", "ful", "ary", "ible", "able"})
    if (word.size() > suffix.size() + 3 && word.substr(word.size() - suffix.size()) == suffix)
      return true;
  return false;
}

// A word form that rarely names a topic alone: adverbs, participles, gerunds
// ("automatically", "controlled", "Quantifying").
bool VerbalForm(std::string_view word) {
  auto ends = [&](std::string_view suffix) {
    return word.size() > suffix.size() + 2 && word.substr(word.size() - suffix.size()) == suffix;
  };
  return ends("ly") || ends("ed") || ends("ing");
}

}  // namespace

void PaperVectors::ComputeSpecificity(const TermStats* background) {
  const size_t nf = space_ ? space_->num_features() : 0;
  library_idf_.assign(nf, 1.0);
  specificity_.assign(nf, 0.5);
  if (background == nullptr) return;
  for (uint32_t f = 0; f < nf; ++f) {
    double idf = 0, spec = 0;
    for (auto term : Words(space_->FeatureName(f))) {
      double share = background->DocFraction(term);
      // A word the library has not seen is as specific as the rarest.
      if (!(share >= 0)) share = 0;
      share = std::clamp(share, 1e-4, 1.0);
      // A bigram is as specific as its rarer word, and a little more.
      idf = std::max(idf, std::log(1.0 / share) + 1.0);
      spec = std::max(spec, std::min(1.0, -std::log10(share) / 4.0));
    }
    if (space_->FeatureName(f).find(' ') != std::string::npos) {
      idf += 0.5;
      spec = std::min(1.0, spec + 0.1);
    }
    library_idf_[f] = idf;
    specificity_[f] = spec;
  }
}

std::vector<std::string> PaperVectors::CharacteristicTerms(const std::vector<size_t>& papers,
                                                           size_t max_terms) const {
  std::vector<std::string> out;
  if (!space_ || papers.empty() || max_terms == 0) return out;
  struct In {
    uint32_t df = 0;      // papers of the group with the term
    uint32_t titles = 0;  // ... in their titles
    double weight = 0;    // summed tf-idf weight
  };
  std::unordered_map<uint32_t, In> in;
  size_t m = 0;
  for (size_t i : papers) {
    if (i >= n_) continue;
    ++m;
    const SparseVector& r = rows_[i];
    for (size_t k = 0; k < r.cols.size(); ++k) {
      In& e = in[r.cols[k]];
      e.df += 1;
      e.weight += r.vals[k];
      if (i < title_cols_.size() &&
          std::binary_search(title_cols_[i].begin(), title_cols_[i].end(), r.cols[k]))
        e.titles += 1;
    }
  }
  if (m == 0) return out;
  std::vector<std::pair<double, uint32_t>> scored;
  for (const auto& [f, e] : in) {
    if (!Labelable(f)) continue;
    const std::string& name = space_->FeatureName(f);
    const bool bigram = name.find(' ') != std::string::npos;
    const double coverage = double(e.df) / double(m);
    // Distinct: more frequent in the group than among the other papers (a term
    // no more frequent here than overall still counts a little, which also
    // decides for one group of all).
    const double lift = coverage / (double(df_[f]) / double(n_));
    const double distinct = 0.2 + std::clamp(std::log(lift), 0.0, 2.0);
    // c-TF-IDF with the library as the collection: coverage in the group x the
    // term's library idf (1 without library statistics, then its weight here decides).
    double score = coverage * distinct * library_idf_[f] + 0.1 * e.weight / double(m);
    score *= 1.0 + 0.5 * Cohesion(f);
    // Researchers name topics by phrases ("tool calls", "brain MRI") or names
    // ("MCP"); a lone common noun ("Plan", "Backends") says less.
    if (bigram) {
      score *= 1.3;
    } else if (!IsNameLike(Display(f))) {
      score *= 0.5;
    }
    // Titles are written in the noun phrases researchers use.
    score *= 1.0 + double(e.titles) / double(m);
    // A label says what several papers share.
    if (m >= 3 && e.df < 2) score *= 0.3;
    // Modifiers without their noun ("Clinical", "Long-horizon") name a topic
    // less well than a noun phrase.
    if (!continuation_.count(name)) {
      std::string shown = Display(f);
      if (!bigram && !IsNameLike(shown) && AdjectiveForm(Lower(shown))) score *= 0.4;
      if (bigram && shown.find('-') != std::string::npos) score *= 0.5;
    }
    scored.emplace_back(score, f);
  }
  // Terms far below the best one describe the group no more than its neighbours.
  double best = 0;
  for (const auto& [score, f] : scored) best = std::max(best, score);
  std::erase_if(scored, [&](const auto& x) { return x.first < 0.35 * best; });
  for (uint32_t f : PickDiverse(std::move(scored), max_terms)) out.push_back(LabelDisplay(f));
  return out;
}

size_t PaperVectors::num_features() const { return space_ ? space_->num_features() : 0; }

bool PaperVectors::Has(size_t i, uint32_t f) const {
  return i < rows_.size() && std::binary_search(rows_[i].cols.begin(), rows_[i].cols.end(), f);
}

bool PaperVectors::Labelable(uint32_t f) const {
  if (!space_ || f >= space_->num_features() || !keep_[f]) return false;
  static const std::vector<std::string> not_a_label = [] {
    radar::TermMapper mapper(radar::TokenizerOptions{});
    std::vector<std::string> out;
    for (auto w : Words(kNotALabel)) out.push_back(mapper.Map(w));
    std::sort(out.begin(), out.end());
    return out;
  }();
  const std::string& name = space_->FeatureName(f);
  const std::string shown = Display(f);
  if (name.find(' ') == std::string::npos) {
    // A single word labels only when it names something ("MCP", "histopathology"),
    // not when it describes ("Real", "Quantifying") or is half of a phrase.
    if (IsNameLike(shown)) return true;
    return !VerbalForm(Lower(shown)) && !modifier_terms_.count(name) && !verb_terms_.count(name) &&
           !std::binary_search(not_a_label.begin(), not_a_label.end(), name);
  }
  // A phrase that names something, not "systems increasingly" nor "Claude Haiku".
  static const std::vector<std::string> models = [] {
    std::vector<std::string> out;
    for (auto w : Words(kEvaluatedModels)) out.emplace_back(w);
    std::sort(out.begin(), out.end());
    return out;
  }();
  if (auto first = Words(name); !first.empty() && verb_terms_.count(std::string(first[0])))
    return false;  // "accelerate neural", "improve accuracy"
  const std::string lower = Lower(shown);  // Words() views it: it must outlive the loop
  for (auto w : Words(lower)) {
    if (w.size() > 4 && w.ends_with("ly")) return false;
    if (std::binary_search(models.begin(), models.end(), std::string(w))) return false;
  }
  return true;
}

bool PaperVectors::IsModifier(uint32_t f) const {
  return space_ && f < space_->num_features() && modifier_terms_.count(space_->FeatureName(f));
}

bool PaperVectors::IsPhraseOrName(uint32_t f) const {
  if (!space_ || f >= space_->num_features()) return false;
  if (space_->FeatureName(f).find(' ') != std::string::npos) return true;
  const std::string shown = Display(f);
  if (!IsNameLike(shown)) return false;
  static const std::vector<std::string_view> generic =
      Words("ai ml dl llm llms vlm vlms mllm mllms lm lms nlp cv rl api gpu 2d 3d rgb sota qa");
  return std::find(generic.begin(), generic.end(), Lower(shown)) == generic.end();
}

std::vector<uint32_t> PaperVectors::FeaturesOf(std::string_view title,
                                               std::string_view abstract) const {
  std::vector<uint32_t> out;
  if (!space_) return out;
  radar::Document d;
  d.title = ReadableText(title);
  d.abstract = ReadableText(abstract);
  std::vector<float> vals;
  space_->Transform(d, &out, &vals);
  std::erase_if(out, [&](uint32_t f) { return !keep_[f]; });
  return out;
}

std::string PaperVectors::LabelDisplay(uint32_t feature) const {
  std::string shown = Display(feature);
  if (!space_ || feature >= space_->num_features()) return shown;
  auto it = continuation_.find(space_->FeatureName(feature));
  if (it == continuation_.end()) return shown;
  return shown + " " + it->second;
}

}  // namespace ah::brief
