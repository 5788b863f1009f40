#include "radar/corpus.h"

namespace ah::radar {

Document DocumentFromPaper(const Paper& paper) {
  Document d;
  d.id = paper.key.empty() ? paper.ids.arxiv : paper.key;
  d.title = paper.title;
  d.abstract = paper.abstract;
  for (const auto& a : paper.authors) d.authors.push_back(a.name);
  d.date = !paper.submitted.empty()  ? paper.submitted
           : !paper.listings.empty() ? paper.listings.front().date
                                     : paper.published;
  d.categories = paper.categories;
  return d;
}

Corpus::Corpus(std::vector<Document> docs) : docs_(std::move(docs)) {
  index_.reserve(docs_.size());
  for (uint32_t i = 0; i < docs_.size(); ++i) index_.emplace(docs_[i].id, i);
}

std::optional<uint32_t> Corpus::Find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

}  // namespace ah::radar
