// The Curated Daily page (/): for visitors, the day as the instance's public
// radars curate it (or, with none, the latest day of every source); for a
// signed-in user, their own radars' day with reasons and feedback buttons.
#include <algorithm>
#include <map>
#include <set>

#include "core/date.h"
#include "service/curated.h"
#include "service/categories.h"
#include "service/today.h"
#include "sources/calendar.h"
#include "store/view_json.h"
#include "web/briefing_view.h"
#include "web/pages.h"
#include "web/view.h"

namespace ah::web::pages {
namespace {

constexpr Phrase kHome[] = {
    {"day_of", "Papers announced on", "发布日期"},
    {"curated_by", "Curated by", "精选来源"},
    {"latest_of_every_source", "The latest day of every source", "各来源的最新一天"},
    {"your_radars", "Your radars", "你的雷达"},
    {"create_first_radar", "Create your first research radar", "创建你的第一个研究雷达"},
    {"first_radar_help",
     "Describe what you work on in a sentence; AcademicHub ranks every day's papers for you and "
     "learns from your likes and dislikes.",
     "用一句话描述你的研究方向；AcademicHub 会每天为你排序新论文，并从你的喜欢与不感兴趣中学习。"},
    {"radar_name", "Name", "名称"},
    {"radar_description", "What are you interested in?", "你关注什么方向？"},
    {"create", "Create", "创建"},
    {"briefing_of_day", "Today's briefing", "今日简报"},
    {"read_briefing", "Read the whole briefing", "阅读完整简报"},
    {"source", "Source", "来源"},
    {"category", "Category", "分类"},
    {"date", "Date", "日期"},
    {"show", "Show", "显示"},
    {"page_prev", "Previous page", "上一页"},
    {"page_next", "Next page", "下一页"},
    {"of", "of", "/"},
    {"nothing_strong", "Nothing announced for this day yet.", "这一天还没有新论文。"},
    {"empty_library",
     "The library is empty. Run `academichub fetch` or `academichub ingest PATH`, then reload.",
     "文献库还是空的。请先运行 `academichub fetch` 或 `academichub ingest PATH`，然后刷新。"},
    {"warming",
     "The radars are being prepared (a few seconds after the server starts): this is the plain "
     "day meanwhile. Reload in a moment.",
     "雷达正在准备中（服务器启动后的几秒钟）：先显示当天的全部论文，请稍后刷新。"},
    {"sign_in_for_radar", "Sign in to rank the day for your own research.",
     "登录后，可按你自己的研究方向为每天的论文排序。"},
};

constexpr int kPageSize = 50;

std::string HomeLink(const Request& req, const std::string& key, const std::string& value) {
  std::map<std::string, std::string> q;
  for (const auto& [k, v] : req.query)
    if (k != "lang" && k != "page") q[k] = v;
  if (value.empty()) {
    q.erase(key);
  } else {
    q[key] = value;
  }
  std::string out = "/";
  for (const auto& [k, v] : q) out += (out == "/" ? "?" : "&") + UrlEncode(k) + "=" + UrlEncode(v);
  return out;
}

// "2026-12-06 20:00" at `unix_seconds` shifted by `offset` seconds.
std::string DayAndTime(int64_t unix_seconds, int64_t offset) {
  std::string t = date::FormatTimestamp(unix_seconds + offset);  // YYYY-MM-DDTHH:MM:SSZ
  return t.substr(0, 10) + " " + t.substr(11, 5);
}

// The calendar's facts in the page's language.
std::string CalendarWords(const service::CalendarFacts& f, Lang lang) {
  if (lang != Lang::kZh) return service::DescribeCalendar(f);
  std::string out;
  if (!f.today.empty())
    out = f.source + " 在" + WeekdayName(f.today, lang) + " " + f.today +
          " 不发布新论文；下一次发布于美东时间 " +
          DayAndTime(f.next_at_unix, sources::UsEasternUtcOffset(f.next_at_unix)) + "（UTC " +
          DayAndTime(f.next_at_unix, 0) + "），列为 " + f.next_listed + "。";
  if (!f.latest.empty())
    out += std::string(out.empty() ? "" : "\n") + "本库最新的 " + f.source + " 日期是" +
           WeekdayName(f.latest, lang) + " " + f.latest + "；当前的发布日期是 " + f.current +
           "（运行 fetch 即可获取）。";
  return out;
}

// The calendar's word on today (arXiv's schedule is the one readers wait for).
void AddCalendarNote(Context& ctx, nlohmann::json* v) {
  // Administrators (who can fetch) also hear when the library is behind arXiv.
  std::string latest;
  if (ctx.user && ctx.user->admin) {
    store::ListingFilter f;
    f.source = "arxiv";
    if (auto d = ctx.session().store().LatestListingDate(f); d) latest = *d;
  }
  std::string note = CalendarWords(
      service::CalendarState("arxiv", latest, ctx.library().clock().NowUnix()), ctx.lang);
  if (!note.empty()) (*v)["calendar_note"] = note;
}

// Day navigation and the calendar's word on the day.
void AddDayBar(Context& ctx, const std::string& day, const std::string& prev,
               const std::string& next, bool explicit_date, nlohmann::json* v) {
  (*v)["day"] = day;
  (*v)["weekday"] = WeekdayName(day, ctx.lang);
  if (!prev.empty()) (*v)["prev_href"] = HomeLink(ctx.req(), "date", prev);
  if (!next.empty()) (*v)["next_href"] = HomeLink(ctx.req(), "date", next);
  if (!explicit_date) AddCalendarNote(ctx, v);
}

// The source and category filters, from the papers of the day.
// `days`: the days shown (each source's latest, on the every-source page).
void AddFilters(Context& ctx, const std::vector<const ah::Paper*>& papers,
                const std::set<std::string>& days, nlohmann::json* v) {
  std::map<std::string, int> sources, categories;
  for (const ah::Paper* p : papers) {
    std::set<std::string> listed;  // a paper counts once per source
    for (const auto& l : p->listings)
      if (days.count(l.date) && listed.insert(l.source).second) ++sources[l.source];
    if (!p->primary_category.empty()) ++categories[p->primary_category];
  }
  const std::string want_source = ctx.req().Query("source");
  const std::string want_cat = ctx.req().Query("category");
  nlohmann::json s = nlohmann::json::array(), c = nlohmann::json::array();
  for (const auto& [name, n] : sources)
    s.push_back({{"name", name}, {"count", n}, {"selected", name == want_source}});
  if (!want_source.empty() && !sources.count(want_source))
    s.push_back({{"name", want_source}, {"count", 0}, {"selected", true}});
  for (const auto& [name, n] : categories)
    c.push_back({{"name", name}, {"count", n}, {"selected", name == want_cat}});
  if (!want_cat.empty() && !categories.count(want_cat))
    c.push_back({{"name", want_cat}, {"count", 0}, {"selected", true}});
  (*v)["sources"] = s;
  (*v)["categories"] = c;
  (*v)["date_value"] = ctx.req().Query("date");
}

// The latest stored briefing of one of the radars for the day, in the page's language.
void AddBriefing(Context& ctx, const std::vector<store::RadarDefinition>& radars,
                 const std::string& day, const CardsOnPage& cards, nlohmann::json* v) {
  for (const auto& r : radars) {
    auto b = ctx.session().radars().FindBriefing(r.owner, r.id, day, day, LangCode(ctx.lang));
    if (!b || !*b) continue;
    auto view = BriefingSummaryView((*b)->json, ctx.lang, &cards);
    if (!view) continue;
    (*v)["briefing"] = std::move(*view);
    (*v)["briefing"]["radar_name"] = r.name;
    return;
  }
}

Result<nlohmann::json> CuratedView(Context& ctx, const std::vector<store::RadarDefinition>& radars,
                                   bool own) {
  auto index = ctx.library().WaitIndex();
  if (!index) return Fail(index.error());
  service::CuratedOptions o;
  o.date = date::Normalize(ctx.req().Query("date"));
  o.limit = 30;
  o.record_shown = own;
  o.now_unix = ctx.library().clock().NowUnix();
  auto day = service::Curate(ctx.session().store(), ctx.session().radars(), **index, radars, o,
                             &ctx.library().ranks());
  if (!day) return Fail(day.error());
  nlohmann::json v;
  std::map<int64_t, std::map<std::string, std::string>> feedback;  // radar -> paper -> action
  for (const auto& r : radars)
    for (const auto& f : r.feedback) feedback[r.id][f.paper] = f.action;
  nlohmann::json cards = nlohmann::json::array();
  std::vector<const ah::Paper*> papers;
  CardsOnPage on_page;
  int n = 0;
  for (const auto& c : day->cards) {
    on_page.insert(c.paper.view.paper.key);
    CardOptions co;
    co.number = ++n;
    co.listing_date = c.paper.listing_date;
    co.listing_source = c.paper.listing_source;
    if (own) {
      co.reasons = c.paper.reasons;
      co.why = c.paper.why;
      co.radar_id = c.radar_id;
      co.radar_name = c.radar_name;
      auto it = feedback[c.radar_id].find(c.paper.view.paper.key);
      if (it != feedback[c.radar_id].end()) co.feedback = it->second;
    }
    cards.push_back(CardView(c.paper.view, co, ctx.lang));
    papers.push_back(&c.paper.view.paper);
  }
  v["cards"] = cards;
  v["count"] = cards.size();
  nlohmann::json names = nlohmann::json::array();
  for (const auto& r : radars) names.push_back({{"name", r.name}, {"id", std::to_string(r.id)}});
  v["radars"] = names;
  v["curated"] = true;
  store::ListingFilter f;
  f.date = day->date;
  auto adjacent = ctx.session().store().AdjacentListingDates(f);
  if (!adjacent) return Fail(adjacent.error());
  AddDayBar(ctx, day->date, adjacent->first, adjacent->second, !o.date.empty(), &v);
  AddBriefing(ctx, radars, day->date, on_page, &v);
  // The filters lead to the whole day of a source or category, unranked.
  AddFilters(ctx, papers, {day->date}, &v);
  return v;
}

// Whether a visitor's page may come from the cache: only the query keys the
// page is made of, each at most once.
bool CacheableQuery(const Request& req) {
  static constexpr std::string_view kKeys[] = {"date", "source", "category", "page", "lang"};
  for (const auto& [k, v] : req.query) {
    if (std::find(std::begin(kKeys), std::end(kKeys), k) == std::end(kKeys)) return false;
    if (req.query.count(k) > 1) return false;
  }
  return true;
}

Result<nlohmann::json> DayView(Context& ctx) {
  const Request& req = ctx.req();
  nlohmann::json v;
  int page = std::max(1, std::atoi(req.Query("page").c_str()));
  service::DayQuery q;
  q.date = req.Query("date");
  q.source = req.Query("source");
  q.category = req.Query("category");
  if (!q.category.empty()) {
    // As the CLI's --category: "cs.lg" is cs.LG; an unknown one is a 400 that
    // suggests the nearest ("did you mean"), not an empty day.
    auto cat = service::ResolveCategory(ctx.session().store(), q.category);
    if (!cat) return Fail(cat.error());
    q.category = std::move(*cat);
  }
  nlohmann::json cards = nlohmann::json::array();
  std::vector<const ah::Paper*> papers;
  std::vector<service::DayListing> days;
  if (q.source.empty() && q.date.empty() && q.category.empty()) {
    // The latest day of every source, a section each.
    auto stats = ctx.session().store().Stats();
    if (!stats) return Fail(stats.error());
    for (const auto& [source, count] : stats->papers_by_source) {
      service::DayQuery sq;
      sq.source = source;
      sq.limit = 20;
      auto day = service::ListDay(ctx.session().store(), sq);
      if (!day) return Fail(day.error());
      if (!day->date.empty()) days.push_back(std::move(*day));
    }
    std::sort(days.begin(), days.end(),
              [](const auto& a, const auto& b) { return a.date > b.date; });
    v["every_source"] = true;
    AddCalendarNote(ctx, &v);
  } else {
    q.limit = kPageSize;
    q.offset = static_cast<int64_t>(page - 1) * kPageSize;
    auto day = service::ListDay(ctx.session().store(), q);
    if (!day) return Fail(day.error());
    if (!day->date.empty()) {
      if (day->total > static_cast<size_t>(page) * kPageSize)
        v["page_next_href"] = HomeLink(req, "page", "") + (req.query.size() ? "&" : "?") +
                              "page=" + std::to_string(page + 1);
      if (page > 1)
        v["page_prev_href"] = HomeLink(req, "page", "") + (req.query.size() ? "&" : "?") +
                              "page=" + std::to_string(page - 1);
      v["total"] = day->total;
      AddDayBar(ctx, day->date, day->previous_date, day->next_date, !q.date.empty(), &v);
      days.push_back(std::move(*day));
    }
  }
  int n = (page - 1) * kPageSize;
  nlohmann::json sections = nlohmann::json::array();
  for (const auto& day : days) {
    nlohmann::json sec;
    sec["date"] = day.date;
    sec["weekday"] = WeekdayName(day.date, ctx.lang);
    nlohmann::json sc = nlohmann::json::array();
    for (const auto& pv : day.papers) {
      CardOptions co;
      co.number = ++n;
      co.listing_date = day.date;
      co.listing_source = req.Query("source");
      sc.push_back(CardView(pv, co, ctx.lang));
      papers.push_back(&pv.paper);
    }
    sec["cards"] = sc;
    // The section names its source ("arXiv", "bioRxiv"), not its first card's
    // channel; a journal feed's channel is the journal, so its cards say it.
    Listing source;
    source.source = day.source;
    std::string name = store::SourceBadge(source);
    if (name == day.source && !sc.empty()) name = sc[0].value("badge", name);
    sec["badge"] = name;
    sections.push_back(std::move(sec));
  }
  v["sections"] = sections;
  std::set<std::string> shown;
  for (const auto& day : days) shown.insert(day.date);
  if (!days.empty()) AddFilters(ctx, papers, shown, &v);
  v["empty_library"] = days.empty() && q.date.empty() && q.source.empty() && q.category.empty();
  return v;
}

}  // namespace

Result<Response> Home(Context& ctx) {
  const Request& req = ctx.req();
  const bool visitor = !ctx.user;
  // Visitors share one rendering per (language, address, library state). The
  // page echoes its address (the language switch, sign-in's return), so only
  // the filters' query keys are cached, each once, and the key is the address
  // as sent: another visitor's `/?x=...` must not reach everyone's links.
  std::string cache_key;
  uint64_t version = 0;
  if (visitor && CacheableQuery(req)) {
    cache_key = LangCode(ctx.lang) + "|" + req.target;
    auto index = ctx.library().index();
    version = (index ? index->id() : 0) * 1000003ULL + ctx.app().public_version();
    if (auto hit = ctx.app().pages().Get(cache_key, version, std::chrono::seconds(60))) {
      Response r;
      r.shared_body = hit->body;
      r.shared_gzip = hit->gzip;
      return r;
    }
  }
  nlohmann::json v;
  std::vector<store::RadarDefinition> own;
  if (ctx.user) {
    auto list = ctx.session().radars().ListRadars(ctx.owner());
    if (!list) return Fail(list.error());
    for (const auto& r : *list) {
      auto full = ctx.session().radars().GetRadarById(ctx.owner(), r.id);
      if (!full) return Fail(full.error());
      if (*full) own.push_back(std::move(**full));
    }
  }
  const bool filtered = !req.Query("source").empty() || !req.Query("category").empty();
  // While the radar index is first built (seconds after start-up), nobody
  // waits for it: the plain day, and a word that the radars are coming.
  const bool index_ready = ctx.library().index() != nullptr;
  if (!own.empty() && !filtered && index_ready) {
    auto cv = CuratedView(ctx, own, true);
    if (!cv) return Fail(cv.error());
    v = std::move(*cv);
    v["mine"] = true;
  } else {
    auto pub = ctx.session().radars().ListPublicRadars();
    if (!pub) return Fail(pub.error());
    if (!pub->empty() && !filtered && index_ready) {
      auto cv = CuratedView(ctx, *pub, false);
      if (!cv) return Fail(cv.error());
      v = std::move(*cv);
    } else {
      auto dv = DayView(ctx);
      if (!dv) return Fail(dv.error());
      v = std::move(*dv);
    }
    v["invite_radar"] = ctx.user.has_value() && own.empty();
    v["warming"] = !index_ready && (!own.empty() || !pub->empty()) && !filtered;
  }
  v["visitor"] = visitor;
  nlohmann::json t = CommonStrings(ctx.lang);
  AddStrings(kHome, ctx.lang, &t);
  v["t"] = t;
  v["page_class"] = "home";
  auto r = Render(ctx, "home", v, Tr("product", ctx.lang) + " · " + Tr("tagline", ctx.lang));
  if (!r) return r;
  if (!cache_key.empty()) {
    CachedPage page;
    page.body = std::make_shared<const std::string>(std::move(r->body));
    if (std::string z = Gzip(*page.body); !z.empty())
      page.gzip = std::make_shared<const std::string>(std::move(z));
    ctx.app().pages().Put(cache_key, version, page);
    r->body.clear();
    r->shared_body = page.body;
    r->shared_gzip = page.gzip;
  }
  return r;
}

}  // namespace ah::web::pages
