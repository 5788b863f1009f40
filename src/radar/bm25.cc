#include "radar/bm25.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace ah::radar {
namespace {

std::string JoinAuthors(const std::vector<std::string>& authors) {
  std::string s;
  for (const auto& a : authors) {
    if (!s.empty()) s += " ; ";
    s += a;
  }
  return s;
}

}  // namespace

Bm25Query MakeBm25Query(const FeatureSpace& space, const std::string& text,
                        const Bm25Params& params) {
  std::map<std::string, int> counts;
  for (auto& t : space.TermsOf(text)) ++counts[t];
  Bm25Query q;
  for (auto& [term, qtf] : counts) q.emplace_back(term, (params.k3 + 1) * qtf / (params.k3 + qtf));
  return q;
}

Bm25Index::Bm25Index(const FeatureSpace& space, const std::vector<const Document*>& docs,
                     const Bm25Params& params)
    : space_(&space), params_(params), num_docs_(docs.size()) {
  struct Counts {
    std::unordered_map<std::string, int> tf[3];
    size_t len[3] = {0, 0, 0};
  };
  std::vector<Counts> counts(docs.size());
  double total[3] = {0, 0, 0};
  for (size_t i = 0; i < docs.size(); ++i) {
    const std::string fields[3] = {docs[i]->title, docs[i]->abstract,
                                   JoinAuthors(docs[i]->authors)};
    for (int f = 0; f < 3; ++f) {
      for (auto& t : space.TermsOf(fields[f])) {
        ++counts[i].tf[f][t];
        ++counts[i].len[f];
      }
      total[f] += static_cast<double>(counts[i].len[f]);
    }
  }
  double n = static_cast<double>(std::max<size_t>(docs.size(), 1));
  double avg[3];
  for (int f = 0; f < 3; ++f) avg[f] = std::max(total[f] / n, 1.0);
  const double w[3] = {params.title_weight, params.abstract_weight, params.author_weight};
  for (size_t i = 0; i < docs.size(); ++i) {
    std::unordered_map<std::string, double> tilde;
    for (int f = 0; f < 3; ++f) {
      double norm = 1 - params.b + params.b * static_cast<double>(counts[i].len[f]) / avg[f];
      for (auto& [t, tf] : counts[i].tf[f]) tilde[t] += w[f] * tf / norm;
    }
    for (auto& [t, v] : tilde)
      postings_[t].push_back({static_cast<uint32_t>(i), static_cast<float>(v)});
  }
}

void Bm25Index::Score(const Bm25Query& query, std::vector<double>* scores,
                      std::vector<std::vector<std::string>>* matched) const {
  scores->assign(num_docs_, 0.0);
  if (matched) matched->assign(num_docs_, {});
  if (!space_) return;
  double n = static_cast<double>(space_->num_docs());
  for (const auto& [term, qw] : query) {
    auto it = postings_.find(term);
    if (it == postings_.end()) continue;
    double df = std::min<double>(space_->TermDf(term), n);
    double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
    for (const auto& p : it->second) {
      double tf = p.weighted_tf;
      (*scores)[p.doc] += qw * idf * tf / (params_.k1 + tf);
      if (matched) (*matched)[p.doc].push_back(term);
    }
  }
}

std::vector<std::string> Bm25Index::MatchedTerms(const Bm25Query& query, uint32_t doc) const {
  std::vector<std::string> out;
  for (const auto& [term, qw] : query) {
    auto it = postings_.find(term);
    if (it == postings_.end()) continue;
    // Postings are in document order.
    auto p = std::lower_bound(it->second.begin(), it->second.end(), doc,
                              [](const Posting& x, uint32_t d) { return x.doc < d; });
    if (p != it->second.end() && p->doc == doc) out.push_back(term);
  }
  return out;
}

}  // namespace ah::radar
