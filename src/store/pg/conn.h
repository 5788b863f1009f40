// A small libpq wrapper for the PostgreSQL backend: one connection opened from
// a postgresql:// URL, parameterised statements only, errors as values, and
// transactions that are retried on serialization failures and deadlocks.
//
// Statements go through PQexecParams (one statement per call; parameters are
// sent apart from the text, never spliced into it). The one exception is
// ExecScript, for the constant text of schema migrations.
//
// Error messages are user-facing: they name the server (host:port/database,
// never the password or the URL's other parameters) and what failed, never the
// SQL. Codes: kUnreachable (cannot connect, or the connection broke),
// kAlreadyExists (a unique constraint), kUnavailable (serialization failure or
// deadlock: retry; the server is shutting down), kInternal (anything else).
// Thread-safety: one thread at a time per Conn.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct pg_conn;
struct pg_result;

namespace ah::store::pg {

// True for "postgresql://..." and "postgres://..." locations.
bool IsPostgresUrl(std::string_view location);

// "host:port/database" of a URL, for messages (no user, password or options).
std::string DisplayName(std::string_view url);

// One statement parameter, sent as text (or SQL NULL). Cast in the SQL where
// the type is not clear from the context ($1::bigint).
class Value {
 public:
  Value(std::nullptr_t) {}                        // NOLINT: SQL NULL
  Value(std::string_view s) : text_(s) {}         // NOLINT
  Value(const std::string& s) : text_(s) {}       // NOLINT
  Value(const char* s) : text_(s) {}              // NOLINT
  Value(int64_t v) : text_(std::to_string(v)) {}  // NOLINT
  Value(int v) : text_(std::to_string(v)) {}      // NOLINT
  Value(bool b) : text_(b ? "true" : "false") {}  // NOLINT
  const std::optional<std::string>& text() const { return text_; }

 private:
  std::optional<std::string> text_;
};

// A text[] parameter: {"a","b"} with the array syntax's quoting.
std::string TextArray(const std::vector<std::string>& items);

// Rows for Conn::CopyIn in COPY's text format: fields separated by tabs, rows
// ended by a newline, backslash, tab, newline and carriage return escaped, \N
// for SQL NULL.
class CopyRows {
 public:
  void Add(const Value& v);  // the next field of the current row
  void EndRow();
  bool empty() const { return data_.empty(); }
  const std::string& data() const { return data_; }
  void Clear() {
    data_.clear();
    at_row_start_ = true;
  }

 private:
  std::string data_;
  bool at_row_start_ = true;
};

// The rows of a result. Columns are read as text or int64 (NULL: "" or 0).
class Rows {
 public:
  Rows() = default;
  explicit Rows(pg_result* r);
  int size() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  std::string Text(int row, int col) const;
  int64_t Int(int row, int col) const;
  bool Bool(int row, int col) const;  // 't'
  bool IsNull(int row, int col) const;
  // Rows changed by an INSERT/UPDATE/DELETE.
  int64_t affected() const { return affected_; }

 private:
  struct Clear {
    void operator()(pg_result* r) const;
  };
  std::shared_ptr<pg_result> result_;
  int rows_ = 0;
  int64_t affected_ = 0;
};

class Conn {
 public:
  // Connects (libpq parses the URL: postgresql://user[:password]@host[:port]/db?options).
  // kUnreachable when no connection can be made, naming host:port/db and libpq's reason.
  [[nodiscard]] static Result<std::unique_ptr<Conn>> Open(const std::string& url);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs one parameterised statement. A connection that broke is re-established
  // once before the statement when no transaction is open.
  [[nodiscard]] Result<Rows> Query(std::string_view sql, std::initializer_list<Value> params = {});
  // As Query, with a parameter list built at run time (a compiled search).
  [[nodiscard]] Result<Rows> QueryList(std::string_view sql, const std::vector<Value>& params);
  // As Query, returning the number of rows changed.
  [[nodiscard]] Result<int64_t> Exec(std::string_view sql,
                                     std::initializer_list<Value> params = {});
  // Runs `copy_sql` (a constant COPY ... FROM STDIN, text format) and sends it
  // `data`, rows in COPY's text format (CopyRows builds them). One round trip
  // for any number of rows. Errors as Query.
  [[nodiscard]] Status CopyIn(std::string_view copy_sql, std::string_view data);
  // Runs constant SQL that may hold several statements (schema migrations only).
  [[nodiscard]] Status ExecScript(std::string_view constant_sql);

  // Runs `body` (returning Result<T> or Status) in BEGIN ... COMMIT; ROLLBACK
  // when it fails. A serialization failure or deadlock (kUnavailable from the
  // server) runs the whole transaction again, waiting the project's retry
  // policy (RetryDelaySeconds, in milliseconds) between tries, up to 8 tries.
  // `what` prefixes errors ("cannot claim a job").
  template <typename F>
  auto InTransaction(std::string_view what, F&& body) -> decltype(body());

  // A transaction spanning several calls (the paper store's write, which the
  // rules layer opens and commits: store/paper_backend.h); no retry. While it
  // is open a broken connection is an error, never silently re-established.
  // Commit rolls back when it fails; Rollback never fails in a way to act on.
  [[nodiscard]] Status Begin();
  [[nodiscard]] Status Commit();
  void Rollback();
  bool in_transaction() const { return in_txn_; }

  // host:port/database, for messages.
  const std::string& name() const { return name_; }

 private:
  explicit Conn(pg_conn* c, std::string name) : conn_(c), name_(std::move(name)) {}
  Error ServerError(pg_result* r) const;
  Error ConnectionError() const;
  // Waits before try `attempt` (2, 3, ...) of a transaction.
  void BackOff(int attempt);

  pg_conn* conn_ = nullptr;
  std::string name_;
  bool in_txn_ = false;
  uint64_t jitter_ = 0x9e3779b97f4a7c15ULL;
};

template <typename F>
auto Conn::InTransaction(std::string_view what, F&& body) -> decltype(body()) {
  constexpr int kTries = 8;
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) BackOff(attempt);
    if (auto st = Begin(); !st) return Fail(what.empty() ? st.error() : st.error().Wrap(what));
    auto out = body();
    if (out) {
      auto st = Commit();
      if (st) return out;
      if (st.error().code != Code::kUnavailable || attempt == kTries)
        return Fail(what.empty() ? st.error() : st.error().Wrap(what));
      continue;
    }
    Rollback();
    if (out.error().code != Code::kUnavailable || attempt == kTries) return out;
  }
}

}  // namespace ah::store::pg
