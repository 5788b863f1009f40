#include "ingest/ingest_files.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/paper_limits.h"
#include "ingest/file_reader.h"
#include "sources/parse.h"

namespace ah::ingest {
namespace {

sources::ParseContext MakeContext(const std::string& origin, const IngestOptions& o) {
  sources::ParseContext ctx;
  ctx.source = o.source;
  ctx.origin = origin;
  ctx.default_date = o.default_date;
  return ctx;
}

// One file's parse result travelling from the producer to the committer.
struct Parsed {
  std::string path;
  sources::Format format = sources::Format::kUnknown;
  int64_t bytes = 0;
  Result<sources::ParsedPage> page = MakeError(Code::kInternal, "unset");
  std::vector<Error> capped;  // records cut to the limits (core/paper_limits.h)
};

Parsed ReadAndParse(const std::string& path, const IngestOptions& o) {
  Parsed p;
  p.path = path;
  auto data = ReadInputFile(path, o.max_file_bytes);
  if (!data) {
    p.page = Fail(data.error());
    return p;
  }
  p.bytes = static_cast<int64_t>(data->size());
  p.format = o.format == sources::Format::kUnknown ? sources::DetectFormat(*data) : o.format;
  p.page = sources::ParseAs(p.format, *data, MakeContext(path, o));
  // Here rather than only in the store, so that an oversized field is freed
  // before this page waits in the queue (the store then finds nothing to cut).
  if (p.page) p.capped = ApplyPageLimits(p.page->papers, /*caps_only=*/true);
  return p;
}

// At most this many files share a transaction, however small they are.
constexpr size_t kMaxGroupFiles = 16;

// A bounded single-producer single-consumer queue.
class ParsedQueue {
 public:
  explicit ParsedQueue(size_t depth) : depth_(depth ? depth : 1) {}
  // False once the consumer cancelled: stop producing.
  bool Push(Parsed p) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return q_.size() < depth_ || cancelled_; });
    if (cancelled_) return false;
    q_.push_back(std::move(p));
    not_empty_.notify_one();
    return true;
  }
  std::optional<Parsed> Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !q_.empty() || done_; });
    if (q_.empty()) return std::nullopt;
    Parsed p = std::move(q_.front());
    q_.pop_front();
    not_full_.notify_one();
    return p;
  }
  void Close() {
    std::lock_guard lock(mu_);
    done_ = true;
    not_empty_.notify_all();
  }
  void Cancel() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    not_full_.notify_all();
  }

 private:
  size_t depth_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Parsed> q_;
  bool done_ = false, cancelled_ = false;
};

void Record(IngestReport& report, FileOutcome outcome) {
  report.totals += outcome.stats;
  if (!outcome.error.empty()) {
    ++report.files_rejected;
    report.totals.errors.push_back(Error(Code::kParse, outcome.error));
  }
  report.per_file.push_back(std::move(outcome));
}

}  // namespace

Result<store::UpsertStats> IngestBuffer(std::string_view body, const std::string& origin, store::Store& store,
                                        const IngestOptions& options, sources::Format* detected) {
  sources::Format f = options.format == sources::Format::kUnknown ? sources::DetectFormat(body) : options.format;
  if (detected) *detected = f;
  auto page = sources::ParseAs(f, body, MakeContext(origin, options));
  if (!page) return Fail(page.error());
  auto stats = store.UpsertPage(page->papers, std::nullopt);
  if (!stats) return Fail(stats.error());
  for (auto& e : stats->errors) e = e.Wrap(origin);
  for (auto& e : stats->warnings) e = e.Wrap(origin);
  stats->rejected += static_cast<int64_t>(page->rejected.size());
  for (auto& e : page->rejected) stats->errors.push_back(e);
  return stats;
}

Result<IngestReport> IngestPaths(const std::vector<std::string>& paths, store::Store& store,
                                 const IngestOptions& options) {
  ExpandedPaths expanded = ExpandPaths(paths);
  const std::vector<std::string>* files = &expanded.files;
  IngestReport report;
  report.warnings = std::move(expanded.warnings);
  report.files = static_cast<int64_t>(files->size() + expanded.failed.size());
  for (FailedPath& f : expanded.failed) {
    FileOutcome outcome;
    outcome.path = std::move(f.path);
    outcome.error = std::move(f.error.message);
    Record(report, std::move(outcome));
  }

  ParsedQueue queue(options.queue_depth);
  std::thread producer([&] {
    for (const auto& path : *files) {
      if (!queue.Push(ReadAndParse(path, options))) break;
    }
    queue.Close();
  });

  // Files are committed in groups of about `group_papers` records (whole files):
  // one transaction per group (Store::UpsertPages), each file still all-or-nothing.
  size_t done = 0;
  bool more = true;
  std::vector<Parsed> group;
  while (more && !report.stopped) {
    group.clear();
    size_t papers = 0;
    while (group.empty() || (options.group_papers > 1 && papers < options.group_papers &&
                             group.size() < kMaxGroupFiles)) {
      auto parsed = queue.Pop();
      if (!parsed) {
        more = false;
        break;
      }
      if (parsed->page) papers += parsed->page->papers.size();
      group.push_back(std::move(*parsed));
    }
    std::vector<const std::vector<Paper>*> pages;
    for (const auto& g : group) {
      if (g.page) pages.push_back(&g.page->papers);
    }
    auto results = store.UpsertPages(pages);
    size_t next = 0;
    for (auto& parsed : group) {
      FileOutcome outcome;
      outcome.path = parsed.path;
      outcome.format = parsed.format;
      report.bytes += parsed.bytes;
      if (!parsed.page) {
        outcome.error = parsed.page.error().message;
      } else if (auto& stats = results[next++]; !stats) {
        outcome.error = parsed.path + ": not stored: " + stats.error().message;
        // Busy past the store's wait: the next files would wait and fail alike.
        if (stats.error().code == Code::kUnavailable && !report.stopped)
          report.stopped = stats.error();
      } else {
        outcome.stats = std::move(*stats);
        // The store does not know where a paper came from: name the file.
        for (auto& e : outcome.stats.errors) e = e.Wrap(parsed.path);
        for (auto& e : parsed.capped) outcome.stats.warnings.push_back(std::move(e));
        for (auto& e : outcome.stats.warnings) e = e.Wrap(parsed.path);
        outcome.stats.rejected += static_cast<int64_t>(parsed.page->rejected.size());
        for (auto& e : parsed.page->rejected) outcome.stats.errors.push_back(std::move(e));
      }
      Record(report, std::move(outcome));
      ++done;
      if (options.on_progress) options.on_progress(done, files->size(), report.bytes);
    }
  }
  queue.Cancel();
  producer.join();
  if (report.stopped) report.files_not_attempted = static_cast<int64_t>(files->size() - done);
  return report;
}

}  // namespace ah::ingest
