#include "store/sqlite/schema.h"

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "core/merge.h"
#include "core/paper_json.h"
#include "store/paper_backend.h"
#include "store/sqlite/fts_tokenizer.h"

namespace ah::store::sqlite {
namespace {

// Migration 1: the initial schema.
//  papers        one row per deduplicated work. `doc` is PaperToJson (the
//                whole card); the other columns are derived from it for
//                filtering: categories '|'-joined, first_date (earliest known
//                date, for date-range search), match_hash/match_kind (title +
//                first-author key hash of preprints awaiting their journal
//                version (1) and of journal records with a DOI (2)).
//  paper_ids     every id -> paper; a paper's doc lists exactly its registered ids.
//  listings      announcements, in arrival order (rowid).
//  papers_fts    contentless FTS5 index over title, abstract, author names and
//                categories; rows are removed with the 'delete' command and
//                the values derived from the stored doc. automerge=16 (default
//                4): fewer segment merges while ingesting, ~30% less CPU on a
//                100k-paper bulk load, at the cost of a few more segments to probe.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE papers(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  doi TEXT,
  published_doi TEXT,
  categories TEXT NOT NULL DEFAULT '',
  primary_category TEXT NOT NULL DEFAULT '',
  first_date TEXT,
  match_hash INTEGER,
  match_kind INTEGER,
  updated_unix INTEGER NOT NULL DEFAULT 0,
  doc TEXT NOT NULL
);
CREATE INDEX papers_published_doi ON papers(published_doi) WHERE published_doi IS NOT NULL;
CREATE INDEX papers_match ON papers(match_hash) WHERE match_hash IS NOT NULL;
CREATE INDEX papers_first_date ON papers(first_date);

CREATE TABLE paper_ids(
  scheme TEXT NOT NULL,
  value TEXT NOT NULL,
  paper_id INTEGER NOT NULL REFERENCES papers(id),
  PRIMARY KEY(scheme, value)
) WITHOUT ROWID;

CREATE TABLE listings(
  id INTEGER PRIMARY KEY,
  paper_id INTEGER NOT NULL REFERENCES papers(id),
  source TEXT NOT NULL,
  date TEXT NOT NULL,
  announce_type TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT ''
);
CREATE INDEX listings_date ON listings(date, source);

CREATE VIRTUAL TABLE papers_fts USING fts5(
  title, abstract, authors, categories,
  content='', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO papers_fts(papers_fts, rank) VALUES('automerge', 16);

CREATE TABLE fetch_log(
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  url TEXT NOT NULL,
  started_unix INTEGER NOT NULL,
  finished_unix INTEGER NOT NULL,
  http_status INTEGER NOT NULL,
  added INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  error TEXT NOT NULL
);

CREATE TABLE cursors(
  source TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  updated_unix INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE http_validators(
  url TEXT PRIMARY KEY,
  etag TEXT NOT NULL,
  last_modified TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Migration 2: what users keep (store/radar_store.h).
//  radars           one row per radar; `doc` is the definition as JSON (lists
//                   of categories, sources, authors, seeds) so that an edit is
//                   one row write.
//  radar_feedback   like / dislike / save / hide with its time, in order.
//  radar_shown      papers a radar has shown (first showing kept).
//  briefings        finished briefings (JSON) with model, prompt version, cost.
//  llm_cache        answers of the language model and TL;DRs, by digest key.
constexpr const char* kMigration2 = R"sql(
CREATE TABLE radars(
  id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL,
  name TEXT NOT NULL,
  doc TEXT NOT NULL,
  created_unix INTEGER NOT NULL,
  updated_unix INTEGER NOT NULL,
  UNIQUE(owner, name)
);
CREATE TABLE radar_feedback(
  id INTEGER PRIMARY KEY,
  radar_id INTEGER NOT NULL REFERENCES radars(id) ON DELETE CASCADE,
  paper TEXT NOT NULL,
  action TEXT NOT NULL,
  at_unix INTEGER NOT NULL
);
CREATE INDEX radar_feedback_radar ON radar_feedback(radar_id);
CREATE TABLE radar_shown(
  radar_id INTEGER NOT NULL REFERENCES radars(id) ON DELETE CASCADE,
  paper TEXT NOT NULL,
  date TEXT NOT NULL,
  at_unix INTEGER NOT NULL,
  PRIMARY KEY(radar_id, paper)
) WITHOUT ROWID;
CREATE TABLE briefings(
  id INTEGER PRIMARY KEY,
  radar_id INTEGER NOT NULL REFERENCES radars(id) ON DELETE CASCADE,
  date_from TEXT NOT NULL,
  date_to TEXT NOT NULL,
  lang TEXT NOT NULL,
  mode TEXT NOT NULL,
  model TEXT NOT NULL,
  prompt_version TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  doc TEXT NOT NULL,
  created_unix INTEGER NOT NULL
);
CREATE INDEX briefings_radar ON briefings(radar_id, date_from, date_to, lang);
CREATE TABLE llm_cache(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_unix INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Migration 3: the full-text index keeps up to 16 MiB of pending terms in memory
// (FTS5 `hashsize`, default 1 MiB) before writing a segment. With ingest
// committing several pages per transaction (SqliteStore::UpsertPages), a
// 100k-record bulk load writes ~4x fewer, larger segments and merges less:
// ~20% fewer instructions for the whole insert + index build (callgrind).
constexpr const char* kMigration3 = R"sql(
INSERT INTO papers_fts(papers_fts, rank) VALUES('hashsize', 16777216);
)sql";

// Migration 4: what a long-lived server needs.
//  papers.seq      the write that last changed the paper: every write
//                  transaction numbers its papers max(seq) + 1, so that a
//                  server's in-memory radar index reads only the papers
//                  changed since its snapshot (Store::ForEachPaperSince).
//                  Papers stored before this migration have 0.
//  radars.public   the radar defines a topic of the instance's public daily page.
//  users, auth_sessions, api_tokens   accounts (store/user_store.h); tokens
//                  are kept as digests.
//  settings        the instance's run-time settings (registration open...).
constexpr const char* kMigration4 = R"sql(
ALTER TABLE papers ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX papers_seq ON papers(seq);
ALTER TABLE radars ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL DEFAULT '',
  admin INTEGER NOT NULL DEFAULT 0,
  lang TEXT NOT NULL DEFAULT '',
  settings TEXT NOT NULL DEFAULT '{}',
  created_unix INTEGER NOT NULL
);
CREATE TABLE auth_sessions(
  token_hash TEXT PRIMARY KEY,
  user TEXT NOT NULL,
  csrf TEXT NOT NULL,
  created_unix INTEGER NOT NULL,
  expires_unix INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX auth_sessions_user ON auth_sessions(user);
CREATE TABLE api_tokens(
  id INTEGER PRIMARY KEY,
  user TEXT NOT NULL,
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_unix INTEGER NOT NULL,
  last_used_unix INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user);
CREATE TABLE settings(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Migration 5: listings by paper, for the sources facet of a search
// (Store::SearchFacets: the sources of the best matches, one index probe each
// instead of a scan of every listing), and by source (case-insensitive, as the
// query language's src: compares), so that src: reads that source's papers
// instead of every listing.
constexpr const char* kMigration5 = R"sql(
CREATE INDEX IF NOT EXISTS listings_paper ON listings(paper_id);
CREATE INDEX IF NOT EXISTS listings_source ON listings(source COLLATE NOCASE, paper_id);
)sql";

// Migration 6: search by word stems and in Chinese / Japanese text. The
// full-text index is rebuilt with the `ah_text` tokenizer (fts_tokenizer.h:
// unicode61 plus colocated Snowball stems, CJK bigrams), from each paper's
// stored doc exactly as SqliteStore::FtsWrite derives its values (title,
// abstract, author names joined by "; ", categories by ' '), so that later
// 'delete's match. papers_fts_vocab lists the index's words (fts5vocab) for
// "did you mean" suggestions. The 2016 harvest (102,538 papers): 10 s of CPU
// (28-78 s wall on the loaded 2-core test machine; docs/benchmarks.md).
constexpr const char* kMigration6 = R"sql(
DROP TABLE papers_fts;
CREATE VIRTUAL TABLE papers_fts USING fts5(
  title, abstract, authors, categories,
  content='', tokenize='ah_text remove_diacritics 2'
);
INSERT INTO papers_fts(papers_fts, rank) VALUES('automerge', 16);
INSERT INTO papers_fts(papers_fts, rank) VALUES('hashsize', 16777216);
INSERT INTO papers_fts(rowid, title, abstract, authors, categories)
  SELECT id,
         coalesce(json_extract(doc, '$.title'), ''),
         coalesce(json_extract(doc, '$.abs'), ''),
         coalesce((SELECT group_concat(coalesce(json_extract(a.value, '$.name'), ''), '; ')
                   FROM json_each(doc, '$.authors') AS a), ''),
         coalesce((SELECT group_concat(c.value, ' ') FROM json_each(doc, '$.cats') AS c), '')
  FROM papers;
INSERT INTO papers_fts(papers_fts) VALUES('optimize');
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts_vocab USING fts5vocab(papers_fts, row);
)sql";


// Migration 7: the daemon's jobs (store/job_store.h) and the politeness turns
// every process on the library shares.
//  jobs        one row per job, `key` unique (Enqueue is idempotent by key);
//              state 'pending' | 'done' | 'failed'; a pending job whose
//              lease_expires_unix is in the future is running (leased by
//              lease_owner). jobs_due serves Claim (earliest due first).
//  rate_turns  per politeness bucket ("arxiv"), the Unix millisecond before
//              which no process on the library may start a request to it.
constexpr const char* kMigration7 = R"sql(
CREATE TABLE IF NOT EXISTS jobs(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL DEFAULT '',
  due_unix INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_expires_unix INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'pending',
  created_unix INTEGER NOT NULL,
  started_unix INTEGER NOT NULL DEFAULT 0,
  finished_unix INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs(state, due_unix);
CREATE TABLE IF NOT EXISTS rate_turns(
  bucket TEXT PRIMARY KEY,
  next_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql";


// Migration 8: delivery (store/delivery_store.h).
//  feed_tokens  the secret token of a radar's Atom feed (its URL's credential),
//               one per radar; deleted with the radar.
//  deliveries   one record per delivery (an email digest, a webhook post) by
//               key, so that none is sent twice: state sending | sent | failed.
constexpr const char* kMigration8 = R"sql(
CREATE TABLE IF NOT EXISTS feed_tokens(
  token TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  radar_id INTEGER NOT NULL UNIQUE,
  created_unix INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deliveries(
  key TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  created_unix INTEGER NOT NULL,
  updated_unix INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS deliveries_owner ON deliveries(owner, updated_unix);
)sql";

// Migration 9: deliveries exactly once across crashes (store/delivery_store.h).
//  deliveries   + message_id: the identity every attempt of a delivery sends
//               (an email's Message-ID); + lease_owner / lease_expires_unix:
//               the attempt in progress. A record migration 8 left "sending"
//               has no lease (0): it is attempted again. The table is rebuilt
//               (not ALTERed) so that the migration can run again harmlessly,
//               as the ones before it.
//  jobs_finished  serves the pruning of finished jobs (JobStore::PruneJobs).
constexpr const char* kMigration9 = R"sql(
DROP TABLE IF EXISTS deliveries_v9;
CREATE TABLE deliveries_v9(
  key TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  created_unix INTEGER NOT NULL,
  updated_unix INTEGER NOT NULL,
  message_id TEXT NOT NULL DEFAULT '',
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_expires_unix INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO deliveries_v9(key, owner, channel, state, attempts, last_error, detail, created_unix,
                          updated_unix)
  SELECT key, owner, channel, state, attempts, last_error, detail, created_unix, updated_unix
  FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_v9 RENAME TO deliveries;
CREATE INDEX IF NOT EXISTS deliveries_owner ON deliveries(owner, updated_unix);
CREATE INDEX IF NOT EXISTS jobs_finished ON jobs(state, finished_unix);
)sql";

// Migration 10 (a C++ step): the preprint <-> journal matching keys recomputed
// with the Unicode folding of issue 13 (core/text.h FoldForSearch on utf8proc:
// case folding, NFKC, accents), so that a record ingested after the upgrade
// still finds the stored papers whose title or first author differ from it by
// case, diacritics or width. Each paper's doc is read and its match_hash /
// match_kind derived by store::DeriveColumns, as every write derives them
// (FNV-1a 64 of LinkKey; kind 1 preprint, 2 journal; NULL when the paper takes
// no part in linking); only changed rows are written. The 2016 harvest (102,538 papers): see docs/benchmarks.md.
Status RecomputeMatchKeys(Db& db) {
  struct Change {
    int64_t id = 0, hash = 0;
    int kind = 0;  // 0: NULL
  };
  std::vector<Change> changes;
  {
    auto read = db.Prepare("SELECT id, doc, match_hash, match_kind FROM papers");
    if (!read) return Fail(read.error());
    for (;;) {
      auto row = read->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      const int64_t id = read->ColumnInt(0);
      auto paper = PaperFromJsonString(read->ColumnText(1));
      if (!paper) {
        return Fail(paper.error().Wrap("stored paper " + std::to_string(id) +
                                       " cannot be read to recompute its matching key"));
      }
      // The rules layer's derivation (store/paper_backend.h), as every write stores it.
      const DerivedColumns d = DeriveColumns(*paper);
      Change c{id, d.match_kind == MatchKind::kNone ? 0 : d.match_hash,
               static_cast<int>(d.match_kind)};
      const bool had = !read->ColumnIsNull(2);
      const int64_t old_hash = had ? read->ColumnInt(2) : 0;
      const int old_kind = had && !read->ColumnIsNull(3) ? static_cast<int>(read->ColumnInt(3)) : 0;
      if (std::tie(old_hash, old_kind) != std::tie(c.hash, c.kind) || had != (c.kind != 0))
        changes.push_back(c);
    }
  }
  auto write = db.Prepare("UPDATE papers SET match_hash = ?, match_kind = ? WHERE id = ?");
  if (!write) return Fail(write.error());
  for (const Change& c : changes) {
    if (c.kind == 0) {
      write->BindNull(1);
      write->BindNull(2);
    } else {
      write->BindInt(1, c.hash);
      write->BindInt(2, c.kind);
    }
    write->BindInt(3, c.id);
    if (auto st = write->Run(); !st) return Fail(st.error());
    write->Reset();
  }
  return Ok();
}

// Migration 11: cached embeddings (llm_cache rows "emb:<provider>:<paper>") are
// bytes, little-endian float32 (core/floats.h), stored as BLOBs; they were
// written as TEXT holding the same bytes (host order: little-endian on every
// platform the project builds for), which a text column of another database
// (PostgreSQL) refuses and text functions misread. CAST keeps the bytes.
constexpr const char* kMigration11 = R"sql(
UPDATE llm_cache SET value = CAST(value AS BLOB)
  WHERE key GLOB 'emb:*' AND typeof(value) = 'text';
)sql";

// A migration is SQL or a C++ step; each runs in the transaction Migrate opens.
struct Migration {
  const char* sql = nullptr;
  Status (*run)(Db&) = nullptr;
};

constexpr Migration kMigrations[] = {
    {kMigration1}, {kMigration2}, {kMigration3}, {kMigration4},
    {kMigration5}, {kMigration6}, {kMigration7}, {kMigration8},
    {kMigration9}, {nullptr, &RecomputeMatchKeys}, {kMigration11}};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

Error NotADatabase(const Db& db, const Error& e) {
  if (e.code == Code::kCorrupt) {
    return Error(Code::kCorrupt, db.path() +
                                     " is not an AcademicHub library (not an SQLite "
                                     "database, or damaged): " +
                                     e.message);
  }
  return e.Wrap("cannot read library " + db.path());
}

}  // namespace

Status Migrate(Db& db, bool read_only) {
  // Every connection to a library may read or rebuild the full-text index
  // (migration 6 does), whatever store opened it: the tokenizer comes first.
  if (auto st = RegisterTextTokenizer(db.raw()); !st)
    return Fail(st.error().Wrap("cannot open library " + db.path()));
  auto version = db.QueryInt("PRAGMA user_version");
  if (!version) return Fail(NotADatabase(db, version.error()));
  if (*version > kSchemaVersion) {
    return MakeError(Code::kCorrupt, db.path() + " has schema version " + std::to_string(*version) +
                                         ", newer than this build supports (" +
                                         std::to_string(kSchemaVersion) +
                                         "); upgrade AcademicHub to open it");
  }
  if (*version == kSchemaVersion) return Ok();
  if (read_only) {
    return MakeError(Code::kInvalidArgument,
                     db.path() + " needs a schema migration (version " + std::to_string(*version) +
                         " -> " + std::to_string(kSchemaVersion) + "); open it read-write once");
  }
  for (int v = static_cast<int>(*version); v < kSchemaVersion; ++v) {
    if (auto st = db.Exec("BEGIN IMMEDIATE"); !st) return Fail(NotADatabase(db, st.error()));
    // Re-check under the write lock: another process may have migrated meanwhile.
    auto now = db.QueryInt("PRAGMA user_version");
    if (!now) {
      (void)db.Exec("ROLLBACK");
      return Fail(NotADatabase(db, now.error()));
    }
    if (*now > v) {
      (void)db.Exec("ROLLBACK");
      v = static_cast<int>(*now) - 1;
      continue;
    }
    const Migration& m = kMigrations[v];
    Status st = m.sql != nullptr ? db.Exec(m.sql) : m.run(db);
    if (st) st = db.Exec("PRAGMA user_version = " + std::to_string(v + 1));
    if (st) st = db.Exec("COMMIT");
    if (!st) {
      (void)db.Exec("ROLLBACK");
      return Fail(st.error().Wrap(db.path() + ": schema migration to version " +
                                  std::to_string(v + 1) + " failed"));
    }
  }
  return Ok();
}

}  // namespace ah::store::sqlite
