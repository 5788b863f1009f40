// OAI-PMH ListRecords / GetRecord with arXiv's two metadata formats:
// "arXiv" (structured authors, created/updated) and "arXivRaw" (author string,
// dated version history). Records are matched by element local name.
#include <algorithm>
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

struct Header {
  std::string_view identifier, datestamp, set_spec;
  bool deleted = false;
};

Header ReadHeader(pugi::xml_node header, internal::TextArena& arena) {
  Header h;
  std::string_view status = header.attribute("status").value();
  h.deleted = status == "deleted";
  for (pugi::xml_node c = header.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    if (name == "identifier")
      h.identifier = text::Trim(arena.Text(c));
    else if (name == "datestamp")
      h.datestamp = text::Trim(arena.Text(c));
    else if (name == "setSpec" && h.set_spec.empty())
      h.set_spec = text::Trim(arena.Text(c));
  }
  return h;
}

// <author><keyname/><forenames/><suffix/><affiliation/>*</author>
void ReadStructuredAuthor(pugi::xml_node author, internal::TextArena& arena,
                          std::vector<Author>& out) {
  std::string_view keyname, forenames, suffix;
  Author a;
  for (pugi::xml_node c = author.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    if (name == "keyname")
      keyname = arena.Text(c);
    else if (name == "forenames")
      forenames = arena.Text(c);
    else if (name == "suffix")
      suffix = arena.Text(c);
    else if (name == "affiliation") {
      std::string aff = internal::CleanText(arena.Text(c));
      if (!aff.empty()) a.affiliations.push_back(std::move(aff));
    }
  }
  std::string full;
  full.reserve(forenames.size() + keyname.size() + suffix.size() + 2);
  full.append(forenames);
  full.push_back(' ');
  full.append(keyname);
  full.push_back(' ');
  full.append(suffix);
  a.name = internal::CleanText(full);
  if (internal::HasNameChars(a.name)) out.push_back(std::move(a));
}

// Fills `p` from an <arXiv> or <arXivRaw> metadata element.
void ReadMetadata(pugi::xml_node meta, bool raw, internal::TextArena& arena, Paper& p,
                  std::string_view* id_text) {
  std::string_view created, updated, categories, title, abstract, comments, journal_ref, doi,
      license;
  for (pugi::xml_node c = meta.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    switch (name.empty() ? '\0' : name[0]) {
      case 'i':
        if (name == "id") *id_text = text::Trim(arena.Text(c));
        break;
      case 'c':
        if (name == "created")
          created = arena.Text(c);
        else if (name == "categories")
          categories = arena.Text(c);
        else if (name == "comments")
          comments = arena.Text(c);
        break;
      case 'u':
        if (name == "updated") updated = arena.Text(c);
        break;
      case 'a':
        if (name == "authors") {
          if (raw) {
            p.authors = internal::SplitAuthors(arena.Text(c));
          } else {
            for (pugi::xml_node au = c.first_child(); au; au = au.next_sibling()) {
              if (au.type() == pugi::node_element && LocalName(au.name()) == "author")
                ReadStructuredAuthor(au, arena, p.authors);
            }
          }
        } else if (name == "abstract") {
          abstract = arena.Text(c);
        }
        break;
      case 't':
        if (name == "title") title = arena.Text(c);
        break;
      case 'j':
        if (name == "journal-ref") journal_ref = arena.Text(c);
        break;
      case 'd':
        if (name == "doi") doi = arena.Text(c);
        break;
      case 'l':
        if (name == "license") license = text::Trim(arena.Text(c));
        break;
      case 'v':
        if (name == "version") {
          // <version version="v2"><date>Tue, 2 Apr 2013 01:50:08 GMT</date>...
          std::string_view v = text::Trim(c.attribute("version").value());
          if (!v.empty() && (v[0] == 'v' || v[0] == 'V')) v.remove_prefix(1);
          auto n = internal::ParseCount(v);
          if (!n || *n <= 0 || *n > 100000) break;
          Version ver;
          ver.number = static_cast<int>(*n);
          ver.date = date::Normalize(text::Trim(arena.Text(internal::ChildByLocalName(c, "date"))));
          p.versions.push_back(std::move(ver));
        }
        break;
      default:
        break;
    }
  }
  p.title = internal::PlainText(title);
  p.abstract_raw.assign(text::Trim(abstract));
  p.abstract = internal::PlainText(abstract);
  // Space-separated, first = primary.
  size_t i = 0;
  while (i < categories.size() && p.categories.size() < internal::kMaxCategories) {
    while (i < categories.size() && (categories[i] == ' ' || categories[i] == '\n' ||
                                     categories[i] == '\t' || categories[i] == '\r'))
      ++i;
    size_t start = i;
    while (i < categories.size() && categories[i] != ' ' && categories[i] != '\n' &&
           categories[i] != '\t' && categories[i] != '\r')
      ++i;
    if (i > start) {
      std::string_view cat = categories.substr(start, i - start);
      if (std::find(p.categories.begin(), p.categories.end(), cat) == p.categories.end())
        p.categories.emplace_back(cat);
    }
  }
  if (!p.categories.empty()) p.primary_category = p.categories.front();
  p.comments = text::CollapseWhitespace(comments);
  p.journal_ref = text::CollapseWhitespace(journal_ref);
  p.published_doi = internal::FirstDoi(doi);
  p.license.assign(license);
  if (raw) {
    std::sort(p.versions.begin(), p.versions.end(),
              [](const Version& a, const Version& b) { return a.number < b.number; });
    p.versions.erase(
        std::unique(p.versions.begin(), p.versions.end(),
                    [](const Version& a, const Version& b) { return a.number == b.number; }),
        p.versions.end());
    if (!p.versions.empty()) {
      if (p.versions.front().number == 1) p.submitted = p.versions.front().date;
      p.updated = p.versions.back().date;
    }
  } else {
    // <created> is the v1 date, <updated> (absent while there is one version)
    // the latest version's.
    p.submitted = date::Normalize(text::Trim(created));
    p.updated = updated.empty() ? p.submitted : date::Normalize(text::Trim(updated));
    if (!p.submitted.empty()) p.versions.push_back(Version{1, p.submitted});
  }
}

}  // namespace

Result<ParsedPage> ParseArxivOai(std::string_view body, const ParseContext& ctx) {
  pugi::xml_document doc;
  if (auto st = internal::LoadXml(body, ctx, "OAI-PMH response", doc); !st) {
    return Fail(st.error());
  }
  pugi::xml_node root = doc.document_element();
  if (LocalName(root.name()) != "OAI-PMH") {
    return Fail(internal::WrongDocument(ctx, "an OAI-PMH response (<OAI-PMH>)", root));
  }

  ParsedPage page;
  internal::TextArena arena;
  pugi::xml_node list;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    if (name == "error") {
      std::string_view code = text::Trim(c.attribute("code").value());
      std::string message = text::CollapseWhitespace(arena.Text(c));
      if (code == "noRecordsMatch") {
        page.total = 0;
        return page;
      }
      return MakeError(Code::kInvalidArgument,
                       std::string(internal::Origin(ctx)) + ": OAI-PMH error " +
                           (code.empty() ? std::string("(no code)") : std::string(code)) + ": " +
                           message);
    }
    if ((name == "ListRecords" || name == "GetRecord") && !list) list = c;
  }
  if (!list) {
    return Fail(
        internal::WrongDocument(ctx, "<ListRecords> or <GetRecord> in the OAI-PMH response", root));
  }

  const std::string source = ctx.source.empty() ? std::string("arxiv") : ctx.source;
  size_t record_count = 0;
  for (pugi::xml_node c = list.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == "record") ++record_count;
  }
  page.papers.reserve(record_count);

  std::string last_stamp_raw, last_stamp;
  size_t index = 0;
  for (pugi::xml_node c = list.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view cname = LocalName(c.name());
    if (cname == "resumptionToken") {
      std::string_view token = text::Trim(arena.Text(c));
      if (!token.empty()) page.next_cursor = std::string(token);
      if (auto size = internal::ParseCount(c.attribute("completeListSize").value()))
        page.total = *size;
      continue;
    }
    if (cname != "record") continue;
    const size_t this_index = index++;

    Header h;
    pugi::xml_node meta;
    for (pugi::xml_node rc = c.first_child(); rc; rc = rc.next_sibling()) {
      if (rc.type() != pugi::node_element) continue;
      std::string_view rname = LocalName(rc.name());
      if (rname == "header") {
        h = ReadHeader(rc, arena);
      } else if (rname == "metadata") {
        for (pugi::xml_node m = rc.first_child(); m; m = m.next_sibling()) {
          if (m.type() == pugi::node_element) {
            meta = m;
            break;
          }
        }
      }
    }
    if (h.deleted) continue;
    std::string_view format = meta ? LocalName(meta.name()) : std::string_view();
    if (format != "arXiv" && format != "arXivRaw") {
      page.rejected.emplace_back(
          Code::kParse, internal::RecordWhere(ctx, this_index, h.identifier) +
                            (meta ? ": unsupported metadata format <" + std::string(format) + ">"
                                  : std::string(": record has no metadata")));
      continue;
    }

    Paper p;
    std::string_view id_text;
    ReadMetadata(meta, format == "arXivRaw", arena, p, &id_text);
    ids::ArxivId id = ids::ParseArxivId(id_text);
    if (id.id.empty()) id = ids::ParseArxivId(h.identifier);
    if (id.id.empty()) {
      page.rejected.emplace_back(
          Code::kParse,
          internal::RecordWhere(ctx, this_index, id_text.empty() ? h.identifier : id_text) +
              ": record has no valid arXiv identifier");
      continue;
    }
    p.ids.arxiv = std::move(id.id);
    p.url = internal::AbsUrl(p.ids.arxiv);
    p.pdf_url = internal::PdfUrl(
        p.ids.arxiv, p.versions.empty() || format == "arXiv" ? 0 : p.versions.back().number);
    p.type = "preprint";

    Listing& l = p.listings.emplace_back();
    l.source = source;
    if (h.datestamp != last_stamp_raw) {
      last_stamp_raw.assign(h.datestamp);
      last_stamp = date::Normalize(h.datestamp);
    }
    l.date = last_stamp.empty() ? ctx.default_date : last_stamp;
    l.announce_type = "oai";
    l.channel.assign(h.set_spec);
    page.papers.push_back(std::move(p));
  }
  return page;
}

}  // namespace ah::sources::arxiv
