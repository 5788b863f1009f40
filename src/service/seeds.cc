#include "service/seeds.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "core/text.h"
#include "imports/match.h"
#include "imports/references.h"
#include "search/query.h"

namespace ah::service {
namespace {

constexpr size_t kMaxImportBytes = 64u << 20;
constexpr size_t kTitleHits = 10;         // candidates of the title's phrase
constexpr size_t kWordHits = 20;          // candidates of the title's words
constexpr size_t kMaxSearchWords = 12;    // words of the second look-up
constexpr size_t kMinSearchWords = 3;     // fewer: the second look-up is not specific enough
constexpr size_t kMinTitleOnlyWords = 4;  // a title matched without authors to compare

size_t WordCount(const std::string& key) {
  return key.empty() ? 0 : 1 + static_cast<size_t>(std::count(key.begin(), key.end(), ' '));
}

search::Node TitleNode(search::Node::Kind kind, std::string text) {
  search::Node n;
  n.kind = kind;
  n.field = search::Field::kTitle;
  n.text = std::move(text);
  return n;
}

search::Query QueryOf(search::Node root) {
  search::Query q;
  q.has_root = true;
  q.root = std::move(root);
  q.raw = "(seed title look-up)";
  return q;
}

// The paper among `hits` with the entry's title and an author in common (see seeds.h).
std::string PickByTitle(const std::vector<store::PaperView>& hits, const imports::Reference& ref,
                        const std::string& want) {
  for (const auto& v : hits) {
    if (imports::TitleMatchKey(v.paper.title) != want) continue;
    std::vector<std::string> names;
    for (const auto& a : v.paper.authors) names.push_back(a.name);
    if (ref.authors.empty() || names.empty()) {
      if (WordCount(want) >= kMinTitleOnlyWords) return v.paper.key;
      continue;
    }
    if (imports::AuthorsOverlap(ref.authors, names)) return v.paper.key;
  }
  return std::string();
}

// Looks an entry up by its ids, then by title and authors; sets `via`.
Result<std::string> FindEntry(store::Store& store, const imports::Reference& ref,
                              std::string& via) {
  const std::pair<const char*, std::string> ids[] = {
      {"arxiv", ref.arxiv},
      {"doi", ref.doi.empty() ? std::string() : "doi:" + ref.doi},
      {"pmid", ref.pmid.empty() ? std::string() : "pmid:" + ref.pmid}};
  for (const auto& [what, id] : ids) {
    if (id.empty()) continue;
    auto got = store.Get(id);
    if (!got) return Fail(got.error());
    if (*got) {
      via = what;
      return (*got)->paper.key;
    }
  }
  const std::string want = imports::TitleMatchKey(ref.title);
  if (want.empty()) return std::string();
  // The title's phrase first; then, for spellings the full-text index folds differently
  // ("Krueger" / "Krüger", TeX accents in arXiv titles), the title's plain words.
  auto hits =
      store.Search(QueryOf(TitleNode(search::Node::Kind::kPhrase,
                                     std::string(imports::WithoutVersionQualifier(ref.title)))),
                   kTitleHits, 0);
  if (!hits) return Fail(hits.error());
  std::string key = PickByTitle(*hits, ref, want);
  if (key.empty() && imports::HasVariantSpelling(ref.title)) {
    std::vector<std::string> words = imports::TitleSearchWords(ref.title, kMaxSearchWords);
    if (words.size() >= kMinSearchWords) {
      search::Node all;
      all.kind = search::Node::Kind::kAnd;
      for (std::string& w : words)
        all.children.push_back(TitleNode(search::Node::Kind::kTerm, std::move(w)));
      hits = store.Search(QueryOf(std::move(all)), kWordHits, 0);
      if (!hits) return Fail(hits.error());
      key = PickByTitle(*hits, ref, want);
    }
  }
  if (!key.empty()) via = "title";
  return key;
}

std::string Describe(const imports::Reference& ref) {
  std::string d = "entry " + std::to_string(ref.index + 1);
  if (!ref.label.empty()) d += " '" + ref.label + "'";
  if (ref.line > 0) d += " (line " + std::to_string(ref.line) + ")";
  return d;
}

}  // namespace

Result<SeedImport> ImportSeeds(store::Store& store, const std::string& path,
                               const std::string& format) {
  if (!imports::ParseRefFormat(format))
    return MakeError(Code::kInvalidArgument,
                     "unknown import format '" + format + "' (auto, bibtex, ris, csl-json)");
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(Code::kNotFound, path + ": cannot open the file");
  std::string body;
  {
    std::ostringstream ss;
    ss << in.rdbuf();
    body = ss.str();
  }
  return MatchSeeds(store, path, body, format);
}

Result<SeedImport> MatchSeeds(store::Store& store, std::string_view origin, std::string_view body,
                              const std::string& format) {
  const std::string where(origin);
  auto fmt = imports::ParseRefFormat(format);
  if (!fmt)
    return MakeError(Code::kInvalidArgument,
                     "unknown import format '" + format + "' (auto, bibtex, ris, csl-json)");
  if (body.size() > kMaxImportBytes)
    return MakeError(Code::kTooLarge, where + ": larger than 64 MiB");
  if (*fmt == imports::RefFormat::kAuto) fmt = imports::DetectRefFormat(body, where);
  auto parsed = imports::ParseReferences(body, where, *fmt);
  if (!parsed) return Fail(parsed.error());
  SeedImport out;
  out.warnings = parsed->warnings;
  out.entries = parsed->refs.size();
  std::unordered_map<std::string, size_t> first_of;  // key -> index in refs of its first entry
  size_t not_found = 0, repeats = 0;
  for (size_t k = 0; k < parsed->refs.size(); ++k) {
    const imports::Reference& ref = parsed->refs[k];
    SeedEntry entry{ref.index, ref.line, ref.label, ref.title, "", ""};
    auto key = FindEntry(store, ref, entry.via);
    if (!key) return Fail(key.error());
    entry.key = *key;
    out.lookups.push_back(std::move(entry));
    if (key->empty()) {
      if (++not_found > kMaxNotFoundWarnings) continue;
      std::string what = ref.arxiv.empty() ? "" : "arXiv " + ref.arxiv;
      if (!ref.doi.empty()) what += (what.empty() ? "" : ", ") + std::string("doi ") + ref.doi;
      if (!ref.pmid.empty()) what += (what.empty() ? "" : ", ") + std::string("pmid ") + ref.pmid;
      if (what.empty()) what = "title \"" + ref.title + "\"";
      out.warnings.push_back(where + ": " + Describe(ref) + ": not in the library (" + what + ")");
      continue;
    }
    ++out.found;
    auto [it, first] = first_of.try_emplace(*key, k);
    if (first) {
      out.keys.push_back(*key);
    } else if (++repeats <= kMaxRepeatWarnings) {
      out.warnings.push_back(where + ": " + Describe(ref) + ": the same paper as " +
                             Describe(parsed->refs[it->second]) + " (" + *key + ")");
    }
  }
  if (repeats > kMaxRepeatWarnings)
    out.warnings.push_back(where + ": ... and " + std::to_string(repeats - kMaxRepeatWarnings) +
                           " more entries repeat a paper found for an earlier entry");
  if (not_found > kMaxNotFoundWarnings)
    out.warnings.push_back(where + ": ... and " + std::to_string(not_found - kMaxNotFoundWarnings) +
                           " more entries not in the library");
  return out;
}

}  // namespace ah::service
