#include "web/i18n.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace ah::web {
namespace {

constexpr Phrase kCommon[] = {
    {"product", "AcademicHub", "AcademicHub"},
    {"tagline", "Academic Intelligence · Curated Daily", "学术情报 · 每日精选"},
    {"tagline_zh", "探索全球前沿学术脉络", "探索全球前沿学术脉络"},
    {"tagline_en", "Academic Intelligence · Curated Daily",
     "Academic Intelligence · Curated Daily"},
    {"description",
     "The newest papers from arXiv, bioRxiv, medRxiv and the journals that matter, deduplicated "
     "into one card per work and ranked for your research radar every morning.",
     "汇集 arXiv、bioRxiv、medRxiv "
     "与重要期刊的最新论文，同一工作只留一张卡片，每天早晨按你的研究雷达排序。"},
    {"nav_daily", "Daily", "每日精选"},
    {"nav_search", "Search", "搜索"},
    {"nav_radars", "Radars", "雷达"},
    {"nav_settings", "Settings", "设置"},
    {"nav_admin", "Admin", "管理"},
    {"nav_signin", "Sign in", "登录"},
    {"nav_signup", "Sign up", "注册"},
    {"nav_signout", "Sign out", "退出"},
    {"switch_lang", "中文", "English"},
    {"skip", "Skip to content", "跳到正文"},
    {"search_placeholder", "Search papers: graph neural, au:\"Yann LeCun\", cat:cs.LG",
     "搜索论文：graph neural、au:\"Yann LeCun\"、cat:cs.LG"},
    {"more", "More", "展开"},
    {"less", "Less", "收起"},
    {"like", "Like", "喜欢"},
    {"dislike", "Not for me", "不感兴趣"},
    {"save", "Save", "收藏"},
    {"hide", "Hide", "隐藏"},
    {"liked", "Liked", "已喜欢"},
    {"disliked", "Disliked", "已标记不感兴趣"},
    {"saved", "Saved", "已收藏"},
    {"hidden", "Hidden", "已隐藏"},
    {"why", "Why", "推荐理由"},
    {"via_radar", "Radar", "雷达"},
    {"badge_new", "new", "新"},
    {"badge_cross", "cross-list", "交叉列出"},
    {"badge_updated", "updated", "更新"},
    {"announced", "Announced", "发布"},
    {"authors_more", "more", "等"},
    {"pdf", "PDF", "PDF"},
    {"abstract_page", "Abstract page", "摘要页"},
    {"doi", "DOI", "DOI"},
    {"published_version", "Published version", "正式发表版本"},
    {"preprint_version", "Preprint", "预印本"},
    {"prev_day", "Previous day", "前一天"},
    {"next_day", "Next day", "后一天"},
    {"all_sources", "All sources", "全部来源"},
    {"all_categories", "All categories", "全部分类"},
    {"filter", "Filter", "筛选"},
    {"papers", "papers", "篇论文"},
    {"no_papers", "No papers here.", "这里还没有论文。"},
    {"error_title", "Something went wrong", "出错了"},
    {"not_found_title", "Not found", "未找到"},
    {"back_home", "Back to the daily page", "返回每日精选"},
    {"footer",
     "AcademicHub · every page is served by this instance alone: no trackers, no fonts or "
     "scripts from elsewhere.",
     "AcademicHub · 所有页面均由本站提供：没有追踪器，不加载任何外部字体或脚本。"},
    {"username", "User name", "用户名"},
    {"password", "Password", "密码"},
    {"password_again", "Password again", "再次输入密码"},
    {"signin_title", "Sign in", "登录"},
    {"signup_title", "Create an account", "创建账号"},
    {"signin_button", "Sign in", "登录"},
    {"signup_button", "Create account", "创建账号"},
    {"no_account", "No account yet?", "还没有账号？"},
    {"have_account", "Have an account?", "已有账号？"},
    {"registration_closed", "Registration is closed on this instance; ask its administrator.",
     "本站暂不开放注册，请联系管理员。"},
    {"bad_login", "Wrong user name or password.", "用户名或密码错误。"},
    {"passwords_differ", "The two passwords differ.", "两次输入的密码不一致。"},
    {"single_user_note", "Single-user mode: this instance is yours alone.",
     "单用户模式：本站只属于你。"},
};

Lang FromAcceptLanguage(std::string_view header) {
  // The first language range with the highest q that we speak.
  double best_q = -1;
  Lang best = Lang::kEn;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view part = header.substr(0, comma);
    double q = 1.0;
    size_t semi = part.find(';');
    std::string_view tag = part.substr(0, semi);
    if (semi != std::string_view::npos) {
      std::string_view params = part.substr(semi + 1);
      size_t qpos = params.find("q=");
      if (qpos != std::string_view::npos)
        q = std::atof(std::string(params.substr(qpos + 2)).c_str());
    }
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    std::string lower(tag);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    Lang l;
    bool known = false;
    if (lower.rfind("zh", 0) == 0) {
      l = Lang::kZh;
      known = true;
    } else if (lower.rfind("en", 0) == 0) {
      l = Lang::kEn;
      known = true;
    }
    if (known && q > best_q) {
      best_q = q;
      best = l;
    }
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return best;
}

}  // namespace

bool ParseLang(std::string_view s, Lang* out) {
  if (s == "en") {
    *out = Lang::kEn;
    return true;
  }
  if (s == "zh") {
    *out = Lang::kZh;
    return true;
  }
  return false;
}

std::string LangCode(Lang lang) { return lang == Lang::kZh ? "zh" : "en"; }

Lang PickLang(const Request& req, bool* chosen_now) {
  Lang l;
  if (chosen_now) *chosen_now = false;
  if (ParseLang(req.Query("lang"), &l)) {
    if (chosen_now) *chosen_now = true;
    return l;
  }
  if (ParseLang(req.Cookie("lang"), &l)) return l;
  return FromAcceptLanguage(req.Header("Accept-Language"));
}

nlohmann::json CommonStrings(Lang lang) {
  nlohmann::json j = nlohmann::json::object();
  AddStrings(kCommon, lang, &j);
  return j;
}

std::string Tr(std::string_view key, Lang lang) {
  for (const Phrase& p : kCommon)
    if (key == p.key) return lang == Lang::kZh ? p.zh : p.en;
  return std::string(key);
}

}  // namespace ah::web
