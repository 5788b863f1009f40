#include "web/radar_common.h"

#include <charconv>

namespace ah::web::radars {
namespace {

constexpr size_t kMaxText = 4000;      // description
constexpr size_t kMaxQuery = 2000;     // keywords, exclusions
constexpr size_t kMaxItems = 500;      // entries of a list field
constexpr size_t kMaxItemBytes = 300;  // bytes of one entry

constexpr Phrase kRadars[] = {
    {"radars_title", "Your radars", "你的雷达"},
    {"radars_intro",
     "A radar ranks every day's new papers for one research interest, learns from your likes and "
     "dislikes, and tells you why each paper is there.",
     "每个雷达对应一个研究方向：每天为你排序新论文，从你的喜欢与不感兴趣中学习，并说明推荐理由。"},
    {"no_radars", "No radars yet: create your first one below.", "还没有雷达：在下面创建第一个。"},
    {"new_radar", "New radar", "新建雷达"},
    {"name", "Name", "名称"},
    {"rename", "Name", "名称"},
    {"description_label", "What are you interested in? (a sentence or a paragraph)",
     "你关注什么方向？（一句话或一段话）"},
    {"keywords", "Keywords (query language)", "关键词（查询语法）"},
    {"keywords_help", "Phrases in quotes, AND / OR / NOT, ti: au: abs: cat: — like Search.",
     "支持引号短语、AND / OR / NOT、ti: au: abs: cat:，与搜索相同。"},
    {"exclusions", "Exclude (keywords)", "排除（关键词）"},
    {"categories", "Only these categories", "仅限这些分类"},
    {"exclude_categories", "Never these categories", "排除这些分类"},
    {"sources", "Only these sources", "仅限这些来源"},
    {"exclude_sources", "Never these sources", "排除这些来源"},
    {"list_help", "Separated by commas or spaces.", "用逗号或空格分隔。"},
    {"authors", "Followed authors (one per line)", "关注的作者（每行一位）"},
    {"seeds", "Seed papers by id (arXiv id, doi:…, pmid:…; one per line)",
     "种子论文 ID（arXiv ID、doi:…、pmid:…；每行一个）"},
    {"seeds_file", "Seed papers from a reference manager's export (BibTeX, RIS, Zotero CSL-JSON)",
     "从文献管理软件导出的文件添加种子论文（BibTeX、RIS、Zotero CSL-JSON）"},
    {"format", "Format", "格式"},
    {"format_auto", "Detect", "自动识别"},
    {"is_public", "Public: a topic of this instance's Curated Daily page (visitors see it)",
     "公开：作为本站每日精选的主题（访客可见）"},
    {"public_badge", "public", "公开"},
    {"advanced", "Filters, authors and seeds", "筛选、作者与种子论文"},
    {"create_radar", "Create radar", "创建雷达"},
    {"save_changes", "Save changes", "保存修改"},
    {"edit", "Edit", "编辑"},
    {"edit_title", "Edit radar", "编辑雷达"},
    {"briefing", "Briefing", "简报"},
    {"deliver_short", "Deliver", "推送"},
    {"atom_feed", "Atom feed", "Atom 订阅"},
    {"webhooks", "Webhooks", "Webhook"},
    {"export_day", "Export", "导出"},
    {"delivery_settings", "Delivery time & email", "推送时间与邮件"},
    {"open", "Open", "打开"},
    {"seeds_count", "seed papers", "篇种子论文"},
    {"feedback_count", "ratings", "次反馈"},
    {"keywords_short", "Keywords", "关键词"},
    {"exclude_short", "Exclude", "排除"},
    {"categories_short", "Categories", "分类"},
    {"not_categories_short", "Not categories", "排除分类"},
    {"sources_short", "Sources", "来源"},
    {"not_sources_short", "Not sources", "排除来源"},
    {"authors_short", "Authors", "作者"},
    {"seeds_short", "Seeds", "种子论文"},
    {"day", "Day", "日"},
    {"week", "Week", "周"},
    {"new_papers", "new papers", "篇新论文"},
    {"shown_before", "shown before", "篇此前已显示"},
    {"hidden_count", "hidden", "篇已隐藏"},
    {"nothing_new", "Nothing new for this radar on this day.", "这一天没有适合此雷达的新论文。"},
    {"nothing_strong", "Nothing strongly relevant today.", "今天没有高度相关的论文。"},
    {"show_weaker", "Show the weaker matches", "显示相关度较低的论文"},
    {"below_floor", "below the relevance floor", "篇低于相关度阈值"},
    {"updated_count", "updated", "篇更新"},
    {"include_updates",
     "Also updated papers (a new version) that this radar has never shown, marked \"updated\"",
     "也包括此雷达从未显示过的更新论文（新版本），标为“更新”"},
    {"show_more", "Show more", "显示更多"},
    {"cannot_rank", "This radar cannot rank papers yet", "这个雷达还无法排序论文"},
    {"feedback_history", "Your feedback", "你的反馈"},
    {"no_feedback",
     "No feedback yet. Like or dislike papers above: the ranking learns from every click.",
     "还没有反馈。在上方点击喜欢或不感兴趣：每次点击都会改进排序。"},
    {"action_like", "liked", "喜欢"},
    {"action_dislike", "not for me", "不感兴趣"},
    {"action_save", "saved", "收藏"},
    {"action_hide", "hidden", "隐藏"},
    {"upload_seeds", "Add seed papers from an export", "从导出文件添加种子论文"},
    {"upload", "Upload", "上传"},
    {"file", "File", "文件"},
    {"imported", "entries found in the library", "条记录在文献库中找到"},
    {"of_entries", "of", "/"},
    {"new_seeds", "new seed papers", "篇新种子论文"},
    {"delete_radar", "Delete this radar", "删除此雷达"},
    {"delete_help",
     "Deletes the radar with its feedback, shown papers and briefings. This cannot be undone.",
     "删除此雷达及其反馈、已显示论文与简报，无法撤销。"},
    {"delete_confirm", "Yes, delete it", "确认删除"},
    {"delete", "Delete", "删除"},
    {"back_to_radar", "Back to the radar", "返回雷达"},
    {"created_notice", "Radar created.", "雷达已创建。"},
    {"saved_notice", "Changes saved.", "修改已保存。"},
    {"warning", "Note", "提示"},
};

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

Status CheckText(const std::optional<std::string>& v, std::string_view field, size_t max) {
  if (v && Utf8Length(*v) > max)
    return MakeError(Code::kInvalidArgument,
                     std::string(field) + ": at most " + std::to_string(max) + " characters");
  return Ok();
}

}  // namespace

Status CheckList(const std::vector<std::string>& list, std::string_view field) {
  if (list.size() > kMaxItems)
    return MakeError(Code::kInvalidArgument,
                     std::string(field) + ": at most " + std::to_string(kMaxItems) + " entries");
  for (const auto& item : list) {
    if (item.empty())
      return MakeError(Code::kInvalidArgument, std::string(field) + ": an entry is empty");
    if (item.size() > kMaxItemBytes)
      return MakeError(Code::kInvalidArgument, std::string(field) + ": an entry is longer than " +
                                                   std::to_string(kMaxItemBytes) + " bytes");
  }
  return Ok();
}

int64_t RadarIdOf(const Request& req) {
  const std::string s = req.Param("id");
  int64_t id = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || end != s.data() + s.size() || id <= 0) return 0;
  return id;
}

Result<store::RadarDefinition> RadarOfRequest(Context& ctx) {
  const int64_t id = RadarIdOf(ctx.req());
  if (id == 0) return MakeError(Code::kNotFound, "no radar '" + ctx.req().Param("id") + "'");
  return service::FindRadarById(ctx.session().radars(), ctx.owner(), id);
}

Status CheckLimits(const service::RadarFields& f) {
  if (auto st = CheckText(f.description, "description", kMaxText); !st) return st;
  if (auto st = CheckText(f.query, "query", kMaxQuery); !st) return st;
  if (auto st = CheckText(f.exclude, "exclude", kMaxQuery); !st) return st;
  for (const auto& [list, field] :
       {std::pair{&f.categories, "categories"},
        std::pair{&f.exclude_categories, "exclude_categories"}, std::pair{&f.sources, "sources"},
        std::pair{&f.exclude_sources, "exclude_sources"}, std::pair{&f.authors, "authors"},
        std::pair{&f.seeds, "seeds"}})
    if (*list)
      if (auto st = CheckList(**list, field); !st) return st;
  return Ok();
}

Status CheckPublic(const Context& ctx, const service::RadarFields& f) {
  if (f.is_public && *f.is_public && !(ctx.user && ctx.user->admin))
    return MakeError(Code::kPermissionDenied,
                     "public: only an administrator may make a radar public (a topic of the "
                     "instance's Curated Daily page)");
  return Ok();
}

Error FieldError(std::string_view field, const Error& e) {
  return Error(Code::kInvalidArgument, std::string(field) + ": " + e.message);
}

Status CheckFormat(const std::string& format, std::string_view field) {
  if (format == "auto" || format == "bibtex" || format == "ris" || format == "csl-json")
    return Ok();
  return MakeError(Code::kInvalidArgument, std::string(field) + ": unknown format '" + format +
                                               "' (auto, bibtex, ris or csl-json)");
}

void AddRadarStrings(Lang lang, nlohmann::json* t) { AddStrings(kRadars, lang, t); }

Result<std::string> RecordFeedback(Context& ctx, const store::RadarDefinition& r,
                                   const std::string& paper, const std::string& action) {
  if (paper.empty()) return MakeError(Code::kInvalidArgument, "paper: required");
  if (!store::IsFeedbackAction(action))
    return MakeError(Code::kInvalidArgument,
                     "action: unknown feedback '" + action + "' (like, dislike, save or hide)");
  auto key = service::RecordFeedback(ctx.session().store(), ctx.session().radars(), ctx.owner(),
                                     r.id, paper, action, ctx.library().clock().NowUnix());
  if (!key) {
    if (key.error().code == Code::kNotFound) return Fail(FieldError("paper", key.error()));
    return Fail(key.error());
  }
  NoteChange(ctx, r);
  return key;
}

}  // namespace ah::web::radars
