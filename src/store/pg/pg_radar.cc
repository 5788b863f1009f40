// PgRadarStore: radars, feedback, shown papers, briefings and the answer cache
// on PostgreSQL.
#include "store/pg/pg_radar.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "core/floats.h"
#include "store/pg/schema.h"
#include "store/radar_doc.h"

namespace ah::store::pg {
namespace {

int64_t NowUnix() { return static_cast<int64_t>(std::time(nullptr)); }

Error NoRadar(int64_t radar_id) {
  return Error(Code::kNotFound, "no radar with id " + std::to_string(radar_id));
}

// Radar columns 0..6, then (LoadRadar) feedback columns 7..9.
constexpr const char* kRadarColumns =
    "r.id, r.owner, r.name, r.doc, r.created_unix, r.updated_unix, r.public";

Result<RadarDefinition> DefinitionFromRow(const Rows& rows, int i, const std::string& server) {
  RadarDefinition r;
  r.id = rows.Int(i, 0);
  r.owner = rows.Text(i, 1);
  r.name = rows.Text(i, 2);
  r.created_unix = rows.Int(i, 4);
  r.updated_unix = rows.Int(i, 5);
  r.is_public = rows.Bool(i, 6);
  if (auto st = ReadRadarDefinitionDoc(rows.Text(i, 3), "PostgreSQL " + server, r); !st)
    return Fail(st.error());
  return r;
}

constexpr const char* kBriefingColumns =
    "b.id, b.radar_id, b.date_from, b.date_to, b.lang, b.mode, b.model, b.prompt_version, "
    "b.prompt_tokens, b.completion_tokens, b.cost_usd, b.created_unix";

StoredBriefing BriefingFromRow(const Rows& rows, int i) {
  StoredBriefing b;
  b.id = rows.Int(i, 0);
  b.radar_id = rows.Int(i, 1);
  b.date_from = rows.Text(i, 2);
  b.date_to = rows.Text(i, 3);
  b.lang = rows.Text(i, 4);
  b.mode = rows.Text(i, 5);
  b.model = rows.Text(i, 6);
  b.prompt_version = rows.Text(i, 7);
  b.prompt_tokens = rows.Int(i, 8);
  b.completion_tokens = rows.Int(i, 9);
  b.cost_usd = std::strtod(rows.Text(i, 10).c_str(), nullptr);
  b.created_unix = rows.Int(i, 11);
  return b;
}

// Bytes as hex digits (bytea travels as text: decode($n, 'hex') / encode(x, 'hex')).
std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view hex) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string BigintArray(const std::vector<int64_t>& v) {
  std::string out = "{";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(v[i]);
  }
  return out + "}";
}

}  // namespace

Result<std::unique_ptr<PgRadarStore>> PgRadarStore::Open(const std::string& url) {
  auto conn = Conn::Open(url);
  if (!conn) return Fail(conn.error());
  if (auto st = Migrate(**conn); !st) return Fail(st.error());
  return std::unique_ptr<PgRadarStore>(new PgRadarStore(std::move(*conn)));
}

Result<bool> PgRadarStore::OwnsRadar(std::string_view owner, int64_t radar_id, bool lock) {
  auto r = conn_->Query(std::string("SELECT 1 FROM radars WHERE id = $1::bigint AND owner = $2") +
                            (lock ? " FOR SHARE" : ""),
                        {radar_id, owner});
  if (!r) return Fail(r.error());
  return !r->empty();
}

Result<int64_t> PgRadarStore::CreateRadar(const RadarDefinition& r) {
  if (r.name.empty()) return MakeError(Code::kInvalidArgument, "a radar needs a name");
  const int64_t now = r.created_unix > 0 ? r.created_unix : NowUnix();
  // The (owner, name) constraint decides a race between two front ends.
  auto rows = conn_->Query(
      "INSERT INTO radars(owner, name, doc, created_unix, updated_unix, public) "
      "VALUES($1, $2, $3, $4::bigint, $4::bigint, $5::boolean) "
      "ON CONFLICT (owner, name) DO NOTHING RETURNING id",
      {r.owner, r.name, RadarDefinitionDoc(r), now, r.is_public});
  if (!rows) return Fail(rows.error().Wrap("cannot create radar " + r.name));
  if (rows->empty())
    return MakeError(Code::kAlreadyExists, "a radar named '" + r.name + "' already exists");
  return rows->Int(0, 0);
}

Result<std::optional<RadarDefinition>> PgRadarStore::LoadRadar(std::string_view where,
                                                               std::string_view owner,
                                                               const Value& which) {
  // One statement: the definition and its feedback from one snapshot.
  auto rows = conn_->QueryList(std::string("SELECT ") + kRadarColumns +
                                   ", f.paper, f.action, f.at_unix FROM radars r "
                                   "LEFT JOIN radar_feedback f ON f.radar_id = r.id "
                                   "WHERE r.owner = $1 AND " +
                                   std::string(where) + " ORDER BY f.id",
                               {Value(owner), which});
  if (!rows) return Fail(rows.error());
  std::optional<RadarDefinition> out;
  if (rows->empty()) return out;
  auto def = DefinitionFromRow(*rows, 0, conn_->name());
  if (!def) return Fail(def.error());
  out = std::move(*def);
  for (int i = 0; i < rows->size(); ++i) {
    if (rows->IsNull(i, 7)) continue;
    out->feedback.push_back({rows->Text(i, 7), rows->Text(i, 8), rows->Int(i, 9)});
  }
  return out;
}

Result<std::optional<RadarDefinition>> PgRadarStore::GetRadar(std::string_view owner,
                                                              std::string_view name) {
  return LoadRadar("r.name = $2", owner, Value(name));
}

Result<std::optional<RadarDefinition>> PgRadarStore::GetRadarById(std::string_view owner,
                                                                  int64_t radar_id) {
  if (radar_id <= 0) return std::optional<RadarDefinition>();
  return LoadRadar("r.id = $2::bigint", owner, Value(radar_id));
}

Result<std::vector<RadarDefinition>> PgRadarStore::ListRadars(std::string_view owner) {
  std::vector<RadarDefinition> out;
  if (owner.empty()) return out;
  auto rows = conn_->Query(
      std::string("SELECT ") + kRadarColumns + " FROM radars r WHERE r.owner = $1 ORDER BY r.name",
      {owner});
  if (!rows) return Fail(rows.error());
  for (int i = 0; i < rows->size(); ++i) {
    auto def = DefinitionFromRow(*rows, i, conn_->name());
    if (!def) return Fail(def.error());
    out.push_back(std::move(*def));
  }
  return out;
}

Result<std::vector<RadarDefinition>> PgRadarStore::ListPublicRadars() {
  auto rows = conn_->Query(std::string("SELECT ") + kRadarColumns +
                           " FROM radars r WHERE r.public ORDER BY r.owner, r.name");
  if (!rows) return Fail(rows.error());
  std::vector<RadarDefinition> out;
  for (int i = 0; i < rows->size(); ++i) {
    auto def = DefinitionFromRow(*rows, i, conn_->name());
    if (!def) return Fail(def.error());
    out.push_back(std::move(*def));
  }
  return out;
}

Status PgRadarStore::UpdateRadar(std::string_view owner, const RadarDefinition& r) {
  if (r.name.empty()) return MakeError(Code::kInvalidArgument, "a radar needs a name");
  return conn_->InTransaction("cannot update radar " + r.name, [&]() -> Status {
    // Ownership first (another owner's radar is absent, whatever its name).
    auto mine = conn_->Query(
        "SELECT 1 FROM radars WHERE id = $1::bigint AND owner = $2 FOR UPDATE", {r.id, owner});
    if (!mine) return Fail(mine.error());
    if (mine->empty()) return Fail(NoRadar(r.id));
    auto clash = conn_->Query(
        "SELECT 1 FROM radars WHERE owner = $1 AND name = $2 AND id <> $3::bigint",
        {owner, r.name, r.id});
    if (!clash) return Fail(clash.error());
    if (!clash->empty())
      return MakeError(Code::kAlreadyExists, "a radar named '" + r.name + "' already exists");
    auto n = conn_->Exec(
        "UPDATE radars SET name = $1, doc = $2, updated_unix = $3::bigint, public = $4::boolean "
        "WHERE id = $5::bigint AND owner = $6",
        {r.name, RadarDefinitionDoc(r), std::max(NowUnix(), r.updated_unix + 1), r.is_public, r.id,
         owner});
    if (!n) return Fail(n.error());
    return Ok();
  });
}

Status PgRadarStore::DeleteRadar(std::string_view owner, int64_t radar_id) {
  // Feedback, shown papers, briefings and the feed token go with it (cascade).
  auto n = conn_->Exec("DELETE FROM radars WHERE id = $1::bigint AND owner = $2",
                       {radar_id, owner});
  if (!n) return Fail(n.error().Wrap("cannot delete radar"));
  if (*n == 0) return Fail(NoRadar(radar_id));
  return Ok();
}

Status PgRadarStore::AddFeedback(std::string_view owner, int64_t radar_id,
                                 const RadarFeedback& f) {
  if (!IsFeedbackAction(f.action))
    return MakeError(Code::kInvalidArgument,
                     "unknown feedback '" + f.action + "' (like, dislike, save or hide)");
  auto n = conn_->Exec(
      "INSERT INTO radar_feedback(radar_id, paper, action, at_unix) "
      "SELECT id, $3, $4, $5::bigint FROM radars WHERE id = $1::bigint AND owner = $2",
      {radar_id, owner, f.paper, f.action, f.at_unix > 0 ? f.at_unix : NowUnix()});
  if (!n) return Fail(n.error().Wrap("cannot record feedback"));
  if (*n == 0) return Fail(NoRadar(radar_id));
  return Ok();
}

Status PgRadarStore::MarkShown(std::string_view owner, int64_t radar_id,
                               const std::vector<ShownPaper>& papers) {
  return conn_->InTransaction("cannot record shown papers", [&]() -> Status {
    auto mine = OwnsRadar(owner, radar_id, /*lock=*/true);
    if (!mine) return Fail(mine.error());
    if (!*mine) return Fail(NoRadar(radar_id));
    if (papers.empty()) return Ok();
    std::vector<std::string> keys, dates;
    std::vector<int64_t> at;
    const int64_t now = NowUnix();
    for (const auto& p : papers) {
      keys.push_back(p.paper);
      dates.push_back(p.date);
      at.push_back(p.at_unix > 0 ? p.at_unix : now);
    }
    // In the order given, so that of a paper listed twice the first showing is kept.
    auto n = conn_->Exec(
        "INSERT INTO radar_shown(radar_id, paper, date, at_unix) "
        "SELECT $1::bigint, p.paper, p.date, p.at FROM "
        "unnest($2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS p(paper, date, at, n) "
        "ORDER BY p.n ON CONFLICT (radar_id, paper) DO NOTHING",
        {radar_id, TextArray(keys), TextArray(dates), BigintArray(at)});
    if (!n) return Fail(n.error());
    return Ok();
  });
}

Result<std::vector<ShownPaper>> PgRadarStore::ShownPapers(std::string_view owner,
                                                          int64_t radar_id) {
  auto rows = conn_->Query(
      "SELECT s.paper, s.date, s.at_unix FROM radar_shown s JOIN radars r ON r.id = s.radar_id "
      "WHERE s.radar_id = $1::bigint AND r.owner = $2",
      {radar_id, owner});
  if (!rows) return Fail(rows.error());
  std::vector<ShownPaper> out;
  for (int i = 0; i < rows->size(); ++i)
    out.push_back({rows->Text(i, 0), rows->Text(i, 1), rows->Int(i, 2)});
  if (out.empty()) {
    auto mine = OwnsRadar(owner, radar_id, /*lock=*/false);
    if (!mine) return Fail(mine.error());
    if (!*mine) return Fail(NoRadar(radar_id));
  }
  return out;
}

Result<int64_t> PgRadarStore::SaveBriefing(std::string_view owner, const StoredBriefing& b) {
  char cost[64];
  std::snprintf(cost, sizeof cost, "%.17g", b.cost_usd);
  auto rows = conn_->QueryList(
      "INSERT INTO briefings(radar_id, date_from, date_to, lang, mode, model, prompt_version, "
      "prompt_tokens, completion_tokens, cost_usd, doc, created_unix) "
      "SELECT id, $3, $4, $5, $6, $7, $8, $9::bigint, $10::bigint, $11::double precision, $12, "
      "$13::bigint FROM radars WHERE id = $1::bigint AND owner = $2 RETURNING id",
      {Value(b.radar_id), Value(owner), Value(b.date_from), Value(b.date_to), Value(b.lang),
       Value(b.mode), Value(b.model), Value(b.prompt_version), Value(b.prompt_tokens),
       Value(b.completion_tokens), Value(cost), Value(b.json),
       Value(b.created_unix > 0 ? b.created_unix : NowUnix())});
  if (!rows) return Fail(rows.error().Wrap("cannot save the briefing"));
  if (rows->empty()) return Fail(NoRadar(b.radar_id));
  return rows->Int(0, 0);
}

Result<std::optional<StoredBriefing>> PgRadarStore::FindBriefing(std::string_view owner,
                                                                 int64_t radar_id,
                                                                 std::string_view date_from,
                                                                 std::string_view date_to,
                                                                 std::string_view lang) {
  auto rows = conn_->Query(std::string("SELECT ") + kBriefingColumns +
                               ", b.doc FROM briefings b JOIN radars r ON r.id = b.radar_id "
                               "WHERE b.radar_id = $1::bigint AND r.owner = $2 AND "
                               "b.date_from = $3 AND b.date_to = $4 AND b.lang = $5 "
                               "ORDER BY b.id DESC LIMIT 1",
                           {radar_id, owner, date_from, date_to, lang});
  if (!rows) return Fail(rows.error());
  std::optional<StoredBriefing> out;
  if (rows->empty()) return out;
  out = BriefingFromRow(*rows, 0);
  out->json = rows->Text(0, 12);
  return out;
}

Result<std::vector<StoredBriefing>> PgRadarStore::ListBriefings(std::string_view owner,
                                                                int64_t radar_id, int64_t limit) {
  // LIMIT NULL: no limit.
  auto rows = conn_->Query(std::string("SELECT ") + kBriefingColumns +
                               " FROM briefings b JOIN radars r ON r.id = b.radar_id "
                               "WHERE b.radar_id = $1::bigint AND r.owner = $2 "
                               "ORDER BY b.id DESC LIMIT $3::bigint",
                           {radar_id, owner, limit > 0 ? Value(limit) : Value(nullptr)});
  if (!rows) return Fail(rows.error());
  std::vector<StoredBriefing> out;
  for (int i = 0; i < rows->size(); ++i) out.push_back(BriefingFromRow(*rows, i));
  return out;
}

Result<std::optional<StoredBriefing>> PgRadarStore::GetBriefing(std::string_view owner,
                                                                int64_t briefing_id) {
  auto rows = conn_->Query(std::string("SELECT ") + kBriefingColumns +
                               ", b.doc FROM briefings b JOIN radars r ON r.id = b.radar_id "
                               "WHERE b.id = $1::bigint AND r.owner = $2",
                           {briefing_id, owner});
  if (!rows) return Fail(rows.error());
  std::optional<StoredBriefing> out;
  if (rows->empty()) return out;
  out = BriefingFromRow(*rows, 0);
  out->json = rows->Text(0, 12);
  return out;
}

Result<std::optional<std::string>> PgRadarStore::CacheBytes(std::string_view key) {
  auto rows = conn_->Query("SELECT encode(value, 'hex') FROM llm_cache WHERE key = $1", {key});
  if (!rows) return Fail(rows.error());
  std::optional<std::string> out;
  if (rows->empty()) return out;
  out = Unhex(rows->Text(0, 0));
  if (!out)
    return MakeError(Code::kCorrupt, "PostgreSQL " + conn_->name() + ": cached answer " +
                                         std::string(key) + " is unreadable");
  return out;
}

Status PgRadarStore::PutCacheBytes(std::string_view key, std::string_view bytes, bool vector) {
  // Bytes as hex: text parameters cannot carry NUL bytes.
  auto n = conn_->Exec(
      "INSERT INTO llm_cache(key, value, created_unix, vector) "
      "VALUES($1, decode($2, 'hex'), $3::bigint, $4::boolean) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_unix = "
      "excluded.created_unix, vector = excluded.vector",
      {key, Hex(bytes), NowUnix(), vector});
  if (!n) return Fail(n.error().Wrap("cannot write the answer cache"));
  return Ok();
}

Result<std::optional<std::string>> PgRadarStore::CacheGet(std::string_view key) {
  return CacheBytes(key);
}

Status PgRadarStore::CachePut(std::string_view key, std::string_view value) {
  return PutCacheBytes(key, value, false);
}

Result<std::optional<std::vector<float>>> PgRadarStore::CacheGetVector(std::string_view key) {
  auto bytes = CacheBytes(key);
  if (!bytes) return Fail(bytes.error());
  std::optional<std::vector<float>> out;
  if (!*bytes) return out;
  auto v = DecodeFloat32Le(**bytes);
  if (!v) return Fail(v.error().Wrap("cached vector " + std::string(key)));
  out = std::move(*v);
  return out;
}

Status PgRadarStore::CachePutVector(std::string_view key, std::span<const float> v) {
  return PutCacheBytes(key, EncodeFloat32Le(v), true);
}

Result<std::vector<RadarDefinition>> PgRadarStore::ListAllRadars() {
  auto rows = conn_->Query(std::string("SELECT ") + kRadarColumns + " FROM radars r ORDER BY r.id");
  if (!rows) return Fail(rows.error());
  std::vector<RadarDefinition> out;
  for (int i = 0; i < rows->size(); ++i) {
    auto def = DefinitionFromRow(*rows, i, conn_->name());
    if (!def) return Fail(def.error());
    out.push_back(std::move(*def));
  }
  return out;
}

Status PgRadarStore::ImportRadar(const RadarDefinition& r) {
  if (r.name.empty()) return MakeError(Code::kInvalidArgument, "a radar needs a name");
  if (r.id <= 0)
    return MakeError(Code::kInvalidArgument, "radar '" + r.name + "' has no id to import");
  for (const auto& f : r.feedback) {
    if (!IsFeedbackAction(f.action))
      return MakeError(Code::kInvalidArgument,
                       "radar '" + r.name + "': unknown feedback '" + f.action + "'");
  }
  return conn_->InTransaction("cannot import radar " + r.name, [&]() -> Status {
    auto taken = conn_->Query("SELECT 1 FROM radars WHERE id = $1::bigint OR (owner = $2 AND "
                              "name = $3) FOR UPDATE",
                              {r.id, r.owner, r.name});
    if (!taken) return Fail(taken.error());
    if (!taken->empty())
      return MakeError(Code::kAlreadyExists, "radar " + std::to_string(r.id) + " ('" + r.name +
                                                 "' of " + r.owner + ") is taken");
    auto ins = conn_->Exec(
        "INSERT INTO radars(id, owner, name, doc, created_unix, updated_unix, public) "
        "OVERRIDING SYSTEM VALUE VALUES($1::bigint, $2, $3, $4, $5::bigint, $6::bigint, "
        "$7::boolean)",
        {r.id, r.owner, r.name, RadarDefinitionDoc(r), r.created_unix, r.updated_unix,
         r.is_public});
    if (!ins) return Fail(ins.error());
    for (const auto& f : r.feedback) {
      auto fb = conn_->Exec(
          "INSERT INTO radar_feedback(radar_id, paper, action, at_unix) "
          "VALUES($1::bigint, $2, $3, $4::bigint)",
          {r.id, f.paper, f.action, f.at_unix});
      if (!fb) return Fail(fb.error().Wrap("cannot import the feedback of radar " + r.name));
    }
    // Later CreateRadar calls get ids above every imported one.
    auto seq = conn_->Query(
        "SELECT setval(pg_get_serial_sequence('radars', 'id'), "
        "greatest((SELECT max(id) FROM radars), 1))");
    if (!seq) return Fail(seq.error());
    return Ok();
  });
}

Status PgRadarStore::ImportBriefing(const StoredBriefing& b) {
  char cost[64];
  std::snprintf(cost, sizeof cost, "%.17g", b.cost_usd);
  return conn_->InTransaction("cannot import a briefing", [&]() -> Status {
    auto radar = conn_->Query("SELECT 1 FROM radars WHERE id = $1::bigint FOR SHARE", {b.radar_id});
    if (!radar) return Fail(radar.error());
    if (radar->empty()) return Fail(NoRadar(b.radar_id));
    auto taken = conn_->Query("SELECT 1 FROM briefings WHERE id = $1::bigint", {b.id});
    if (!taken) return Fail(taken.error());
    if (!taken->empty())
      return MakeError(Code::kAlreadyExists, "briefing " + std::to_string(b.id) + " is taken");
    auto ins = conn_->QueryList(
        "INSERT INTO briefings(id, radar_id, date_from, date_to, lang, mode, model, "
        "prompt_version, prompt_tokens, completion_tokens, cost_usd, doc, created_unix) "
        "OVERRIDING SYSTEM VALUE VALUES($1::bigint, $2::bigint, $3, $4, $5, $6, $7, $8, "
        "$9::bigint, $10::bigint, $11::double precision, $12, $13::bigint)",
        {Value(b.id), Value(b.radar_id), Value(b.date_from), Value(b.date_to), Value(b.lang),
         Value(b.mode), Value(b.model), Value(b.prompt_version), Value(b.prompt_tokens),
         Value(b.completion_tokens), Value(cost), Value(b.json), Value(b.created_unix)});
    if (!ins) return Fail(ins.error());
    auto seq = conn_->Query(
        "SELECT setval(pg_get_serial_sequence('briefings', 'id'), "
        "greatest((SELECT max(id) FROM briefings), 1))");
    if (!seq) return Fail(seq.error());
    return Ok();
  });
}

Status PgRadarStore::ForEachCacheEntry(const std::function<Status(const CacheEntry&)>& fn) {
  // In pages by key: the cache may be large, a page at a time stays bounded.
  std::string after;
  bool first = true;
  while (true) {
    auto rows = conn_->Query(
        "SELECT key, encode(value, 'hex'), vector FROM llm_cache "
        "WHERE $1::boolean OR key > $2 ORDER BY key LIMIT 500",
        {first, after});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Ok();
    for (int i = 0; i < rows->size(); ++i) {
      CacheEntry e;
      e.key = rows->Text(i, 0);
      auto bytes = Unhex(rows->Text(i, 1));
      if (!bytes)
        return MakeError(Code::kCorrupt, "PostgreSQL " + conn_->name() + ": cached answer " +
                                             e.key + " is unreadable");
      e.is_vector = rows->Bool(i, 2);
      if (e.is_vector) {
        auto v = DecodeFloat32Le(*bytes);
        if (!v) return Fail(v.error().Wrap("cached vector " + e.key));
        e.vector = std::move(*v);
      } else {
        e.value = std::move(*bytes);
      }
      if (auto st = fn(e); !st) return st;
    }
    after = rows->Text(rows->size() - 1, 0);
    first = false;
  }
}

}  // namespace ah::store::pg
