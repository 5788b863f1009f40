// `brief RADAR` and `tldr PAPER...`.
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "brief/render.h"
#include "cli/commands.h"
#include "cli/output_file.h"
#include "core/date.h"
#include "service/brief_service.h"

namespace ah::cli {
namespace {

std::string Extension(const std::string& path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return "";
  std::string ext = path.substr(dot + 1);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

const char* Getenv(const char* name) { return std::getenv(name); }

}  // namespace

Result<std::unique_ptr<service::LlmRuntime>> Provider(App& app, bool extractive) {
  if (extractive) return std::unique_ptr<service::LlmRuntime>();
  auto cfg = app.config();
  if (!cfg) return Fail(cfg.error());
  auto rs = Radars(app);
  if (!rs) return Fail(rs.error());
  llm::LlmConfig lc = service::LlmConfigFrom((*cfg)->llm, Getenv);
  return service::MakeLlmRuntime(lc, (*cfg)->contact, *rs);
}

Result<std::unique_ptr<service::LibraryIndex>> LoadIndex(App& app, service::LlmRuntime* llm) {
  auto lib = app.library();
  if (!lib) return Fail(lib.error());
  return service::LoadLibraryIndex(**lib, (*lib)->radar_store(), llm);
}

int RunBrief(App& app, const BriefArgs& args) {
  auto cfg = app.config();
  if (!cfg) return ReportError(cfg.error());
  service::BriefOptions opts;
  opts.lang = args.lang.empty() ? (*cfg)->brief_lang : args.lang;
  if (opts.lang != "en" && opts.lang != "zh")
    return ReportError(
        Error(Code::kInvalidArgument, "--lang must be en or zh, not '" + opts.lang + "'"));
  std::string ext;
  if (!args.out.empty()) {
    ext = Extension(args.out);
    if (ext != "md" && ext != "markdown" && ext != "html" && ext != "htm" && ext != "json")
      return ReportError(
          Error(Code::kInvalidArgument, "--out " + args.out + ": want a .md, .html or .json file"));
  }
  if (!args.date.empty()) {
    opts.run.date = date::Normalize(args.date);
    if (opts.run.date.empty())
      return ReportError(Error(Code::kInvalidArgument, "--date '" + args.date + "' is not a date"));
  }
  opts.run.days = args.days;
  opts.run.limit = static_cast<size_t>(args.papers > 0 ? args.papers : (*cfg)->brief_papers);
  opts.extractive = args.extractive;
  opts.no_fallback = args.no_fallback;
  if (!app.options().quiet && StderrIsTty())
    opts.progress = [](std::string_view line) {
      std::fprintf(stderr, "\r%.*s\x1b[K", static_cast<int>(line.size()), line.data());
    };

  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto rs = Radars(app);
  if (!rs) return ReportError(rs.error());
  auto r = LoadRadar(app, args.name);
  if (!r) return ReportError(r.error());
  auto provider = Provider(app, args.extractive);
  if (!provider) return ReportError(provider.error());
  llm::LlmClient* client = *provider ? (*provider)->client.get() : nullptr;
  auto index = LoadIndex(app, provider->get());
  if (!index) return ReportError(index.error());
  // [llm] deadline_seconds for the briefing's LLM work, TL;DRs included.
  std::unique_ptr<Deadline> deadline = *provider ? (*provider)->StartDeadline() : nullptr;
  opts.deadline = deadline.get();
  auto outcome = service::WriteBriefing(**lib, **rs, **index, *r, client, opts);
  if (opts.progress) std::fputs("\r\x1b[K", stderr);
  if (!outcome) return ReportError(outcome.error());
  const brief::Briefing& b = outcome->briefing;
  for (const auto& n : b.notes) std::fprintf(stderr, "note: %s\n", n.c_str());

  // The file's format is its extension's; --json alone is about stdout.
  std::string text;
  if (args.out.empty() ? args.json : ext == "json") {
    text = brief::BriefingToJson(b).dump() + "\n";
  } else if (ext == "html" || ext == "htm") {
    text = brief::RenderHtml(b);
  } else {
    text = brief::RenderMarkdown(b);
  }
  if (!args.out.empty()) {
    if (auto st = WriteFileAtomically(args.out, text); !st) return ReportError(st.error());
    if (args.json)
      std::fputs(brief::BriefingToJson(b).dump().c_str(), stdout), std::fputs("\n", stdout);
  } else {
    std::fputs(text.c_str(), stdout);
  }
  if (!app.options().quiet) {
    std::fprintf(stderr, "%s briefing of %zu paper(s) by %s",
                 b.mode == brief::BriefMode::kLlm ? "LLM" : "Extractive", b.papers.size(),
                 b.model.c_str());
    if (b.mode == brief::BriefMode::kLlm)
      std::fprintf(stderr, " · %lld+%lld tokens · $%.4f", static_cast<long long>(b.prompt_tokens),
                   static_cast<long long>(b.completion_tokens), b.cost_usd);
    std::fprintf(stderr, "%s%s\n", args.out.empty() ? "" : " · written to ", args.out.c_str());
  }
  return kExitOk;
}

int RunTldr(App& app, const TldrArgs& args) {
  auto cfg = app.config();
  if (!cfg) return ReportError(cfg.error());
  const std::string lang = args.lang.empty() ? (*cfg)->brief_lang : args.lang;
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());
  auto rs = Radars(app);
  if (!rs) return ReportError(rs.error());
  auto provider = Provider(app, args.extractive);
  if (!provider) return ReportError(provider.error());
  llm::LlmClient* client = *provider ? (*provider)->client.get() : nullptr;
  std::unique_ptr<Deadline> deadline = *provider ? (*provider)->StartDeadline() : nullptr;
  auto out = service::WriteTldrs(**lib, **rs, args.ids, lang, client, deadline.get());
  if (!out) return ReportError(out.error());
  if (!out->provider_error.empty())
    std::fprintf(stderr, "note: %s — extractive TL;DRs instead\n", out->provider_error.c_str());
  if (args.json) {
    std::puts(service::TldrsToJson(*out, lang).dump().c_str());
    return kExitOk;
  }
  for (size_t i = 0; i < out->ids.size(); ++i)
    std::printf("%s%s  %s\n", out->ids[i].c_str(), out->from_llm[i] ? "" : " (extractive)",
                out->texts[i].c_str());
  return kExitOk;
}

}  // namespace ah::cli
