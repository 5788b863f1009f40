#include "cli/render.h"

#include <algorithm>
#include <map>
#include <utility>

#include "core/date.h"
#include "core/text.h"
#include "store/view_json.h"

namespace ah::cli {
namespace {

// Every string from the library goes through this before a terminal sees it:
// a library ingested before control characters were stripped at ingest may
// still hold escape sequences (clear screen, window title, hyperlinks).
std::string Esc(const std::string& s) { return text::EscapeControls(s); }

// The listing that best explains why the paper is on `date`'s feed.
const Listing* ListingOn(const Paper& p, const std::string& date) {
  const Listing* best = nullptr;
  for (const auto& l : p.listings) {
    if (!date.empty() && l.date != date) continue;
    if (!best || (best->announce_type != "new" && l.announce_type == "new")) best = &l;
  }
  if (!best && !p.listings.empty()) best = &p.listings.back();
  return best;
}

std::string AnnounceLabel(const std::string& type) {
  if (type == "new") return "new";
  if (type == "cross") return "cross-list";
  if (type == "replace") return "replaced";
  if (type == "replace-cross") return "replaced cross-list";
  return type;
}

std::string AuthorLine(const Paper& p, size_t max_names) {
  std::string s;
  for (size_t i = 0; i < p.authors.size() && i < max_names; ++i) {
    if (i) s += ", ";
    s += p.authors[i].name;
  }
  if (p.authors.size() > max_names) s += " et al. (" + std::to_string(p.authors.size()) + " authors)";
  return s;
}

// Truncates at a UTF-8 boundary near `max` bytes, on a word boundary.
std::string Truncate(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = s.rfind(' ', max);
  if (cut == std::string::npos || cut < max / 2) cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + " …";
}

}  // namespace

std::string Wrap(const std::string& text, int width, int indent) {
  std::string out, line;
  std::string pad(indent, ' ');
  auto flush = [&] {
    out += pad + line + "\n";
    line.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') {
      if (!line.empty()) flush();
      ++i;
      continue;
    }
    size_t j = text.find_first_of(" \n", i);
    if (j == std::string::npos) j = text.size();
    std::string word = text.substr(i, j - i);
    // Column width in code points, not bytes.
    auto cols = [](const std::string& s) {
      int n = 0;
      for (unsigned char c : s) n += (c & 0xC0) != 0x80;
      return n;
    };
    if (!line.empty() && cols(line) + 1 + cols(word) > width - indent) flush();
    if (!word.empty()) line += (line.empty() ? "" : " ") + word;
    i = (j < text.size() && text[j] == ' ') ? j + 1 : j;
  }
  if (!line.empty()) flush();
  return out;
}

std::string HumanBytes(int64_t bytes) {
  char buf[32];
  if (bytes >= (1 << 20)) std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1048576.0);
  else if (bytes >= 1024) std::snprintf(buf, sizeof buf, "%.0f KB", bytes / 1024.0);
  else std::snprintf(buf, sizeof buf, "%lld bytes", static_cast<long long>(bytes));
  return buf;
}

void PrintCard(std::FILE* out, int number, const store::PaperView& v, const std::string& date,
               const CardStyle& style) {
  const Paper& p = v.paper;
  const Listing* l = ListingOn(p, date);
  std::string badge = Esc(l ? store::SourceBadge(*l) : std::string("library"));
  std::string when = Esc(l ? l->date : p.published);
  std::string kind = Esc(l ? AnnounceLabel(l->announce_type) : "");
  if (l && (l->announce_type == "replace" || l->announce_type == "replace-cross")) {
    // As the web's card: an update names the version it brings.
    int version = 1;
    for (const auto& ver : p.versions) version = std::max(version, ver.number);
    kind = "updated v" + std::to_string(version) +
           (l->announce_type == "replace-cross" ? " (cross-list)" : "");
  }
  const std::string key = Esc(p.key);
  std::fprintf(out, "[%d] %s · %s%s%s · %s\n", number, badge.c_str(), when.c_str(),
               kind.empty() ? "" : " · ", kind.c_str(), key.c_str());
  std::fputs(Wrap(Esc(p.title), style.width, 4).c_str(), out);
  std::string authors = Esc(AuthorLine(p, 8));
  if (!authors.empty()) std::fputs(Wrap(authors, style.width, 4).c_str(), out);
  std::string abs = Esc(style.full_abstract ? p.abstract : Truncate(p.abstract, 420));
  if (!abs.empty()) std::fputs(Wrap(abs, style.width, 4).c_str(), out);
  std::fputc('\n', out);
}

namespace {

// "1 paper", "2 papers".
std::string Count(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "4 new, 22 cross-lists, 1 replaced", in the order a day lists them.
std::string TypeCounts(const std::map<std::string, int>& by_type) {
  std::vector<std::pair<std::string, int>> types(by_type.begin(), by_type.end());
  std::stable_sort(types.begin(), types.end(), [](const auto& a, const auto& b) {
    return service::AnnounceTypeRank(a.first) < service::AnnounceTypeRank(b.first);
  });
  std::string out;
  for (const auto& [type, n] : types) {
    if (n <= 0) continue;
    const size_t count = static_cast<size_t>(n);
    std::string part;
    if (type == "new" || type == "published")
      part = Count(count, type, type);
    else if (type == "cross")
      part = Count(count, "cross-list", "cross-lists");
    else if (type == "replace")
      part = Count(count, "replaced", "replaced");
    else if (type == "replace-cross")
      part = Count(count, "replaced cross-list", "replaced cross-lists");
    else if (type.empty())
      part = Count(count, "listed", "listed");
    else
      part = Count(count, type, type);
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

}  // namespace

std::string DayHeadline(const service::DayListing& day, const std::string& source,
                        const std::string& category) {
  std::string line = std::string(date::WeekdayName(day.date)) + " " + day.date + " — ";
  const std::string counts = TypeCounts(day.by_type);
  if (day.total == 0) {
    line += "no papers";
  } else if (day.papers.size() < day.total) {
    line += "showing " + std::to_string(day.papers.size()) + " of " +
            Count(day.total, "paper", "papers") + (counts.empty() ? "" : " (" + counts + ")");
  } else {
    line += Count(day.total, "paper", "papers") + (counts.empty() ? "" : ": " + counts);
  }
  if (!source.empty()) line += " · source " + source;
  if (!category.empty()) line += " · category " + category;
  return Esc(line);
}

void PrintDetails(std::FILE* out, const store::PaperView& v) {
  const Paper& p = v.paper;
  std::fprintf(out, "%s\n", Esc(p.key).c_str());
  std::fputs(Wrap(Esc(p.title), 100, 0).c_str(), out);
  std::fputc('\n', out);
  for (const auto& a : p.authors) {
    std::string line = "  " + a.name;
    if (!a.affiliations.empty()) {
      line += " (";
      for (size_t i = 0; i < a.affiliations.size(); ++i) line += (i ? "; " : "") + a.affiliations[i];
      line += ")";
    }
    std::fprintf(out, "%s\n", Esc(line).c_str());
  }
  std::fputc('\n', out);
  std::fputs(Wrap(Esc(p.abstract), 100, 0).c_str(), out);
  std::fputc('\n', out);
  auto field = [&](const char* name, const std::string& value) {
    if (!value.empty()) std::fprintf(out, "%-16s %s\n", name, Esc(value).c_str());
  };
  // Journal, MeSH and OpenAlex categories hold spaces ("Magnetic Resonance
  // Imaging"): separated as arXiv lists subjects, and wrapped under the label.
  std::string cats;
  for (const auto& c : p.categories) cats += (cats.empty() ? "" : "; ") + c;
  if (p.categories.empty())
    cats = p.primary_category;
  else if (!p.primary_category.empty() && p.categories.size() > 1)
    cats += " (primary " + p.primary_category + ")";
  if (!cats.empty()) {
    std::string wrapped = Wrap(Esc(cats), 100, 17);
    std::fprintf(out, "%-16s %s", "categories", wrapped.c_str() + 17);
  }
  field("arXiv", p.ids.arxiv);
  field("DOI", p.ids.doi);
  field("PMID", p.ids.pmid);
  field("PMCID", p.ids.pmcid);
  field("OpenAlex", p.ids.openalex);
  field("journal", p.journal);
  field("journal ref", p.journal_ref);
  if (!p.published_doi.empty())
    field("published as", p.published_doi + (v.published_version_key.empty() ? "" : " (in library: " +
                                                                                          v.published_version_key + ")"));
  field("preprint", v.preprint_key);
  field("submitted", p.submitted);
  field("updated", p.updated);
  field("published", p.published);
  field("license", p.license);
  field("comments", p.comments);
  field("url", p.url);
  field("pdf", p.pdf_url);
  for (const auto& ver : p.versions)
    std::fprintf(out, "%-16s v%d %s\n", "version", ver.number, Esc(ver.date).c_str());
  for (const auto& l : p.listings)
    std::fprintf(out, "%-16s %s %s %s\n", "listed", Esc(l.date).c_str(),
                 Esc(store::SourceBadge(l)).c_str(), Esc(AnnounceLabel(l.announce_type)).c_str());
}

namespace {

template <typename T, typename Message>
void Summarise(std::FILE* out, const char* label, const char* plural, const std::vector<T>& v,
               Message message) {
  constexpr size_t kMaxShown = 20;
  for (size_t i = 0; i < v.size() && i < kMaxShown; ++i) {
    std::fprintf(out, "%s: %s\n", label, Esc(message(v[i])).c_str());
  }
  if (v.size() > kMaxShown)
    std::fprintf(out, "... and %zu more %s\n", v.size() - kMaxShown, plural);
}

}  // namespace

void PrintSummarised(std::FILE* out, const char* label, const char* plural,
                     const std::vector<Error>& errors) {
  Summarise(out, label, plural, errors,
            [](const Error& e) -> const std::string& { return e.message; });
}

void PrintSummarised(std::FILE* out, const char* label, const char* plural,
                     const std::vector<std::string>& messages) {
  Summarise(out, label, plural, messages,
            [](const std::string& s) -> const std::string& { return s; });
}

void PrintJsonArray(std::FILE* out, const std::vector<store::PaperView>& views, bool pretty) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& v : views) arr.push_back(store::PaperViewToJson(v));
  std::string s = arr.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fputs(s.c_str(), out);
  std::fputc('\n', out);
}

}  // namespace ah::cli
