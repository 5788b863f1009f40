#include "web/view.h"

#include <cstdio>

#include "core/date.h"
#include "service/brief_service.h"
#include "store/view_json.h"
#include "web/http.h"

namespace ah::web {
namespace {

const Listing* ListingFor(const Paper& p, const std::string& date, const std::string& source) {
  const Listing* best = nullptr;
  for (const auto& l : p.listings) {
    if (l.announce_type == "api" || l.announce_type == "oai") continue;
    if (!date.empty() && l.date != date) continue;
    if (!source.empty() && l.source != source) continue;
    if (best == nullptr || (date.empty() && l.date > best->date)) best = &l;
  }
  if (best == nullptr && !p.listings.empty()) best = &p.listings.back();
  return best;
}

}  // namespace

std::string WeekdayName(const std::string& ymd, Lang lang) {
  static const char* kZh[] = {"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"};
  const std::string_view en = date::WeekdayName(ymd);
  if (lang != Lang::kZh || en.empty()) return std::string(en);
  const std::optional<date::Ymd> d = date::Parse(ymd);
  if (!d) return std::string(en);
  // (Written so that GCC 12 at -O1 with ASan sees no -Wmaybe-uninitialized.)
  const int wd = date::Weekday(*d);
  return wd >= 0 && wd <= 6 ? kZh[wd] : std::string(en);
}

std::string CardNumber(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

std::string PaperPath(const std::string& key) {
  std::string out = "/papers/";
  for (unsigned char c : key) {
    // Keys are "2401.00001", "hep-th/9901001", "doi:10.1038/x": keep '/' and ':'.
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '/' || c == ':' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += UrlEncode(std::string(1, static_cast<char>(c)));
    }
  }
  return out;
}

std::string ShortAuthors(const Paper& p, size_t n, Lang lang) {
  std::string out;
  for (size_t i = 0; i < p.authors.size() && i < n; ++i) {
    if (i) out += ", ";
    out += p.authors[i].name;
  }
  if (p.authors.size() > n) out += lang == Lang::kZh ? " 等" : " et al.";
  return out;
}

std::string AbsUrl(const Paper& p) { return service::UrlOf(p); }

std::string PdfUrl(const Paper& p) {
  if (!p.pdf_url.empty() &&
      (p.pdf_url.rfind("https://", 0) == 0 || p.pdf_url.rfind("http://", 0) == 0))
    return p.pdf_url;
  if (!p.ids.arxiv.empty()) return "https://arxiv.org/pdf/" + p.ids.arxiv;
  return "";
}

nlohmann::json CardView(const store::PaperView& v, const CardOptions& o, Lang lang) {
  const Paper& p = v.paper;
  nlohmann::json c;
  c["id"] = p.key;
  c["href"] = PaperPath(p.key);
  if (o.number > 0) c["number"] = CardNumber(o.number);
  const Listing* l = ListingFor(p, o.listing_date, o.listing_source);
  c["badge"] = l ? store::SourceBadge(*l) : (p.journal.empty() ? std::string("") : p.journal);
  c["date"] = l ? l->date : (!p.published.empty() ? p.published : p.submitted);
  const std::string type = l ? l->announce_type : "";
  const int version = p.versions.empty() ? 1 : p.versions.back().number;
  if (type == "cross") {
    c["announce"] = Tr("badge_cross", lang);
    c["announce_kind"] = "cross";
  } else if (type == "replace" || type == "replace-cross") {
    c["announce"] = Tr("badge_updated", lang) + " v" + std::to_string(version);
    c["announce_kind"] = "updated";
  } else if (type == "new") {
    c["announce"] = Tr("badge_new", lang);
    c["announce_kind"] = "new";
  }
  c["title"] = p.title;
  c["authors"] = ShortAuthors(p, 8, lang);
  c["abstract"] = p.abstract;
  // Only when known: the card template tests them as sections, where an empty
  // string counts as present (an empty "PDF" link).
  if (const std::string u = AbsUrl(p); !u.empty()) c["abs_url"] = u;
  if (const std::string u = PdfUrl(p); !u.empty()) c["pdf_url"] = u;
  if (!p.ids.doi.empty()) c["doi"] = p.ids.doi;
  if (!o.reasons.empty()) {
    nlohmann::json rs = nlohmann::json::array();
    for (const auto& r : o.reasons) rs.push_back(r);
    c["reasons"] = rs;
    c["has_reasons"] = true;
  }
  if (o.radar_id > 0) {
    c["radar_id"] = std::to_string(o.radar_id);
    c["radar_name"] = o.radar_name;
    if (!o.feedback.empty()) {
      c["feedback"] = o.feedback;
      c["fb_" + o.feedback] = true;
    }
  }
  return c;
}

}  // namespace ah::web
