// Atom 1.0 (RFC 4287) feeds of papers and OPML 2.0 lists of feeds: pure
// renderers, built with pugixml so that every byte of feed data is escaped.
// Characters XML 1.0 does not allow (C0 controls but tab and line ends,
// U+FFFE/U+FFFF, invalid UTF-8) are dropped or replaced, so the document is
// always well-formed whatever the stored text holds.
//
// An entry carries what AcademicHub's own feed reader (sources/feeds) reads
// back: title, summary (the plain abstract), authors, categories, the paper's
// landing page as <link rel="alternate">, its DOI (for arXiv papers arXiv's
// DOI 10.48550/arXiv.ID, which the reader turns back into the arXiv id) as
// prism:doi, and the publication date.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace ah::delivery {

struct AtomEntry {
  std::string id;  // an IRI unique to the paper (e.g. the web app's page of it)
  std::string title;
  std::string summary;  // plain text
  std::vector<std::string> authors;
  std::vector<std::string> categories;
  std::string link;       // the paper's landing page (rel="alternate")
  std::string web_link;   // the paper on this instance (rel="related"); may be empty
  std::string pdf_link;   // may be empty
  std::string doi;        // bare DOI ("10.1000/x"); may be empty
  std::string published;  // YYYY-MM-DD or RFC 3339; may be empty
  std::string updated;    // YYYY-MM-DD or RFC 3339 (required: the feed's date when empty)
  std::string note;       // e.g. the radar's reasons; appended to the summary as a last line
};

struct AtomFeed {
  std::string id;  // an IRI unique to the feed (its own URL)
  std::string title;
  std::string subtitle;   // may be empty
  std::string self_link;  // the feed's URL
  std::string html_link;  // the page it mirrors; may be empty
  std::string updated;    // YYYY-MM-DD or RFC 3339
  std::vector<AtomEntry> entries;
};

// The feed as an XML document (UTF-8, with declaration). Dates given as
// YYYY-MM-DD become YYYY-MM-DDT00:00:00Z.
std::string RenderAtom(const AtomFeed& feed);

struct OpmlOutline {
  std::string title;
  std::string xml_url;   // the feed
  std::string html_url;  // the page; may be empty
};

// OPML 2.0: one <outline type="rss"> per feed, in order.
std::string RenderOpml(const std::string& title, const std::string& date_created,
                       const std::vector<OpmlOutline>& feeds);

// `s` with the characters XML 1.0 cannot carry removed and invalid UTF-8
// replaced (U+FFFD).
std::string XmlSafe(const std::string& s);

}  // namespace ah::delivery
