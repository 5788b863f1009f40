// SqliteStore's RadarStore half: radars, feedback, shown papers, briefings and
// the answer cache (tables of schema migration 2).
#include <algorithm>
#include <ctime>

#include "core/floats.h"
#include "store/radar_doc.h"
#include "store/sqlite/sqlite_store.h"

namespace ah::store::sqlite {
namespace {

Result<RadarDefinition> DefinitionFromRow(const Stmt& st, std::string_view db_path) {
  RadarDefinition r;
  r.id = st.ColumnInt(0);
  r.owner = st.ColumnString(1);
  r.name = st.ColumnString(2);
  r.created_unix = st.ColumnInt(4);
  r.updated_unix = st.ColumnInt(5);
  r.is_public = st.ColumnInt(6) != 0;
  if (auto read = ReadRadarDefinitionDoc(st.ColumnText(3), db_path, r); !read)
    return Fail(read.error());
  return r;
}

int64_t NowUnix() { return static_cast<int64_t>(std::time(nullptr)); }

constexpr const char* kRadarColumns = "id, owner, name, doc, created_unix, updated_unix, public";

}  // namespace

// Runs `body` in one write transaction; rolls back on error.
template <typename F>
static Status InTransaction(Db& db, F&& body) {
  if (auto st = db.Exec("BEGIN IMMEDIATE"); !st) return st;
  Status st = body();
  if (st) st = db.Exec("COMMIT");
  if (!st) (void)db.Exec("ROLLBACK");
  return st;
}

Result<int64_t> SqliteStore::CreateRadar(const RadarDefinition& r) {
  if (r.name.empty()) return MakeError(Code::kInvalidArgument, "a radar needs a name");
  int64_t id = 0;
  Status st = InTransaction(*db_, [&]() -> Status {
    auto existing = GetRadar(r.owner, r.name);
    if (!existing) return Fail(existing.error());
    if (*existing)
      return MakeError(Code::kAlreadyExists, "a radar named '" + r.name + "' already exists");
    auto ins = db_->Cached(
        "INSERT INTO radars(owner, name, doc, created_unix, updated_unix, public) "
        "VALUES(?,?,?,?,?,?)");
    if (!ins) return Fail(ins.error());
    ScopedReset reset(**ins);
    const std::string doc = RadarDefinitionDoc(r);
    const int64_t now = r.created_unix > 0 ? r.created_unix : NowUnix();
    (*ins)->BindText(1, r.owner);
    (*ins)->BindText(2, r.name);
    (*ins)->BindText(3, doc);
    (*ins)->BindInt(4, now);
    (*ins)->BindInt(5, now);
    (*ins)->BindInt(6, r.is_public ? 1 : 0);
    if (auto rs = (*ins)->Run(); !rs) return Fail(rs.error().Wrap("cannot create radar " + r.name));
    id = db_->LastInsertRowid();
    return Ok();
  });
  if (!st) return Fail(st.error());
  return id;
}

Result<bool> SqliteStore::OwnsRadar(std::string_view owner, int64_t radar_id) {
  auto st = db_->Cached("SELECT 1 FROM radars WHERE id = ? AND owner = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, radar_id);
  (*st)->BindText(2, owner);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  return *row;
}

namespace {
Error NoRadar(int64_t radar_id) {
  return Error(Code::kNotFound, "no radar with id " + std::to_string(radar_id));
}
}  // namespace

Result<std::optional<RadarDefinition>> SqliteStore::LoadRadar(std::string_view sql,
                                                              std::string_view owner,
                                                              std::string_view name,
                                                              int64_t radar_id) {
  std::optional<RadarDefinition> out;
  {
    auto st = db_->Cached(sql);
    if (!st) return Fail(st.error());
    ScopedReset reset(**st);
    (*st)->BindText(1, owner);
    if (radar_id > 0) {
      (*st)->BindInt(2, radar_id);
    } else {
      (*st)->BindText(2, name);
    }
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    auto def = DefinitionFromRow(**st, db_->path());
    if (!def) return Fail(def.error());
    out = std::move(*def);
  }
  auto st = db_->Cached(
      "SELECT paper, action, at_unix FROM radar_feedback WHERE radar_id = ? ORDER BY id");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, out->id);
  while (true) {
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out->feedback.push_back({(*st)->ColumnString(0), (*st)->ColumnString(1), (*st)->ColumnInt(2)});
  }
  return out;
}

Result<std::optional<RadarDefinition>> SqliteStore::GetRadar(std::string_view owner,
                                                             std::string_view name) {
  return LoadRadar(std::string("SELECT ") + kRadarColumns +
                       " FROM radars WHERE owner = ? AND name = ?",
                   owner, name, 0);
}

Result<std::optional<RadarDefinition>> SqliteStore::GetRadarById(std::string_view owner,
                                                                 int64_t radar_id) {
  if (radar_id <= 0) return std::optional<RadarDefinition>();
  return LoadRadar(std::string("SELECT ") + kRadarColumns + " FROM radars WHERE owner = ? AND id = ?",
                   owner, "", radar_id);
}

Result<std::vector<RadarDefinition>> SqliteStore::ListDefinitions(std::string_view sql,
                                                                  std::string_view owner) {
  auto st = db_->Cached(sql);
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  if (!owner.empty()) (*st)->BindText(1, owner);
  std::vector<RadarDefinition> out;
  while (true) {
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto def = DefinitionFromRow(**st, db_->path());
    if (!def) return Fail(def.error());
    out.push_back(std::move(*def));
  }
  return out;
}

Result<std::vector<RadarDefinition>> SqliteStore::ListRadars(std::string_view owner) {
  if (owner.empty()) return std::vector<RadarDefinition>();
  return ListDefinitions(
      std::string("SELECT ") + kRadarColumns + " FROM radars WHERE owner = ? ORDER BY name", owner);
}

Result<std::vector<RadarDefinition>> SqliteStore::ListPublicRadars() {
  return ListDefinitions(std::string("SELECT ") + kRadarColumns +
                             " FROM radars WHERE public = 1 ORDER BY owner, name",
                         "");
}

Status SqliteStore::UpdateRadar(std::string_view owner, const RadarDefinition& r) {
  if (r.name.empty()) return MakeError(Code::kInvalidArgument, "a radar needs a name");
  Status result = InTransaction(*db_, [&]() -> Status {
    auto mine = OwnsRadar(owner, r.id);
    if (!mine) return Fail(mine.error());
    if (!*mine) return Fail(NoRadar(r.id));
    auto clash = GetRadar(owner, r.name);
    if (!clash) return Fail(clash.error());
    if (*clash && (*clash)->id != r.id)
      return MakeError(Code::kAlreadyExists, "a radar named '" + r.name + "' already exists");
    auto st = db_->Cached(
        "UPDATE radars SET name = ?, doc = ?, updated_unix = ?, public = ? "
        "WHERE id = ? AND owner = ?");
    if (!st) return Fail(st.error());
    ScopedReset reset(**st);
    const std::string doc = RadarDefinitionDoc(r);
    (*st)->BindText(1, r.name);
    (*st)->BindText(2, doc);
    (*st)->BindInt(3, std::max(NowUnix(), r.updated_unix + 1));
    (*st)->BindInt(4, r.is_public ? 1 : 0);
    (*st)->BindInt(5, r.id);
    (*st)->BindText(6, owner);
    if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot update radar " + r.name));
    return Ok();
  });
  return result;
}

Status SqliteStore::DeleteRadar(std::string_view owner, int64_t radar_id) {
  Status st = InTransaction(*db_, [&]() -> Status {
    auto mine = OwnsRadar(owner, radar_id);
    if (!mine) return Fail(mine.error());
    if (!*mine) return Fail(NoRadar(radar_id));
    for (const char* sql : {"DELETE FROM radar_feedback WHERE radar_id = ?",
                            "DELETE FROM radar_shown WHERE radar_id = ?",
                            "DELETE FROM briefings WHERE radar_id = ?",
                            "DELETE FROM feed_tokens WHERE radar_id = ?",
                            "DELETE FROM radars WHERE id = ?"}) {
      auto s = db_->Cached(sql);
      if (!s) return Fail(s.error());
      ScopedReset reset(**s);
      (*s)->BindInt(1, radar_id);
      if (auto rs = (*s)->Run(); !rs) return rs;
    }
    return Ok();
  });
  if (!st) {
    if (st.error().code == Code::kNotFound) return st;
    return Fail(st.error().Wrap("cannot delete radar"));
  }
  return Ok();
}

Status SqliteStore::AddFeedback(std::string_view owner, int64_t radar_id, const RadarFeedback& f) {
  if (!IsFeedbackAction(f.action))
    return MakeError(Code::kInvalidArgument,
                     "unknown feedback '" + f.action + "' (like, dislike, save or hide)");
  return InTransaction(*db_, [&]() -> Status {
    auto mine = OwnsRadar(owner, radar_id);
    if (!mine) return Fail(mine.error());
    if (!*mine) return Fail(NoRadar(radar_id));
    auto st =
        db_->Cached("INSERT INTO radar_feedback(radar_id, paper, action, at_unix) VALUES(?,?,?,?)");
    if (!st) return Fail(st.error());
    ScopedReset reset(**st);
    (*st)->BindInt(1, radar_id);
    (*st)->BindText(2, f.paper);
    (*st)->BindText(3, f.action);
    (*st)->BindInt(4, f.at_unix > 0 ? f.at_unix : NowUnix());
    if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot record feedback"));
    return Ok();
  });
}

Status SqliteStore::MarkShown(std::string_view owner, int64_t radar_id,
                              const std::vector<ShownPaper>& papers) {
  return InTransaction(*db_, [&]() -> Status {
    auto mine = OwnsRadar(owner, radar_id);
    if (!mine) return Fail(mine.error());
    if (!*mine) return Fail(NoRadar(radar_id));
    auto st = db_->Cached(
        "INSERT OR IGNORE INTO radar_shown(radar_id, paper, date, at_unix) VALUES(?,?,?,?)");
    if (!st) return Fail(st.error());
    const int64_t now = NowUnix();
    for (const auto& p : papers) {
      ScopedReset reset(**st);
      (*st)->BindInt(1, radar_id);
      (*st)->BindText(2, p.paper);
      (*st)->BindText(3, p.date);
      (*st)->BindInt(4, p.at_unix > 0 ? p.at_unix : now);
      if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot record shown papers"));
    }
    return Ok();
  });
}

Result<std::vector<ShownPaper>> SqliteStore::ShownPapers(std::string_view owner, int64_t radar_id) {
  auto st = db_->Cached(
      "SELECT s.paper, s.date, s.at_unix FROM radar_shown s JOIN radars r ON r.id = s.radar_id "
      "WHERE s.radar_id = ? AND r.owner = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, radar_id);
  (*st)->BindText(2, owner);
  std::vector<ShownPaper> out;
  while (true) {
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back({(*st)->ColumnString(0), (*st)->ColumnString(1), (*st)->ColumnInt(2)});
  }
  if (out.empty()) {
    auto mine = OwnsRadar(owner, radar_id);
    if (!mine) return Fail(mine.error());
    if (!*mine) return Fail(NoRadar(radar_id));
  }
  return out;
}

Result<int64_t> SqliteStore::SaveBriefing(std::string_view owner, const StoredBriefing& b) {
  int64_t id = 0;
  Status result = InTransaction(*db_, [&]() -> Status {
    auto mine = OwnsRadar(owner, b.radar_id);
    if (!mine) return Fail(mine.error());
    if (!*mine) return Fail(NoRadar(b.radar_id));
    auto st = db_->Cached(
        "INSERT INTO briefings(radar_id, date_from, date_to, lang, mode, model, prompt_version, "
        "prompt_tokens, completion_tokens, cost_usd, doc, created_unix) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return Fail(st.error());
    ScopedReset reset(**st);
    (*st)->BindInt(1, b.radar_id);
    (*st)->BindText(2, b.date_from);
    (*st)->BindText(3, b.date_to);
    (*st)->BindText(4, b.lang);
    (*st)->BindText(5, b.mode);
    (*st)->BindText(6, b.model);
    (*st)->BindText(7, b.prompt_version);
    (*st)->BindInt(8, b.prompt_tokens);
    (*st)->BindInt(9, b.completion_tokens);
    (*st)->BindDouble(10, b.cost_usd);
    (*st)->BindText(11, b.json);
    (*st)->BindInt(12, b.created_unix > 0 ? b.created_unix : NowUnix());
    if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot save the briefing"));
    id = db_->LastInsertRowid();
    return Ok();
  });
  if (!result) return Fail(result.error());
  return id;
}

namespace {

constexpr const char* kBriefingColumns =
    "b.id, b.radar_id, b.date_from, b.date_to, b.lang, b.mode, b.model, b.prompt_version, "
    "b.prompt_tokens, b.completion_tokens, b.cost_usd, b.created_unix";

StoredBriefing BriefingFromRow(const Stmt& st) {
  StoredBriefing b;
  b.id = st.ColumnInt(0);
  b.radar_id = st.ColumnInt(1);
  b.date_from = st.ColumnString(2);
  b.date_to = st.ColumnString(3);
  b.lang = st.ColumnString(4);
  b.mode = st.ColumnString(5);
  b.model = st.ColumnString(6);
  b.prompt_version = st.ColumnString(7);
  b.prompt_tokens = st.ColumnInt(8);
  b.completion_tokens = st.ColumnInt(9);
  b.cost_usd = st.ColumnDouble(10);
  b.created_unix = st.ColumnInt(11);
  return b;
}

}  // namespace

Result<std::optional<StoredBriefing>> SqliteStore::FindBriefing(std::string_view owner,
                                                                int64_t radar_id,
                                                                std::string_view date_from,
                                                                std::string_view date_to,
                                                                std::string_view lang) {
  auto st = db_->Cached(std::string("SELECT ") + kBriefingColumns +
                        ", b.doc FROM briefings b JOIN radars r ON r.id = b.radar_id "
                        "WHERE b.radar_id = ? AND r.owner = ? AND b.date_from = ? AND "
                        "b.date_to = ? AND b.lang = ? ORDER BY b.id DESC LIMIT 1");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, radar_id);
  (*st)->BindText(2, owner);
  (*st)->BindText(3, date_from);
  (*st)->BindText(4, date_to);
  (*st)->BindText(5, lang);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  std::optional<StoredBriefing> out;
  if (!*row) return out;
  out = BriefingFromRow(**st);
  out->json = (*st)->ColumnString(12);
  return out;
}

Result<std::vector<StoredBriefing>> SqliteStore::ListBriefings(std::string_view owner,
                                                               int64_t radar_id, int64_t limit) {
  auto st = db_->Cached(std::string("SELECT ") + kBriefingColumns +
                        " FROM briefings b JOIN radars r ON r.id = b.radar_id "
                        "WHERE b.radar_id = ? AND r.owner = ? ORDER BY b.id DESC LIMIT ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, radar_id);
  (*st)->BindText(2, owner);
  (*st)->BindInt(3, limit > 0 ? limit : -1);
  std::vector<StoredBriefing> out;
  while (true) {
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(BriefingFromRow(**st));
  }
  return out;
}

Result<std::optional<StoredBriefing>> SqliteStore::GetBriefing(std::string_view owner,
                                                               int64_t briefing_id) {
  auto st = db_->Cached(std::string("SELECT ") + kBriefingColumns +
                        ", b.doc FROM briefings b JOIN radars r ON r.id = b.radar_id "
                        "WHERE b.id = ? AND r.owner = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, briefing_id);
  (*st)->BindText(2, owner);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  std::optional<StoredBriefing> out;
  if (!*row) return out;
  out = BriefingFromRow(**st);
  out->json = (*st)->ColumnString(12);
  return out;
}

Result<std::optional<std::string>> SqliteStore::CacheGet(std::string_view key) {
  return OptionalText("SELECT value FROM llm_cache WHERE key = ?", key);
}

Status SqliteStore::CachePut(std::string_view key, std::string_view value) {
  auto st = db_->Cached("INSERT OR REPLACE INTO llm_cache(key, value, created_unix) VALUES(?,?,?)");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, key);
  (*st)->BindText(2, value);
  (*st)->BindInt(3, NowUnix());
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot write the answer cache"));
  return Ok();
}

Result<std::optional<std::vector<float>>> SqliteStore::CacheGetVector(std::string_view key) {
  auto st = db_->Cached("SELECT value FROM llm_cache WHERE key = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, key);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  std::optional<std::vector<float>> out;
  if (!*row) return out;
  auto v = DecodeFloat32Le((*st)->ColumnBlob(0));
  if (!v) return Fail(v.error().Wrap("cached vector " + std::string(key)));
  out = std::move(*v);
  return out;
}

Status SqliteStore::CachePutVector(std::string_view key, std::span<const float> v) {
  auto st = db_->Cached("INSERT OR REPLACE INTO llm_cache(key, value, created_unix) VALUES(?,?,?)");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  const std::string bytes = EncodeFloat32Le(v);
  (*st)->BindText(1, key);
  (*st)->BindBlob(2, bytes);
  (*st)->BindInt(3, NowUnix());
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot write the answer cache"));
  return Ok();
}

Result<std::vector<RadarDefinition>> SqliteStore::ListAllRadars() {
  return ListDefinitions(std::string("SELECT ") + kRadarColumns + " FROM radars ORDER BY id", "");
}

Status SqliteStore::ImportRadar(const RadarDefinition& r) {
  if (r.name.empty()) return MakeError(Code::kInvalidArgument, "a radar needs a name");
  if (r.id <= 0)
    return MakeError(Code::kInvalidArgument, "radar '" + r.name + "' has no id to import");
  for (const auto& f : r.feedback) {
    if (!IsFeedbackAction(f.action))
      return MakeError(Code::kInvalidArgument,
                       "radar '" + r.name + "': unknown feedback '" + f.action + "'");
  }
  return InTransaction(*db_, [&]() -> Status {
    auto taken = db_->Cached("SELECT 1 FROM radars WHERE id = ? OR (owner = ? AND name = ?)");
    if (!taken) return Fail(taken.error());
    {
      ScopedReset reset(**taken);
      (*taken)->BindInt(1, r.id);
      (*taken)->BindText(2, r.owner);
      (*taken)->BindText(3, r.name);
      auto row = (*taken)->Step();
      if (!row) return Fail(row.error());
      if (*row)
        return MakeError(Code::kAlreadyExists, "radar " + std::to_string(r.id) + " ('" + r.name +
                                                   "' of " + r.owner + ") is taken");
    }
    auto ins = db_->Cached(
        "INSERT INTO radars(id, owner, name, doc, created_unix, updated_unix, public) "
        "VALUES(?,?,?,?,?,?,?)");
    if (!ins) return Fail(ins.error());
    {
      ScopedReset reset(**ins);
      const std::string doc = RadarDefinitionDoc(r);
      (*ins)->BindInt(1, r.id);
      (*ins)->BindText(2, r.owner);
      (*ins)->BindText(3, r.name);
      (*ins)->BindText(4, doc);
      (*ins)->BindInt(5, r.created_unix);
      (*ins)->BindInt(6, r.updated_unix);
      (*ins)->BindInt(7, r.is_public ? 1 : 0);
      if (auto rs = (*ins)->Run(); !rs)
        return Fail(rs.error().Wrap("cannot import radar " + r.name));
    }
    auto fb =
        db_->Cached("INSERT INTO radar_feedback(radar_id, paper, action, at_unix) VALUES(?,?,?,?)");
    if (!fb) return Fail(fb.error());
    for (const auto& f : r.feedback) {
      ScopedReset reset(**fb);
      (*fb)->BindInt(1, r.id);
      (*fb)->BindText(2, f.paper);
      (*fb)->BindText(3, f.action);
      (*fb)->BindInt(4, f.at_unix);
      if (auto rs = (*fb)->Run(); !rs)
        return Fail(rs.error().Wrap("cannot import the feedback of radar " + r.name));
    }
    return Ok();
  });
}

Status SqliteStore::ImportBriefing(const StoredBriefing& b) {
  return InTransaction(*db_, [&]() -> Status {
    {
      auto radar = db_->Cached("SELECT 1 FROM radars WHERE id = ?");
      if (!radar) return Fail(radar.error());
      ScopedReset reset(**radar);
      (*radar)->BindInt(1, b.radar_id);
      auto row = (*radar)->Step();
      if (!row) return Fail(row.error());
      if (!*row) return Fail(NoRadar(b.radar_id));
    }
    {
      auto taken = db_->Cached("SELECT 1 FROM briefings WHERE id = ?");
      if (!taken) return Fail(taken.error());
      ScopedReset reset(**taken);
      (*taken)->BindInt(1, b.id);
      auto row = (*taken)->Step();
      if (!row) return Fail(row.error());
      if (*row)
        return MakeError(Code::kAlreadyExists, "briefing " + std::to_string(b.id) + " is taken");
    }
    auto st = db_->Cached(
        "INSERT INTO briefings(id, radar_id, date_from, date_to, lang, mode, model, "
        "prompt_version, prompt_tokens, completion_tokens, cost_usd, doc, created_unix) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return Fail(st.error());
    ScopedReset reset(**st);
    (*st)->BindInt(1, b.id);
    (*st)->BindInt(2, b.radar_id);
    (*st)->BindText(3, b.date_from);
    (*st)->BindText(4, b.date_to);
    (*st)->BindText(5, b.lang);
    (*st)->BindText(6, b.mode);
    (*st)->BindText(7, b.model);
    (*st)->BindText(8, b.prompt_version);
    (*st)->BindInt(9, b.prompt_tokens);
    (*st)->BindInt(10, b.completion_tokens);
    (*st)->BindDouble(11, b.cost_usd);
    (*st)->BindText(12, b.json);
    (*st)->BindInt(13, b.created_unix);
    if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot import a briefing"));
    return Ok();
  });
}

Status SqliteStore::ForEachCacheEntry(const std::function<Status(const CacheEntry&)>& fn) {
  auto st = db_->Prepare("SELECT key, value, typeof(value) = 'blob' FROM llm_cache ORDER BY key");
  if (!st) return Fail(st.error());
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    CacheEntry e;
    e.key = st->ColumnString(0);
    e.is_vector = st->ColumnInt(2) != 0;
    if (e.is_vector) {
      auto v = DecodeFloat32Le(st->ColumnBlob(1));
      if (!v) return Fail(v.error().Wrap("cached vector " + e.key));
      e.vector = std::move(*v);
    } else {
      e.value = st->ColumnString(1);
    }
    if (auto s = fn(e); !s) return s;
  }
  return Ok();
}

}  // namespace ah::store::sqlite
