#include "service/seeds.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/text.h"
#include "imports/references.h"
#include "search/query.h"

namespace ah::service {
namespace {

constexpr size_t kMaxImportBytes = 64u << 20;

// Looks an entry up by its ids, then by title + first author; sets `via`.
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
  if (ref.title.empty()) return std::string();
  // Title search: the phrase of the title's words, then an exact normalised match.
  std::string phrase;
  for (char c : ref.title) phrase += (c == '"' || c == '\\') ? ' ' : c;
  auto q = search::ParseQuery("ti:\"" + phrase + "\"");
  if (!q) return std::string();
  auto hits = store.Search(*q, 10, 0);
  if (!hits) return Fail(hits.error());
  const std::string want = text::TitleKey(ref.title);
  for (const auto& v : *hits) {
    if (text::TitleKey(v.paper.title) != want) continue;
    if (!ref.authors.empty() && !v.paper.authors.empty() &&
        text::SurnameKey(ref.authors.front()) != text::SurnameKey(v.paper.authors.front().name))
      continue;
    via = "title";
    return v.paper.key;
  }
  return std::string();
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
  for (const auto& ref : parsed->refs) {
    SeedEntry entry{ref.index, ref.line, ref.label, ref.title, "", ""};
    auto key = FindEntry(store, ref, entry.via);
    if (!key) return Fail(key.error());
    entry.key = *key;
    out.lookups.push_back(std::move(entry));
    if (key->empty()) {
      std::string what = ref.arxiv.empty() ? "" : "arXiv " + ref.arxiv;
      if (!ref.doi.empty()) what += (what.empty() ? "" : ", ") + std::string("doi ") + ref.doi;
      if (!ref.pmid.empty()) what += (what.empty() ? "" : ", ") + std::string("pmid ") + ref.pmid;
      if (what.empty()) what = "title \"" + ref.title + "\"";
      out.warnings.push_back(where + ": " + Describe(ref) + ": not in the library (" + what + ")");
      continue;
    }
    if (std::find(out.keys.begin(), out.keys.end(), *key) == out.keys.end())
      out.keys.push_back(*key);
  }
  return out;
}

}  // namespace ah::service
