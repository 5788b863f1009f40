// `academichub export radar|briefing|saved|paper ...`: citation files of a
// radar's day, a briefing's papers, the saved papers or papers by id.
#include <cstdio>

#include "cli/commands.h"
#include "cli/output_file.h"
#include "core/date.h"
#include "service/exports.h"
#include "service/radar_service.h"

namespace ah::cli {
namespace {

// The format: --format when given, else the --out file's extension, else BibTeX.
Result<imports::ExportFormat> FormatOf(const ExportArgs& args) {
  std::string name = args.format;
  if (name.empty() && !args.out.empty()) {
    const size_t dot = args.out.rfind('.');
    if (dot != std::string::npos) name = args.out.substr(dot + 1);
    if (!imports::ParseExportFormat(name)) name.clear();
  }
  if (name.empty()) return imports::ExportFormat::kBibtex;
  auto f = imports::ParseExportFormat(name);
  if (!f)
    return MakeError(Code::kInvalidArgument,
                     "--format '" + name + "' is not an export format: use bib, ris or json");
  return *f;
}

int Write(const ExportArgs& args, imports::ExportFormat format, const service::ExportSet& set) {
  const std::string text = imports::Export(set.papers, format);
  if (args.out.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
  }
  if (auto st = WriteFileAtomically(args.out, text); !st) return ReportError(st.error());
  if (!args.quiet)
    std::fprintf(stderr, "%zu paper(s) written to %s\n", set.papers.size(), args.out.c_str());
  return kExitOk;
}

}  // namespace

int RunExport(App& app, const ExportArgs& args) {
  auto format = FormatOf(args);
  if (!format) return ReportError(format.error());
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto rs = Radars(app);
  if (!rs) return ReportError(rs.error());
  Result<service::ExportSet> set = MakeError(Code::kInternal, "nothing to export");
  if (args.what == "radar") {
    auto r = LoadRadar(app, args.target);
    if (!r) return ReportError(r.error());
    std::string date;
    if (!args.date.empty()) {
      date = date::Normalize(args.date);
      if (date.empty())
        return ReportError(
            Error(Code::kInvalidArgument, "--date '" + args.date + "' is not a date"));
    }
    auto index = LoadIndex(app, nullptr);
    if (!index) return ReportError(index.error());
    set = service::ExportRadarDay(**lib, **rs, **index, kLocalUser, r->id, date,
                                  static_cast<size_t>(args.limit));
  } else if (args.what == "briefing") {
    int64_t id = 0;
    try {
      size_t used = 0;
      id = std::stoll(args.target, &used);
      if (used != args.target.size() || id <= 0) id = 0;
    } catch (...) {
      id = 0;
    }
    if (id == 0)
      return ReportError(
          Error(Code::kInvalidArgument, "briefing id '" + args.target + "' is not a number"));
    set = service::ExportBriefing(**lib, **rs, kLocalUser, id);
  } else if (args.what == "saved") {
    int64_t radar_id = 0;
    if (!args.radar.empty()) {
      auto r = LoadRadar(app, args.radar);
      if (!r) return ReportError(r.error());
      radar_id = r->id;
    }
    set = service::ExportSaved(**lib, **rs, kLocalUser, radar_id);
  } else {  // paper
    service::ExportSet papers;
    papers.name = "papers";
    for (const auto& ref : args.ids) {
      auto key = service::ResolvePaper(**lib, ref);
      if (!key) return ReportError(key.error());
      auto v = (*lib)->Get(*key);
      if (!v) return ReportError(v.error());
      if (*v) papers.papers.push_back(std::move((*v)->paper));
    }
    set = std::move(papers);
  }
  if (!set) return ReportError(set.error());
  return Write(args, *format, *set);
}

}  // namespace ah::cli
