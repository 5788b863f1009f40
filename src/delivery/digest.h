// The email digest: a user's radars' top papers of a day (or a week) with
// their badges, reasons and TL;DRs, each radar's briefing themes, and links to
// the web app, rendered as an HTML part (inline CSS, table layout, readable in
// light and dark mode, nothing loaded from elsewhere) and a plain-text part.
//
// Pure: kainjow-mustache templates built into this file; {{x}} escapes for
// HTML, so every byte of feed data is escaped in the HTML part; the text part
// is not HTML and is rendered without escaping. Thread-safe.
#pragma once

#include <string>
#include <vector>

namespace ah::delivery {

struct DigestPaper {
  std::string title;
  std::string authors;  // "A, B, C et al."
  std::string badge;    // "arXiv (CS.LG)"
  std::string url;      // where to read it
  std::string web_url;  // the paper on this instance
  std::string tldr;     // may be empty
  std::vector<std::string> reasons;
};

struct DigestTheme {
  std::string title, summary;
};

struct DigestRadar {
  std::string name;
  std::string web_url;  // the radar's day on this instance
  std::vector<DigestPaper> papers;
  std::vector<DigestTheme> themes;  // from the briefing, when there is one
  std::string briefing_url;         // may be empty
};

struct Digest {
  std::string user;
  std::string date;         // the day (or last day of the week) it covers
  std::string lang = "en";  // en | zh
  std::vector<DigestRadar> radars;
  std::string base_url;         // the web app
  std::string unsubscribe_url;  // one click (also in List-Unsubscribe)
  std::string settings_url;
  // Every radar is empty: the message says "nothing new" (a user's choice; the
  // caller sends nothing otherwise).
  bool nothing_new() const;
};

struct RenderedDigest {
  std::string subject, text, html;
};

RenderedDigest RenderDigest(const Digest& d);

}  // namespace ah::delivery
