// `eval radar`: the radar evaluation on the user's own library.
#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "ingest/file_reader.h"
#include "radar/corpus.h"
#include "radar/eval.h"

namespace ah::cli {

int RunEvalRadar(App& app, const EvalRadarArgs& args) {
  if (!std::ifstream(args.tasks_path, std::ios::binary))
    return ReportError(Error(Code::kNotFound, args.tasks_path + ": cannot open the tasks file"));
  auto text = ingest::ReadInputFile(args.tasks_path);  // plain or .gz
  if (!text) return ReportError(text.error());
  auto tasks = radar::ParseTasks(*text, args.tasks_path);
  if (!tasks) return ReportError(tasks.error());

  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  std::vector<radar::Document> docs;
  auto st = (*lib)->ForEachPaper([&](const Paper& p) {
    radar::Document d = radar::DocumentFromPaper(p);
    // The papers' classes are the answer key of category tasks: no ranker sees them.
    d.categories.clear();
    docs.push_back(std::move(d));
    return Ok();
  });
  if (!st) return ReportError(st.error());
  if (docs.empty())
    return ReportError(Error(Code::kNotFound, "the library is empty: ingest the tasks' corpus first"));
  radar::Corpus corpus(std::move(docs));

  radar::EvalOptions opts;
  if (!app.options().quiet && StderrIsTty())
    opts.progress = [](const std::string& line) { std::fprintf(stderr, "\r%s\x1b[K", line.c_str()); };
  auto report = radar::EvaluateRadarTasks(corpus, *tasks, opts);
  if (opts.progress) std::fputs("\r\x1b[K", stderr);
  if (!report) return ReportError(report.error());
  for (const auto& w : report->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (args.json) {
    std::puts(radar::EvalReportJson(*report).c_str());
  } else {
    std::fputs(radar::EvalReportText(*report).c_str(), stdout);
  }
  return kExitOk;
}

}  // namespace ah::cli
