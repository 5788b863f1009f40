// Calibrates the radar's relevance floor (radar.h RadarOptions::floor_threshold)
// on real data: the 2016 arXiv cs harvest as the library, the public week of
// shared/datasets/radar-eval (cs2016-categories.jsonl with seeds,
// cs2016-describe.jsonl with a description) and held-out weeks built the same
// way (datasets README): for each of the 25 classes, 20 seed papers whose
// primary class it is, first submitted in the first half of 2015 (not the
// public seeds), or the class's name as the description; the pool is every
// paper first submitted in the week; a candidate is relevant when it is
// listed in the class. Categories are cleared in the library: no ranker reads
// the answer key.
//
// Prints one CSV row per (task, candidate): week, kind (seeds|describe),
// task, id, relevant, rank (tiers and score, as RankBatch orders), the
// calibrated relevance and its three components (robust z of learned,
// semantic, lexical against the library sample), the coverage of the radar's
// words, and whether the paper passes the floor at the defaults. docs/radar.md describes the
// analysis (scripts: bench/radar_floor_report.py).
//
//   AH_DATASETS=/path/to/datasets build/bench/radar_floor_tool [--weeks=N] > floor.csv
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench_data.h"
#include "core/date.h"
#include "ingest/file_reader.h"
#include "radar/eval.h"
#include "radar/scoring.h"
#include "sources/arxiv/arxiv.h"

namespace {

using ah::radar::Document;

struct Answer {
  std::string primary;
  std::vector<std::string> categories;
  std::string date;  // first version
};

std::vector<Document> LoadHarvest(int threads, std::map<std::string, Answer>* answers) {
  auto files = ah::bench::DatasetFiles("arxiv-cs-oai-2016");
  std::vector<std::vector<Document>> per_file(files.size());
  std::vector<std::map<std::string, Answer>> per_file_answers(files.size());
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t f = static_cast<size_t>(t); f < files.size(); f += static_cast<size_t>(threads)) {
        auto body = ah::ingest::ReadInputFile(files[f]);
        if (!body) std::exit(2);
        ah::sources::ParseContext ctx;
        ctx.origin = files[f];
        auto page = ah::sources::arxiv::ParseArxivOai(*body, ctx);
        if (!page) std::exit(2);
        for (const auto& p : page->papers) {
          Document d = ah::radar::DocumentFromPaper(p);
          per_file_answers[f][d.id] = {p.primary_category, p.categories, d.date};
          d.categories.clear();  // the answer key
          per_file[f].push_back(std::move(d));
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  std::vector<Document> docs;
  for (size_t f = 0; f < files.size(); ++f) {
    for (auto& d : per_file[f]) docs.push_back(std::move(d));
    answers->insert(per_file_answers[f].begin(), per_file_answers[f].end());
  }
  return docs;
}

std::vector<ah::radar::Task> ReadTasks(const std::string& name) {
  const std::string path = (ah::bench::DatasetsDir() / "radar-eval" / name).string();
  auto body = ah::ingest::ReadInputFile(path);
  if (!body) std::exit(2);
  auto tasks = ah::radar::ParseTasks(*body, path);
  if (!tasks) std::exit(2);
  return *tasks;
}

// Descriptions of the describe tasks by class ("describe:cs.IT" -> "Information Theory").
std::map<std::string, std::string> Descriptions() {
  const std::string path =
      (ah::bench::DatasetsDir() / "radar-eval" / "cs2016-describe.jsonl").string();
  auto body = ah::ingest::ReadInputFile(path);
  if (!body) std::exit(2);
  std::map<std::string, std::string> out;
  size_t at = 0;
  while (at < body->size()) {
    size_t end = body->find('\n', at);
    if (end == std::string::npos) end = body->size();
    std::string line = body->substr(at, end - at);
    at = end + 1;
    auto task = line.find("\"describe:");
    auto desc = line.find("\"description\": \"");
    if (task == std::string::npos || desc == std::string::npos) continue;
    std::string cls = line.substr(task + 10, line.find('"', task + 10) - task - 10);
    size_t b = desc + 16;
    out[cls] = line.substr(b, line.find('"', b) - b);
  }
  return out;
}

bool Listed(const Answer& a, const std::string& cls) {
  return std::find(a.categories.begin(), a.categories.end(), cls) != a.categories.end();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ah::radar;
  int weeks = 8;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--weeks=", 0) == 0) weeks = std::atoi(a.c_str() + 8);
  }
  std::map<std::string, Answer> answers;
  auto t0 = std::chrono::steady_clock::now();
  Corpus corpus(LoadHarvest(2, &answers));
  std::fprintf(stderr, "[floor] %zu papers\n", corpus.size());
  RadarIndexOptions io;
  auto index = RadarIndex::Build(corpus, io);
  if (!index) return 1;
  std::fprintf(stderr, "[floor] index in %.1f s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

  // The public week's tasks, then held-out weeks built the same way.
  struct Job {
    std::string week, kind, task;
    RadarSpec spec;
    std::vector<std::string> candidates;
    std::set<std::string> relevant;
  };
  std::vector<Job> jobs;
  std::set<std::string> public_seeds;
  for (const auto& t : ReadTasks("cs2016-categories.jsonl")) {
    Job j{"2015-11-02", "seeds", t.name, {}, t.candidates, {t.relevant.begin(), t.relevant.end()}};
    j.spec.seeds = t.seeds;
    public_seeds.insert(t.seeds.begin(), t.seeds.end());
    jobs.push_back(std::move(j));
  }
  const auto descriptions = Descriptions();
  for (const auto& t : ReadTasks("cs2016-describe.jsonl")) {
    Job j{"2015-11-02", "describe", t.name, {}, t.candidates, {t.relevant.begin(), t.relevant.end()}};
    j.spec.description = descriptions.at(t.name.substr(9));
    jobs.push_back(std::move(j));
  }
  // Held-out weeks: Mondays before and after the public week.
  const int offsets[] = {-28, -21, -14, -7, 7, 14, 21, 28, -35, 35};
  const auto monday = *ah::date::Parse("2015-11-02");
  for (int w = 0; w < weeks && w < 10; ++w) {
    const auto start = ah::date::AddDays(monday, offsets[w]);
    const std::string from = ah::date::Format(start), to = ah::date::Format(ah::date::AddDays(start, 6));
    std::vector<std::string> pool;
    for (size_t i = 0; i < corpus.size(); ++i) {
      const auto& a = answers[corpus[i].id];
      if (a.date >= from && a.date <= to) pool.push_back(corpus[i].id);
    }
    std::sort(pool.begin(), pool.end());
    for (const auto& [cls, description] : descriptions) {
      std::set<std::string> relevant;
      for (const auto& id : pool)
        if (Listed(answers[id], cls)) relevant.insert(id);
      if (relevant.empty()) continue;
      std::vector<std::string> eligible;
      for (size_t i = 0; i < corpus.size(); ++i) {
        const auto& a = answers[corpus[i].id];
        if (a.primary == cls && a.date >= "2015-01-01" && a.date <= "2015-06-30" &&
            !public_seeds.count(corpus[i].id))
          eligible.push_back(corpus[i].id);
      }
      std::sort(eligible.begin(), eligible.end());
      Job seeds{from, "seeds", "category:" + cls, {}, pool, relevant};
      // 20 seeds evenly spaced, a different draw each week.
      for (size_t k = 0; k < 20 && k < eligible.size(); ++k)
        seeds.spec.seeds.push_back(
            eligible[(k * eligible.size() / 20 + static_cast<size_t>(w)) % eligible.size()]);
      jobs.push_back(std::move(seeds));
      Job desc{from, "describe", "describe:" + cls, {}, pool, relevant};
      desc.spec.description = description;
      jobs.push_back(std::move(desc));
    }
    std::fprintf(stderr, "[floor] week %s: %zu papers\n", from.c_str(), pool.size());
  }

  std::printf("week,kind,task,id,relevant,rank,relevance,z_learned,z_semantic,z_lexical,coverage,strong\n");
  RadarOptions ro;
  for (size_t ji = 0; ji < jobs.size(); ++ji) {
    const Job& j = jobs[ji];
    auto model = BuildRadarModel(**index, j.spec, ro);
    auto batch = PrepareLibraryBatch(**index, j.candidates);
    if (!model || !batch) {
      std::fprintf(stderr, "[floor] %s %s failed\n", j.week.c_str(), j.task.c_str());
      continue;
    }
    auto ranked = RankBatch(**index, *model, **batch, 0, 0);
    auto scores = internal::ScoreText(**index, *model, **batch);
    const auto& f = model->floor;
    auto z = [&](const std::vector<double>& v, int c, size_t d) {
      return v.size() > d && f.scale[c] > 0 ? (v[d] - f.median[c]) / f.scale[c] : 0.0;
    };
    for (size_t r = 0; r < ranked.size(); ++r) {
      const size_t d = ranked[r].doc;
      const double coverage = internal::Coverage(**index, *model, **batch, static_cast<uint32_t>(d));
      const std::string& id = (*batch)->docs[d].id;
      std::printf("%s,%s,%s,%s,%d,%zu,%.4f,%.4f,%.4f,%.4f,%.4f,%d\n", j.week.c_str(), j.kind.c_str(),
                  j.task.c_str(), id.c_str(), j.relevant.count(id) ? 1 : 0, r + 1,
                  ranked[r].relevance, z(scores.learned, 0, d), z(scores.semantic, 1, d),
                  z(scores.lexical, 2, d), coverage, ranked[r].strong ? 1 : 0);
    }
    if (ji % 25 == 0) std::fprintf(stderr, "[floor] %zu/%zu\n", ji + 1, jobs.size());
  }
  return 0;
}
