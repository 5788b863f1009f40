// Briefing pages: a radar's briefing for a day or a week in the page's
// language (/radars/{id}/briefing?date=&days=&lang=), one stored briefing
// (/briefings/{id}), and writing one (POST). Showing a page never calls a
// language model: it shows the newest stored briefing for the range and
// language, or offers to write one.
#include "core/date.h"
#include "service/radars.h"
#include "service/user_llm.h"
#include "web/briefing_view.h"
#include "web/briefing_write.h"
#include "web/pages.h"

namespace ah::web::pages {
namespace {

constexpr Phrase kBriefing[] = {
    {"briefing", "Briefing", "简报"},
    {"day", "Day", "一天"},
    {"week", "Week", "一周"},
    {"earlier", "Earlier", "更早"},
    {"later", "Later", "更晚"},
    {"language", "Language", "语言"},
    {"not_written", "not written yet", "尚未生成"},
    {"none_yet", "No briefing of this radar for this range in this language yet.",
     "这个雷达在此时间范围内还没有该语言的简报。"},
    {"write", "Write the briefing", "生成简报"},
    {"regenerate", "Regenerate", "重新生成"},
    {"extractive_only", "Extractive (no language model)", "抽取式（不使用语言模型）"},
    {"written_by_own", "Written with your own model:", "将使用你自己的模型："},
    {"written_by_instance", "Written with this server's model:", "将使用本站的模型："},
    {"written_by_none",
     "No language model is set up: briefings are extractive. You can add your own provider in "
     "settings.",
     "未配置语言模型：简报为抽取式。你可以在设置中添加自己的模型服务。"},
    {"stop", ". ", "。"},
    {"writing_takes", "Writing with a model can take a minute.",
     "使用语言模型生成可能需要一分钟。"},
    {"history", "Earlier briefings of this radar", "这个雷达的历史简报"},
    {"written_at", "Written", "生成于"},
    {"back_to_radar", "Back to the radar", "返回雷达"},
    {"open_range", "This range's page", "此时间范围的页面"},
    {"mode_llm", "model", "模型"},
    {"mode_extractive", "extractive", "抽取式"},
};

std::string LinkTo(int64_t radar, const std::string& date, int days, const std::string& lang) {
  std::string q = "/radars/" + std::to_string(radar) + "/briefing?date=" + UrlEncode(date);
  if (days != 1) q += "&days=" + std::to_string(days);
  return q + "&lang=" + lang;
}

std::string When(int64_t unix) {
  const std::string t = date::FormatTimestamp(unix);  // YYYY-MM-DDTHH:MM:SSZ
  return t.size() >= 16 ? t.substr(0, 10) + " " + t.substr(11, 5) + " UTC" : t;
}

nlohmann::json HistoryView(const std::vector<store::StoredBriefing>& list, int64_t current) {
  nlohmann::json h = nlohmann::json::array();
  for (const auto& b : list) {
    nlohmann::json item{
        {"href", "/briefings/" + std::to_string(b.id)},
        {"range", b.date_from == b.date_to ? b.date_from : b.date_from + " – " + b.date_to},
        {"lang", b.lang == "zh" ? "中文" : "English"},
        {"llm", b.mode == "llm"},
        {"when", When(b.created_unix)}};
    if (!b.model.empty() && b.mode == "llm") item["model"] = b.model;
    if (b.id == current) item["current"] = true;
    h.push_back(std::move(item));
  }
  return h;
}

// Which model a briefing written now would use (without opening any key).
void AddWriterNote(Context& ctx, nlohmann::json* v) {
  auto user = ViewerAccount(ctx);
  if (user) {
    if (auto p = service::ProviderOf(user->settings_json)) {
      (*v)["writer_own"] = p->model;
      return;
    }
  }
  if (service::LlmRuntime* rt = ctx.library().llm()) {
    (*v)["writer_instance"] = rt->client->Describe();
    return;
  }
  (*v)["writer_none"] = true;
}

nlohmann::json Strings(Lang lang) {
  nlohmann::json t = CommonStrings(lang);
  AddStrings(kBriefing, lang, &t);
  return t;
}

// The whole stored briefing, its citations linking to its own numbered papers.
Result<nlohmann::json> FullView(const std::string& stored_json, Lang lang) {
  auto b = ReadStoredBriefing(stored_json);
  if (!b) return Fail(b.error());
  const CardsOnPage cards = PapersOf(*b);
  return BriefingView(*b, lang, &cards, true);
}

Result<Response> RenderBriefing(Context& ctx, nlohmann::json v, const std::string& title) {
  v["t"] = Strings(ctx.lang);
  v["page_css"] = "briefing.css";
  v["page_class"] = "briefing-page";
  return Render(ctx, "briefing_page", std::move(v), title);
}

}  // namespace

Result<Response> Briefing(Context& ctx) {
  auto id = PathId(ctx.req().Param("id"), "radar");
  if (!id) return Fail(id.error());
  auto radar = service::FindRadarById(ctx.session().radars(), ctx.owner(), *id);
  if (!radar) return Fail(radar.error());
  BriefRequest r;
  r.date = ctx.req().Query("date");
  r.lang = LangCode(ctx.lang);
  if (ctx.req().HasQuery("days")) {
    const std::string d = ctx.req().Query("days");
    r.days = d.size() <= 3 && !d.empty() && d.find_first_not_of("0123456789") == std::string::npos
                 ? std::stoi(d)
                 : 0;
  }
  if (auto st = CheckBriefRequest(&r); !st) return Fail(st.error());
  auto range = service::RunRange(ctx.session().store(), *radar, r.date, r.days);
  if (!range) return Fail(range.error());

  nlohmann::json v;
  v["radar_id"] = std::to_string(radar->id);
  v["radar_name"] = radar->name;
  v["radar_href"] = "/radars/" + std::to_string(radar->id);
  v["range"] = range->date_from == range->date_to ? range->date_to
                                                  : range->date_from + " – " + range->date_to;
  v["date_value"] = range->date_to;
  v["days_value"] = std::to_string(r.days);
  v["lang_value"] = r.lang;
  v["day_href"] = LinkTo(radar->id, range->date_to, 1, r.lang);
  v["week_href"] = LinkTo(radar->id, range->date_to, 7, r.lang);
  v[r.days == 7 ? "is_week" : r.days == 1 ? "is_day" : "is_other"] = true;
  if (auto d = date::Parse(range->date_to)) {
    v["earlier_href"] = LinkTo(radar->id, date::Format(date::AddDays(*d, -r.days)), r.days, r.lang);
    auto latest = service::RunRange(ctx.session().store(), *radar, "", 1);
    if (latest && latest->date_to > range->date_to)
      v["later_href"] = LinkTo(radar->id, date::Format(date::AddDays(*d, r.days)), r.days, r.lang);
  }
  // The language switch: this range in each language, and whether it is written.
  nlohmann::json langs = nlohmann::json::array();
  int64_t current = 0;
  for (const char* code : {"en", "zh"}) {
    auto b = ctx.session().radars().FindBriefing(ctx.owner(), radar->id, range->date_from,
                                                 range->date_to, code);
    if (!b) return Fail(b.error());
    nlohmann::json l{{"code", code},
                     {"name", std::string(code) == "zh" ? "中文" : "English"},
                     {"href", LinkTo(radar->id, range->date_to, r.days, code)},
                     {"written", b->has_value()}};
    if (code == r.lang) {
      l["current"] = true;
      if (*b) {
        auto view = FullView((*b)->json, ctx.lang);
        if (!view) return Fail(view.error());
        v["briefing"] = std::move(*view);
        v["written_at"] = When((*b)->created_unix);
        current = (*b)->id;
      }
    }
    langs.push_back(std::move(l));
  }
  v["langs"] = langs;
  auto history = ctx.session().radars().ListBriefings(ctx.owner(), radar->id, 20);
  if (!history) return Fail(history.error());
  if (!history->empty()) {
    v["history"] = HistoryView(*history, current);
    v["has_history"] = true;
  }
  v["can_write"] = true;
  AddWriterNote(ctx, &v);
  return RenderBriefing(ctx, std::move(v), Tr("nav_radars", ctx.lang) + " · " + radar->name);
}

Result<Response> BriefingById(Context& ctx) {
  auto id = PathId(ctx.req().Param("id"), "briefing");
  if (!id) return Fail(id.error());
  auto stored = ctx.session().radars().GetBriefing(ctx.owner(), *id);
  if (!stored) return Fail(stored.error());
  if (!*stored) return MakeError(Code::kNotFound, "no briefing " + std::to_string(*id));
  const store::StoredBriefing& b = **stored;
  auto radar = service::FindRadarById(ctx.session().radars(), ctx.owner(), b.radar_id);
  if (!radar) return Fail(radar.error());
  auto view = FullView(b.json, ctx.lang);
  if (!view) return Fail(view.error());
  nlohmann::json v;
  v["single"] = true;
  v["radar_id"] = std::to_string(radar->id);
  v["radar_name"] = radar->name;
  v["radar_href"] = "/radars/" + std::to_string(radar->id);
  v["range"] = b.date_from == b.date_to ? b.date_to : b.date_from + " – " + b.date_to;
  v["briefing"] = std::move(*view);
  v["written_at"] = When(b.created_unix);
  int days = 1;
  auto from = date::Parse(b.date_from), to = date::Parse(b.date_to);
  if (from && to) days = static_cast<int>(date::ToDays(*to) - date::ToDays(*from)) + 1;
  v["range_href"] = LinkTo(radar->id, b.date_to, days, b.lang);
  return RenderBriefing(ctx, std::move(v), Tr("nav_radars", ctx.lang) + " · " + radar->name);
}

Result<Response> BriefingWrite(Context& ctx) {
  auto id = PathId(ctx.req().Param("id"), "radar");
  if (!id) return Fail(id.error());
  BriefRequest r;
  r.date = ctx.req().Form("date");
  r.lang = ctx.req().form.count("lang") ? ctx.req().Form("lang") : LangCode(ctx.lang);
  const std::string days = ctx.req().Form("days");
  if (!days.empty())
    r.days = days.size() <= 3 && days.find_first_not_of("0123456789") == std::string::npos
                 ? std::stoi(days)
                 : 0;
  r.extractive = !ctx.req().Form("extractive").empty();
  auto out = WriteBriefingFor(ctx, *id, r);
  if (!out) return Fail(out.error());
  const brief::Briefing& b = out->briefing;
  int span = 1;
  auto from = date::Parse(b.date_from), to = date::Parse(b.date_to);
  if (from && to) span = static_cast<int>(date::ToDays(*to) - date::ToDays(*from)) + 1;
  return Response::Redirect(LinkTo(*id, b.date_to, span, b.lang));
}

}  // namespace ah::web::pages
