#include "web/briefing_write.h"

#include "core/date.h"
#include "service/radars.h"
#include "service/user_llm.h"
#include "web/auth.h"

namespace ah::web {

bool PrivateProvidersAllowed(Context& ctx) {
  if (ctx.app().options().single_user) return true;
  auto s = ctx.session().users().GetSetting(kPrivateProvidersSetting);
  return s && *s && **s == "allow";
}

Result<store::User> ViewerAccount(Context& ctx) {
  auto u = ctx.session().users().GetUser(ctx.owner());
  if (!u) return Fail(u.error());
  if (*u) return std::move(**u);
  if (!ctx.app().options().single_user)
    return MakeError(Code::kNotFound, "no account named " + ctx.owner());
  store::User local;
  local.name = ctx.owner();
  local.admin = true;
  local.created_unix = ctx.library().clock().NowUnix();
  if (auto id = ctx.session().users().CreateUser(local);
      !id && id.error().code != Code::kAlreadyExists)
    return Fail(id.error());
  auto again = ctx.session().users().GetUser(ctx.owner());
  if (!again) return Fail(again.error());
  if (!*again) return MakeError(Code::kNotFound, "no account named " + ctx.owner());
  return std::move(**again);
}

Result<int64_t> PathId(const std::string& id, const char* what) {
  const bool digits =
      !id.empty() && id.size() <= 18 && id.find_first_not_of("0123456789") == std::string::npos;
  const int64_t n = digits ? std::stoll(id) : 0;
  if (n <= 0) return MakeError(Code::kNotFound, std::string("no ") + what + " " + id);
  return n;
}

Result<LlmChoice> ChooseLlm(Context& ctx) {
  LlmChoice c;
  auto user = ViewerAccount(ctx);
  if (!user) return Fail(user.error());
  if (auto p = service::ProviderOf(user->settings_json)) {
    llm::LlmConfig lc;
    lc.base_url = p->base_url;
    lc.model = p->model;
    if (!p->sealed_key.empty()) {
      auto key = Open(p->sealed_key, ctx.app().options().instance_key);
      if (!key)
        return MakeError(Code::kInvalidArgument,
                         "the API key of your LLM provider can no longer be read (this server's "
                         "key changed): enter it again in settings");
      lc.api_key = std::move(*key);
    }
    service::UserLlmOptions o;
    o.public_addresses_only = !PrivateProvidersAllowed(ctx);
    o.deadline_ms = kUserProviderDeadlineMs;
    o.contact = ctx.library().config().contact;
    o.cache_scope = "user:" + user->name;
    c.own = service::MakeUserLlmRuntime(lc, o, &ctx.session().radars());
    if (c.own) {
      c.runtime = c.own.get();
      c.client = c.own->client.get();
      c.cache_scope = o.cache_scope;
      return c;
    }
  }
  if (service::LlmRuntime* rt = ctx.library().llm()) {
    c.runtime = rt;
    c.client = rt->client.get();
  }
  return c;
}

Status CheckBriefRequest(BriefRequest* r) {
  if (!r->date.empty()) {
    const std::string d = date::Normalize(r->date);
    if (d.empty() || r->date.size() > 40)
      return MakeError(Code::kInvalidArgument,
                       "date: '" + r->date.substr(0, 40) + "' is not a date (want YYYY-MM-DD)");
    r->date = d;
  }
  if (r->days < 1 || r->days > 366)
    return MakeError(Code::kInvalidArgument, "days: must be between 1 and 366");
  if (r->lang != "en" && r->lang != "zh")
    return MakeError(Code::kInvalidArgument, "lang: must be en or zh");
  return Ok();
}

WritingSlot::WritingSlot(WebApp& app) : app_(app) {
  if (app_.briefings_writing().fetch_add(1) < kMaxBriefingsWriting) {
    held_ = true;
  } else {
    app_.briefings_writing().fetch_sub(1);
  }
}

WritingSlot::~WritingSlot() {
  if (held_) app_.briefings_writing().fetch_sub(1);
}

Result<LlmWork> StartLlmWork(Context& ctx, bool extractive) {
  LlmWork w;
  if (extractive) return w;
  auto chosen = ChooseLlm(ctx);
  if (!chosen) return Fail(chosen.error());
  w.llm = std::move(*chosen);
  if (w.llm.client == nullptr) return w;
  w.slot = std::make_unique<WritingSlot>(ctx.app());
  if (!w.slot->held())
    return MakeError(Code::kUnavailable,
                     "the server is writing other briefings with a language model right now; "
                     "try again in a minute");
  w.deadline = w.llm.StartDeadline();
  return w;
}

Result<service::BriefOutcome> WriteBriefingFor(Context& ctx, int64_t radar_id, BriefRequest r) {
  if (auto st = CheckBriefRequest(&r); !st) return Fail(st.error());
  auto radar = service::FindRadarById(ctx.session().radars(), ctx.owner(), radar_id);
  if (!radar) return Fail(radar.error());
  auto work = StartLlmWork(ctx, r.extractive);
  if (!work) return Fail(work.error());
  const LlmChoice& llm = work->llm;
  auto index = ctx.library().WaitIndex();
  if (!index) return Fail(index.error());
  service::BriefOptions o;
  o.run.date = r.date;
  o.run.days = r.days;
  o.run.limit = static_cast<size_t>(std::max(1, ctx.library().config().brief_papers));
  o.lang = r.lang;
  o.extractive = r.extractive;  // without a model the pipeline says why it is extractive
  o.cache_scope = llm.cache_scope;
  o.deadline = work->deadline.get();
  auto out = service::WriteBriefing(ctx.session().store(), ctx.session().radars(), **index, *radar,
                                    llm.client, o, &ctx.library().ranks());
  if (!out) return Fail(out.error());
  if (radar->is_public) ctx.app().BumpPublicVersion();
  return out;
}

}  // namespace ah::web
