#include "store/pg/conn.h"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <thread>
#include <vector>

#include "store/job_store.h"

namespace ah::store::pg {
namespace {

// libpq's messages end with a newline and may span lines (a "DETAIL:" or
// "HINT:" part, which may quote values): the first line only.
std::string FirstLine(const char* msg) {
  std::string s = msg != nullptr ? msg : "";
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s.empty() ? std::string("no reason given") : s;
}

}  // namespace

bool IsPostgresUrl(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string DisplayName(std::string_view url) {
  std::string_view rest =
      url.substr(url.find("://") == std::string_view::npos ? 0 : url.find("://") + 3);
  if (auto q = rest.find('?'); q != std::string_view::npos) rest = rest.substr(0, q);
  // user[:password]@ goes: the password is a secret, the user name is not needed.
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  std::string out(rest);
  if (out.empty() || out[0] == '/') out = "localhost" + out;
  return out;
}

std::string TextArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

void Rows::Clear::operator()(pg_result* r) const { PQclear(r); }

Rows::Rows(pg_result* r) : result_(r, Clear()) {
  rows_ = PQntuples(r);
  const char* n = PQcmdTuples(r);
  affected_ = (n != nullptr && *n != '\0') ? std::strtoll(n, nullptr, 10) : 0;
}

std::string Rows::Text(int row, int col) const {
  return std::string(PQgetvalue(result_.get(), row, col),
                     static_cast<size_t>(PQgetlength(result_.get(), row, col)));
}

int64_t Rows::Int(int row, int col) const {
  if (PQgetisnull(result_.get(), row, col)) return 0;
  return std::strtoll(PQgetvalue(result_.get(), row, col), nullptr, 10);
}

bool Rows::Bool(int row, int col) const {
  const char* v = PQgetvalue(result_.get(), row, col);
  return v != nullptr && (v[0] == 't' || v[0] == '1');
}

bool Rows::IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }

Result<std::unique_ptr<Conn>> Conn::Open(const std::string& url) {
  const std::string name = DisplayName(url);
  // A URL libpq cannot read is rejected by PQconnectdb with a message that may
  // quote the URL (and so a password): say what is wrong in our own words.
  char* parse_error = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &parse_error);
  if (opts == nullptr) {
    if (parse_error != nullptr) PQfreemem(parse_error);
    return MakeError(Code::kInvalidArgument, "cannot read the PostgreSQL address " + name +
                                                 ": expected postgresql://user@host:port/database");
  }
  PQconninfoFree(opts);
  pg_conn* c = PQconnectdb(url.c_str());
  if (c == nullptr) return MakeError(Code::kUnreachable, "cannot connect to PostgreSQL at " + name);
  if (PQstatus(c) != CONNECTION_OK) {
    std::string why = FirstLine(PQerrorMessage(c));
    PQfinish(c);
    return MakeError(Code::kUnreachable, "cannot connect to PostgreSQL at " + name + ": " + why);
  }
  // Our messages are English, and the server's notices are not ours to print.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Conn>(new Conn(c, name));
}

Conn::~Conn() {
  if (conn_ != nullptr) PQfinish(conn_);
}

Error Conn::ConnectionError() const {
  return Error(Code::kUnreachable, "lost the connection to PostgreSQL at " + name_ + ": " +
                                       FirstLine(PQerrorMessage(conn_)));
}

Error Conn::ServerError(pg_result* r) const {
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  const std::string sqlstate = state != nullptr ? state : "";
  // The primary message names the object and the rule (never the statement);
  // DETAIL may quote the row's values and is left out.
  const std::string primary = FirstLine(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
  const std::string where = "PostgreSQL at " + name_;
  if (sqlstate == "40001" || sqlstate == "40P01")
    return Error(Code::kUnavailable, where + ": a concurrent change conflicted; try again");
  if (sqlstate == "23505") return Error(Code::kAlreadyExists, where + ": " + primary);
  if (sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0 ||
      PQstatus(conn_) == CONNECTION_BAD)
    return Error(Code::kUnreachable, "lost the connection to " + where + ": " + primary);
  if (sqlstate == "53300" || sqlstate == "55P03")  // too many connections; lock not available
    return Error(Code::kUnavailable, where + ": " + primary);
  return Error(Code::kInternal, where + ": " + primary);
}

Result<Rows> Conn::Query(std::string_view sql, std::initializer_list<Value> params) {
  return QueryList(sql, std::vector<Value>(params));
}

Result<Rows> Conn::QueryList(std::string_view sql, const std::vector<Value>& params) {
  if (PQstatus(conn_) == CONNECTION_BAD) {
    if (in_txn_) return Fail(ConnectionError());
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) return Fail(ConnectionError());
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Value& v : params) values.push_back(v.text() ? v.text()->c_str() : nullptr);
  const std::string text(sql);
  pg_result* r = PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0);
  if (r == nullptr) return Fail(ConnectionError());
  const ExecStatusType status = PQresultStatus(r);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Rows(r);
  Error e = status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR
                ? ServerError(r)
                : Error(Code::kInternal, "PostgreSQL at " + name_ + ": unexpected answer");
  PQclear(r);
  return Fail(std::move(e));
}

Result<int64_t> Conn::Exec(std::string_view sql, std::initializer_list<Value> params) {
  auto rows = Query(sql, params);
  if (!rows) return Fail(rows.error());
  return rows->affected();
}

void CopyRows::Add(const Value& v) {
  if (!at_row_start_) data_ += '\t';
  at_row_start_ = false;
  if (!v.text()) {
    data_ += "\\N";
    return;
  }
  for (char c : *v.text()) {
    switch (c) {
      case '\\':
        data_ += "\\\\";
        break;
      case '\t':
        data_ += "\\t";
        break;
      case '\n':
        data_ += "\\n";
        break;
      case '\r':
        data_ += "\\r";
        break;
      default:
        data_ += c;
    }
  }
}

void CopyRows::EndRow() {
  data_ += '\n';
  at_row_start_ = true;
}

Status Conn::CopyIn(std::string_view copy_sql, std::string_view data) {
  if (PQstatus(conn_) == CONNECTION_BAD) return Fail(ConnectionError());
  const std::string text(copy_sql);
  pg_result* r = PQexec(conn_, text.c_str());
  if (r == nullptr) return Fail(ConnectionError());
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    Error e = PQresultStatus(r) == PGRES_FATAL_ERROR
                  ? ServerError(r)
                  : Error(Code::kInternal, "PostgreSQL at " + name_ + ": unexpected answer");
    PQclear(r);
    return Fail(std::move(e));
  }
  PQclear(r);
  // In pieces: libpq buffers what it is given whole.
  constexpr size_t kPiece = 1 << 20;
  bool sent = true;
  for (size_t at = 0; at < data.size() && sent; at += kPiece) {
    const size_t n = std::min(kPiece, data.size() - at);
    sent = PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) == 1;
  }
  if (PQputCopyEnd(conn_, sent ? nullptr : "the rows could not be sent") != 1) sent = false;
  std::optional<Error> e;
  while ((r = PQgetResult(conn_)) != nullptr) {
    if (!e && PQresultStatus(r) != PGRES_COMMAND_OK) e = ServerError(r);
    PQclear(r);
  }
  if (e) return Fail(std::move(*e));
  if (!sent) return Fail(ConnectionError());
  return Ok();
}

Status Conn::ExecScript(std::string_view constant_sql) {
  const std::string text(constant_sql);
  pg_result* r = PQexec(conn_, text.c_str());
  if (r == nullptr) return Fail(ConnectionError());
  const ExecStatusType status = PQresultStatus(r);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    PQclear(r);
    return Ok();
  }
  Error e = ServerError(r);
  PQclear(r);
  return Fail(std::move(e));
}

Status Conn::Begin() {
  auto r = Exec("BEGIN");
  if (!r) return Fail(r.error());
  in_txn_ = true;
  return Ok();
}

Status Conn::Commit() {
  auto r = Exec("COMMIT");
  in_txn_ = false;
  if (!r) {
    Rollback();
    return Fail(r.error());
  }
  return Ok();
}

void Conn::Rollback() {
  in_txn_ = false;
  if (PQstatus(conn_) == CONNECTION_OK) (void)Exec("ROLLBACK");
}

void Conn::BackOff(int attempt) {
  jitter_ ^= jitter_ << 13;
  jitter_ ^= jitter_ >> 7;
  jitter_ ^= jitter_ << 17;
  const int64_t ms = RetryDelaySeconds(attempt - 1, jitter_, /*base=*/5, /*cap=*/500);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace ah::store::pg
