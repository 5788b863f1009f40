// Moving a library between locations (migrate.h): enumerate every kind on
// the source through the store interfaces, import it into the empty target,
// then compare counts and canonical checksums.
#include "service/migrate.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/floats.h"
#include "core/paper_json.h"
#include "store/open.h"

namespace ah::service {
namespace {

using nlohmann::json;

constexpr int64_t kAllBriefings = int64_t{1} << 40;

// The kinds, in the order they move.
const std::vector<std::string> kKinds = {"papers",      "fetch_log",    "cursors",   "validators",
                                         "users",       "api_tokens",   "settings",  "radars",
                                         "feedback",    "shown_papers", "briefings", "answer_cache",
                                         "feed_tokens", "deliveries",   "jobs"};

// An order-free checksum: the SHA-256 of each item's canonical form, sorted,
// hashed again. Holds 32 bytes per item, not the items.
class SetHash {
 public:
  void AddText(std::string_view canonical) {
    std::array<unsigned char, crypto_hash_sha256_BYTES> d{};
    crypto_hash_sha256(d.data(), reinterpret_cast<const unsigned char*>(canonical.data()),
                       canonical.size());
    digests_.push_back(d);
  }
  void Add(const json& j) { AddText(j.dump()); }
  int64_t count() const { return static_cast<int64_t>(digests_.size()); }
  std::string Finish() {
    std::sort(digests_.begin(), digests_.end());
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    for (const auto& d : digests_) crypto_hash_sha256_update(&st, d.data(), d.size());
    std::array<unsigned char, crypto_hash_sha256_BYTES> out{};
    crypto_hash_sha256_final(&st, out.data());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : out) {
      hex += kHex[c >> 4];
      hex += kHex[c & 15];
    }
    return hex;
  }

 private:
  std::vector<std::array<unsigned char, crypto_hash_sha256_BYTES>> digests_;
};

// Whether the library can keep radars: a backend without them answers the
// migration's enumeration with an error (RadarStore's defaults).
bool KeepsRadars(MigrationLibrary& lib) {
  if (lib.radars == nullptr) return false;
  return static_cast<bool>(lib.radars->ListAllRadars());
}

json RadarJson(const store::RadarDefinition& r) {
  return json{{"id", r.id},
              {"owner", r.owner},
              {"name", r.name},
              {"description", r.description},
              {"query", r.query},
              {"exclude", r.exclude},
              {"include_categories", r.include_categories},
              {"exclude_categories", r.exclude_categories},
              {"include_sources", r.include_sources},
              {"exclude_sources", r.exclude_sources},
              {"authors", r.authors},
              {"seeds", r.seeds},
              {"public", r.is_public},
              {"include_updates", r.include_updates},
              {"created", r.created_unix},
              {"updated", r.updated_unix}};
}

json BriefingJson(const store::StoredBriefing& b) {
  return json{{"id", b.id},
              {"radar", b.radar_id},
              {"from", b.date_from},
              {"to", b.date_to},
              {"lang", b.lang},
              {"mode", b.mode},
              {"model", b.model},
              {"prompt_version", b.prompt_version},
              {"prompt_tokens", b.prompt_tokens},
              {"completion_tokens", b.completion_tokens},
              {"cost_usd", b.cost_usd},
              {"json", b.json},
              {"created", b.created_unix}};
}

json JobJson(const store::Job& j) {
  return json{{"kind", j.kind},
              {"key", j.key},
              {"payload", j.payload},
              {"due", j.due_unix},
              {"attempts", j.attempts},
              {"max_attempts", j.max_attempts},
              {"lease_owner", j.lease_owner},
              {"lease_expires", j.lease_expires_unix},
              {"last_error", j.last_error},
              {"state", store::JobStateName(j.state)},
              {"created", j.created_unix},
              {"started", j.started_unix},
              {"finished", j.finished_unix}};
}

json DeliveryJson(const store::DeliveryRecord& d) {
  return json{{"key", d.key},
              {"owner", d.owner},
              {"channel", d.channel},
              {"state", d.state},
              {"attempts", d.attempts},
              {"last_error", d.last_error},
              {"detail", d.detail},
              {"message_id", d.message_id},
              {"lease_owner", d.lease_owner},
              {"lease_expires", d.lease_expires_unix},
              {"created", d.created_unix},
              {"updated", d.updated_unix}};
}

json CacheJson(const store::RadarStore::CacheEntry& e) {
  if (e.is_vector) {
    const std::string bytes = EncodeFloat32Le(e.vector);
    std::string hex;
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned char c : bytes) {
      hex += kHex[c >> 4];
      hex += kHex[c & 15];
    }
    return json{{"key", e.key}, {"vector", hex}};
  }
  return json{{"key", e.key}, {"text", e.value}};
}

// Every job, oldest id first.
Result<std::vector<store::Job>> AllJobs(store::JobStore& jobs) {
  store::JobFilter f;
  f.limit = 0;
  auto all = jobs.ListJobs(f);
  if (!all) return Fail(all.error());
  std::sort(all->begin(), all->end(),
            [](const store::Job& a, const store::Job& b) { return a.id < b.id; });
  return std::move(*all);
}

// What a library holds, kind by kind (the kinds a target must not hold).
struct Contents {
  int64_t papers = 0, fetch_log = 0, cursors = 0, validators = 0;
  int64_t users = 0, settings = 0;
  int64_t radars = 0, cache = 0;
  int64_t deliveries = 0, jobs = 0;
};

Result<Contents> CountContents(MigrationLibrary& lib) {
  Contents c;
  auto stats = lib.store->Stats();
  if (!stats) return Fail(stats.error());
  c.papers = stats->papers;
  auto log = lib.store->ListFetchLog();
  if (!log) return Fail(log.error());
  c.fetch_log = static_cast<int64_t>(log->size());
  auto cursors = lib.store->ListCursors();
  if (!cursors) return Fail(cursors.error());
  c.cursors = static_cast<int64_t>(cursors->size());
  auto validators = lib.store->ListValidators();
  if (!validators) return Fail(validators.error());
  c.validators = static_cast<int64_t>(validators->size());
  if (lib.users != nullptr) {
    auto n = lib.users->CountUsers();
    if (!n) return Fail(n.error());
    c.users = *n;
    auto settings = lib.users->ListSettings();
    if (!settings) return Fail(settings.error());
    c.settings = static_cast<int64_t>(settings->size());
  }
  if (KeepsRadars(lib)) {
    auto radars = lib.radars->ListAllRadars();
    if (!radars) return Fail(radars.error());
    c.radars = static_cast<int64_t>(radars->size());
    if (auto st = lib.radars->ForEachCacheEntry([&](const store::RadarStore::CacheEntry&) {
          ++c.cache;
          return Ok();
        });
        !st)
      return Fail(st.error());
  }
  if (lib.deliveries != nullptr) {
    auto d = lib.deliveries->ListDeliveries();
    if (!d) return Fail(d.error());
    c.deliveries = static_cast<int64_t>(d->size());
  }
  if (lib.jobs != nullptr) {
    auto q = lib.jobs->JobQueueStats(static_cast<int64_t>(std::time(nullptr)));
    if (!q) return Fail(q.error());
    c.jobs = q->pending + q->done + q->failed;
  }
  return c;
}

std::vector<std::string> Describe(const Contents& c) {
  std::vector<std::string> out;
  auto add = [&](int64_t n, const char* one, const char* many) {
    if (n > 0) out.push_back(std::to_string(n) + " " + (n == 1 ? one : many));
  };
  add(c.papers, "paper", "papers");
  add(c.fetch_log, "fetch log entry", "fetch log entries");
  add(c.cursors, "harvest cursor", "harvest cursors");
  add(c.validators, "HTTP validator", "HTTP validators");
  add(c.users, "user", "users");
  add(c.settings, "instance setting", "instance settings");
  add(c.radars, "radar", "radars");
  add(c.cache, "answer cache entry", "answer cache entries");
  add(c.deliveries, "delivery record", "delivery records");
  add(c.jobs, "job", "jobs");
  return out;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  return out;
}

void Progress(const MigrateOptions& o, const std::string& line) {
  if (o.progress) o.progress(line);
}

// --- moving each kind --------------------------------------------------------

Status MovePapers(MigrationLibrary& from, MigrationLibrary& to, const MigrateOptions& o) {
  std::vector<Paper> batch;
  int64_t moved = 0;
  const size_t size = std::max<size_t>(1, o.paper_batch);
  auto flush = [&]() -> Status {
    if (batch.empty()) return Ok();
    if (auto st = to.store->ImportPapers(batch); !st) return st;
    moved += static_cast<int64_t>(batch.size());
    batch.clear();
    Progress(o, "papers: " + std::to_string(moved));
    return Ok();
  };
  Status st = from.store->ForEachPaper([&](const Paper& p) -> Status {
    batch.push_back(p);
    if (batch.size() >= size) return flush();
    return Ok();
  });
  if (st) st = flush();
  if (!st) return Fail(st.error().Wrap("papers"));
  return Ok();
}

Status MoveHarvest(MigrationLibrary& from, MigrationLibrary& to) {
  auto log = from.store->ListFetchLog();
  if (!log) return Fail(log.error());
  for (const auto& e : *log)
    if (auto st = to.store->LogFetch(e); !st) return Fail(st.error().Wrap("fetch log"));
  auto cursors = from.store->ListCursors();
  if (!cursors) return Fail(cursors.error());
  for (const auto& c : *cursors)
    if (auto st = to.store->SetCursor(c); !st) return Fail(st.error().Wrap("cursors"));
  auto validators = from.store->ListValidators();
  if (!validators) return Fail(validators.error());
  for (const auto& [url, v] : *validators)
    if (auto st = to.store->SetValidators(url, v); !st)
      return Fail(st.error().Wrap("validators of " + url));
  return Ok();
}

Status MoveUsers(MigrationLibrary& from, MigrationLibrary& to) {
  if (from.users == nullptr) return Ok();
  auto users = from.users->ListUsers();
  if (!users) return Fail(users.error());
  for (const auto& u : *users) {
    if (auto id = to.users->CreateUser(u); !id) return Fail(id.error().Wrap("user " + u.name));
    auto tokens = from.users->ListApiTokens(u.name);
    if (!tokens) return Fail(tokens.error());
    for (const auto& t : *tokens) {
      if (auto id = to.users->CreateApiToken(t); !id)
        return Fail(id.error().Wrap("API token of " + u.name));
      // UseApiToken records its time as the last use (at least a minute after 0).
      if (t.last_used_unix > 0) {
        if (auto used = to.users->UseApiToken(t.token_hash, t.last_used_unix); !used)
          return Fail(used.error().Wrap("API token of " + u.name));
      }
    }
  }
  auto settings = from.users->ListSettings();
  if (!settings) return Fail(settings.error());
  for (const auto& [k, v] : *settings)
    if (auto st = to.users->PutSetting(k, v); !st) return Fail(st.error().Wrap("setting " + k));
  return Ok();
}

Status MoveRadars(MigrationLibrary& from, MigrationLibrary& to) {
  if (!KeepsRadars(from)) return Ok();
  auto radars = from.radars->ListAllRadars();
  if (!radars) return Fail(radars.error());
  for (const auto& def : *radars) {
    const std::string what = "radar '" + def.name + "' of " + def.owner;
    auto full = from.radars->GetRadarById(def.owner, def.id);
    if (!full) return Fail(full.error().Wrap(what));
    if (!*full) continue;  // deleted since it was listed
    if (auto st = to.radars->ImportRadar(**full); !st) return Fail(st.error().Wrap(what));
    auto shown = from.radars->ShownPapers(def.owner, def.id);
    if (!shown) return Fail(shown.error().Wrap(what));
    if (!shown->empty()) {
      if (auto st = to.radars->MarkShown(def.owner, def.id, *shown); !st)
        return Fail(st.error().Wrap(what));
    }
    auto briefings = from.radars->ListBriefings(def.owner, def.id, kAllBriefings);
    if (!briefings) return Fail(briefings.error().Wrap(what));
    std::sort(briefings->begin(), briefings->end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& head : *briefings) {
      auto b = from.radars->GetBriefing(def.owner, head.id);
      if (!b) return Fail(b.error().Wrap(what));
      if (!*b) continue;
      if (auto st = to.radars->ImportBriefing(**b); !st)
        return Fail(st.error().Wrap(what + ", briefing " + std::to_string(head.id)));
    }
    if (from.deliveries != nullptr && to.deliveries != nullptr) {
      auto token = from.deliveries->GetFeedToken(def.owner, def.id);
      if (!token) return Fail(token.error().Wrap(what));
      if (*token) {
        if (auto st = to.deliveries->SetFeedToken(**token); !st)
          return Fail(st.error().Wrap(what + ", feed token"));
      }
    }
  }
  return from.radars->ForEachCacheEntry([&](const store::RadarStore::CacheEntry& e) -> Status {
    Status st = e.is_vector ? to.radars->CachePutVector(e.key, e.vector)
                            : to.radars->CachePut(e.key, e.value);
    if (!st) return Fail(st.error().Wrap("answer cache"));
    return Ok();
  });
}

Status MoveDeliveriesAndJobs(MigrationLibrary& from, MigrationLibrary& to) {
  if (from.deliveries != nullptr && to.deliveries != nullptr) {
    auto records = from.deliveries->ListDeliveries();
    if (!records) return Fail(records.error());
    for (const auto& r : *records)
      if (auto st = to.deliveries->ImportDelivery(r); !st)
        return Fail(st.error().Wrap("delivery " + r.key));
  }
  if (from.jobs != nullptr && to.jobs != nullptr) {
    auto jobs = AllJobs(*from.jobs);
    if (!jobs) return Fail(jobs.error());
    for (const auto& j : *jobs)
      if (auto st = to.jobs->ImportJob(j); !st) return Fail(st.error().Wrap("job " + j.key));
  }
  return Ok();
}

}  // namespace

Result<std::string> MigrationLocation(std::string_view spec) {
  std::string_view s = spec;
  if (s.rfind("sqlite:", 0) == 0) s.remove_prefix(7);
  if (s.empty())
    return MakeError(Code::kInvalidArgument,
                     "no library given (sqlite:PATH or postgresql://user@host/database)");
  return std::string(s);
}

Result<MigrationLibrary> OpenMigrationLibrary(const std::string& location, bool create) {
  MigrationLibrary lib;
  lib.location = location;
  store::StoreOptions o;
  o.create_if_missing = create;
  auto s = store::OpenStore(location, o);
  if (!s) return Fail(s.error());
  lib.store = std::move(*s);
  lib.radars = lib.store->radar_store();
  lib.users = lib.store->user_store();
  lib.deliveries = lib.store->delivery_store();
  auto jobs = store::OpenJobStore(location, create);
  if (!jobs) return Fail(jobs.error());
  lib.jobs = std::move(*jobs);
  return lib;
}

const std::vector<std::string>& MigrationKinds() { return kKinds; }

Result<std::vector<KindSummary>> SummarizeLibrary(MigrationLibrary& lib) {
  std::vector<SetHash> h(kKinds.size());
  auto at = [&](std::string_view kind) -> SetHash& {
    return h[static_cast<size_t>(std::find(kKinds.begin(), kKinds.end(), kind) - kKinds.begin())];
  };
  if (auto st = lib.store->ForEachPaper([&](const Paper& p) {
        at("papers").Add(PaperToJson(p));
        return Ok();
      });
      !st)
    return Fail(st.error());
  auto log = lib.store->ListFetchLog();
  if (!log) return Fail(log.error());
  for (const auto& e : *log) {
    at("fetch_log")
        .Add(json{{"source", e.source},
                  {"url", e.url},
                  {"started", e.started_unix},
                  {"finished", e.finished_unix},
                  {"status", e.http_status},
                  {"added", e.added},
                  {"updated", e.updated},
                  {"unchanged", e.unchanged},
                  {"rejected", e.rejected},
                  {"error", e.error}});
  }
  auto cursors = lib.store->ListCursors();
  if (!cursors) return Fail(cursors.error());
  for (const auto& c : *cursors)
    at("cursors").Add(json{{"source", c.source}, {"cursor", c.cursor}});
  auto validators = lib.store->ListValidators();
  if (!validators) return Fail(validators.error());
  for (const auto& [url, v] : *validators)
    at("validators").Add(json{{"url", url}, {"etag", v.etag}, {"last_modified", v.last_modified}});

  if (lib.users != nullptr) {
    auto users = lib.users->ListUsers();
    if (!users) return Fail(users.error());
    for (const auto& u : *users) {
      at("users").Add(json{{"name", u.name},
                           {"password_hash", u.password_hash},
                           {"admin", u.admin},
                           {"lang", u.lang},
                           {"settings", u.settings_json},
                           {"created", u.created_unix}});
      auto tokens = lib.users->ListApiTokens(u.name);
      if (!tokens) return Fail(tokens.error());
      for (const auto& t : *tokens) {
        at("api_tokens")
            .Add(json{{"user", t.user},
                      {"label", t.label},
                      {"token_hash", t.token_hash},
                      {"created", t.created_unix},
                      {"last_used", t.last_used_unix}});
      }
    }
    auto settings = lib.users->ListSettings();
    if (!settings) return Fail(settings.error());
    for (const auto& [k, v] : *settings) at("settings").Add(json{{"key", k}, {"value", v}});
  }

  if (KeepsRadars(lib)) {
    auto radars = lib.radars->ListAllRadars();
    if (!radars) return Fail(radars.error());
    for (const auto& def : *radars) {
      auto full = lib.radars->GetRadarById(def.owner, def.id);
      if (!full) return Fail(full.error());
      if (!*full) continue;
      at("radars").Add(RadarJson(**full));
      for (size_t i = 0; i < (*full)->feedback.size(); ++i) {
        const auto& f = (*full)->feedback[i];
        at("feedback")
            .Add(json{{"radar", def.id},
                      {"index", i},
                      {"paper", f.paper},
                      {"action", f.action},
                      {"at", f.at_unix}});
      }
      auto shown = lib.radars->ShownPapers(def.owner, def.id);
      if (!shown) return Fail(shown.error());
      for (const auto& s : *shown) {
        at("shown_papers")
            .Add(json{{"radar", def.id}, {"paper", s.paper}, {"date", s.date}, {"at", s.at_unix}});
      }
      auto briefings = lib.radars->ListBriefings(def.owner, def.id, kAllBriefings);
      if (!briefings) return Fail(briefings.error());
      for (const auto& head : *briefings) {
        auto b = lib.radars->GetBriefing(def.owner, head.id);
        if (!b) return Fail(b.error());
        if (*b) at("briefings").Add(BriefingJson(**b));
      }
      if (lib.deliveries != nullptr) {
        auto token = lib.deliveries->GetFeedToken(def.owner, def.id);
        if (!token) return Fail(token.error());
        if (*token) {
          at("feed_tokens")
              .Add(json{{"token", (*token)->token},
                        {"owner", (*token)->owner},
                        {"radar", (*token)->radar_id},
                        {"created", (*token)->created_unix}});
        }
      }
    }
    if (auto st = lib.radars->ForEachCacheEntry([&](const store::RadarStore::CacheEntry& e) {
          at("answer_cache").Add(CacheJson(e));
          return Ok();
        });
        !st)
      return Fail(st.error());
  }

  if (lib.deliveries != nullptr) {
    auto records = lib.deliveries->ListDeliveries();
    if (!records) return Fail(records.error());
    for (const auto& r : *records) at("deliveries").Add(DeliveryJson(r));
  }
  if (lib.jobs != nullptr) {
    auto jobs = AllJobs(*lib.jobs);
    if (!jobs) return Fail(jobs.error());
    for (const auto& j : *jobs) at("jobs").Add(JobJson(j));
  }

  std::vector<KindSummary> out;
  for (size_t i = 0; i < kKinds.size(); ++i) {
    const int64_t n = h[i].count();
    out.push_back({kKinds[i], n, h[i].Finish()});
  }
  return out;
}

std::vector<KindCheck> CompareSummaries(const std::vector<KindSummary>& source,
                                        const std::vector<KindSummary>& target) {
  std::vector<KindCheck> out;
  for (const auto& s : source) {
    KindCheck c;
    c.kind = s.kind;
    c.source_count = s.count;
    c.source_checksum = s.checksum;
    for (const auto& t : target) {
      if (t.kind != s.kind) continue;
      c.target_count = t.count;
      c.target_checksum = t.checksum;
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<std::string>> LibraryContents(MigrationLibrary& lib) {
  auto c = CountContents(lib);
  if (!c) return Fail(c.error());
  return Describe(*c);
}

Result<MigrateReport> Migrate(MigrationLibrary& from, MigrationLibrary& to,
                              const MigrateOptions& options) {
  if (from.location == to.location)
    return MakeError(Code::kInvalidArgument,
                     "the source and the target are the same library (" + from.location + ")");
  auto held = CountContents(to);
  if (!held) return Fail(held.error().Wrap("cannot read the target " + to.location));
  if (auto what = Describe(*held); !what.empty()) {
    return MakeError(Code::kAlreadyExists,
                     "the target " + to.location + " is not empty: it holds " + JoinList(what) +
                         ". migrate writes only into an empty library: delete the file "
                         "(SQLite) or drop and recreate the database (PostgreSQL), then run it "
                         "again");
  }
  auto has = CountContents(from);
  if (!has) return Fail(has.error().Wrap("cannot read the source " + from.location));
  if ((has->radars > 0 || has->cache > 0) && !KeepsRadars(to)) {
    Contents radar_part;
    radar_part.radars = has->radars;
    radar_part.cache = has->cache;
    return MakeError(Code::kInvalidArgument,
                     "the target " + to.location + " cannot keep radars (" +
                         JoinList(Describe(radar_part)) +
                         " to move): this build keeps radars in SQLite libraries only; nothing "
                         "was written");
  }
  if ((has->users > 0 || has->settings > 0) && to.users == nullptr)
    return MakeError(Code::kInvalidArgument,
                     "the target " + to.location + " cannot keep users; nothing was written");
  if (has->deliveries > 0 && to.deliveries == nullptr)
    return MakeError(Code::kInvalidArgument, "the target " + to.location +
                                                 " cannot keep delivery records; nothing was "
                                                 "written");

  const std::string partial =
      " (the target is now partial: delete the file (SQLite) or drop and recreate the "
      "database (PostgreSQL) before migrating again)";
  auto fail = [&](const Status& st) {
    Error e = st.error().Wrap("migrate");
    e.message += partial;
    return Fail(e);
  };
  if (auto st = MovePapers(from, to, options); !st) return fail(st);
  if (auto st = MoveHarvest(from, to); !st) return fail(st);
  Progress(options, "fetch log, cursors, validators: done");
  if (auto st = MoveUsers(from, to); !st) return fail(st);
  Progress(options, "users: " + std::to_string(has->users));
  if (auto st = MoveRadars(from, to); !st) return fail(st);
  Progress(options, "radars: " + std::to_string(has->radars));
  if (auto st = MoveDeliveriesAndJobs(from, to); !st) return fail(st);
  Progress(options, "deliveries and jobs: done");

  auto source = SummarizeLibrary(from);
  if (!source) return Fail(source.error().Wrap("cannot summarize the source " + from.location));
  auto target = SummarizeLibrary(to);
  if (!target) return Fail(target.error().Wrap("cannot summarize the target " + to.location));
  MigrateReport report;
  report.checks = CompareSummaries(*source, *target);
  return report;
}

}  // namespace ah::service
