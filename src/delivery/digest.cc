#include "delivery/digest.h"

#include <kainjow/mustache.hpp>

namespace ah::delivery {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

// Colours chosen to read on white and on the dark backgrounds mail clients
// substitute; the <style> block refines them where clients honour it.
constexpr const char* kHtml = R"HTML(<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>{{subject}}</title>
<style>
@media (prefers-color-scheme: dark) {
  .ah-body { background: #15171a !important; color: #e6e6e6 !important; }
  .ah-card { background: #1f2226 !important; border-color: #3a3f45 !important; }
  .ah-muted { color: #a8adb3 !important; }
  .ah-link { color: #8ab4f8 !important; }
}
</style>
</head>
<body class="ah-body" style="margin:0;padding:0;background:#f4f5f7;color:#1f2328;font-family:-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;line-height:1.5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f5f7;" class="ah-body">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;">
<tr><td style="padding:8px 4px 16px 4px;">
  <div style="font-size:20px;font-weight:700;">{{heading}}</div>
  <div class="ah-muted" style="color:#57606a;font-size:13px;">{{date}}</div>
</td></tr>
{{#nothing_new}}
<tr><td class="ah-card" style="background:#ffffff;border:1px solid #d0d7de;border-radius:8px;padding:16px;">{{t_nothing}}</td></tr>
{{/nothing_new}}
{{#radars}}
<tr><td style="padding:12px 4px 6px 4px;">
  <a class="ah-link" href="{{web_url}}" style="color:#0b57d0;font-size:17px;font-weight:700;text-decoration:none;">{{name}}</a>
  <span class="ah-muted" style="color:#57606a;font-size:13px;"> · {{count}}</span>
</td></tr>
{{#has_themes}}
<tr><td class="ah-card" style="background:#ffffff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;">
  <div style="font-weight:700;margin-bottom:4px;">{{t_themes}}</div>
  {{#themes}}<div style="margin:6px 0;"><strong>{{title}}</strong> — {{summary}}</div>{{/themes}}
  {{#briefing_url}}<div style="margin-top:6px;"><a class="ah-link" href="{{briefing_url}}" style="color:#0b57d0;">{{t_briefing}}</a></div>{{/briefing_url}}
</td></tr>
<tr><td style="height:8px;line-height:8px;font-size:0;">&nbsp;</td></tr>
{{/has_themes}}
{{#papers}}
<tr><td class="ah-card" style="background:#ffffff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;">
  <div class="ah-muted" style="color:#57606a;font-size:12px;">{{n}}. {{badge}}</div>
  <div style="font-size:16px;font-weight:600;margin:2px 0;"><a class="ah-link" href="{{url}}" style="color:#0b57d0;text-decoration:none;">{{title}}</a></div>
  <div class="ah-muted" style="color:#57606a;font-size:13px;">{{authors}}</div>
  {{#tldr}}<div style="margin-top:6px;"><strong>TL;DR</strong> {{tldr}}</div>{{/tldr}}
  {{#has_reasons}}<div class="ah-muted" style="color:#57606a;font-size:13px;margin-top:6px;">{{t_why}} {{reasons}}</div>{{/has_reasons}}
  <div style="margin-top:6px;font-size:13px;"><a class="ah-link" href="{{web_url}}" style="color:#0b57d0;">{{t_open}}</a></div>
</td></tr>
<tr><td style="height:8px;line-height:8px;font-size:0;">&nbsp;</td></tr>
{{/papers}}
{{/radars}}
<tr><td class="ah-muted" style="color:#57606a;font-size:12px;padding:16px 4px;">
  {{t_footer}} <a class="ah-link" href="{{base_url}}" style="color:#0b57d0;">AcademicHub</a> ·
  <a class="ah-link" href="{{settings_url}}" style="color:#0b57d0;">{{t_settings}}</a> ·
  <a class="ah-link" href="{{unsubscribe_url}}" style="color:#0b57d0;">{{t_unsubscribe}}</a>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
)HTML";

constexpr const char* kText = R"TEXT({{heading}}
{{date}}
{{#nothing_new}}

{{t_nothing}}
{{/nothing_new}}
{{#radars}}

== {{name}} ({{count}}) ==
{{web_url}}
{{#has_themes}}

{{t_themes}}
{{#themes}}
- {{title}}: {{summary}}
{{/themes}}
{{#briefing_url}}
{{t_briefing}}: {{briefing_url}}
{{/briefing_url}}
{{/has_themes}}
{{#papers}}

{{n}}. {{title}}
   {{badge}} · {{authors}}
{{#tldr}}
   TL;DR {{tldr}}
{{/tldr}}
{{#has_reasons}}
   {{t_why}} {{reasons}}
{{/has_reasons}}
   {{url}}
   {{web_url}}
{{/papers}}
{{/radars}}

--
{{t_footer}} AcademicHub: {{base_url}}
{{t_settings}}: {{settings_url}}
{{t_unsubscribe}}: {{unsubscribe_url}}
)TEXT";

struct Words {
  const char *heading, *nothing, *themes, *briefing, *why, *open, *footer, *settings, *unsubscribe,
      *papers, *paper;
};
constexpr Words kEn = {"Your papers of the day",
                       "Nothing new for your radars today.",
                       "Themes",
                       "Read the briefing",
                       "Why:",
                       "Open in AcademicHub",
                       "Sent by",
                       "Email settings",
                       "Unsubscribe",
                       "papers",
                       "paper"};
constexpr Words kZh = {"今日论文",   "今天你的雷达没有新论文。",
                       "主题",       "阅读简报",
                       "推荐理由：", "在 AcademicHub 中打开",
                       "发送自",     "邮件设置",
                       "退订",       "篇论文",
                       "篇论文"};

std::string Render(const char* tmpl, const data& d, bool html) {
  mustache m{tmpl};
  if (!html) m.set_custom_escape([](const std::string& s) { return s; });
  return m.render(d);
}

}  // namespace

bool Digest::nothing_new() const {
  for (const auto& r : radars)
    if (!r.papers.empty()) return false;
  return true;
}

RenderedDigest RenderDigest(const Digest& d) {
  const Words& w = d.lang == "zh" ? kZh : kEn;
  size_t total = 0;
  for (const auto& r : d.radars) total += r.papers.size();
  RenderedDigest out;
  out.subject = d.nothing_new() ? std::string(d.lang == "zh" ? "AcademicHub：今天没有新论文"
                                                             : "AcademicHub: nothing new") +
                                      " · " + d.date
                                : "AcademicHub · " + d.date + " · " + std::to_string(total) + " " +
                                      (total == 1 ? w.paper : w.papers);
  data v{data::type::object};
  v.set("lang", d.lang == "zh" ? "zh" : "en");
  v.set("subject", out.subject);
  v.set("heading", w.heading);
  v.set("date", d.date);
  v.set("nothing_new", d.nothing_new());
  v.set("t_nothing", w.nothing);
  v.set("t_themes", w.themes);
  v.set("t_briefing", w.briefing);
  v.set("t_why", w.why);
  v.set("t_open", w.open);
  v.set("t_footer", w.footer);
  v.set("t_settings", w.settings);
  v.set("t_unsubscribe", w.unsubscribe);
  v.set("base_url", d.base_url);
  v.set("settings_url", d.settings_url);
  v.set("unsubscribe_url", d.unsubscribe_url);
  data radars{data::type::list};
  for (const auto& r : d.radars) {
    if (r.papers.empty()) continue;
    data rv{data::type::object};
    rv.set("name", r.name);
    rv.set("web_url", r.web_url);
    rv.set("count",
           std::to_string(r.papers.size()) + " " + (r.papers.size() == 1 ? w.paper : w.papers));
    rv.set("has_themes", !r.themes.empty());
    data themes{data::type::list};
    for (const auto& t : r.themes) {
      data tv{data::type::object};
      tv.set("title", t.title);
      tv.set("summary", t.summary);
      themes.push_back(tv);
    }
    rv.set("themes", themes);
    if (!r.briefing_url.empty()) rv.set("briefing_url", r.briefing_url);
    data papers{data::type::list};
    int n = 0;
    for (const auto& p : r.papers) {
      data pv{data::type::object};
      pv.set("n", std::to_string(++n));
      pv.set("title", p.title);
      pv.set("authors", p.authors);
      pv.set("badge", p.badge);
      pv.set("url", p.url.empty() ? p.web_url : p.url);
      pv.set("web_url", p.web_url);
      if (!p.tldr.empty()) pv.set("tldr", p.tldr);
      std::string reasons;
      for (const auto& x : p.reasons) reasons += (reasons.empty() ? "" : " · ") + x;
      pv.set("has_reasons", !reasons.empty());
      pv.set("reasons", reasons);
      papers.push_back(pv);
    }
    rv.set("papers", papers);
    radars.push_back(rv);
  }
  v.set("radars", radars);
  out.html = Render(kHtml, v, true);
  out.text = Render(kText, v, false);
  // Section tags leave empty lines behind: at most one blank line in a row.
  for (size_t at; (at = out.text.find("\n\n\n")) != std::string::npos;) out.text.erase(at, 1);
  return out;
}

}  // namespace ah::delivery
