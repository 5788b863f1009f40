#include "service/digest.h"

#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "brief/render.h"
#include "core/date.h"
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

std::string DigestMessageId(const std::string& key, const std::string& from) {
  std::string local;
  for (char c : key) local += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '.';
  const std::string address = delivery::AddressOf(from);
  const size_t at = address.find('@');
  const std::string domain = at == std::string::npos ? "" : address.substr(at + 1);
  return "<" + local + "@" + (domain.empty() ? "academichub.invalid" : domain) + ">";
}

std::string DigestMime(const delivery::Digest& digest, const std::string& from,
                       const std::string& to, const std::string& key, int64_t now_unix,
                       const std::string& message_id) {
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
  m.message_id = message_id.empty() ? DigestMessageId(key, from) : message_id;
  if (digest.unsubscribe_url.find("/unsubscribe/") != std::string::npos)
    m.unsubscribe_url = digest.unsubscribe_url;
  m.headers.push_back({"X-AcademicHub-Delivery", key});
  return delivery::ComposeMime(m, "ah=_" + local + "_alt");
}

std::string DeliveryWorkerName() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  return std::string(host) + ":" + std::to_string(getpid());
}

Result<DeliveryOutcome> SendOnce(store::DeliveryStore& deliveries, Clock& clock,
                                 delivery::MailSender& sender, const std::string& key,
                                 std::string_view owner, const std::string& from,
                                 const std::string& to, const std::string& mime,
                                 const SendOnceOptions& options) {
  DeliveryOutcome out;
  out.key = key;
  store::DeliveryRecord rec;
  rec.key = key;
  rec.owner = std::string(owner);
  rec.channel = "email";
  rec.message_id = options.message_id;
  rec.lease_owner = DeliveryWorkerName();
  const int64_t now = clock.NowUnix();
  rec.lease_expires_unix =
      options.lease_until_unix > now ? options.lease_until_unix : now + kDeliveryLeaseSeconds;
  auto begun = deliveries.BeginDelivery(rec, now);
  if (!begun) return Fail(begun.error());
  if (!*begun) {
    auto existing = deliveries.GetDelivery(key);
    if (!existing) return Fail(existing.error());
    out.state = *existing && (*existing)->state == "sent" ? DeliveryState::kAlreadySent
                                                          : DeliveryState::kInProgress;
    return out;
  }
  const int tries = std::max(1, options.tries);
  Status sent = MakeError(Code::kInternal, "not sent");
  for (int attempt = 1; attempt <= tries; ++attempt) {
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
  // The server accepted the message: record it before anything else (a crash
  // from here to the commit is the one window in which it is sent twice).
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
  const bool weekly = settings->frequency == "weekly";
  DeliveryOutcome skipped;
  skipped.key = "digest:" + std::string(user) + (weekly ? ":week:" : ":") + date;
  skipped.state = DeliveryState::kSkipped;
  if (settings->email.empty()) {
    skipped.why = "no email address";
    return skipped;
  }
  if (settings->frequency == "off") {
    skipped.why = "digest off";
    return skipped;
  }
  if (weekly) {
    // On the user's local Monday, the seven days to the radar day.
    auto d = date::Parse(options.local_date.empty() ? date : options.local_date);
    if (!d || date::Weekday(*d) != 1) {
      skipped.why = "weekly digest: not the user's Monday";
      return skipped;
    }
  }
  if (settings->unsubscribe.empty()) {
    // Settings written without the settings page (an admin, a migration): a
    // digest always carries its one-click unsubscribe link, so create the token.
    if (auto st = SaveDigestSettings(session->users(), user, *settings); !st) return Fail(st.error());
    settings = GetDigestSettings(session->users(), user);
    if (!settings) return Fail(settings.error());
  }
  // Already sent, or being sent by a live attempt: nothing to build. An
  // attempt that died is sent again, with the Message-ID it recorded.
  auto existing = deliveries->GetDelivery(skipped.key);
  if (!existing) return Fail(existing.error());
  const int64_t now = library.clock().NowUnix();
  std::string message_id;
  if (*existing) {
    const store::DeliveryRecord& e = **existing;
    if (e.state == "sent") {
      skipped.state = DeliveryState::kAlreadySent;
      return skipped;
    }
    if (e.state == "sending" && e.lease_expires_unix > now) {
      skipped.state = DeliveryState::kInProgress;
      return skipped;
    }
    message_id = e.message_id;
  }
  auto index = library.WaitIndex();
  if (!index) return Fail(index.error());
  DigestOptions o;
  o.date = date;
  o.days = weekly ? 7 : 1;
  o.papers_per_radar = options.papers_per_radar;
  o.lang = settings->lang;
  o.base_url = options.base_url.empty() ? "http://127.0.0.1:8080" : options.base_url;
  o.unsubscribe_token = settings->unsubscribe;
  o.now_unix = now;
  auto digest =
      BuildDigest(session->store(), session->radars(), **index, user, {}, o, &library.ranks());
  if (!digest) return Fail(digest.error());
  if (digest->nothing_new() && settings->empty != "nothing_new") {
    skipped.why = "nothing new";
    return skipped;
  }
  if (message_id.empty()) message_id = DigestMessageId(skipped.key, options.from);
  const std::string mime =
      DigestMime(*digest, options.from, settings->email, skipped.key, o.now_unix, message_id);
  SendOnceOptions so;
  so.tries = options.tries;
  so.lease_until_unix = options.lease_until_unix;
  so.message_id = message_id;
  return SendOnce(*deliveries, library.clock(), sender, skipped.key, user, options.from,
                  settings->email, mime, so);
}

}  // namespace ah::service
