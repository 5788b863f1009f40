// DeliveryStore on SQLite: feed tokens and delivery records (migrations 8 and 9).
#include "store/sqlite/sqlite_store.h"

namespace ah::store::sqlite {
namespace {

template <typename F>
Status InWriteTransaction(Db& db, F&& body) {
  if (auto st = db.Exec("BEGIN IMMEDIATE"); !st) return st;
  Status st = body();
  if (st) st = db.Exec("COMMIT");
  if (!st) (void)db.Exec("ROLLBACK");
  return st;
}

constexpr const char* kTokenCols = "token, owner, radar_id, created_unix";
constexpr const char* kDeliveryCols =
    "key, owner, channel, state, attempts, last_error, detail, created_unix, updated_unix, "
    "message_id, lease_owner, lease_expires_unix";

FeedToken TokenOf(const Stmt& st) {
  FeedToken t;
  t.token = st.ColumnString(0);
  t.owner = st.ColumnString(1);
  t.radar_id = st.ColumnInt(2);
  t.created_unix = st.ColumnInt(3);
  return t;
}

DeliveryRecord DeliveryOf(const Stmt& st) {
  DeliveryRecord r;
  r.key = st.ColumnString(0);
  r.owner = st.ColumnString(1);
  r.channel = st.ColumnString(2);
  r.state = st.ColumnString(3);
  r.attempts = st.ColumnInt(4);
  r.last_error = st.ColumnString(5);
  r.detail = st.ColumnString(6);
  r.created_unix = st.ColumnInt(7);
  r.updated_unix = st.ColumnInt(8);
  r.message_id = st.ColumnString(9);
  r.lease_owner = st.ColumnString(10);
  r.lease_expires_unix = st.ColumnInt(11);
  return r;
}

Error NoRadar(int64_t radar_id) {
  return Error(Code::kNotFound, "no radar with id " + std::to_string(radar_id));
}

}  // namespace

Status SqliteStore::SetFeedToken(const FeedToken& t) {
  if (t.token.empty()) return MakeError(Code::kInvalidArgument, "a feed token cannot be empty");
  Status st = InWriteTransaction(*db_, [&]() -> Status {
    auto mine = OwnsRadar(t.owner, t.radar_id);
    if (!mine) return Fail(mine.error());
    if (!*mine) return Fail(NoRadar(t.radar_id));
    {
      auto taken = db_->Cached("SELECT radar_id FROM feed_tokens WHERE token = ?");
      if (!taken) return Fail(taken.error());
      ScopedReset reset(**taken);
      (*taken)->BindText(1, t.token);
      auto row = (*taken)->Step();
      if (!row) return Fail(row.error());
      if (*row && (*taken)->ColumnInt(0) != t.radar_id)
        return MakeError(Code::kAlreadyExists, "this feed token is taken");
    }
    for (const char* sql : {"DELETE FROM feed_tokens WHERE radar_id = ?",
                            "INSERT INTO feed_tokens(radar_id, token, owner, created_unix) "
                            "VALUES(?,?,?,?)"}) {
      auto s = db_->Cached(sql);
      if (!s) return Fail(s.error());
      ScopedReset reset(**s);
      (*s)->BindInt(1, t.radar_id);
      if (std::string_view(sql).rfind("INSERT", 0) == 0) {
        (*s)->BindText(2, t.token);
        (*s)->BindText(3, t.owner);
        (*s)->BindInt(4, t.created_unix);
      }
      if (auto rs = (*s)->Run(); !rs) return rs;
    }
    return Ok();
  });
  if (!st && st.error().code != Code::kNotFound && st.error().code != Code::kAlreadyExists)
    return Fail(st.error().Wrap("cannot save the feed token"));
  return st;
}

Status SqliteStore::DeleteFeedToken(std::string_view owner, int64_t radar_id) {
  auto mine = OwnsRadar(owner, radar_id);
  if (!mine) return Fail(mine.error());
  if (!*mine) return Fail(NoRadar(radar_id));
  auto st = db_->Cached("DELETE FROM feed_tokens WHERE radar_id = ? AND owner = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, radar_id);
  (*st)->BindText(2, owner);
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot revoke the feed token"));
  return Ok();
}

Result<std::optional<FeedToken>> SqliteStore::GetFeedToken(std::string_view owner,
                                                           int64_t radar_id) {
  auto st = db_->Cached(std::string("SELECT ") + kTokenCols +
                        " FROM feed_tokens WHERE radar_id = ? AND owner = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, radar_id);
  (*st)->BindText(2, owner);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<FeedToken>();
  return std::optional<FeedToken>(TokenOf(**st));
}

Result<std::optional<FeedToken>> SqliteStore::FindFeedToken(std::string_view token) {
  if (token.empty()) return std::optional<FeedToken>();
  auto st = db_->Cached(std::string("SELECT ") + kTokenCols + " FROM feed_tokens WHERE token = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, token);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<FeedToken>();
  return std::optional<FeedToken>(TokenOf(**st));
}

Result<std::optional<DeliveryRecord>> SqliteStore::GetDelivery(std::string_view key) {
  auto st = db_->Cached(std::string("SELECT ") + kDeliveryCols + " FROM deliveries WHERE key = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, key);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<DeliveryRecord>();
  return std::optional<DeliveryRecord>(DeliveryOf(**st));
}

Result<bool> SqliteStore::BeginDelivery(const DeliveryRecord& r, int64_t now) {
  if (r.key.empty()) return MakeError(Code::kInvalidArgument, "a delivery needs a key");
  if (r.lease_expires_unix <= now)
    return MakeError(Code::kInvalidArgument, "a delivery attempt needs a lease in the future");
  bool begun = false;
  Status st = InWriteTransaction(*db_, [&]() -> Status {
    auto existing = GetDelivery(r.key);
    if (!existing) return Fail(existing.error());
    if (*existing) {
      const DeliveryRecord& e = **existing;
      if (e.state == "sent") return Ok();
      if (e.state == "sending" && e.lease_expires_unix > now) return Ok();  // in progress
    }
    // New, failed, or abandoned by a dead attempt: this attempt takes it, with
    // the first attempt's message identity.
    auto s = db_->Cached(
        "INSERT INTO deliveries(key, owner, channel, state, attempts, last_error, detail, "
        "created_unix, updated_unix, message_id, lease_owner, lease_expires_unix) "
        "VALUES(?1,?2,?3,'sending',1,'','',?4,?4,?5,?6,?7) "
        "ON CONFLICT(key) DO UPDATE SET state = 'sending', attempts = attempts + 1, "
        "updated_unix = excluded.updated_unix, lease_owner = excluded.lease_owner, "
        "lease_expires_unix = excluded.lease_expires_unix, "
        "message_id = CASE WHEN message_id = '' THEN excluded.message_id ELSE message_id END");
    if (!s) return Fail(s.error());
    ScopedReset reset(**s);
    (*s)->BindText(1, r.key);
    (*s)->BindText(2, r.owner);
    (*s)->BindText(3, r.channel);
    (*s)->BindInt(4, now);
    (*s)->BindText(5, r.message_id);
    (*s)->BindText(6, r.lease_owner);
    (*s)->BindInt(7, r.lease_expires_unix);
    if (auto rs = (*s)->Run(); !rs) return rs;
    begun = true;
    return Ok();
  });
  if (!st) return Fail(st.error().Wrap("cannot record the delivery"));
  return begun;
}

Status SqliteStore::FinishDelivery(std::string_view key, std::string_view state,
                                   std::string_view error, std::string_view detail, int64_t now) {
  if (state != "sent" && state != "failed")
    return MakeError(Code::kInvalidArgument, "a delivery ends sent or failed");
  auto st = db_->Cached(
      "UPDATE deliveries SET state = ?, last_error = ?, detail = ?, updated_unix = ?, "
      "lease_owner = '', lease_expires_unix = 0 WHERE key = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, state);
  (*st)->BindText(2, error);
  (*st)->BindText(3, detail);
  (*st)->BindInt(4, now);
  (*st)->BindText(5, key);
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot record the delivery"));
  if (db_->Changes() == 0) return MakeError(Code::kNotFound, "no delivery " + std::string(key));
  return Ok();
}

Result<std::vector<DeliveryRecord>> SqliteStore::ListDeliveries() {
  auto st = db_->Cached(std::string("SELECT ") + kDeliveryCols + " FROM deliveries ORDER BY key");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  std::vector<DeliveryRecord> out;
  while (true) {
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(DeliveryOf(**st));
  }
  return out;
}

Status SqliteStore::ImportDelivery(const DeliveryRecord& r) {
  if (r.key.empty()) return MakeError(Code::kInvalidArgument, "a delivery record needs a key");
  if (r.state != "sending" && r.state != "sent" && r.state != "failed")
    return MakeError(Code::kInvalidArgument,
                     "delivery " + r.key + ": unknown state '" + r.state + "'");
  auto st = db_->Cached(std::string("INSERT INTO deliveries(") + kDeliveryCols +
                        ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, r.key);
  (*st)->BindText(2, r.owner);
  (*st)->BindText(3, r.channel);
  (*st)->BindText(4, r.state);
  (*st)->BindInt(5, r.attempts);
  (*st)->BindText(6, r.last_error);
  (*st)->BindText(7, r.detail);
  (*st)->BindInt(8, r.created_unix);
  (*st)->BindInt(9, r.updated_unix);
  (*st)->BindText(10, r.message_id);
  (*st)->BindText(11, r.lease_owner);
  (*st)->BindInt(12, r.lease_expires_unix);
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot import delivery " + r.key));
  if (db_->Changes() == 0)
    return MakeError(Code::kAlreadyExists, "a delivery record " + r.key + " exists already");
  return Ok();
}

}  // namespace ah::store::sqlite
