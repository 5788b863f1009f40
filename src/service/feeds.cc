#include "service/feeds.h"

#include <sys/random.h>

#include <ctime>

#include "core/date.h"
#include "core/merge.h"
#include "core/text.h"
#include "delivery/atom.h"
#include "service/brief_service.h"
#include "service/radars.h"
#include "service/today.h"

namespace ah::service {
namespace {

std::string Base64Url(const unsigned char* p, size_t n) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    acc = (acc << 8) | p[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 0x3F];
  return out;
}

std::string Iso(int64_t unix) {
  const std::time_t t = static_cast<std::time_t>(unix);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string PaperDate(const Paper& p) {
  if (!p.published.empty() && p.published.size() >= 10) return p.published.substr(0, 10);
  if (!p.versions.empty() && p.versions.front().date.size() == 10) return p.versions.front().date;
  return "";
}

delivery::AtomEntry EntryOf(const Paper& p, const std::string& listing_date, const FeedOptions& o) {
  delivery::AtomEntry e;
  const std::string key = CanonicalKey(p);
  const std::string web = o.base_url + "/papers/" + text::PercentEncode(key, ":/");
  e.id = web;
  e.web_link = web;
  e.title = p.title;
  e.summary = p.abstract;
  for (const auto& a : p.authors) e.authors.push_back(a.name);
  e.categories = p.categories;
  e.link = UrlOf(p);
  e.pdf_link = p.pdf_url;
  e.doi = !p.ids.doi.empty()     ? p.ids.doi
          : !p.ids.arxiv.empty() ? "10.48550/arXiv." + p.ids.arxiv
                                 : "";
  e.published = PaperDate(p);
  e.updated = listing_date.empty() ? e.published : listing_date;
  return e;
}

std::string Latest(const delivery::AtomFeed& f, int64_t now) {
  std::string latest;
  for (const auto& e : f.entries)
    if (e.updated > latest) latest = e.updated;
  return latest.empty() ? Iso(now) : latest;
}

Result<std::string> DayFeed(store::Store& store, DayQuery q, const std::string& what,
                            const std::string& path, const FeedOptions& o) {
  q.date = o.date;
  q.limit = static_cast<int64_t>(o.limit);
  auto day = ListDay(store, q);
  if (!day) return Fail(day.error());
  if (day->papers.empty()) {
    // An unknown category or source is not found; a known one's empty day is an empty feed.
    DayQuery any = q;
    any.date.clear();
    any.limit = 1;
    auto latest = ListDay(store, any);
    if (!latest) return Fail(latest.error());
    if (latest->date.empty()) return MakeError(Code::kNotFound, "no papers for " + what);
  }
  delivery::AtomFeed f;
  f.id = o.base_url + path;
  f.self_link = f.id;
  f.title = "AcademicHub · " + what;
  f.subtitle = "Papers announced on " + day->date;
  for (const auto& v : day->papers) f.entries.push_back(EntryOf(v.paper, day->date, o));
  f.updated = Latest(f, o.now_unix);
  return delivery::RenderAtom(f);
}

}  // namespace

std::string NewFeedToken() {
  unsigned char buf[32];
  size_t got = 0;
  while (got < sizeof buf) {
    const ssize_t n = getrandom(buf + got, sizeof buf - got, 0);
    if (n > 0) got += static_cast<size_t>(n);
  }
  return Base64Url(buf, sizeof buf);
}

Result<std::string> RotateFeedToken(store::DeliveryStore& delivery, std::string_view owner,
                                    int64_t radar_id, int64_t now_unix) {
  store::FeedToken t;
  t.token = NewFeedToken();
  t.owner = std::string(owner);
  t.radar_id = radar_id;
  t.created_unix = now_unix;
  if (auto st = delivery.SetFeedToken(t); !st) return Fail(st.error());
  return t.token;
}

std::string RadarFeedPath(std::string_view token) {
  return "/feeds/radar/" + std::string(token) + ".atom";
}
std::string CategoryFeedPath(std::string_view category) {
  return "/feeds/category/" + text::PercentEncode(category) + ".atom";
}
std::string SourceFeedPath(std::string_view source) {
  return "/feeds/source/" + text::PercentEncode(source) + ".atom";
}

Result<std::string> RadarFeed(store::Store& store, store::RadarStore& radars,
                              store::DeliveryStore& delivery, const LibraryIndex& library,
                              std::string_view token, const FeedOptions& o, RankCache* cache) {
  auto t = delivery.FindFeedToken(token);
  if (!t) return Fail(t.error());
  if (!*t) return MakeError(Code::kNotFound, "no such feed");
  auto r = FindRadarById(radars, (*t)->owner, (*t)->radar_id);
  if (!r) return Fail(r.error());
  delivery::AtomFeed f;
  f.id = o.base_url + RadarFeedPath(token);
  f.self_link = f.id;
  f.html_link = o.base_url + "/radars/" + std::to_string(r->id);
  f.title = "AcademicHub · " + r->name;
  f.subtitle = r->description;
  RunOptions run;
  run.date = o.date;
  run.days = o.radar_days;
  run.limit = o.limit;
  run.include_shown = true;
  run.record_shown = false;
  auto report = RunRadar(store, radars, library, *r, run, cache);
  if (report) {
    for (const auto& p : report->papers) {
      auto e = EntryOf(p.view.paper, p.listing_date, o);
      std::string why;
      for (const auto& reason : p.reasons) why += (why.empty() ? "" : " · ") + reason;
      if (!why.empty()) e.note = "Why: " + why;
      f.entries.push_back(std::move(e));
    }
  } else if (report.error().code != Code::kNotFound &&
             report.error().code != Code::kInvalidArgument) {
    return Fail(report.error());
  }  // nothing announced yet, or nothing to rank by: an empty feed
  f.updated = Latest(f, o.now_unix);
  return delivery::RenderAtom(f);
}

Result<std::string> CategoryFeed(store::Store& store, std::string_view category,
                                 const FeedOptions& o) {
  DayQuery q;
  q.category = std::string(category);
  return DayFeed(store, q, "category " + std::string(category), CategoryFeedPath(category), o);
}

Result<std::string> SourceFeed(store::Store& store, std::string_view source, const FeedOptions& o) {
  DayQuery q;
  q.source = std::string(source);
  return DayFeed(store, q, "source " + std::string(source), SourceFeedPath(source), o);
}

Result<std::string> UserFeedsOpml(store::RadarStore& radars, store::DeliveryStore& delivery,
                                  std::string_view owner, const FeedOptions& o) {
  auto list = radars.ListRadars(owner);
  if (!list) return Fail(list.error());
  std::vector<delivery::OpmlOutline> feeds;
  for (const auto& r : *list) {
    auto t = delivery.GetFeedToken(owner, r.id);
    if (!t) return Fail(t.error());
    if (!*t) continue;
    feeds.push_back({"AcademicHub · " + r.name, o.base_url + RadarFeedPath((*t)->token),
                     o.base_url + "/radars/" + std::to_string(r.id)});
  }
  return delivery::RenderOpml("AcademicHub feeds of " + std::string(owner), Iso(o.now_unix), feeds);
}

}  // namespace ah::service
