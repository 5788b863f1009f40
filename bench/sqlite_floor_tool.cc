// The engine's floor for `academichub ingest`: how long SQLite alone takes to
// insert the rows the store writes for an OAI harvest and build the same FTS5
// index, from text that is already parsed and serialised. Parsing and row
// preparation happen before the clock starts; the timed part uses the store's
// own schema (sqlite::Migrate), the same PRAGMAs, one transaction per page and
// prepared statements — everything the store does minus lookups, merging and
// serialisation. Prints one JSON line.
//   sqlite_floor_tool [--bulk] DB PAGE.xml.gz...   (--bulk: the PRAGMAs of a first import)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "core/paper_json.h"
#include "ingest/file_reader.h"
#include "sources/arxiv/arxiv.h"
#include "store/sqlite/db.h"
#include "store/sqlite/fts_tokenizer.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"

namespace {

struct Row {
  std::string doi, published_doi, categories, primary, first_date, doc;
  std::string title, abstract, authors, fts_categories;
  std::vector<std::pair<std::string, std::string>> ids;
  std::vector<ah::Listing> listings;
};

int Die(const std::string& msg) {
  std::fprintf(stderr, "sqlite_floor_tool: %s\n", msg.c_str());
  return 2;
}

void Bind(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
}

}  // namespace

int main(int argc, char** argv) {
  bool bulk = argc > 1 && std::string(argv[1]) == "--bulk";
  if (bulk) {
    --argc;
    ++argv;
  }
  if (argc < 3) return Die("usage: sqlite_floor_tool [--bulk] DB PAGE...");
  std::string db_path = argv[1];
  std::vector<std::vector<Row>> pages;
  size_t records = 0;
  for (int i = 2; i < argc; ++i) {
    auto data = ah::ingest::ReadInputFile(argv[i]);
    if (!data) return Die(data.error().message);
    ah::sources::ParseContext ctx;
    ctx.origin = argv[i];
    auto page = ah::sources::arxiv::ParseArxivOai(*data, ctx);
    if (!page) return Die(page.error().message);
    std::vector<Row> rows;
    for (const auto& p : page->papers) {
      Row r;
      r.doi = p.ids.doi;
      r.published_doi = p.published_doi;
      for (const auto& c : p.categories) r.categories += (r.categories.empty() ? "" : "|") + c;
      r.primary = p.primary_category;
      r.first_date = p.submitted;
      r.doc = ah::PaperToJsonString(p);
      r.title = p.title;
      r.abstract = p.abstract;
      for (const auto& a : p.authors) r.authors += (r.authors.empty() ? "" : ", ") + a.name;
      for (const auto& c : p.categories) r.fts_categories += (r.fts_categories.empty() ? "" : " ") + c;
      if (!p.ids.arxiv.empty()) r.ids.emplace_back("arxiv", p.ids.arxiv);
      if (!p.ids.doi.empty()) r.ids.emplace_back("doi", p.ids.doi);
      r.listings = p.listings;
      rows.push_back(std::move(r));
    }
    records += rows.size();
    pages.push_back(std::move(rows));
  }

  std::filesystem::remove(db_path);
  std::filesystem::remove(db_path + "-wal");
  std::filesystem::remove(db_path + "-shm");
  auto t0 = std::chrono::steady_clock::now();
  auto db = ah::store::sqlite::Db::Open(db_path, false, true);
  if (!db) return Die(db.error().message);
  ah::store::sqlite::OpenOptions open_options;
  open_options.bulk = bulk;
  if (auto s = (*db)->Exec(ah::store::sqlite::ConnectionPragmas(open_options) +
                           " PRAGMA journal_mode = " +
                           std::string(ah::store::sqlite::JournalMode(open_options)) + ";");
      !s)
    return Die(s.error().message);
  if (auto s = ah::store::sqlite::RegisterTextTokenizer((*db)->raw()); !s)
    return Die(s.error().message);
  if (auto s = ah::store::sqlite::Migrate(**db, false); !s) return Die(s.error().message);
  sqlite3* raw = (*db)->raw();
  sqlite3_stmt *ins_paper, *ins_id, *ins_listing, *ins_fts;
  sqlite3_prepare_v2(raw,
                     "INSERT INTO papers(key, doi, published_doi, categories, primary_category, first_date, "
                     "updated_unix, doc) VALUES(?, ?, ?, ?, ?, ?, 0, ?)",
                     -1, &ins_paper, nullptr);
  sqlite3_prepare_v2(raw, "INSERT INTO paper_ids(scheme, value, paper_id) VALUES(?, ?, ?)", -1, &ins_id, nullptr);
  sqlite3_prepare_v2(raw,
                     "INSERT INTO listings(paper_id, source, date, announce_type, channel) VALUES(?, ?, ?, ?, ?)",
                     -1, &ins_listing, nullptr);
  sqlite3_prepare_v2(raw, "INSERT INTO papers_fts(rowid, title, abstract, authors, categories) VALUES(?, ?, ?, ?, ?)",
                     -1, &ins_fts, nullptr);
  for (const auto& rows : pages) {
    sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (const auto& r : rows) {
      Bind(ins_paper, 1, r.ids.empty() ? r.doi : r.ids[0].second);
      Bind(ins_paper, 2, r.doi);
      Bind(ins_paper, 3, r.published_doi);
      Bind(ins_paper, 4, r.categories);
      Bind(ins_paper, 5, r.primary);
      Bind(ins_paper, 6, r.first_date);
      Bind(ins_paper, 7, r.doc);
      if (sqlite3_step(ins_paper) != SQLITE_DONE) return Die(sqlite3_errmsg(raw));
      sqlite3_reset(ins_paper);
      sqlite3_int64 id = sqlite3_last_insert_rowid(raw);
      for (const auto& [scheme, value] : r.ids) {
        Bind(ins_id, 1, scheme);
        Bind(ins_id, 2, value);
        sqlite3_bind_int64(ins_id, 3, id);
        if (sqlite3_step(ins_id) != SQLITE_DONE) return Die(sqlite3_errmsg(raw));
        sqlite3_reset(ins_id);
      }
      for (const auto& l : r.listings) {
        sqlite3_bind_int64(ins_listing, 1, id);
        Bind(ins_listing, 2, l.source);
        Bind(ins_listing, 3, l.date);
        Bind(ins_listing, 4, l.announce_type);
        Bind(ins_listing, 5, l.channel);
        if (sqlite3_step(ins_listing) != SQLITE_DONE) return Die(sqlite3_errmsg(raw));
        sqlite3_reset(ins_listing);
      }
      sqlite3_bind_int64(ins_fts, 1, id);
      Bind(ins_fts, 2, r.title);
      Bind(ins_fts, 3, r.abstract);
      Bind(ins_fts, 4, r.authors);
      Bind(ins_fts, 5, r.fts_categories);
      if (sqlite3_step(ins_fts) != SQLITE_DONE) return Die(sqlite3_errmsg(raw));
      sqlite3_reset(ins_fts);
    }
    if (sqlite3_exec(raw, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return Die(sqlite3_errmsg(raw));
  }
  for (auto* st : {ins_paper, ins_id, ins_listing, ins_fts}) sqlite3_finalize(st);
  db->reset();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"records\": %zu, \"seconds\": %.3f, \"records_per_s\": %.1f}\n", records, secs, records / secs);
  return 0;
}
