// `academichub digest RADAR... --to ADDRESS [--date D] [--days N] [--lang en|zh]
//  [--dry-run --out FILE.eml]`: one email digest now, through [smtp]; sent once
// per (address, radars, range) whatever is run again.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "cli/output_file.h"
#include "cli/smtp.h"
#include "core/clock.h"
#include "core/date.h"
#include "service/digest.h"

namespace ah::cli {

int RunDigest(App& app, const DigestArgs& args) {
  auto cfg = app.config();
  if (!cfg) return ReportError(cfg.error());
  if (delivery::AddressOf(args.to).empty())
    return ReportError(
        Error(Code::kInvalidArgument, "--to '" + args.to + "' is not an email address"));
  if (!args.dry_run && !args.out.empty())
    return ReportError(
        Error(Code::kInvalidArgument, "--out goes with --dry-run (the message is sent otherwise)"));
  const std::string lang = args.lang.empty() ? (*cfg)->brief_lang : args.lang;
  if (lang != "en" && lang != "zh")
    return ReportError(Error(Code::kInvalidArgument, "--lang must be en or zh"));
  std::string day;
  if (!args.date.empty()) {
    day = date::Normalize(args.date);
    if (day.empty())
      return ReportError(Error(Code::kInvalidArgument, "--date '" + args.date + "' is not a date"));
  }
  const ingest::SmtpSettings& smtp = (*cfg)->smtp;
  std::string from = smtp.from;
  if (from.empty()) {
    if (!args.dry_run)
      return ReportError(
          Error(Code::kInvalidArgument, "no sender: set [smtp] from (and url) in the config file"));
    from = "AcademicHub <academichub@localhost>";
  }
  if (!args.dry_run && smtp.url.empty())
    return ReportError(
        Error(Code::kInvalidArgument, "no SMTP server: set [smtp] url in the config file"));

  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto rs = Radars(app);
  if (!rs) return ReportError(rs.error());
  std::vector<int64_t> ids;
  for (const auto& name : args.radars) {
    auto r = LoadRadar(app, name);
    if (!r) return ReportError(r.error());
    ids.push_back(r->id);
  }
  auto index = LoadIndex(app, nullptr);
  if (!index) return ReportError(index.error());
  SystemClock clock;
  service::DigestOptions o;
  o.date = day;
  o.days = args.days;
  o.papers_per_radar = static_cast<size_t>(args.papers);
  o.lang = lang;
  o.base_url = (*cfg)->web_base_url.empty() ? "http://127.0.0.1:8080" : (*cfg)->web_base_url;
  o.now_unix = clock.NowUnix();
  auto digest = service::BuildDigest(**lib, **rs, **index, kLocalUser, ids, o);
  if (!digest) return ReportError(digest.error());
  std::vector<int64_t> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  std::string key = "digest-cli:" + delivery::AddressOf(args.to) + ":" + digest->date +
                    (args.days > 1 ? ":days" + std::to_string(args.days) : "") + ":radars";
  for (int64_t id : sorted) key += "-" + std::to_string(id);
  const std::string mime = service::DigestMime(*digest, from, args.to, key, o.now_unix);
  if (args.dry_run) {
    if (args.out.empty()) {
      std::fwrite(mime.data(), 1, mime.size(), stdout);
      return kExitOk;
    }
    if (auto st = WriteFileAtomically(args.out, mime); !st) return ReportError(st.error());
    if (!args.quiet) std::fprintf(stderr, "digest written to %s (not sent)\n", args.out.c_str());
    return kExitOk;
  }
  if (digest->nothing_new() && !args.nothing_new) {
    if (!args.quiet)
      std::fprintf(stderr, "nothing new for %s: no digest sent\n", digest->date.c_str());
    return kExitOk;
  }
  auto* deliveries = (*lib)->delivery_store();
  if (!deliveries)
    return ReportError(Error(Code::kInternal, "this library keeps no delivery records"));
  delivery::CurlSmtpSender sender(SmtpOptionsOf(smtp));
  auto out = service::SendOnce(*deliveries, clock, sender, key, kLocalUser, from, args.to, mime);
  if (!out) return ReportError(out.error().Wrap("the digest was not sent"));
  if (out->state == service::DeliveryState::kAlreadySent) {
    if (!args.quiet)
      std::fprintf(stderr, "already sent to %s for %s: not sent again\n", args.to.c_str(),
                   digest->date.c_str());
    return kExitOk;
  }
  if (out->state == service::DeliveryState::kInProgress) {
    std::fprintf(stderr,
                 "academichub: this digest is being sent by another process (or one that was "
                 "interrupted less than %lld minutes ago); try again later\n",
                 static_cast<long long>(service::kDeliveryLeaseSeconds / 60));
    return kExitRejected;
  }
  if (!args.quiet)
    std::fprintf(stderr, "digest for %s sent to %s\n", digest->date.c_str(), args.to.c_str());
  return kExitOk;
}

}  // namespace ah::cli
