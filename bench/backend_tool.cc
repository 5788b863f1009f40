// Measured programs for bench/pg_vs_sqlite.sh: the same work on a SQLite file
// or a postgresql:// library, so that the two backends are compared in one run.
//
//   backend_tool search LOCATION QUERIES ROUNDS
//       Runs each query of QUERIES (bench/web/search_queries.txt: "kind<TAB>query"
//       a line, '#' comments) ROUNDS times through Store::Search (first page of
//       20, as the web app asks) and prints one JSON line: p50/p90/p99/max in
//       milliseconds over every run, and the first round's (cold) p50/p99.
//   backend_tool jobs LOCATION JOBS WORKERS
//       Enqueues JOBS trivial jobs, then forks WORKERS processes, each on its
//       own JobStore connection, that Claim and Complete until none is due.
//       Prints one JSON line: seconds, jobs/s (claims+completions, i.e. jobs
//       done), and whether every job was done exactly once.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "search/query.h"
#include "store/open.h"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

int Search(const std::string& location, const std::string& file, int rounds) {
  ah::store::StoreOptions opt;
  opt.create_if_missing = false;
  auto store = ah::store::OpenStore(location, opt);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  std::vector<std::string> queries;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    queries.push_back(tab == std::string::npos ? line : line.substr(tab + 1));
  }
  std::vector<double> all, cold;
  int64_t hits = 0;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& q : queries) {
      auto parsed = ah::search::ParseQuery(q);
      if (!parsed) continue;
      auto t0 = Clock::now();
      auto res = (*store)->Search(*parsed, 20, 0);
      double ms = Ms(Clock::now() - t0);
      if (!res) {
        std::fprintf(stderr, "query %s: %s\n", q.c_str(), res.error().message.c_str());
        return 1;
      }
      if (r == 0) hits += static_cast<int64_t>(res->size());
      all.push_back(ms);
      if (r == 0) cold.push_back(ms);
    }
  }
  std::printf(
      "{\"queries\": %zu, \"rounds\": %d, \"hits_first_round\": %lld, \"p50_ms\": %.3f, "
      "\"p90_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"cold_p50_ms\": %.3f, "
      "\"cold_p99_ms\": %.3f}\n",
      queries.size(), rounds, static_cast<long long>(hits), Pct(all, 0.5), Pct(all, 0.9),
      Pct(all, 0.99), Pct(all, 1.0), Pct(cold, 0.5), Pct(cold, 0.99));
  return 0;
}

// One worker process: claims and completes until nothing is due; returns jobs done.
int Worker(const std::string& location, int id) {
  auto jobs = ah::store::OpenJobStore(location, false);
  if (!jobs) {
    std::fprintf(stderr, "%s\n", jobs.error().message.c_str());
    return -1;
  }
  const std::string owner = "bench-" + std::to_string(id);
  int done = 0;
  for (;;) {
    auto j = (*jobs)->Claim(owner, {"bench"}, 1'000'000, 600);
    if (!j) {
      std::fprintf(stderr, "claim: %s\n", j.error().message.c_str());
      return -1;
    }
    if (!j->has_value()) return done;
    if (auto st = (*jobs)->Complete((*j)->id, owner, 1'000'000); !st) {
      std::fprintf(stderr, "complete: %s\n", st.error().message.c_str());
      return -1;
    }
    ++done;
  }
}

int Jobs(const std::string& location, int n, int workers) {
  auto jobs = ah::store::OpenJobStore(location, true);
  if (!jobs) {
    std::fprintf(stderr, "%s\n", jobs.error().message.c_str());
    return 1;
  }
  // Keys unique per run, so several runs can share one library.
  const std::string run = std::to_string(Clock::now().time_since_epoch().count());
  for (int i = 0; i < n; ++i) {
    ah::store::Job j;
    j.kind = "bench";
    j.key = "bench:" + run + ":" + std::to_string(i);
    j.due_unix = 1000 + i;
    if (auto r = (*jobs)->Enqueue(j, 1000); !r) {
      std::fprintf(stderr, "enqueue: %s\n", r.error().message.c_str());
      return 1;
    }
  }
  int pipes[64][2];
  std::vector<pid_t> pids;
  auto t0 = Clock::now();
  for (int w = 0; w < workers && w < 64; ++w) {
    if (pipe(pipes[w]) != 0) return 1;
    pid_t pid = fork();
    if (pid == 0) {
      int done = Worker(location, w);
      if (write(pipes[w][1], &done, sizeof done) != sizeof done) _exit(2);
      _exit(done < 0 ? 1 : 0);
    }
    pids.push_back(pid);
  }
  int total = 0;
  bool ok = true;
  for (size_t w = 0; w < pids.size(); ++w) {
    int done = -1;
    if (read(pipes[w][0], &done, sizeof done) != sizeof done || done < 0) ok = false;
    total += std::max(done, 0);
    int status = 0;
    waitpid(pids[w], &status, 0);
  }
  double secs = Ms(Clock::now() - t0) / 1000;
  auto stats = (*jobs)->JobQueueStats(1'000'000);
  bool exact = ok && total == n && stats && stats->pending == 0;
  std::printf(
      "{\"jobs\": %d, \"workers\": %d, \"seconds\": %.3f, \"jobs_per_s\": %.1f, "
      "\"exactly_once\": %s}\n",
      n, workers, secs, total / secs, exact ? "true" : "false");
  return exact ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 4 && a[0] == "search") return Search(a[1], a[2], std::stoi(a[3]));
  if (a.size() == 4 && a[0] == "jobs") return Jobs(a[1], std::stoi(a[2]), std::stoi(a[3]));
  std::fprintf(stderr,
               "usage: backend_tool search LOCATION QUERIES ROUNDS\n"
               "       backend_tool jobs LOCATION JOBS WORKERS\n");
  return 2;
}
