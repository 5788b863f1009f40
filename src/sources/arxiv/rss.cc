// rss.arxiv.org RSS 2.0 (the format arXiv has served since 2024).
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/ids.h"
#include "core/text.h"
#include "sources/arxiv/arxiv.h"
#include "sources/arxiv/internal.h"

namespace ah::sources::arxiv {
namespace {

using internal::LocalName;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimLeft(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  return s.substr(i);
}

// "arXiv:2605.30355v1 Announce Type: cross \nAbstract: text" -> its parts. Any
// part may be missing; without the prefix the whole description is the abstract.
struct Description {
  ids::ArxivId id;
  std::string_view announce_type;
  std::string_view abstract;
};

Description SplitDescription(std::string_view d) {
  Description out;
  std::string_view rest = TrimLeft(d);
  if (text::StartsWith(rest, "arXiv:")) {
    size_t end = 0;
    while (end < rest.size() && !IsSpace(rest[end])) ++end;
    out.id = ids::ParseArxivId(rest.substr(0, end));
    rest = TrimLeft(rest.substr(end));
    if (text::StartsWith(rest, "Announce Type:")) {
      rest = TrimLeft(rest.substr(14));
      size_t tend = 0;
      while (tend < rest.size() && !IsSpace(rest[tend])) ++tend;
      out.announce_type = rest.substr(0, tend);
      rest = TrimLeft(rest.substr(tend));
    }
    if (text::StartsWith(rest, "Abstract:")) rest = rest.substr(9);
  }
  out.abstract = text::Trim(rest);
  return out;
}

// Normalised date of a raw date string, remembering the last answer: every item
// of a feed usually carries the same pubDate.
class DateCache {
 public:
  const std::string& Normalize(std::string_view raw) {
    if (raw != raw_ || !valid_) {
      raw_.assign(raw);
      norm_ = date::Normalize(text::Trim(raw));
      valid_ = true;
    }
    return norm_;
  }

 private:
  std::string raw_, norm_;
  bool valid_ = false;
};

struct ItemFields {
  std::string_view title, link, description, guid, pub_date, announce_type, rights, doi,
      journal_ref;
  std::vector<std::string_view> creators;
  std::vector<std::string> categories;
};

void CollectItem(pugi::xml_node item, internal::TextArena& arena, ItemFields& f) {
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    switch (name.empty() ? '\0' : name[0]) {
      case 't':
        if (name == "title" && f.title.empty()) f.title = arena.Text(c);
        break;
      case 'l':
        if (name == "link" && f.link.empty()) f.link = text::Trim(arena.Text(c));
        break;
      case 'd':
        if (name == "description" && f.description.empty())
          f.description = arena.Text(c);
        else if (name == "doi" && f.doi.empty())
          f.doi = arena.Text(c);
        break;
      case 'D':
        if (name == "DOI" && f.doi.empty()) f.doi = arena.Text(c);
        break;
      case 'g':
        if (name == "guid" && f.guid.empty()) f.guid = text::Trim(arena.Text(c));
        break;
      case 'c':
        if (name == "category") {
          std::string_view cat = text::Trim(arena.Text(c));
          if (!cat.empty() && f.categories.size() < internal::kMaxCategories)
            f.categories.emplace_back(cat);
        } else if (name == "creator") {
          f.creators.push_back(arena.Text(c));
        }
        break;
      case 'p':
        if (name == "pubDate" && f.pub_date.empty()) f.pub_date = arena.Text(c);
        break;
      case 'a':
        if (name == "announce_type" && f.announce_type.empty())
          f.announce_type = text::Trim(arena.Text(c));
        break;
      case 'r':
        if (name == "rights" && f.rights.empty()) f.rights = text::Trim(arena.Text(c));
        break;
      case 'j':
        if ((name == "journal_reference" || name == "journal_ref") && f.journal_ref.empty())
          f.journal_ref = arena.Text(c);
        break;
      default:
        break;
    }
  }
}

}  // namespace

Result<ParsedPage> ParseArxivRss(std::string_view body, const ParseContext& ctx) {
  pugi::xml_document doc;
  if (auto st = internal::LoadXml(body, ctx, "arXiv RSS feed", doc); !st) return Fail(st.error());
  pugi::xml_node root = doc.document_element();
  if (LocalName(root.name()) != "rss") {
    return Fail(internal::WrongDocument(ctx, "an RSS 2.0 feed (<rss>)", root));
  }
  pugi::xml_node channel = internal::ChildByLocalName(root, "channel");
  if (!channel) return Fail(internal::WrongDocument(ctx, "<channel> inside <rss>", root));

  ParsedPage page;
  internal::TextArena arena;
  const std::string source = ctx.source.empty() ? std::string("arxiv") : ctx.source;
  std::string channel_date;
  size_t item_count = 0;
  for (pugi::xml_node c = channel.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    if (name == "item")
      ++item_count;
    else if (name == "pubDate" && channel_date.empty())
      channel_date = date::Normalize(text::Trim(arena.Text(c)));
  }
  page.feed_date = channel_date;
  const std::string& fallback_date = channel_date.empty() ? ctx.default_date : channel_date;
  page.papers.reserve(item_count);

  DateCache dates;
  size_t index = 0;
  for (pugi::xml_node item = channel.first_child(); item; item = item.next_sibling()) {
    if (item.type() != pugi::node_element || LocalName(item.name()) != "item") continue;
    const size_t this_index = index++;
    ItemFields f;
    CollectItem(item, arena, f);

    Description d = SplitDescription(f.description);
    ids::ArxivId id = d.id;
    if (id.id.empty() || id.version == 0) {
      // guid "oai:arXiv.org:2609.26811v1", then the abs link.
      for (std::string_view alt : {f.guid, f.link}) {
        if (alt.empty()) continue;
        ids::ArxivId a = ids::ParseArxivId(alt);
        if (a.id.empty()) continue;
        if (id.id.empty())
          id = a;
        else if (a.id == id.id && id.version == 0)
          id.version = a.version;
        if (id.version > 0) break;
      }
    }
    if (id.id.empty()) {
      page.rejected.emplace_back(
          Code::kParse, internal::RecordWhere(ctx, this_index, text::Trim(f.title).substr(0, 60)) +
                            ": item has no arXiv identifier");
      continue;
    }

    Paper& p = page.papers.emplace_back();
    p.ids.arxiv = std::move(id.id);
    p.title = internal::PlainText(f.title);
    for (std::string_view cr : f.creators) {
      auto authors = internal::SplitAuthors(cr);
      for (auto& a : authors) p.authors.push_back(std::move(a));
    }
    p.abstract_raw.assign(d.abstract);
    p.abstract = internal::PlainText(d.abstract);
    p.categories = std::move(f.categories);
    if (!p.categories.empty()) p.primary_category = p.categories.front();
    if (id.version > 0) p.versions.push_back(Version{id.version, {}});
    p.license.assign(f.rights);
    p.url = f.link.empty() ? internal::AbsUrl(p.ids.arxiv) : std::string(f.link);
    p.pdf_url = internal::PdfUrl(p.ids.arxiv, id.version);
    p.published_doi = internal::FirstDoi(f.doi);
    p.journal_ref = text::CollapseWhitespace(f.journal_ref);
    p.type = "preprint";

    Listing& l = p.listings.emplace_back();
    l.source = source;
    l.date = f.pub_date.empty() ? std::string() : dates.Normalize(f.pub_date);
    if (l.date.empty()) l.date = fallback_date;
    l.announce_type.assign(f.announce_type.empty() ? d.announce_type : f.announce_type);
    l.channel = p.primary_category;
  }
  return page;
}

}  // namespace ah::sources::arxiv
