// The PostgreSQL migrations. Each is one self-contained constant; add the next
// at the end of kMigrations (never edit an applied one). Times are Unix
// seconds in bigint columns, as in the SQLite backend, so both backends' rows
// read alike.
#include "store/pg/schema.h"

#include <string>
#include <vector>

#include "core/paper_json.h"
#include "store/pg/pg_text.h"

namespace ah::store::pg {
namespace {

// The advisory lock every migrating process takes (any constant unique to us:
// "AHmg"). Session-level, so it outlives each migration's transaction.
constexpr int64_t kMigrationLock = 0x41486d67;

// Migration 1: the daemon's jobs (store/job_store.h) and the politeness turns
// shared by every worker on the database (as SQLite's migration 7).
//  jobs        one row per job, `key` unique (Enqueue is idempotent by key);
//              a pending job whose lease_expires_unix is in the future is
//              running. jobs_due (partial: pending only) serves Claim.
//  rate_turns  per politeness bucket ("arxiv"), the Unix millisecond before
//              which no worker may start a request to it; TakeTurn locks the row.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE jobs(
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  key text NOT NULL UNIQUE,
  payload text NOT NULL DEFAULT '',
  due_unix bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  lease_owner text NOT NULL DEFAULT '',
  lease_expires_unix bigint NOT NULL DEFAULT 0,
  last_error text NOT NULL DEFAULT '',
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  created_unix bigint NOT NULL,
  started_unix bigint NOT NULL DEFAULT 0,
  finished_unix bigint NOT NULL DEFAULT 0
);
CREATE INDEX jobs_due ON jobs(due_unix, id) WHERE state = 'pending';
CREATE INDEX jobs_finished ON jobs(state, finished_unix);
CREATE TABLE rate_turns(
  bucket text PRIMARY KEY,
  next_ms bigint NOT NULL
);
)sql";

// Migration 2: accounts (store/user_store.h), as SQLite's migration 4.
//  users, auth_sessions, api_tokens   tokens and sessions kept as digests.
//  settings    the instance's run-time settings (registration open...).
constexpr const char* kMigration2 = R"sql(
CREATE TABLE users(
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  password_hash text NOT NULL DEFAULT '',
  admin boolean NOT NULL DEFAULT false,
  lang text NOT NULL DEFAULT '',
  settings text NOT NULL DEFAULT '{}',
  created_unix bigint NOT NULL
);
CREATE TABLE auth_sessions(
  token_hash text PRIMARY KEY,
  user_name text NOT NULL,
  csrf text NOT NULL,
  created_unix bigint NOT NULL,
  expires_unix bigint NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions(user_name);
CREATE INDEX auth_sessions_expiry ON auth_sessions(expires_unix);
CREATE TABLE api_tokens(
  id bigserial PRIMARY KEY,
  user_name text NOT NULL,
  label text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_unix bigint NOT NULL,
  last_used_unix bigint NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_name);
CREATE TABLE settings(
  key text PRIMARY KEY,
  value text NOT NULL
);
)sql";

// Migration 3: delivery (store/delivery_store.h), as SQLite's migration 8.
//  feed_tokens  the secret token of a radar's Atom feed, one per radar.
//  deliveries   one record per delivery by key: sending (under a lease) | sent | failed.
constexpr const char* kMigration3 = R"sql(
CREATE TABLE feed_tokens(
  token text PRIMARY KEY,
  owner text NOT NULL,
  radar_id bigint NOT NULL UNIQUE,
  created_unix bigint NOT NULL
);
CREATE TABLE deliveries(
  key text PRIMARY KEY,
  owner text NOT NULL,
  channel text NOT NULL,
  state text NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
  attempts bigint NOT NULL DEFAULT 0,
  last_error text NOT NULL DEFAULT '',
  detail text NOT NULL DEFAULT '',
  created_unix bigint NOT NULL,
  updated_unix bigint NOT NULL,
  message_id text NOT NULL DEFAULT '',
  lease_owner text NOT NULL DEFAULT '',
  lease_expires_unix bigint NOT NULL DEFAULT 0
);
CREATE INDEX deliveries_owner ON deliveries(owner, updated_unix);
)sql";

// Migration 4: the library's papers (store/store.h, store/paper_backend.h), as
// SQLite's migrations 1, 4 and 5, in PostgreSQL's terms. Text that is compared
// or ordered (keys, ids, dates, sources) is COLLATE "C": byte order, as SQLite,
// whatever the database's locale.
//  papers        one row per deduplicated work, `id` in insertion order (an
//                identity: rows of a rolled-back write leave gaps, never
//                reuse). `doc` is PaperToJson as text, byte for byte what
//                SQLite stores; the other columns are derived from it
//                (store/paper_backend.h DerivedColumns). `seq`: the write
//                transaction that last changed the paper (Store::LastChange).
//                `tsv`: the weighted full-text vector (title A, author names B,
//                abstract C, categories D; the 'simple' configuration: words
//                lower-cased as written, no stems), GIN-indexed.
//  ah_tsquery    a search's words (user text, as a parameter) as a tsquery:
//                phraseto_tsquery('simple'), each lexeme restricted to
//                `weights` (e.g. 'A': the title) and, for a prefix term,
//                matching as a prefix (pg_search.cc).
//  paper_ids     every id -> paper; (scheme, value) unique.
//  listings      announcements, in arrival order (id).
//  fetch_log, cursors, http_validators   as SQLite's.
constexpr const char* kMigration4 = R"sql(
CREATE TABLE papers(
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text COLLATE "C" NOT NULL,
  doi text COLLATE "C",
  published_doi text COLLATE "C",
  categories text COLLATE "C" NOT NULL DEFAULT '',
  primary_category text COLLATE "C" NOT NULL DEFAULT '',
  first_date text COLLATE "C",
  match_hash bigint,
  match_kind integer,
  updated_unix bigint NOT NULL DEFAULT 0,
  seq bigint NOT NULL DEFAULT 0,
  doc text NOT NULL,
  tsv tsvector NOT NULL DEFAULT ''
);
CREATE INDEX papers_published_doi ON papers(published_doi) WHERE published_doi IS NOT NULL;
CREATE INDEX papers_match ON papers(match_hash) WHERE match_hash IS NOT NULL;
CREATE INDEX papers_first_date ON papers(first_date);
CREATE INDEX papers_seq ON papers(seq);
CREATE INDEX papers_tsv ON papers USING gin(tsv);
CREATE FUNCTION ah_tsquery(words text, weights text, prefix boolean) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE WHEN numnode(q) = 0 OR (weights = '' AND NOT prefix) THEN q
    ELSE regexp_replace(q::text, '(''(?:[^'']|'''')*'')',
                        '\1:' || CASE WHEN prefix THEN '*' ELSE '' END || weights, 'g')::tsquery
  END
  FROM phraseto_tsquery('simple', words) AS q
$fn$;
CREATE TABLE paper_ids(
  scheme text COLLATE "C" NOT NULL,
  value text COLLATE "C" NOT NULL,
  paper_id bigint NOT NULL REFERENCES papers(id),
  PRIMARY KEY(scheme, value)
);
CREATE TABLE listings(
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  paper_id bigint NOT NULL REFERENCES papers(id),
  source text COLLATE "C" NOT NULL,
  date text COLLATE "C" NOT NULL,
  announce_type text COLLATE "C" NOT NULL DEFAULT '',
  channel text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX listings_date ON listings(date, source);
CREATE INDEX listings_paper ON listings(paper_id);
CREATE INDEX listings_source ON listings(lower(source), paper_id);
CREATE TABLE fetch_log(
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  url text NOT NULL,
  started_unix bigint NOT NULL,
  finished_unix bigint NOT NULL,
  http_status integer NOT NULL,
  added bigint NOT NULL,
  updated bigint NOT NULL,
  unchanged bigint NOT NULL,
  rejected bigint NOT NULL,
  error text NOT NULL
);
CREATE TABLE cursors(
  source text COLLATE "C" PRIMARY KEY,
  cursor text NOT NULL,
  updated_unix bigint NOT NULL
);
CREATE TABLE http_validators(
  url text COLLATE "C" PRIMARY KEY,
  etag text NOT NULL,
  last_modified text NOT NULL
);
)sql";

// Migration 6: search with SQLite's analysis (pg_text.h, pg_search.cc):
// papers.tsv recomputed from each paper's doc by PaperSearchColumns (the
// tokens of SQLite's full-text index: folded words, marked stems, CJK
// bigrams), as every write makes it from now on; ah_tsquery (PostgreSQL's
// 'simple' parsing of queries) goes. The vocabulary for "did you mean":
//  search_terms    every token of papers.tsv with the number of papers holding
//                  it (docs; 0 once the last is gone), as SQLite's
//                  papers_fts_vocab; filled from ts_stat once the vectors are
//                  recomputed, then kept by each paper write transaction
//                  (PgStore::CommitPapers adds up the tokens its writes gained
//                  and lost).
constexpr const char* kMigration6Terms = R"sql(
DROP FUNCTION IF EXISTS ah_tsquery(text, text, boolean);
CREATE TABLE search_terms(
  term text COLLATE "C" PRIMARY KEY,
  docs bigint NOT NULL
);
)sql";
constexpr const char* kMigration6Vocabulary = R"sql(
INSERT INTO search_terms(term, docs) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM papers');
)sql";

Status Migration6(Conn& conn) {
  if (auto st = conn.ExecScript(kMigration6Terms); !st) return st;
  auto analyzer = sqlite::TextAnalyzer::Create();
  if (!analyzer) return Fail(analyzer.error());
  constexpr int64_t kBatch = 500;
  for (int64_t after = 0;;) {
    auto r = conn.Query("SELECT id, doc FROM papers WHERE id > $1::bigint ORDER BY id LIMIT $2",
                        {after, kBatch});
    if (!r) return Fail(r.error());
    if (r->empty()) break;
    std::vector<std::string> ids, vectors;
    for (int i = 0; i < r->size(); ++i) {
      after = r->Int(i, 0);
      auto paper = PaperFromJsonString(r->Text(i, 1));
      if (!paper) {
        return Fail(paper.error().Wrap("stored paper " + std::to_string(after) +
                                       " has an unreadable document"));
      }
      auto columns = PaperSearchColumns(*paper, **analyzer);
      if (!columns) return Fail(columns.error());
      ids.push_back(std::to_string(after));
      vectors.push_back(std::move(columns->tsv));
    }
    auto up = conn.Exec(
        "UPDATE papers p SET tsv = v.tsv::tsvector FROM unnest($1::bigint[], $2::text[]) "
        "AS v(id, tsv) WHERE p.id = v.id",
        {TextArray(ids), TextArray(vectors)});
    if (!up) return Fail(up.error());
  }
  return conn.ExecScript(kMigration6Vocabulary);
}

// Migration 5: radars (store/radar_store.h), as SQLite's migrations 2, 3 and 6.
//  radars          one per (owner, name); `doc` the definition's JSON, byte for
//                  byte what SQLite stores; ids in creation order.
//  radar_feedback  in the order given (`id`); deleted with the radar.
//  radar_shown     one row per (radar, paper): the first showing is kept.
//  briefings       a radar's briefings; `doc` the whole briefing's JSON.
//  llm_cache       the shared answer cache; `value` bytes: UTF-8 text for
//                  answers, little-endian float32 for vectors (core/floats.h,
//                  `vector` true).
//  feed_tokens     (migration 3) now refer to their radar and go with it; none
//                  could be set before radars were stored here.
// Names and keys compare as bytes (COLLATE "C"), as SQLite's.
constexpr const char* kMigration5 = R"sql(
CREATE TABLE radars(
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  doc text NOT NULL,
  created_unix bigint NOT NULL,
  updated_unix bigint NOT NULL,
  public boolean NOT NULL DEFAULT false,
  UNIQUE(owner, name)
);
CREATE INDEX radars_public ON radars(owner, name) WHERE public;
CREATE TABLE radar_feedback(
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  radar_id bigint NOT NULL REFERENCES radars(id) ON DELETE CASCADE,
  paper text NOT NULL,
  action text NOT NULL CHECK (action IN ('like', 'dislike', 'save', 'hide')),
  at_unix bigint NOT NULL
);
CREATE INDEX radar_feedback_radar ON radar_feedback(radar_id, id);
CREATE TABLE radar_shown(
  radar_id bigint NOT NULL REFERENCES radars(id) ON DELETE CASCADE,
  paper text COLLATE "C" NOT NULL,
  date text NOT NULL,
  at_unix bigint NOT NULL,
  PRIMARY KEY(radar_id, paper)
);
CREATE TABLE briefings(
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  radar_id bigint NOT NULL REFERENCES radars(id) ON DELETE CASCADE,
  date_from text COLLATE "C" NOT NULL,
  date_to text COLLATE "C" NOT NULL,
  lang text COLLATE "C" NOT NULL,
  mode text NOT NULL,
  model text NOT NULL,
  prompt_version text NOT NULL,
  prompt_tokens bigint NOT NULL,
  completion_tokens bigint NOT NULL,
  cost_usd double precision NOT NULL,
  doc text NOT NULL,
  created_unix bigint NOT NULL
);
CREATE INDEX briefings_radar ON briefings(radar_id, date_from, date_to, lang, id);
CREATE TABLE llm_cache(
  key text COLLATE "C" PRIMARY KEY,
  value bytea NOT NULL,
  created_unix bigint NOT NULL,
  vector boolean NOT NULL DEFAULT false
);
DELETE FROM feed_tokens;
ALTER TABLE feed_tokens ADD FOREIGN KEY (radar_id) REFERENCES radars(id) ON DELETE CASCADE;
)sql";

// A migration is SQL, or (`run`) a function of SQL and C++ steps.
struct Migration {
  int version;
  const char* what;  // for messages
  const char* sql;
  Status (*run)(Conn&) = nullptr;
};

constexpr Migration kMigrations[] = {
    {1, "jobs and politeness turns", kMigration1},
    {2, "accounts", kMigration2},
    {3, "deliveries", kMigration3},
    {4, "papers", kMigration4},
    {5, "radars", kMigration5},
    {6, "search with SQLite's analysis", nullptr, Migration6},
};

// Releases the advisory lock on every path out of Migrate.
class AdvisoryLock {
 public:
  explicit AdvisoryLock(Conn& c) : conn_(c) {}
  ~AdvisoryLock() {
    if (held_) (void)conn_.Query("SELECT pg_advisory_unlock($1::bigint)", {kMigrationLock});
  }
  [[nodiscard]] Status Take() {
    auto r = conn_.Query("SELECT pg_advisory_lock($1::bigint)", {kMigrationLock});
    if (!r) return Fail(r.error());
    held_ = true;
    return Ok();
  }

 private:
  Conn& conn_;
  bool held_ = false;
};

}  // namespace

int LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

Result<int> SchemaVersion(Conn& conn) {
  auto exists = conn.Query("SELECT to_regclass('schema_version') IS NOT NULL");
  if (!exists) return Fail(exists.error());
  if (!exists->Bool(0, 0)) return 0;
  auto v = conn.Query("SELECT coalesce(max(version), 0) FROM schema_version");
  if (!v) return Fail(v.error());
  return static_cast<int>(v->Int(0, 0));
}

Status Migrate(Conn& conn) {
  const std::string fail = "cannot prepare the library at PostgreSQL " + conn.name();
  AdvisoryLock lock(conn);
  if (auto st = lock.Take(); !st) return Fail(st.error().Wrap(fail));
  if (auto st = conn.ExecScript("CREATE TABLE IF NOT EXISTS schema_version("
                                "version integer PRIMARY KEY, applied_unix bigint NOT NULL)");
      !st)
    return Fail(st.error().Wrap(fail));
  auto current = SchemaVersion(conn);
  if (!current) return Fail(current.error().Wrap(fail));
  if (*current > LatestSchemaVersion()) {
    return MakeError(Code::kCorrupt,
                     "the library at PostgreSQL " + conn.name() + " is at schema version " +
                         std::to_string(*current) + ", newer than this AcademicHub knows (" +
                         std::to_string(LatestSchemaVersion()) + "): upgrade AcademicHub");
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= *current) continue;
    auto st = conn.InTransaction("", [&]() -> Status {
      if (auto s = m.run != nullptr ? m.run(conn) : conn.ExecScript(m.sql); !s) return s;
      auto r = conn.Exec(
          "INSERT INTO schema_version(version, applied_unix) "
          "VALUES($1::integer, extract(epoch from now())::bigint)",
          {m.version});
      if (!r) return Fail(r.error());
      return Ok();
    });
    if (!st) {
      return Fail(Error(st.error().code, fail + ": migration " + std::to_string(m.version) + " (" +
                                             m.what + ") failed: " + st.error().message));
    }
  }
  return Ok();
}

}  // namespace ah::store::pg
