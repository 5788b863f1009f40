#include "ingest/fetch_loop.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/date.h"
#include "core/redact.h"

namespace ah::ingest {
namespace {

// Statuses worth another try: the server is overloaded, rate limiting us, or a
// proxy in front of it failed.
bool RetryableStatus(int s) {
  return s == 408 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
}

bool RetryableError(Code c) {
  return c == Code::kIo || c == Code::kUnavailable || c == Code::kUnreachable;
}

Code CodeForStatus(int s) {
  if (RetryableStatus(s)) return Code::kUnavailable;
  if (s == 404 || s == 410) return Code::kNotFound;
  if (s == 400 || s == 422) return Code::kInvalidArgument;
  return Code::kIo;
}

constexpr size_t kMaxWarnings = 1000;

void AddWarning(FetchReport& report, Error e) {
  if (report.warnings.size() < kMaxWarnings) {
    report.warnings.push_back(std::move(e));
  } else if (report.warnings.size() == kMaxWarnings) {
    report.warnings.emplace_back(Code::kInternal, "further warnings omitted");
  }
}

}  // namespace

struct FetchLoop::Exchange {
  enum class Kind { kOk, kNotModified, kFailed };
  Kind kind = Kind::kFailed;
  net::HttpResponse response;
  int64_t started_unix = 0;
  Error error;
};

std::string ChannelOfSourceName(const std::string& name) {
  size_t colon = name.find(':');
  return colon == std::string::npos ? std::string() : name.substr(colon + 1);
}

std::string BodySnippet(std::string_view body, size_t max_bytes) {
  auto is_space = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f || c == ' ';
  };
  std::string out;
  bool space = false;
  size_t i = 0;
  for (; i < body.size() && out.size() < max_bytes; ++i) {
    if (is_space(body[i])) {
      space = !out.empty();
      continue;
    }
    if (space) {
      out.push_back(' ');
      space = false;
      if (out.size() >= max_bytes) break;
    }
    out.push_back(body[i]);
  }
  bool truncated = false;
  for (; i < body.size() && !truncated; ++i) truncated = !is_space(body[i]);
  if (!truncated) return out;
  // Do not end inside a UTF-8 sequence: drop an incomplete last sequence.
  size_t lead = out.size();
  while (lead > 0 && (static_cast<unsigned char>(out[lead - 1]) & 0xC0) == 0x80) --lead;
  if (lead > 0) {
    const auto b = static_cast<unsigned char>(out[lead - 1]);
    const size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (out.size() - (lead - 1) < need) out.resize(lead - 1);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "...";
}

FetchLoop::FetchLoop(net::HttpClient& http, store::Store& store, Clock& clock,
                     net::RateLimiter& limiter, FetchOptions options)
    : http_(http),
      store_(store),
      clock_(clock),
      limiter_(limiter),
      options_(std::move(options)),
      rng_(options_.jitter_seed) {}

int64_t FetchLoop::BackoffMs(int attempt) {
  const int64_t cap = std::max<int64_t>(0, options_.max_backoff_ms);
  int64_t d = std::max<int64_t>(0, options_.base_backoff_ms);
  for (int i = 0; i < attempt && d < cap; ++i) d *= 2;
  d = std::min(d, cap);
  if (d <= 1) return d;
  // "Equal jitter": half fixed, half random, so clients that failed together spread out
  // but every wait still grows with the attempt number.
  std::uniform_int_distribution<int64_t> dist(0, d / 2);
  return d - d / 2 + dist(rng_);
}

void FetchLoop::Log(const sources::Source& src, const std::string& url, int64_t started, int status,
                    const store::UpsertStats* stats, const std::string& error,
                    FetchReport& report) {
  store::FetchLogEntry e;
  e.source = src.name();
  e.url = RedactSecrets(url);  // "user:pass@", "?api_key=" never reach the library
  e.started_unix = started;
  e.finished_unix = clock_.NowUnix();
  e.http_status = status;
  if (stats != nullptr) {
    e.added = stats->added;
    e.updated = stats->updated;
    e.unchanged = stats->unchanged;
    e.rejected = stats->rejected;
  }
  e.error = RedactSecrets(error);
  if (auto st = store_.LogFetch(e); !st) {
    AddWarning(report, st.error().Wrap("writing fetch log for " + url));
  }
}

FetchLoop::Exchange FetchLoop::FetchWithRetries(const sources::Source& src,
                                                const net::HttpRequest& req, FetchReport& report) {
  for (int attempt = 0;; ++attempt) {
    Exchange ex;
    ex.started_unix = clock_.NowUnix();
    Result<net::HttpResponse> res = [&] {
      net::RateLimiter::Permit permit(limiter_, req.url);
      return http_.Send(req);
    }();
    ++report.requests;

    bool retryable = false;
    int status = 0;
    std::optional<int64_t> retry_after;
    if (!res) {
      ex.error = res.error();
      retryable = RetryableError(ex.error.code);
    } else {
      status = res->status;
      if (status >= 200 && status < 300) {
        ex.kind = Exchange::Kind::kOk;
        ex.response = std::move(*res);
        return ex;  // logged by the caller once the page is parsed and stored
      }
      if (status == 304) {
        Log(src, req.url, ex.started_unix, status, nullptr, "", report);
        ex.kind = Exchange::Kind::kNotModified;
        return ex;
      }
      retryable = RetryableStatus(status);
      std::string snippet = BodySnippet(res->body);
      ex.error = Error(CodeForStatus(status),
                       RedactSecrets("HTTP " + std::to_string(status) + " from " + req.url +
                                     (snippet.empty() ? "" : ": " + snippet)));
      if (retryable) {
        retry_after = net::ParseRetryAfterMs(res->Header("retry-after"), clock_.NowUnix());
      }
    }
    Log(src, req.url, ex.started_unix, status, nullptr, ex.error.message, report);
    if (!retryable || attempt >= options_.max_retries) {
      if (retryable) {
        ex.error = ex.error.Wrap("giving up after " + std::to_string(attempt + 1) + " attempts");
      }
      ex.kind = Exchange::Kind::kFailed;
      return ex;
    }
    const int64_t delay = retry_after
                              ? std::clamp<int64_t>(*retry_after, 0, options_.max_backoff_ms)
                              : BackoffMs(attempt);
    clock_.SleepMs(delay);
    ++report.retries;
  }
}

Result<FetchReport> FetchLoop::Run(const sources::Source& src, const sources::FetchParams& params) {
  const std::string name = src.name();
  sources::FetchParams p = params;
  if (p.contact.empty()) p.contact = options_.contact;

  std::string cursor;
  if (src.resumable()) {
    auto saved = store_.GetCursor(name);
    if (!saved) return Fail(saved.error().Wrap("fetch " + name + ": reading saved cursor"));
    cursor = saved->value_or("");
  }

  FetchReport report;
  report.cursor = cursor;
  sources::ParseContext ctx;
  ctx.source = src.listing_source();
  ctx.channel = ChannelOfSourceName(name);
  ctx.default_date = options_.default_date;
  if (ctx.default_date.empty()) {
    int64_t now = clock_.NowUnix();
    int64_t days = now >= 0 ? now / 86400 : -((-now + 86399) / 86400);
    ctx.default_date = date::Format(date::FromDays(days));
  }

  for (int64_t page = 0;; ++page) {
    if (page >= options_.max_pages) {
      AddWarning(report, Error(Code::kInternal, "fetch " + name + ": stopped after " +
                                                    std::to_string(options_.max_pages) +
                                                    " pages; run again to continue"));
      break;
    }
    auto req = src.BuildRequest(cursor, p);
    if (!req) {
      report.errors.push_back(
          req.error().Wrap("fetch " + name + ": building request for cursor '" + cursor + "'"));
      break;
    }
    if (options_.max_body_bytes > 0) req->max_body_bytes = options_.max_body_bytes;
    // Validators only make sense for a feed that is one document: for a paged
    // harvest, "page 1 unchanged" says nothing about the pages after it.
    const bool conditional = !src.resumable() && page == 0;
    if (conditional) {
      auto v = store_.GetValidators(req->url);
      if (v) {
        req->if_none_match = v->etag;
        req->if_modified_since = v->last_modified;
      } else {
        AddWarning(report, v.error().Wrap("reading HTTP validators for " + req->url));
      }
    }

    Exchange ex = FetchWithRetries(src, *req, report);
    if (ex.kind == Exchange::Kind::kFailed) {
      report.errors.push_back(ex.error.Wrap("fetch " + name));
      break;
    }
    if (ex.kind == Exchange::Kind::kNotModified) {
      report.not_modified = true;
      report.complete = true;
      break;
    }

    const int status = ex.response.status;
    ctx.origin = req->url;
    ctx.cursor = cursor;
    auto parsed = src.Parse(ex.response.body, ctx);
    if (!parsed) {
      Error e = parsed.error().Wrap("fetch " + name);
      Log(src, req->url, ex.started_unix, status, nullptr, e.message, report);
      report.errors.push_back(std::move(e));
      break;
    }
    for (Error& r : parsed->rejected) AddWarning(report, std::move(r));
    const std::string next = parsed->next_cursor.value_or("");
    auto stats = store_.UpsertPage(parsed->papers, store::CursorUpdate{name, next});
    if (!stats) {
      Error e = stats.error().Wrap("fetch " + name + ": storing page from " + req->url);
      Log(src, req->url, ex.started_unix, status, nullptr, e.message, report);
      report.errors.push_back(std::move(e));
      break;
    }
    stats->rejected += static_cast<int64_t>(parsed->rejected.size());
    Log(src, req->url, ex.started_unix, status, &*stats, "", report);
    for (Error& r : stats->errors) AddWarning(report, r.Wrap(req->url));
    for (Error& w : stats->warnings)
      AddWarning(report, w.Wrap(req->url));  // fields cut to the limits
    ++report.pages;
    report.added += stats->added;
    report.updated += stats->updated;
    report.unchanged += stats->unchanged;
    report.rejected += stats->rejected;
    report.cursor = next;

    if (conditional) {
      store::HttpValidators v{ex.response.etag(), ex.response.last_modified()};
      if (!v.etag.empty() || !v.last_modified.empty()) {
        if (auto st = store_.SetValidators(req->url, v); !st) {
          AddWarning(report, st.error().Wrap("saving HTTP validators for " + req->url));
        }
      }
    }

    if (next.empty()) {
      report.complete = true;
      break;
    }
    if (next == cursor) {
      report.errors.emplace_back(Code::kCorrupt, "fetch " + name + ": " + req->url +
                                                     " returned its own cursor '" + next +
                                                     "' as the next one");
      break;
    }
    cursor = next;
  }
  return report;
}

}  // namespace ah::ingest
