#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/ids.h"
#include "core/text.h"
#include "sources/pubmed/pubmed.h"
#include "sources/pubmed/pubmed_internal.h"

namespace ah::sources::pubmed {
namespace {

using internal::OuterXml;
using internal::Plain;
using internal::Text;

int MonthOf(std::string_view s) {
  s = text::Trim(s);
  if (s.empty()) return 0;
  if (s[0] >= '0' && s[0] <= '9') {
    int64_t n = internal::ParseCount(s);
    return n >= 1 && n <= 12 ? static_cast<int>(n) : 0;
  }
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (s.size() < 3) return 0;
  for (int i = 0; i < 12; ++i)
    if (text::IEquals(s.substr(0, 3), kMonths[i])) return i + 1;
  return 0;
}

std::string FormatDate(int64_t y, int m, int64_t d) {
  if (y < 1000 || y > 9999) return "";
  if (m < 1 || m > 12) m = 1;
  date::Ymd ymd{static_cast<int>(y), m, d >= 1 && d <= 31 ? static_cast<int>(d) : 1};
  if (!date::IsValid(ymd)) ymd.day = 1;  // "Feb 30": keep year and month
  return date::Format(ymd);
}

// "2010 Jan-Feb", "1998 Dec-1999 Jan", "2000 Spring", "2001 Jan 15-21" -> first day named.
std::string MedlineDate(std::string_view s) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < s.size() && tokens.size() < 8) {
    auto kind = [](char c) {
      return (c >= '0' && c <= '9') ? 1 : ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? 2 : 0;
    };
    int k = kind(s[i]);
    if (k == 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && kind(s[j]) == k) ++j;
    tokens.push_back(s.substr(i, j - i));
    i = j;
  }
  size_t y = 0;
  while (y < tokens.size() &&
         !(tokens[y].size() == 4 && tokens[y][0] >= '0' && tokens[y][0] <= '9'))
    ++y;
  if (y >= tokens.size()) return "";
  int64_t year = internal::ParseCount(tokens[y]);
  int month = 0;
  int64_t day = 1;
  if (y + 1 < tokens.size() && !(tokens[y + 1][0] >= '0' && tokens[y + 1][0] <= '9')) {
    month = MonthOf(tokens[y + 1]);
    if (month && y + 2 < tokens.size() && tokens[y + 2].size() <= 2) {
      int64_t d = internal::ParseCount(tokens[y + 2]);
      if (d >= 1) day = d;
    }
  }
  return FormatDate(year, month, day);
}

// A date element with Year/Month/Day children (PubDate, ArticleDate, PubMedPubDate),
// Season or MedlineDate. Missing month/day count as 01.
std::string DateOf(pugi::xml_node n) {
  if (!n) return "";
  std::string year = Text(n.child("Year"));
  if (year.empty()) {
    std::string md = Text(n.child("MedlineDate"));
    return md.empty() ? std::string() : MedlineDate(md);
  }
  int month = MonthOf(Text(n.child("Month")));
  if (month == 0) month = MonthOf(Text(n.child("Season")));  // "Jan-Mar"; "Spring" -> 0
  int64_t day = month ? internal::ParseCount(Text(n.child("Day"))) : 1;
  return FormatDate(internal::ParseCount(year), month, day);
}

std::string NormalizeOrcid(std::string_view in) {
  std::string_view s = text::Trim(in);
  for (std::string_view p : {"https://orcid.org/", "http://orcid.org/", "orcid.org/"}) {
    if (s.size() >= p.size() && text::IEquals(s.substr(0, p.size()), p)) s.remove_prefix(p.size());
  }
  std::string digits;
  for (char c : s) {
    if (c == '-') continue;
    if ((c >= '0' && c <= '9') || ((c == 'x' || c == 'X') && digits.size() == 15))
      digits.push_back(c == 'x' ? 'X' : c);
    else
      return "";
  }
  if (digits.size() != 16) return "";
  return digits.substr(0, 4) + "-" + digits.substr(4, 4) + "-" + digits.substr(8, 4) + "-" +
         digits.substr(12, 4);
}

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (s.empty()) return;
  for (const auto& e : v)
    if (e == s) return;
  v.push_back(std::move(s));
}

std::vector<Author> AuthorsOf(pugi::xml_node list) {
  std::vector<Author> out;
  for (pugi::xml_node a : list.children("Author")) {
    if (std::strcmp(a.attribute("ValidYN").value(), "N") == 0) continue;
    Author au;
    std::string last = Text(a.child("LastName"));
    if (last.empty()) {
      au.name = Plain(a.child("CollectiveName"));
    } else {
      std::string fore = Text(a.child("ForeName"));
      if (fore.empty()) fore = Text(a.child("Initials"));
      au.name = fore.empty() ? last : fore + " " + last;
      std::string suffix = Text(a.child("Suffix"));
      if (!suffix.empty()) au.name += " " + suffix;
    }
    if (au.name.empty()) continue;
    for (pugi::xml_node info : a.children("AffiliationInfo"))
      AddUnique(au.affiliations, Plain(info.child("Affiliation")));
    for (pugi::xml_node id : a.children("Identifier")) {
      if (text::IEquals(id.attribute("Source").value(), "ORCID")) {
        au.orcid = NormalizeOrcid(Text(id));
        if (!au.orcid.empty()) break;
      }
    }
    out.push_back(std::move(au));
  }
  return out;
}

// Abstract paragraphs ("LABEL: text") and the AbstractText elements as XML.
void FillAbstract(pugi::xml_node abstract, Paper& p) {
  for (pugi::xml_node t : abstract.children("AbstractText")) {
    p.abstract_raw += OuterXml(t);
    std::string body = Plain(t);
    if (body.empty()) continue;
    std::string label = text::CollapseWhitespace(text::SanitizeUtf8(t.attribute("Label").value()));
    if (!p.abstract.empty()) p.abstract += "\n";
    p.abstract += label.empty() ? body : label + ": " + body;
  }
}

// Abstract (a child of Article / BookDocument); else an OtherAbstract (a child of
// MedlineCitation / BookDocument), English preferred.
pugi::xml_node PickAbstract(pugi::xml_node abstract_parent, pugi::xml_node other_parent) {
  pugi::xml_node abs = abstract_parent.child("Abstract");
  if (abs.child("AbstractText")) return abs;
  pugi::xml_node fallback;
  for (pugi::xml_node o : other_parent.children("OtherAbstract")) {
    if (!o.child("AbstractText")) continue;
    if (text::IEquals(o.attribute("Language").value(), "eng")) return o;
    if (!fallback) fallback = o;
  }
  return fallback;
}

std::string TypeOf(pugi::xml_node list) {
  std::string fallback;
  for (pugi::xml_node t : list.children("PublicationType")) {
    std::string type = Text(t);
    if (type.empty()) continue;
    if (type == "Journal Article" || type == "English Abstract" ||
        text::StartsWith(type, "Research Support")) {
      if (fallback.empty() || type == "Journal Article") fallback = type;
      continue;
    }
    return type;
  }
  return fallback;
}

void FillIds(pugi::xml_node id_list, Paper& p) {
  for (pugi::xml_node id : id_list.children("ArticleId")) {
    std::string_view type = id.attribute("IdType").value();
    if (type == "doi" && p.ids.doi.empty())
      p.ids.doi = ids::NormalizeDoi(Text(id));
    else if (type == "pmc" && p.ids.pmcid.empty())
      p.ids.pmcid = ids::NormalizePmcid(Text(id));
  }
}

std::string HistoryDate(pugi::xml_node history, std::string_view status) {
  for (pugi::xml_node d : history.children("PubMedPubDate")) {
    if (status == d.attribute("PubStatus").value()) {
      std::string s = DateOf(d);
      if (!s.empty()) return s;
    }
  }
  return "";
}

void AddListing(Paper& p, pugi::xml_node history, const ParseContext& ctx) {
  Listing l;
  l.source = ctx.source.empty() ? "pubmed" : ctx.source;
  l.date = HistoryDate(history, "entrez");
  if (l.date.empty()) l.date = HistoryDate(history, "pubmed");
  if (l.date.empty()) l.date = p.published;
  if (l.date.empty()) l.date = ctx.default_date;
  l.announce_type = "published";
  l.channel = p.journal.empty() ? ctx.channel : p.journal;
  p.listings.push_back(std::move(l));
}

Result<Paper> ConvertArticle(pugi::xml_node record, const ParseContext& ctx) {
  pugi::xml_node mc = record.child("MedlineCitation");
  pugi::xml_node pd = record.child("PubmedData");
  Paper p;
  p.ids.pmid = ids::NormalizePmid(Text(mc.child("PMID")));
  if (p.ids.pmid.empty()) return MakeError(Code::kParse, "no PMID");
  pugi::xml_node art = mc.child("Article");
  p.title = Plain(art.child("ArticleTitle"));
  if (p.title.empty()) p.title = Plain(art.child("VernacularTitle"));
  if (p.title.empty()) return MakeError(Code::kParse, "PMID " + p.ids.pmid + ": no title");

  pugi::xml_node journal = art.child("Journal");
  p.journal = Plain(journal.child("Title"));
  for (pugi::xml_node issn : journal.children("ISSN"))
    AddUnique(p.issns, ids::NormalizeIssn(Text(issn)));
  AddUnique(p.issns, ids::NormalizeIssn(Text(mc.child("MedlineJournalInfo").child("ISSNLinking"))));
  pugi::xml_node issue = journal.child("JournalIssue");
  p.volume = Text(issue.child("Volume"));
  p.issue = Text(issue.child("Issue"));
  pugi::xml_node pag = art.child("Pagination");
  std::string start = Text(pag.child("StartPage")), end = Text(pag.child("EndPage"));
  if (!start.empty())
    p.pages = end.empty() || end == start ? start : start + "-" + end;
  else
    p.pages = Text(pag.child("MedlinePgn"));

  FillAbstract(PickAbstract(art, mc), p);
  p.authors = AuthorsOf(art.child("AuthorList"));
  if (!p.authors.empty() && p.authors[0].affiliations.empty())
    AddUnique(p.authors[0].affiliations, Plain(art.child("Affiliation")));  // pre-2013 DTDs
  p.type = TypeOf(art.child("PublicationTypeList"));

  for (pugi::xml_node d : art.children("ArticleDate")) {
    p.published = DateOf(d);
    if (!p.published.empty()) break;
  }
  if (p.published.empty()) p.published = DateOf(issue.child("PubDate"));

  for (pugi::xml_node h : mc.child("MeshHeadingList").children("MeshHeading"))
    AddUnique(p.categories, Plain(h.child("DescriptorName")));
  for (pugi::xml_node kl : mc.children("KeywordList"))
    for (pugi::xml_node k : kl.children("Keyword")) AddUnique(p.categories, Plain(k));

  FillIds(pd.child("ArticleIdList"), p);
  if (p.ids.doi.empty()) {
    for (pugi::xml_node e : art.children("ELocationID")) {
      if (std::strcmp(e.attribute("EIdType").value(), "doi") == 0) {
        p.ids.doi = ids::NormalizeDoi(Text(e));
        if (!p.ids.doi.empty()) break;
      }
    }
  }
  pugi::xml_node history = pd.child("History");
  p.submitted = HistoryDate(history, "received");
  p.url = "https://pubmed.ncbi.nlm.nih.gov/" + p.ids.pmid + "/";
  AddListing(p, history, ctx);
  return p;
}

Result<Paper> ConvertBook(pugi::xml_node record, const ParseContext& ctx) {
  pugi::xml_node bd = record.child("BookDocument");
  Paper p;
  p.ids.pmid = ids::NormalizePmid(Text(bd.child("PMID")));
  if (p.ids.pmid.empty()) return MakeError(Code::kParse, "book: no PMID");
  pugi::xml_node book = bd.child("Book");
  std::string book_title = Plain(book.child("BookTitle"));
  p.title = Plain(bd.child("ArticleTitle"));
  if (p.title.empty())
    p.title = book_title;
  else
    p.journal = book_title;
  if (p.title.empty()) return MakeError(Code::kParse, "book PMID " + p.ids.pmid + ": no title");
  FillAbstract(PickAbstract(bd, bd), p);
  for (pugi::xml_node list : bd.children("AuthorList")) {
    if (text::IEquals(list.attribute("Type").value(), "editors")) continue;
    p.authors = AuthorsOf(list);
    if (!p.authors.empty()) break;
  }
  if (p.authors.empty()) p.authors = AuthorsOf(book.child("AuthorList"));
  p.publisher = Plain(book.child("Publisher").child("PublisherName"));
  p.published = DateOf(book.child("PubDate"));
  p.type = "Book";
  FillIds(bd.child("ArticleIdList"), p);
  FillIds(record.child("PubmedBookData").child("ArticleIdList"), p);
  for (pugi::xml_node kl : bd.children("KeywordList"))
    for (pugi::xml_node k : kl.children("Keyword")) AddUnique(p.categories, Plain(k));
  p.url = "https://pubmed.ncbi.nlm.nih.gov/" + p.ids.pmid + "/";
  AddListing(p, record.child("PubmedBookData").child("History"), ctx);
  return p;
}

}  // namespace

namespace internal {

Result<ParsedPage> ParseEfetch(std::string_view body, const ParseContext& ctx, int64_t* records) {
  if (records) *records = 0;
  const std::string where = Where(ctx);
  pugi::xml_document doc;
  if (auto st = LoadXml(body, where, doc); !st) return Fail(st.error());
  pugi::xml_node root = doc.document_element();
  std::string_view name = root.name();
  if (name == "eFetchResult" || name == "ERROR") {
    std::string msg = name == "ERROR" ? Text(root) : Text(root.child("ERROR"));
    return Fail(ServerError(where, "E-utilities error", msg.empty() ? "(no message)" : msg));
  }
  if (name != "PubmedArticleSet") {
    return MakeError(Code::kParse, where + ": expected a PubmedArticleSet, got <" +
                                       text::SanitizeUtf8(name.substr(0, 64)) + "> at byte " +
                                       std::to_string(root.offset_debug()));
  }
  ParsedPage page;
  int64_t index = 0;
  for (pugi::xml_node rec = root.first_child(); rec; rec = rec.next_sibling()) {
    if (rec.type() != pugi::node_element) continue;
    std::string_view kind = rec.name();
    Result<Paper> paper = MakeError(Code::kInternal, "");
    if (kind == "PubmedArticle")
      paper = ConvertArticle(rec, ctx);
    else if (kind == "PubmedBookArticle")
      paper = ConvertBook(rec, ctx);
    else
      continue;  // DeleteCitation and future additions
    ++index;
    if (paper) {
      page.papers.push_back(std::move(*paper));
    } else {
      page.rejected.emplace_back(paper.error().code, where + ": record " + std::to_string(index) +
                                                         " at byte " +
                                                         std::to_string(rec.offset_debug()) + ": " +
                                                         paper.error().message);
    }
  }
  if (records) *records = index;
  return page;
}

}  // namespace internal

Result<ParsedPage> ParsePubmed(std::string_view body, const ParseContext& ctx) {
  return internal::ParseEfetch(body, ctx, nullptr);
}

}  // namespace ah::sources::pubmed
