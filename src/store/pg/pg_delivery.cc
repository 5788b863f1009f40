// PgDeliveryStore: delivery records and feed tokens on PostgreSQL.
#include "store/pg/pg_delivery.h"

#include "store/pg/schema.h"

namespace ah::store::pg {
namespace {

constexpr const char* kTokenCols = "token, owner, radar_id, created_unix";
constexpr const char* kDeliveryCols =
    "key, owner, channel, state, attempts, last_error, detail, created_unix, updated_unix, "
    "message_id, lease_owner, lease_expires_unix";

FeedToken TokenOf(const Rows& r) {
  FeedToken t;
  t.token = r.Text(0, 0);
  t.owner = r.Text(0, 1);
  t.radar_id = r.Int(0, 2);
  t.created_unix = r.Int(0, 3);
  return t;
}

DeliveryRecord DeliveryOf(const Rows& r) {
  DeliveryRecord d;
  d.key = r.Text(0, 0);
  d.owner = r.Text(0, 1);
  d.channel = r.Text(0, 2);
  d.state = r.Text(0, 3);
  d.attempts = r.Int(0, 4);
  d.last_error = r.Text(0, 5);
  d.detail = r.Text(0, 6);
  d.created_unix = r.Int(0, 7);
  d.updated_unix = r.Int(0, 8);
  d.message_id = r.Text(0, 9);
  d.lease_owner = r.Text(0, 10);
  d.lease_expires_unix = r.Int(0, 11);
  return d;
}

Error NoRadar(int64_t radar_id) {
  return Error(Code::kNotFound, "no radar with id " + std::to_string(radar_id));
}

}  // namespace

Result<std::unique_ptr<PgDeliveryStore>> PgDeliveryStore::Open(const std::string& url) {
  auto conn = Conn::Open(url);
  if (!conn) return Fail(conn.error());
  if (auto st = Migrate(**conn); !st) return Fail(st.error());
  return std::unique_ptr<PgDeliveryStore>(new PgDeliveryStore(std::move(*conn)));
}

Status PgDeliveryStore::SetFeedToken(const FeedToken& t) {
  if (t.token.empty()) return MakeError(Code::kInvalidArgument, "a feed token cannot be empty");
  return conn_->InTransaction("cannot set the feed token", [&]() -> Status {
    auto mine = conn_->Query("SELECT 1 FROM radars WHERE id = $1::bigint AND owner = $2 FOR SHARE",
                             {t.radar_id, t.owner});
    if (!mine) return Fail(mine.error());
    if (mine->empty()) return Fail(NoRadar(t.radar_id));
    auto taken = conn_->Query("SELECT radar_id FROM feed_tokens WHERE token = $1", {t.token});
    if (!taken) return Fail(taken.error());
    if (!taken->empty() && taken->Int(0, 0) != t.radar_id)
      return MakeError(Code::kAlreadyExists, "this feed token is taken");
    auto del = conn_->Exec("DELETE FROM feed_tokens WHERE radar_id = $1::bigint", {t.radar_id});
    if (!del) return Fail(del.error());
    auto ins = conn_->Exec(
        "INSERT INTO feed_tokens(token, owner, radar_id, created_unix) "
        "VALUES($1, $2, $3::bigint, $4::bigint)",
        {t.token, t.owner, t.radar_id, t.created_unix});
    if (!ins) return Fail(ins.error());
    return Ok();
  });
}

Status PgDeliveryStore::DeleteFeedToken(std::string_view owner, int64_t radar_id) {
  return conn_->InTransaction("cannot delete the feed token", [&]() -> Status {
    auto mine = conn_->Query("SELECT 1 FROM radars WHERE id = $1::bigint AND owner = $2 FOR SHARE",
                             {radar_id, owner});
    if (!mine) return Fail(mine.error());
    if (mine->empty()) return Fail(NoRadar(radar_id));
    auto del = conn_->Exec("DELETE FROM feed_tokens WHERE radar_id = $1::bigint", {radar_id});
    if (!del) return Fail(del.error());
    return Ok();
  });
}

Result<std::optional<FeedToken>> PgDeliveryStore::GetFeedToken(std::string_view owner,
                                                               int64_t radar_id) {
  auto r = conn_->Query(std::string("SELECT ") + kTokenCols +
                            " FROM feed_tokens WHERE radar_id = $1::bigint AND owner = $2",
                        {radar_id, owner});
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<FeedToken>();
  return std::optional<FeedToken>(TokenOf(*r));
}

Result<std::optional<FeedToken>> PgDeliveryStore::FindFeedToken(std::string_view token) {
  if (token.empty()) return std::optional<FeedToken>();
  auto r = conn_->Query(std::string("SELECT ") + kTokenCols + " FROM feed_tokens WHERE token = $1",
                        {token});
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<FeedToken>();
  return std::optional<FeedToken>(TokenOf(*r));
}

Result<std::optional<DeliveryRecord>> PgDeliveryStore::GetDelivery(std::string_view key) {
  auto r = conn_->Query(std::string("SELECT ") + kDeliveryCols + " FROM deliveries WHERE key = $1",
                        {key});
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<DeliveryRecord>();
  return std::optional<DeliveryRecord>(DeliveryOf(*r));
}

Result<bool> PgDeliveryStore::BeginDelivery(const DeliveryRecord& r, int64_t now) {
  if (r.key.empty()) return MakeError(Code::kInvalidArgument, "a delivery needs a key");
  if (r.lease_expires_unix <= now)
    return MakeError(Code::kInvalidArgument, "a delivery attempt needs a lease in the future");
  // One statement: a new record, a failed one, or one whose attempt died (its
  // lease expired) is taken, keeping the first attempt's message identity; a
  // record that is sent or being sent under a live lease is left alone (no row
  // changed). Of two workers at once, the second waits on the first's row lock
  // and then sees its live lease.
  auto n = conn_->Exec(
      "INSERT INTO deliveries(key, owner, channel, state, attempts, created_unix, updated_unix, "
      "message_id, lease_owner, lease_expires_unix) "
      "VALUES($1, $2, $3, 'sending', 1, $4::bigint, $4::bigint, $5, $6, $7::bigint) "
      "ON CONFLICT (key) DO UPDATE SET state = 'sending', "
      "attempts = deliveries.attempts + 1, updated_unix = excluded.updated_unix, "
      "lease_owner = excluded.lease_owner, lease_expires_unix = excluded.lease_expires_unix, "
      "message_id = CASE WHEN deliveries.message_id = '' THEN excluded.message_id "
      "ELSE deliveries.message_id END "
      "WHERE deliveries.state = 'failed' OR "
      "(deliveries.state = 'sending' AND deliveries.lease_expires_unix <= $4::bigint)",
      {r.key, r.owner, r.channel, now, r.message_id, r.lease_owner, r.lease_expires_unix});
  if (!n) return Fail(n.error().Wrap("cannot record the delivery"));
  return *n > 0;
}

Status PgDeliveryStore::FinishDelivery(std::string_view key, std::string_view state,
                                       std::string_view error, std::string_view detail,
                                       int64_t now) {
  if (state != "sent" && state != "failed")
    return MakeError(Code::kInvalidArgument, "a delivery ends sent or failed");
  auto n = conn_->Exec(
      "UPDATE deliveries SET state = $1, last_error = $2, detail = $3, updated_unix = $4::bigint, "
      "lease_owner = '', lease_expires_unix = 0 WHERE key = $5",
      {state, error, detail, now, key});
  if (!n) return Fail(n.error().Wrap("cannot record the delivery"));
  if (*n == 0) return MakeError(Code::kNotFound, "no delivery " + std::string(key));
  return Ok();
}

Result<std::vector<DeliveryRecord>> PgDeliveryStore::ListDeliveries() {
  auto r = conn_->Query(std::string("SELECT ") + kDeliveryCols +
                        " FROM deliveries ORDER BY key COLLATE \"C\"");
  if (!r) return Fail(r.error());
  std::vector<DeliveryRecord> out;
  for (int i = 0; i < r->size(); ++i) {
    DeliveryRecord d;
    d.key = r->Text(i, 0);
    d.owner = r->Text(i, 1);
    d.channel = r->Text(i, 2);
    d.state = r->Text(i, 3);
    d.attempts = r->Int(i, 4);
    d.last_error = r->Text(i, 5);
    d.detail = r->Text(i, 6);
    d.created_unix = r->Int(i, 7);
    d.updated_unix = r->Int(i, 8);
    d.message_id = r->Text(i, 9);
    d.lease_owner = r->Text(i, 10);
    d.lease_expires_unix = r->Int(i, 11);
    out.push_back(std::move(d));
  }
  return out;
}

Status PgDeliveryStore::ImportDelivery(const DeliveryRecord& d) {
  if (d.key.empty()) return MakeError(Code::kInvalidArgument, "a delivery record needs a key");
  if (d.state != "sending" && d.state != "sent" && d.state != "failed")
    return MakeError(Code::kInvalidArgument,
                     "delivery " + d.key + ": unknown state '" + d.state + "'");
  auto n = conn_->Exec(
      std::string("INSERT INTO deliveries(") + kDeliveryCols +
          ") VALUES($1, $2, $3, $4, $5::bigint, $6, $7, $8::bigint, $9::bigint, "
          "$10, $11, $12::bigint) ON CONFLICT (key) DO NOTHING",
      {d.key, d.owner, d.channel, d.state, d.attempts, d.last_error, d.detail, d.created_unix,
       d.updated_unix, d.message_id, d.lease_owner, d.lease_expires_unix});
  if (!n) return Fail(n.error().Wrap("cannot import delivery " + d.key));
  if (*n == 0)
    return MakeError(Code::kAlreadyExists, "a delivery record " + d.key + " exists already");
  return Ok();
}

}  // namespace ah::store::pg
