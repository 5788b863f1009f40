// View models of the pages: what a template shows of a paper, a day, a radar.
// Pure functions of their arguments; every string in them is raw text that
// the templates escape ({{...}}).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "service/radar_service.h"
#include "store/store.h"
#include "web/i18n.h"

namespace ah::web {

struct CardOptions {
  int number = 0;            // "01."; 0 = no number
  std::string listing_date;  // the announcement the card is for ("" = the latest)
  std::string listing_source;
  std::vector<std::string> reasons;  // why a radar ranked it (English text)
  std::vector<radar::Reason> why;    // the same as data: shown in the page's language
  int64_t radar_id = 0;              // feedback buttons act on this radar (0 = none)
  std::string radar_name;
  std::string feedback;  // the viewer's latest action on it in that radar
  double score = 0;
};

// A paper card: number, source badge ("arXiv (CS.LG)", "bioRxiv (Bioinfo)",
// the journal's name), date, announce badge (new / cross-list / updated vN),
// title and link, authors (the first few), abstract, links, reasons.
nlohmann::json CardView(const store::PaperView& v, const CardOptions& o, Lang lang);
// A radar reason, as radar::Rank words it in English ("terms: a, b"), in `lang`.
std::string ReasonText(const std::string& reason, Lang lang);
// A radar reason given as data, in `lang`.
std::string ReasonText(const radar::Reason& reason, Lang lang);
// The paper page's path: "/papers/<key>" with the key's characters escaped.
std::string PaperPath(const std::string& key);
// "Monday" / "星期一" for a YYYY-MM-DD date; "" when it is not one.
std::string WeekdayName(const std::string& ymd, Lang lang);
// "01", "02", ... "99", "100".
std::string CardNumber(int n);
// A short author list: up to `n` names, then "et al." / "等".
std::string ShortAuthors(const Paper& p, size_t n, Lang lang);
// Where to read a paper, its PDF, its DOI page (empty when unknown).
std::string AbsUrl(const Paper& p);
std::string PdfUrl(const Paper& p);

}  // namespace ah::web
