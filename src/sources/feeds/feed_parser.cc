// Parser for journal TOC feeds (RSS 0.9x / RSS 1.0 RDF / RSS 2.0 / Atom).
//
// Feeds disagree on namespace prefixes (dc:, dcterms:, prism:, a default Atom
// namespace, or none at all), so elements are looked up by local name. Media RSS
// and iTunes extensions reuse names such as "title", so their prefixes are skipped.
#include <algorithm>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/text.h"
#include "sources/feeds/feed_util.h"
#include "sources/feeds/feeds.h"
#include "sources/feeds/journals.h"

namespace ah::sources::feeds {
namespace {

using internal::ExtractDoi;
using internal::NormalizeFeedDate;
using internal::UrlHost;

std::string Origin(const ParseContext& ctx) { return ctx.origin.empty() ? "<input>" : ctx.origin; }

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool IsExtensionPrefix(const pugi::xml_node& n) {
  std::string_view name = n.name();
  size_t colon = name.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view prefix = name.substr(0, colon);
  return prefix == "media" || prefix == "itunes" || prefix == "georss" || prefix == "slash" ||
         prefix == "feedburner" || prefix == "wfw" || prefix == "sy" || prefix == "googleplay";
}

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

// Text of an element as received: its character data, with any child elements
// (XHTML inside Atom content, stray HTML in a description) serialised as markup.
std::string RawText(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element) {
      StringWriter w;
      c.print(w, "", pugi::format_raw);
      out += w.out;
    }
  }
  return std::string(text::Trim(out));
}

// Plain text for short fields (titles, names, journal, volume...).
std::string Plain(std::string_view raw) { return text::SanitizeUtf8(text::StripMarkup(raw)); }

std::vector<pugi::xml_node> Children(const pugi::xml_node& parent, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c) == local && !IsExtensionPrefix(c))
      out.push_back(c);
  return out;
}

// Raw text of the first child named `local` that has any.
std::string ChildRaw(const pugi::xml_node& parent, std::string_view local) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || LocalName(c) != local || IsExtensionPrefix(c)) continue;
    std::string t = RawText(c);
    if (!t.empty()) return t;
  }
  return "";
}

std::string ChildPlain(const pugi::xml_node& parent, std::string_view local) {
  return Plain(ChildRaw(parent, local));
}

// First parseable date among the children named in `names`, in that order.
std::string FirstDate(const pugi::xml_node& parent, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    for (const pugi::xml_node& c : Children(parent, name)) {
      std::string d = NormalizeFeedDate(Plain(RawText(c)));
      if (!d.empty()) return d;
    }
  }
  return "";
}

bool IsHttp(std::string_view s) { return !UrlHost(s).empty(); }

// RSS <link>text</link> or Atom <link rel="alternate" href="..."/>.
std::string LinkOf(const pugi::xml_node& parent, std::string_view want_rel = "alternate") {
  std::string href_link;
  for (const pugi::xml_node& l : Children(parent, "link")) {
    pugi::xml_attribute href = l.attribute("href");
    if (href) {
      std::string_view rel = l.attribute("rel") ? l.attribute("rel").value() : "alternate";
      if (rel == want_rel && href_link.empty()) href_link = std::string(text::Trim(href.value()));
      continue;
    }
    if (want_rel != "alternate") continue;
    std::string t = text::CollapseWhitespace(RawText(l));
    if (!t.empty()) return t;
  }
  return href_link;
}

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (s.empty()) return;
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

std::vector<std::string> IssnsOf(const pugi::xml_node& parent) {
  std::vector<std::string> out;
  for (std::string_view name : {"issn", "eIssn", "eissn"})
    for (const pugi::xml_node& c : Children(parent, name))
      AddUnique(out, ids::NormalizeIssn(RawText(c)));
  return out;
}

// "bioRxiv Subject Collection: Genomics" -> "genomics".
std::string SubjectFromTitle(std::string_view title) {
  constexpr std::string_view kMarker = "Subject Collection:";
  size_t at = title.find(kMarker);
  if (at == std::string_view::npos) return "";
  std::string s(text::Trim(title.substr(at + kMarker.size())));
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Version from a bioRxiv link ".../2023.12.16.571984v2?rss=1" -> 2; 0 when absent.
int VersionFromLink(std::string_view link) {
  std::string_view path = link.substr(0, link.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  for (std::string_view suffix : {".full.pdf", ".full", ".abstract", ".short"})
    if (text::EndsWith(path, suffix)) path.remove_suffix(suffix.size());
  size_t d = path.size();
  while (d > 0 && path[d - 1] >= '0' && path[d - 1] <= '9') --d;
  if (d == path.size() || path.size() - d > 3 || d < 2 || path[d - 1] != 'v') return 0;
  if (path[d - 2] < '0' || path[d - 2] > '9') return 0;
  int v = 0;
  for (size_t i = d; i < path.size(); ++i) v = v * 10 + (path[i] - '0');
  return v;
}

struct Channel {
  std::string title;
  std::string link;
  std::string self_link;
  std::string publication_name;
  std::string publisher;
  std::string date;
  std::vector<std::string> issns;
  const Journal* journal = nullptr;
  std::string preprint_server;  // "biorxiv" / "medrxiv" / ""
  std::string subject;          // bioRxiv subject collection, lower-case
  std::string source;           // Listing::source
  std::string listing_channel;  // Listing::channel
};

Channel ReadChannel(const pugi::xml_node& channel, const ParseContext& ctx) {
  Channel ch;
  ch.title = text::CollapseWhitespace(ChildPlain(channel, "title"));
  ch.link = LinkOf(channel);
  ch.self_link = LinkOf(channel, "self");
  ch.publication_name = ChildPlain(channel, "publicationName");
  ch.publisher = ChildPlain(channel, "publisher");
  ch.date = FirstDate(channel, {"date", "lastBuildDate", "pubDate", "updated", "publicationDate",
                                "coverDate", "modified"});
  ch.issns = IssnsOf(channel);

  auto server_of = [](std::string_view s) -> std::string {
    std::string f = text::FoldForSearch(s);
    if (f.find("biorxiv") != std::string::npos) return "biorxiv";
    if (f.find("medrxiv") != std::string::npos) return "medrxiv";
    return "";
  };
  const std::string link_host = UrlHost(ch.link);
  const std::string self_host = UrlHost(ch.self_link);
  for (const std::string* s :
       {static_cast<const std::string*>(&ch.publication_name), &link_host, &self_host}) {
    if (!ch.preprint_server.empty()) break;
    ch.preprint_server = server_of(*s);
  }
  if (ch.preprint_server.empty() &&
      (text::StartsWith(ch.title, "bioRxiv") || text::StartsWith(ch.title, "medRxiv")))
    ch.preprint_server = server_of(ch.title.substr(0, 7));
  if (!ch.preprint_server.empty()) ch.subject = SubjectFromTitle(ch.title);

  if (ch.preprint_server.empty()) {
    const Journal* j = nullptr;
    if (!ctx.source.empty()) j = FindJournal(ctx.source);
    for (const std::string* key : {&ctx.origin, static_cast<const std::string*>(&ch.self_link),
                                   static_cast<const std::string*>(&ch.link)}) {
      if (j == nullptr && !key->empty() && key->find('/') != std::string::npos)
        j = FindJournal(*key);
    }
    for (const std::string& issn : ch.issns)
      if (j == nullptr) j = FindJournal(issn);
    if (j == nullptr && !ch.publication_name.empty()) j = FindJournalByName(ch.publication_name);
    if (j == nullptr && !ch.title.empty()) j = FindJournalByName(ch.title);
    ch.journal = j;
  }

  if (!ctx.source.empty())
    ch.source = ctx.source;
  else if (ch.journal != nullptr)
    ch.source = ch.journal->slug;
  else if (!ch.preprint_server.empty())
    ch.source = ch.preprint_server;
  else
    ch.source = Slugify(ch.title);
  if (ch.source.empty()) ch.source = Slugify(UrlHost(ctx.origin));
  if (ch.source.empty()) ch.source = "feed";

  ch.listing_channel =
      !ch.subject.empty() ? ch.subject : (!ch.title.empty() ? ch.title : ctx.channel);
  return ch;
}

std::vector<Author> StructuredAuthors(const pugi::xml_node& item) {
  std::vector<Author> out;
  for (const pugi::xml_node& list : Children(item, "authors")) {
    for (const pugi::xml_node& a : Children(list, "author")) {
      Author author;
      std::string parts;
      for (std::string_view part : {"given_name", "middle_name", "last_name"}) {
        std::string p = ChildPlain(a, part);
        if (p.empty()) continue;
        if (!parts.empty()) parts += ' ';
        parts += p;
      }
      author.name = parts.empty() ? ChildPlain(a, "name") : parts;
      if (author.name.empty()) continue;
      for (const pugi::xml_node& aff : Children(a, "affiliation"))
        AddUnique(author.affiliations, Plain(RawText(aff)));
      author.orcid = internal::ExtractOrcid(ChildRaw(a, "orcid"));
      out.push_back(std::move(author));
    }
  }
  return out;
}

std::vector<Author> AuthorsOf(const pugi::xml_node& item) {
  std::vector<Author> out = StructuredAuthors(item);
  if (!out.empty()) return out;
  auto add_field = [&](const std::string& raw) {
    for (std::string& name : internal::SplitAuthorField(Plain(raw))) {
      Author a;
      a.name = std::move(name);
      out.push_back(std::move(a));
    }
  };
  for (const pugi::xml_node& c : Children(item, "creator")) add_field(RawText(c));
  if (!out.empty()) return out;
  for (const pugi::xml_node& c : Children(item, "author")) {
    pugi::xml_node name;
    for (pugi::xml_node k = c.first_child(); k; k = k.next_sibling())
      if (k.type() == pugi::node_element && LocalName(k) == "name") name = k;
    if (name) {
      Author a;
      a.name = text::CollapseWhitespace(Plain(RawText(name)));
      a.orcid = internal::ExtractOrcid(ChildRaw(c, "uri"));
      if (!a.name.empty()) out.push_back(std::move(a));
    } else {
      add_field(RawText(c));
    }
  }
  return out;
}

std::string AbstractOf(const pugi::xml_node& item) {
  for (std::string_view name : {"encoded", "description", "summary", "content", "abstract"}) {
    std::string raw = ChildRaw(item, name);
    if (!raw.empty()) return raw;
  }
  return "";
}

std::string DoiOf(const pugi::xml_node& item, const std::string& link) {
  std::string doi = ids::NormalizeDoi(ChildRaw(item, "doi"));
  if (!doi.empty()) return doi;
  for (std::string_view name : {"identifier", "doi", "source", "guid", "id"}) {
    for (const pugi::xml_node& c : Children(item, name)) {
      doi = ExtractDoi(RawText(c));
      if (!doi.empty()) return doi;
    }
  }
  return ExtractDoi(link);
}

std::string ItemLink(const pugi::xml_node& item) {
  std::string link = LinkOf(item);
  if (IsHttp(link)) return link;
  std::string url = text::CollapseWhitespace(ChildRaw(item, "url"));
  if (IsHttp(url)) return url;
  for (const pugi::xml_node& g : Children(item, "guid")) {
    std::string_view permalink = g.attribute("isPermaLink").value();
    std::string t = text::CollapseWhitespace(RawText(g));
    if (permalink != "false" && IsHttp(t)) return t;
  }
  for (const pugi::xml_attribute& a : item.attributes()) {
    std::string_view name = a.name();
    if ((name == "rdf:about" || name == "about") && IsHttp(a.value())) return a.value();
  }
  std::string id = text::CollapseWhitespace(ChildRaw(item, "id"));
  if (IsHttp(id)) return id;
  return link;
}

Result<Paper> ParseItem(const pugi::xml_node& item, size_t index, const Channel& ch,
                        const ParseContext& ctx) {
  std::string link = ItemLink(item);
  auto reject = [&](std::string_view why) {
    std::string where = Origin(ctx) + ": item " + std::to_string(index);
    std::string id = !link.empty() ? link : text::CollapseWhitespace(ChildRaw(item, "guid"));
    if (!id.empty()) where += " (" + text::SanitizeUtf8(id.substr(0, 200)) + ")";
    return MakeError(Code::kParse, where + ": " + std::string(why));
  };
  Paper p;
  p.title = text::CollapseWhitespace(ChildPlain(item, "title"));
  if (p.title.empty()) return reject("no title");
  p.ids.doi = DoiOf(item, link);
  if (link.empty() && p.ids.doi.empty()) return reject("no link or DOI");
  // arXiv's own DOI (10.48550/arXiv.ID, as AcademicHub's Atom feeds and DataCite
  // give it) names the arXiv paper: keyed by its arXiv id, like arXiv's feeds.
  if (p.ids.doi.rfind("10.48550/arxiv.", 0) == 0) {
    const ids::ArxivId a = ids::ParseArxivId(p.ids.doi.substr(15));
    if (!a.id.empty()) {
      p.ids.arxiv = a.id;
      p.ids.doi.clear();
    }
  }
  p.url = text::SanitizeUtf8(link);
  p.authors = AuthorsOf(item);
  // Nature's citation line is no abstract ("Nature, Published online: ...; doi:...").
  p.abstract_raw = text::SanitizeUtf8(internal::DropCitationLine(AbstractOf(item), p.title));
  p.abstract = Plain(p.abstract_raw);

  std::string date = FirstDate(item, {"publicationDate", "date", "pubDate", "published", "issued",
                                      "created", "coverDate", "published_at"});
  std::string updated = FirstDate(item, {"updated", "modified"});
  if (date.empty()) date = updated;
  p.published = date;
  p.updated = updated;

  p.volume = ChildPlain(item, "volume");
  p.issue = ChildPlain(item, "number");
  if (p.issue.empty()) p.issue = ChildPlain(item, "issue");
  std::string first = ChildPlain(item, "startingPage");
  std::string last = ChildPlain(item, "endingPage");
  if (!first.empty()) p.pages = last.empty() || last == first ? first : first + "-" + last;
  if (p.pages.empty()) p.pages = ChildPlain(item, "pageRange");
  if (p.pages.empty()) p.pages = ChildPlain(item, "page");

  p.issns = IssnsOf(item);
  if (p.issns.empty()) p.issns = ch.issns;
  if (p.issns.empty() && ch.journal != nullptr) {
    AddUnique(p.issns, ch.journal->issn);
    AddUnique(p.issns, ch.journal->eissn);
  }
  p.publisher = ChildPlain(item, "publisher");
  if (p.publisher.empty()) p.publisher = ch.publisher;
  if (p.publisher.empty() && ch.journal != nullptr) p.publisher = ch.journal->publisher;

  for (const pugi::xml_node& c : Children(item, "category")) {
    pugi::xml_attribute term = c.attribute("term");
    AddUnique(p.categories, term ? Plain(term.value()) : Plain(RawText(c)));
  }
  for (const pugi::xml_node& c : Children(item, "subject"))
    AddUnique(p.categories, Plain(RawText(c)));
  for (const pugi::xml_node& c : Children(item, "tags"))
    for (std::string& t : text::SplitTrim(Plain(RawText(c)), ','))
      AddUnique(p.categories, std::move(t));
  std::string pdf = text::CollapseWhitespace(ChildRaw(item, "pdf_url"));
  if (IsHttp(pdf)) p.pdf_url = text::SanitizeUtf8(pdf);

  Listing l;
  l.source = ch.source;
  l.date = !date.empty() ? date : (!ctx.default_date.empty() ? ctx.default_date : ch.date);
  l.announce_type = "published";
  l.channel = ch.listing_channel;

  if (!ch.preprint_server.empty()) {
    p.type = "preprint";
    p.journal = ch.preprint_server == "medrxiv" ? "medRxiv" : "bioRxiv";
    if (!ch.subject.empty()) AddUnique(p.categories, ch.subject);
    int version = VersionFromLink(link);
    if (version > 0) p.versions.push_back(Version{version, date});
    if (version == 1) p.submitted = date;
    if (p.updated.empty()) p.updated = date;
    if (!p.ids.doi.empty()) {
      p.url = "https://www." + ch.preprint_server + ".org/content/" + p.ids.doi;
      if (version > 0) p.url += "v" + std::to_string(version);
    }
    l.announce_type = version > 1 ? "replace" : "new";
    p.published.clear();  // a preprint has no journal publication date
  } else {
    p.type = "journal-article";
    p.journal = ChildPlain(item, "publicationName");
    if (p.journal.empty()) p.journal = ch.publication_name;
    if (p.journal.empty() && ch.journal != nullptr) p.journal = ch.journal->name;
    if (p.journal.empty()) p.journal = ch.title;
  }
  if (!p.categories.empty()) p.primary_category = p.categories.front();
  p.listings.push_back(std::move(l));
  return p;
}

// Byte offset of an element's '<' (pugixml reports the name's offset).
size_t TagOffset(const pugi::xml_node& n) {
  ptrdiff_t at = n.offset_debug();
  return at > 0 ? static_cast<size_t>(at - 1) : 0;
}

// Byte offset of an HTML document start ("<!DOCTYPE html", "<html") near the
// beginning of `body`, if any.
std::optional<size_t> HtmlStart(std::string_view body) {
  std::string head = text::FoldForSearch(body.substr(0, std::min<size_t>(body.size(), 1024)));
  for (std::string_view marker : {"<!doctype html", "<html"}) {
    size_t at = head.find(marker);
    if (at != std::string::npos) return at;
  }
  return std::nullopt;
}

}  // namespace

Result<ParsedPage> ParseFeed(std::string_view body, const ParseContext& ctx) {
  if (text::Trim(body).empty())
    return MakeError(Code::kParse, Origin(ctx) + ": empty body at byte 0");
  if (auto html = HtmlStart(body))
    return MakeError(Code::kParse, Origin(ctx) + ": got an HTML page, not a feed, at byte " +
                                       std::to_string(*html));

  pugi::xml_document doc;
  pugi::xml_parse_result res = doc.load_buffer(body.data(), body.size(), pugi::parse_default);
  if (!res)
    return MakeError(Code::kParse, Origin(ctx) + ": malformed XML at byte " +
                                       std::to_string(res.offset) + ": " + res.description());
  pugi::xml_node root = doc.document_element();
  std::string_view root_name = LocalName(root);

  pugi::xml_node channel;
  std::vector<pugi::xml_node> items;
  if (root_name == "rss") {
    channel =
        Children(root, "channel").empty() ? pugi::xml_node() : Children(root, "channel").front();
    if (!channel)
      return MakeError(Code::kParse, Origin(ctx) + ": <rss> without <channel> at byte " +
                                         std::to_string(TagOffset(root)));
    items = Children(channel, "item");
  } else if (root_name == "RDF") {
    auto channels = Children(root, "channel");
    if (channels.empty())
      return MakeError(Code::kParse, Origin(ctx) + ": RDF document without <channel> at byte " +
                                         std::to_string(TagOffset(root)));
    channel = channels.front();
    items = Children(root, "item");
    for (const pugi::xml_node& nested : Children(channel, "item")) items.push_back(nested);
  } else if (root_name == "feed") {
    channel = root;
    items = Children(root, "entry");
  } else {
    return MakeError(Code::kParse, Origin(ctx) + ": not a feed: root element <" +
                                       text::SanitizeUtf8(std::string(root.name()).substr(0, 64)) +
                                       "> at byte " + std::to_string(TagOffset(root)));
  }

  Channel ch = ReadChannel(channel, ctx);
  ParsedPage page;
  page.feed_date = ch.date;
  page.papers.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    auto paper = ParseItem(items[i], i, ch, ctx);
    if (paper)
      page.papers.push_back(std::move(*paper));
    else
      page.rejected.push_back(std::move(paper.error()));
  }
  return page;
}

}  // namespace ah::sources::feeds
