// export.arxiv.org/api/query Atom, the 2025+ form (namespaces declared on the
// root) and the legacy form (namespaces declared inline per element).
// Elements are matched by local name so both forms read the same.
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

struct EntryFields {
  std::string_view id, title, summary, published, updated, primary, comment, journal_ref, doi;
  std::string_view alternate, pdf;
  std::vector<std::string> categories;
  std::vector<Author> authors;
};

void CollectAuthor(pugi::xml_node author, internal::TextArena& arena, std::vector<Author>& out) {
  Author a;
  for (pugi::xml_node c = author.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    if (name == "name") {
      a.name = internal::CleanText(arena.Text(c));
    } else if (name == "affiliation") {
      std::string aff = internal::CleanText(arena.Text(c));
      if (!aff.empty()) a.affiliations.push_back(std::move(aff));
    }
  }
  if (internal::HasNameChars(a.name)) out.push_back(std::move(a));
}

void CollectEntry(pugi::xml_node entry, internal::TextArena& arena, EntryFields& f) {
  for (pugi::xml_node c = entry.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    if (name == "id") {
      f.id = text::Trim(arena.Text(c));
    } else if (name == "title") {
      f.title = arena.Text(c);
    } else if (name == "summary") {
      f.summary = arena.Text(c);
    } else if (name == "published") {
      f.published = text::Trim(arena.Text(c));
    } else if (name == "updated") {
      f.updated = text::Trim(arena.Text(c));
    } else if (name == "author") {
      CollectAuthor(c, arena, f.authors);
    } else if (name == "category") {
      std::string_view term = text::Trim(c.attribute("term").value());
      if (!term.empty() && f.categories.size() < internal::kMaxCategories)
        f.categories.emplace_back(term);
    } else if (name == "primary_category") {
      f.primary = text::Trim(c.attribute("term").value());
    } else if (name == "comment") {
      f.comment = arena.Text(c);
    } else if (name == "journal_ref") {
      f.journal_ref = arena.Text(c);
    } else if (name == "doi") {
      f.doi = arena.Text(c);
    } else if (name == "link") {
      std::string_view href = text::Trim(c.attribute("href").value());
      std::string_view rel = c.attribute("rel").value();
      std::string_view type = c.attribute("type").value();
      std::string_view title = c.attribute("title").value();
      if (title == "pdf" || type == "application/pdf") {
        if (f.pdf.empty()) f.pdf = href;
      } else if ((rel == "alternate" || rel.empty()) && f.alternate.empty()) {
        f.alternate = href;
      }
    }
  }
}

}  // namespace

Result<ParsedPage> ParseArxivApi(std::string_view body, const ParseContext& ctx) {
  pugi::xml_document doc;
  if (auto st = internal::LoadXml(body, ctx, "arXiv API Atom feed", doc); !st) {
    return Fail(st.error());
  }
  pugi::xml_node feed = doc.document_element();
  if (LocalName(feed.name()) != "feed") {
    return Fail(internal::WrongDocument(ctx, "an Atom feed (<feed>)", feed));
  }

  ParsedPage page;
  internal::TextArena arena;
  const std::string source = ctx.source.empty() ? std::string("arxiv") : ctx.source;
  std::optional<int64_t> total, start;
  size_t entry_count = 0;
  for (pugi::xml_node c = feed.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalName(c.name());
    if (name == "entry")
      ++entry_count;
    else if (name == "totalResults")
      total = internal::ParseCount(arena.Text(c));
    else if (name == "startIndex")
      start = internal::ParseCount(arena.Text(c));
  }
  page.papers.reserve(entry_count);

  size_t index = 0;
  for (pugi::xml_node entry = feed.first_child(); entry; entry = entry.next_sibling()) {
    if (entry.type() != pugi::node_element || LocalName(entry.name()) != "entry") continue;
    const size_t this_index = index++;
    EntryFields f;
    CollectEntry(entry, arena, f);

    if (f.id.find("/api/errors") != std::string_view::npos) {
      std::string message = text::CollapseWhitespace(f.summary);
      if (message.empty()) message = std::string(f.id);
      return MakeError(Code::kInvalidArgument, std::string(internal::Origin(ctx)) +
                                                   ": arXiv API error: " + message + " (" +
                                                   std::string(f.id) + ")");
    }

    ids::ArxivId id = ids::ParseArxivId(f.id);
    if (id.id.empty() && !f.alternate.empty()) id = ids::ParseArxivId(f.alternate);
    if (id.id.empty()) {
      page.rejected.emplace_back(Code::kParse, internal::RecordWhere(ctx, this_index, f.id) +
                                                   ": entry has no arXiv identifier");
      continue;
    }

    Paper& p = page.papers.emplace_back();
    p.ids.arxiv = std::move(id.id);
    p.title = internal::PlainText(f.title);
    p.authors = std::move(f.authors);
    p.abstract_raw.assign(text::Trim(f.summary));
    p.abstract = internal::PlainText(f.summary);
    p.primary_category.assign(f.primary.empty() && !f.categories.empty()
                                  ? std::string_view(f.categories.front())
                                  : f.primary);
    p.categories = std::move(f.categories);
    internal::PrimaryFirst(p.primary_category, p.categories);
    p.submitted = date::Normalize(f.published);
    p.updated = date::Normalize(f.updated);
    if (id.version > 0) {
      // <published> is the v1 date; <updated> the date of the version returned.
      p.versions.push_back(Version{1, p.submitted});
      if (id.version > 1) p.versions.push_back(Version{id.version, p.updated});
    }
    p.comments = text::CollapseWhitespace(f.comment);
    p.journal_ref = text::CollapseWhitespace(f.journal_ref);
    p.published_doi = internal::FirstDoi(f.doi);
    p.url = f.alternate.empty() ? internal::AbsUrl(p.ids.arxiv) : std::string(f.alternate);
    p.pdf_url = f.pdf.empty() ? internal::PdfUrl(p.ids.arxiv, id.version) : std::string(f.pdf);
    p.type = "preprint";

    Listing& l = p.listings.emplace_back();
    l.source = source;
    l.date = p.updated.empty() ? (p.submitted.empty() ? ctx.default_date : p.submitted) : p.updated;
    l.announce_type = "api";
    l.channel = p.primary_category;
  }

  page.total = total.value_or(-1);
  // The next page starts after the entries actually returned; an empty page ends
  // the walk so a server glitch cannot loop the fetcher.
  if (total && index > 0) {
    int64_t next = start.value_or(0) + static_cast<int64_t>(index);
    if (next < *total) page.next_cursor = std::to_string(next);
  }
  return page;
}

}  // namespace ah::sources::arxiv
