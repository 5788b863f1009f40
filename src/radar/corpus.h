// What the radar knows of a paper, and a library of them (pure, in memory).
// The store fills a Corpus from its papers (id, title, abstract, authors,
// date, categories); the radar never reads anything else.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/paper.h"

namespace ah::radar {

struct Document {
  std::string id;                    // library key (arXiv id for arXiv papers)
  std::string title;                 // plain text
  std::string abstract;              // plain text, LaTeX as typed
  std::vector<std::string> authors;  // display names
  std::string date;                  // YYYY-MM-DD first version / announcement; may be empty
  // Used only by a radar's category include/exclude filters and their
  // explanation, never by any scorer. The evaluation leaves it empty.
  std::vector<std::string> categories;
  // Listing sources ("arxiv", "biorxiv"), for a radar query's src: only.
  std::vector<std::string> sources = {};
  // ORCID iD of each author ("" unknown), parallel to `authors`; may be
  // shorter (empty when the source gives none).
  std::vector<std::string> orcids = {};
};

// Takes the fields the radar uses from a stored Paper.
Document DocumentFromPaper(const Paper& paper);

// An immutable list of documents with an id index. Corpora made by Extend
// share their unchanged documents, so that a long-lived process can keep the
// library's next corpus beside the current one cheaply. Not thread-safe to
// mutate; const access is thread-safe.
class Corpus {
 public:
  Corpus() = default;
  explicit Corpus(std::vector<Document> docs);

  // `base` with `changed` applied: a document whose id base has replaces it at
  // its index, the others are appended in their order (a later one of the same
  // id wins). *changed_index receives the index of each changed document,
  // ascending and distinct. Unchanged documents are shared with `base`.
  static Corpus Extend(const Corpus& base, std::vector<Document> changed,
                       std::vector<uint32_t>* changed_index);

  size_t size() const { return docs_.size(); }
  const Document& operator[](size_t i) const { return *docs_[i]; }
  // Index of the document with this id, or nullopt.
  std::optional<uint32_t> Find(std::string_view id) const;

 private:
  std::vector<std::shared_ptr<const Document>> docs_;
  std::unordered_map<std::string, uint32_t> index_;
};

}  // namespace ah::radar
