#include "service/digest.h"

#include <sys/random.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "brief/render.h"
#include "core/json.h"
#include "core/merge.h"
#include "core/redact.h"
#include "core/text.h"
#include "service/delivery_settings.h"
#include "service/feeds.h"
#include "service/radars.h"

namespace ah::service {
namespace {

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// http(s) only: a feed's "javascript:" link never reaches an email.
std::string SafeUrl(const std::string& u) {
  return u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0 ? u : "";
}

std::string AuthorsLine(const Paper& p) {
  std::string out;
  const size_t n = std::min<size_t>(p.authors.size(), 3);
  for (size_t i = 0; i < n; ++i) out += (i ? ", " : "") + p.authors[i].name;
  if (p.authors.size() > n) out += " et al.";
  return out;
}

}  // namespace

Result<DigestSettings> GetDigestSettings(store::UserStore& users, std::string_view user) {
  auto all = GetDeliverySettings(users, user);
  if (!all) return Fail(all.error());
  return DigestSettings{all->email, all->frequency, all->empty, all->lang, all->unsubscribe};
}

Status SaveDigestSettings(store::UserStore& users, std::string_view user, DigestSettings s) {
  auto all = GetDeliverySettings(users, user);
  if (!all) return Fail(all.error());
  all->email = s.email;
  all->frequency = s.frequency;
  all->empty = s.empty;
  all->lang = s.lang;
  auto saved = SaveDeliverySettings(users, user, *all);
  if (!saved) return Fail(saved.error());
  return Ok();
}

Result<std::string> Unsubscribe(store::UserStore& users, std::string_view token) {
  const size_t dot = token.rfind('.');
  if (dot == std::string_view::npos || dot == 0)
    return MakeError(Code::kNotFound, "no such subscription");
  const std::string user(token.substr(0, dot));
  auto s = GetDigestSettings(users, user);
  if (!s) {
    if (s.error().code == Code::kNotFound)
      return MakeError(Code::kNotFound, "no such subscription");
    return Fail(s.error());
  }
  if (s->unsubscribe.empty() || !ConstantTimeEqual(s->unsubscribe, token))
    return MakeError(Code::kNotFound, "no such subscription");
  s->frequency = "off";
  if (auto st = SaveDigestSettings(users, user, *s); !st) return Fail(st.error());
  return user;
}

Result<delivery::Digest> BuildDigest(store::Store& store, store::RadarStore& radars,
                                     const LibraryIndex& library, std::string_view owner,
                                     const std::vector<int64_t>& radar_ids, const DigestOptions& o,
                                     RankCache* cache) {
  std::vector<store::RadarDefinition> defs;
  if (radar_ids.empty()) {
    auto list = radars.ListRadars(owner);
    if (!list) return Fail(list.error());
    for (const auto& r : *list) {
      auto full = FindRadarById(radars, owner, r.id);
      if (!full) return Fail(full.error());
      defs.push_back(std::move(*full));
    }
  } else {
    for (int64_t id : radar_ids) {
      auto full = FindRadarById(radars, owner, id);
      if (!full) return Fail(full.error());
      defs.push_back(std::move(*full));
    }
  }
  delivery::Digest d;
  d.user = std::string(owner);
  d.lang = o.lang == "zh" ? "zh" : "en";
  d.base_url = o.base_url;
  d.settings_url = o.base_url + "/settings/delivery";
  d.unsubscribe_url = o.unsubscribe_token.empty()
                          ? d.settings_url
                          : o.base_url + "/unsubscribe/" + text::PercentEncode(o.unsubscribe_token);
  for (const auto& r : defs) {
    RunOptions run;
    run.date = o.date;
    run.days = o.days;
    run.limit = o.papers_per_radar;
    run.include_shown = true;
    run.record_shown = false;
    auto report = RunRadar(store, radars, library, r, run, cache);
    if (!report) {
      const Code c = report.error().code;
      if (c == Code::kNotFound || c == Code::kInvalidArgument)
        continue;  // nothing to rank by / yet
      return Fail(report.error());
    }
    if (d.date.empty() || report->date_to > d.date) d.date = report->date_to;
    delivery::DigestRadar dr;
    dr.name = r.name;
    dr.web_url = o.base_url + "/radars/" + std::to_string(r.id) + "?date=" + report->date_to;
    // The stored briefing of the range, when there is one: themes and TL;DRs.
    std::map<std::string, std::string> tldrs;
    auto stored = radars.FindBriefing(owner, r.id, report->date_from, report->date_to, d.lang);
    if (stored && *stored) {
      auto j = ParseJson((*stored)->json, "briefing");
      auto b = j ? brief::BriefingFromJson(*j) : Result<brief::Briefing>(tl::unexpect, j.error());
      if (b) {
        for (const auto& t : b->themes) dr.themes.push_back({t.title, t.summary});
        for (const auto& p : b->papers)
          if (!p.tldr.empty()) tldrs[p.id] = p.tldr;
        dr.briefing_url = o.base_url + "/briefings/" + std::to_string((*stored)->id);
      }
    }
    for (const auto& p : report->papers) {
      delivery::DigestPaper dp;
      const Paper& paper = p.view.paper;
      const std::string key = CanonicalKey(paper);
      dp.title = paper.title;
      dp.authors = AuthorsLine(paper);
      dp.badge = p.badge;
      dp.url = SafeUrl(UrlOf(paper));
      dp.web_url = o.base_url + "/papers/" + text::PercentEncode(key, ":/");
      dp.reasons = p.reasons;
      if (auto it = tldrs.find(key); it != tldrs.end()) dp.tldr = it->second;
      dr.papers.push_back(std::move(dp));
    }
    d.radars.push_back(std::move(dr));
  }
  if (d.date.empty()) d.date = o.date;
  return d;
}

std::string DigestMime(const delivery::Digest& digest, const std::string& from,
                       const std::string& to, const std::string& key, int64_t now_unix) {
  const delivery::RenderedDigest r = delivery::RenderDigest(digest);
  delivery::MailMessage m;
  m.from = from;
  m.to = to;
  m.subject = r.subject;
  m.text = r.text;
  m.html = r.html;
  m.date = delivery::Rfc5322Date(now_unix);
  std::string local;
  for (char c : key) local += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '.';
  const std::string domain =
      delivery::AddressOf(from).substr(delivery::AddressOf(from).find('@') + 1);
  m.message_id = "<" + local + "@" + (domain.empty() ? "academichub.invalid" : domain) + ">";
  if (digest.unsubscribe_url.find("/unsubscribe/") != std::string::npos)
    m.unsubscribe_url = digest.unsubscribe_url;
  m.headers.push_back({"X-AcademicHub-Delivery", key});
  return delivery::ComposeMime(m, "ah=_" + local + "_alt");
}

Result<DeliveryOutcome> SendOnce(store::DeliveryStore& deliveries, Clock& clock,
                                 delivery::MailSender& sender, const std::string& key,
                                 std::string_view owner, const std::string& from,
                                 const std::string& to, const std::string& mime, int tries) {
  DeliveryOutcome out;
  out.key = key;
  store::DeliveryRecord rec;
  rec.key = key;
  rec.owner = std::string(owner);
  rec.channel = "email";
  auto begun = deliveries.BeginDelivery(rec, clock.NowUnix());
  if (!begun) return Fail(begun.error());
  if (!*begun) {
    auto existing = deliveries.GetDelivery(key);
    if (!existing) return Fail(existing.error());
    out.state = *existing && (*existing)->state == "sent" ? DeliveryState::kAlreadySent
                                                          : DeliveryState::kInProgress;
    return out;
  }
  Status sent = MakeError(Code::kInternal, "not sent");
  for (int attempt = 1; attempt <= std::max(1, tries); ++attempt) {
    ++out.attempts;
    sent = sender.Send(from, to, mime);
    if (sent || sent.error().code != Code::kUnavailable) break;
    if (attempt < tries) clock.SleepMs(1000LL << (attempt - 1));
  }
  if (!sent) {
    const std::string why = RedactSecrets(sent.error().message);
    if (auto st = deliveries.FinishDelivery(key, "failed", why, "", clock.NowUnix()); !st)
      return Fail(st.error());
    return MakeError(sent.error().code, why);
  }
  if (auto st = deliveries.FinishDelivery(key, "sent", "", to, clock.NowUnix()); !st)
    return Fail(st.error());
  out.state = DeliveryState::kSent;
  return out;
}

Result<DeliveryOutcome> DeliverDigest(Library& library, std::string_view user,
                                      const std::string& date, delivery::MailSender& sender,
                                      const DeliverOptions& options) {
  auto session = library.OpenSession();
  auto* deliveries = session->store().delivery_store();
  if (!deliveries) return MakeError(Code::kInternal, "this library keeps no delivery records");
  auto settings = GetDigestSettings(session->users(), user);
  if (!settings) return Fail(settings.error());
  DeliveryOutcome skipped;
  skipped.key = "digest:" + std::string(user) + (options.days > 1 ? ":week:" : ":") + date;
  skipped.state = DeliveryState::kSkipped;
  if (settings->email.empty()) {
    skipped.why = "no email address";
    return skipped;
  }
  if (settings->frequency == "off") {
    skipped.why = "digest off";
    return skipped;
  }
  if (settings->unsubscribe.empty()) {
    // Settings written without the settings page (an admin, a migration): a
    // digest always carries its one-click unsubscribe link, so create the token.
    if (auto st = SaveDigestSettings(session->users(), user, *settings); !st) return Fail(st.error());
    settings = GetDigestSettings(session->users(), user);
    if (!settings) return Fail(settings.error());
  }
  // Already sent: nothing to build.
  auto existing = deliveries->GetDelivery(skipped.key);
  if (!existing) return Fail(existing.error());
  if (*existing && (*existing)->state != "failed") {
    skipped.state =
        (*existing)->state == "sent" ? DeliveryState::kAlreadySent : DeliveryState::kInProgress;
    return skipped;
  }
  auto index = library.WaitIndex();
  if (!index) return Fail(index.error());
  DigestOptions o;
  o.date = date;
  o.days = options.days;
  o.papers_per_radar = options.papers_per_radar;
  o.lang = settings->lang;
  o.base_url = options.base_url.empty() ? "http://127.0.0.1:8080" : options.base_url;
  o.unsubscribe_token = settings->unsubscribe;
  o.now_unix = library.clock().NowUnix();
  auto digest =
      BuildDigest(session->store(), session->radars(), **index, user, {}, o, &library.ranks());
  if (!digest) return Fail(digest.error());
  if (digest->nothing_new() && settings->empty != "nothing_new") {
    skipped.why = "nothing new";
    return skipped;
  }
  const std::string mime =
      DigestMime(*digest, options.from, settings->email, skipped.key, o.now_unix);
  return SendOnce(*deliveries, library.clock(), sender, skipped.key, user, options.from,
                  settings->email, mime, options.tries);
}

}  // namespace ah::service
