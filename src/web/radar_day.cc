// A radar's page (/radars/{id}): its ranked day or week as numbered cards
// with reasons and feedback buttons, day navigation, the feedback history;
// `?fragment=cards` renders the cards alone, which the page's script fetches
// after a feedback click to show the re-ranked day without a reload. And the
// feedback form's fallback (POST /radars/{id}/feedback) for browsers without
// scripts.
//
// Ranking goes through the Library's snapshot and rank cache: a page view
// costs a ranking, a re-rank after feedback a warm model update.
#include <charconv>
#include <map>

#include "core/date.h"
#include "service/radar_service.h"
#include "service/radars.h"
#include "web/errors.h"
#include "web/pages.h"
#include "web/radar_common.h"
#include "web/templates.h"
#include "web/view.h"

namespace ah::web::pages {
namespace {

using nlohmann::json;

constexpr int kDayCards = 30;
constexpr int kWeekCards = 60;
constexpr int kMaxCards = 300;
constexpr size_t kHistoryShown = 50;

std::string ShiftDate(const std::string& ymd, int days) {
  auto d = date::Parse(ymd);
  return d ? date::Format(date::AddDays(*d, days)) : "";
}

// What the request asks to see.
struct DayRequest {
  std::string date;  // "" = the radar's latest announced day
  int days = 1;
  int limit = kDayCards;
  bool fragment = false;
  bool all = false;  // also the papers below the relevance floor
};

Result<DayRequest> ParseDayRequest(const Request& req) {
  DayRequest d;
  if (req.HasQuery("date") && !req.Query("date").empty()) {
    d.date = date::Normalize(req.Query("date"));
    if (d.date.empty())
      return MakeError(Code::kInvalidArgument,
                       "date: '" + req.Query("date") + "' is not a date (want YYYY-MM-DD)");
  }
  auto number = [&](const char* name, int min, int max, int* out) -> Status {
    if (!req.HasQuery(name)) return Ok();
    const std::string s = req.Query(name);
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max)
      return MakeError(Code::kInvalidArgument, std::string(name) + ": want a whole number from " +
                                                   std::to_string(min) + " to " +
                                                   std::to_string(max));
    *out = v;
    return Ok();
  };
  if (auto st = number("days", 1, 31, &d.days); !st) return Fail(st.error());
  d.limit = d.days > 1 ? kWeekCards : kDayCards;
  if (auto st = number("limit", 1, kMaxCards, &d.limit); !st) return Fail(st.error());
  if (req.HasQuery("all")) {
    if (req.Query("all") != "1") return MakeError(Code::kInvalidArgument, "all: want 1");
    d.all = true;
  }
  if (req.HasQuery("fragment")) {
    if (req.Query("fragment") != "cards")
      return MakeError(Code::kInvalidArgument, "fragment: want 'cards'");
    d.fragment = true;
  }
  return d;
}

std::string DayHref(int64_t id, const std::string& date, int days, int limit = 0,
                    bool all = false) {
  std::string h = "/radars/" + std::to_string(id) + "?date=" + UrlEncode(date);
  if (days > 1) h += "&days=" + std::to_string(days);
  if (limit > 0) h += "&limit=" + std::to_string(limit);
  if (all) h += "&all=1";
  return h;
}

// The numbered cards of a run, with the viewer's latest action on each.
json CardsOf(const store::RadarDefinition& r, const service::RunReport& report, Lang lang) {
  std::map<std::string, std::string> latest;
  for (const auto& f : r.feedback) latest[f.paper] = f.action;
  json cards = json::array();
  int n = 0;
  for (const auto& p : report.papers) {
    CardOptions co;
    co.number = ++n;
    co.listing_date = p.listing_date;
    co.listing_source = p.listing_source;
    co.reasons = p.reasons;
    co.why = p.why;
    co.radar_id = r.id;
    co.score = p.score;
    auto it = latest.find(p.view.paper.key);
    if (it != latest.end()) co.feedback = it->second;
    json card = CardView(p.view, co, lang);
    card.erase("radar_name");  // the page is the radar's: no "Radar: ..." on every card
    cards.push_back(std::move(card));
  }
  return cards;
}

// The definition as the page's header shows it (empty fields left out: a
// template section shows any string, even an empty one).
json DefinitionView(const store::RadarDefinition& r) {
  json d;
  d["id"] = std::to_string(r.id);
  d["name"] = r.name;
  if (r.is_public) d["public"] = true;
  auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) d[key] = value;
  };
  auto join = [](const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
  };
  put("description", r.description);
  put("query", r.query);
  put("exclude", r.exclude);
  put("categories", join(r.include_categories, ", "));
  put("exclude_categories", join(r.exclude_categories, ", "));
  put("sources", join(r.include_sources, ", "));
  put("exclude_sources", join(r.exclude_sources, ", "));
  put("authors", join(r.authors, "; "));
  if (!r.seeds.empty()) d["seed_count"] = r.seeds.size();
  return d;
}

// The feedback history, latest first, with the papers' titles.
json HistoryOf(Context& ctx, const store::RadarDefinition& r, const json& t) {
  json items = json::array();
  size_t shown = 0;
  for (auto it = r.feedback.rbegin(); it != r.feedback.rend() && shown < kHistoryShown;
       ++it, ++shown) {
    json item;
    item["action"] = it->action;
    item["action_label"] = t.value("action_" + it->action, it->action);
    item["href"] = PaperPath(it->paper);
    item["title"] = it->paper;
    auto p = ctx.session().store().Get(it->paper);
    if (p && *p && !(*p)->paper.title.empty()) item["title"] = (*p)->paper.title;
    const std::string at = date::FormatTimestamp(it->at_unix);
    item["at"] = at;
    item["at_short"] = at.size() >= 16 ? at.substr(0, 10) + " " + at.substr(11, 5) : at;
    items.push_back(std::move(item));
  }
  return items;
}

// Day navigation: the announced days around a day, or the weeks around a week.
Status AddNavigation(Context& ctx, const store::RadarDefinition& r,
                     const service::RunReport& report, int days, json* v) {
  store::ListingFilter f;
  if (r.include_sources.size() == 1) f.source = r.include_sources[0];
  store::Store& store = ctx.session().store();
  if (days == 1) {
    f.date = report.date_to;
    auto adj = store.AdjacentListingDates(f);
    if (!adj) return Fail(adj.error());
    if (!adj->first.empty()) (*v)["prev_href"] = DayHref(r.id, adj->first, 1);
    if (!adj->second.empty()) (*v)["next_href"] = DayHref(r.id, adj->second, 1);
    return Ok();
  }
  f.date = report.date_from;
  auto before = store.AdjacentListingDates(f);
  if (!before) return Fail(before.error());
  if (!before->first.empty())
    (*v)["prev_href"] = DayHref(r.id, ShiftDate(report.date_to, -days), days);
  f.date = report.date_to;
  auto after = store.AdjacentListingDates(f);
  if (!after) return Fail(after.error());
  if (!after->second.empty()) {
    f.date.clear();
    auto latest = store.LatestListingDate(f);
    if (!latest) return Fail(latest.error());
    std::string next = ShiftDate(report.date_to, days);
    if (!latest->empty() && next > *latest) next = *latest;
    (*v)["next_href"] = DayHref(r.id, next, days);
  }
  return Ok();
}

std::string Notice(const Request& req, const json& t) {
  std::string n;
  if (req.Query("created") == "1") n = t.value("created_notice", "");
  if (req.Query("saved") == "1") n = t.value("saved_notice", "");
  const std::string matched = req.Query("matched"), entries = req.Query("entries");
  auto digits = [](const std::string& s) {
    return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (digits(matched) && digits(entries))
    n += " " + matched + " " + t.value("of_entries", "") + " " + entries + " " +
         t.value("imported", "") + ".";
  return n;
}

}  // namespace

Result<Response> RadarDay(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto want = ParseDayRequest(ctx.req());
  if (!want) return Fail(want.error());
  json t = CommonStrings(ctx.lang);
  radars::AddRadarStrings(ctx.lang, &t);

  service::RunOptions o;
  o.date = want->date;
  o.days = want->days;
  o.limit = static_cast<size_t>(want->limit);
  o.below_floor = want->all;
  o.record_shown = true;  // what the viewer sees is shown, as with `radar run`
  o.now_unix = ctx.library().clock().NowUnix();
  auto index = ctx.library().WaitIndex();
  if (!index) return Fail(index.error());
  auto report = service::RunRadar(ctx.session().store(), ctx.session().radars(), **index, *r, o,
                                  &ctx.library().ranks());
  json v;
  v["t"] = t;
  if (report) {
    v["cards"] = CardsOf(*r, *report, ctx.lang);
    const size_t included =
        report->candidates - report->hidden - report->already_shown - report->rated;
    // Without `all`, the papers below the relevance floor are not shown.
    const size_t shown_at_most = want->all ? included : included - report->below_floor;
    if (shown_at_most > report->papers.size() && want->limit < kMaxCards)
      v["more_href"] = DayHref(r->id, report->date_to, want->days,
                               std::min(kMaxCards, want->limit * 2), want->all);
    if (!want->all && report->below_floor > 0) {
      v["below_floor"] = report->below_floor;
      const std::string all_href = DayHref(r->id, report->date_to, want->days, want->limit, true);
      if (report->papers.empty()) {
        v["nothing_strong"] = true;
        v["all_href"] = all_href;
      } else if (!v.contains("more_href")) {
        v["weaker_href"] = all_href;
      }
    }
  }
  if (want->fragment) {
    if (!report) return Fail(report.error());
    v["csrf"] = ctx.csrf;
    auto html = RenderTemplate("radar_cards", v);
    if (!html) return Fail(html.error());
    return Response::Html(std::move(*html));
  }

  v["radar"] = DefinitionView(*r);
  bool has_definition = false;
  for (const char* k : {"query", "exclude", "categories", "exclude_categories", "sources",
                        "exclude_sources", "authors", "seed_count"})
    has_definition = has_definition || v["radar"].contains(k);
  v["has_definition"] = has_definition;
  const std::string notice = Notice(ctx.req(), t);
  if (!notice.empty()) v["notice"] = notice;
  if (!report) {
    // Nothing to rank by yet, or nothing announced: the page says so.
    const Code c = report.error().code;
    if (c != Code::kInvalidArgument && c != Code::kNotFound) return Fail(report.error());
    v["cannot_rank"] = PublicMessage(report.error(), ctx.request_id);
  } else {
    v["ranked"] = true;
    v["week"] = want->days > 1;
    v["date_from"] = report->date_from;
    v["date_to"] = report->date_to;
    v["weekday"] = WeekdayName(report->date_to, ctx.lang);
    v["candidates"] = report->candidates;
    if (report->already_shown) v["already_shown"] = report->already_shown;
    if (report->hidden) v["hidden"] = report->hidden;
    if (report->updates) v["updates"] = report->updates;
    v["warnings"] = report->warnings;
    v["rerank_href"] =
        DayHref(r->id, report->date_to, want->days, want->limit, want->all) + "&fragment=cards";
    v["day_href"] = DayHref(r->id, report->date_to, 1);
    v["week_href"] = DayHref(r->id, report->date_to, 7);
    if (!want->date.empty() || want->days > 1)
      v["briefing_query"] = "?date=" + report->date_to +
                            (want->days > 1 ? "&days=" + std::to_string(want->days) : "");
    if (auto st = AddNavigation(ctx, *r, *report, want->days, &v); !st) return Fail(st.error());
  }
  v["history"] = HistoryOf(ctx, *r, t);
  v["has_history"] = !r->feedback.empty();
  if (!r->feedback.empty()) v["feedback_total"] = r->feedback.size();
  v["page_css"] = "radars.css";
  v["page_class"] = "radar";
  return Render(ctx, "radar_day", v, r->name);
}

Result<Response> RadarFeedback(Context& ctx) {
  auto r = radars::RadarOfRequest(ctx);
  if (!r) return Fail(r.error());
  auto key = radars::RecordFeedback(ctx, *r, ctx.req().Form("paper"), ctx.req().Form("action"));
  if (!key) return Fail(key.error());
  // Back to the page the form was on (this site's pages only).
  const std::string fallback = "/radars/" + std::to_string(r->id);
  std::string back = ctx.req().Form("next");
  auto drop_fragment = [](std::string s) { return s.substr(0, s.find('#')); };
  if (back.empty()) {
    const std::string referer = ctx.req().Header("Referer");
    const std::string host = ctx.req().Header("Host");
    for (const char* scheme : {"http://", "https://"}) {
      const std::string origin = scheme + host;
      if (!host.empty() && referer.rfind(origin, 0) == 0 && referer.size() > origin.size() &&
          referer[origin.size()] == '/')
        back = referer.substr(origin.size());
    }
  }
  return Response::Redirect(SafeNext(drop_fragment(back), fallback) + "#card-" + UrlEncode(*key));
}

}  // namespace ah::web::pages
