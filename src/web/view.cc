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

// A radar reason (radar::Rank words them in English for the CLI and the API:
// "terms: ...", "similar to seed ID (0.81)") in the page's language.
std::string ReasonText(const std::string& reason, Lang lang) {
  if (lang != Lang::kZh) return reason;
  static const std::pair<std::string_view, std::string_view> kPrefixes[] = {
      {"terms: ", "关键词："},
      {"matches: ", "匹配："},
      {"category: ", "分类："},
      {"followed author: ", "关注的作者："},
      {"author of a seed or liked paper: ", "种子或喜欢论文的作者："},
      {"matches the keywords: ", "符合关键词："},
      {"similar to seed ", "相似的种子论文："},
      {"similar to liked paper ", "相似的喜欢论文："},
      {"similar to saved paper ", "相似的收藏论文："},
  };
  for (const auto& [en, zh] : kPrefixes)
    if (reason.compare(0, en.size(), en) == 0) {
      std::string rest = reason.substr(en.size());
      // "Name (as typed)": the name the radar follows.
      if (size_t as = rest.find(" (as "); as != std::string::npos)
        rest = rest.substr(0, as) + "（即 " + rest.substr(as + 5, rest.size() - as - 6) + "）";
      return std::string(zh) + rest;
    }
  return reason;
}

std::string ReasonText(const radar::Reason& r, Lang lang) {
  if (lang != Lang::kZh) return radar::ReasonText(r);
  auto arg = [&](size_t i) { return i < r.args.size() ? r.args[i] : std::string(); };
  auto join = [&](const char* sep) {
    std::string s;
    for (size_t i = 0; i < r.args.size(); ++i) s += (i ? sep : "") + r.args[i];
    return s;
  };
  auto noun = [](const std::string& kind) -> std::string {
    return kind == "liked" ? "喜欢的论文" : kind == "saved" ? "收藏的论文" : "种子论文";
  };
  using K = radar::Reason::Kind;
  switch (r.kind) {
    case K::kTerms: return "关键词：" + join("、");
    case K::kQuery: return "符合关键词：" + join("、");
    case K::kMatches: return "匹配：" + join("、");
    case K::kSimilar: return "相似的" + noun(arg(0)) + "：“" + arg(2) + "”（" + arg(3) + "）";
    case K::kFollowedAuthor:
      return "关注的作者：" + arg(0) + (arg(1).empty() ? "" : "（即 " + arg(1) + "）");
    case K::kCoauthor: return noun(arg(1)) + "“" + arg(3) + "”的作者：" + arg(0);
    case K::kCategory: return "分类：" + arg(0);
  }
  return radar::ReasonText(r);
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
  if (!o.why.empty()) {
    nlohmann::json rs = nlohmann::json::array();
    for (const auto& r : o.why) rs.push_back(ReasonText(r, lang));
    c["reasons"] = rs;
    c["has_reasons"] = true;
  } else if (!o.reasons.empty()) {
    nlohmann::json rs = nlohmann::json::array();
    for (const auto& r : o.reasons) rs.push_back(ReasonText(r, lang));
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
