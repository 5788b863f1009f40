#include "delivery/webhook.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "delivery/mail.h"

namespace ah::delivery {
namespace {

using nlohmann::json;

// Slack mrkdwn: &, < and > are control characters.
std::string SlackEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// Markdown (DingTalk): link text without brackets, URLs without parentheses.
std::string MdText(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '[' || c == ']')
      out += ' ';
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}
std::string MdUrl(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '(')
      out += "%28";
    else if (c == ')')
      out += "%29";
    else if (c == ' ')
      out += "%20";
    else
      out += c;
  }
  return out;
}

std::string Reasons(const WebhookPaper& p) {
  std::string r;
  for (const auto& x : p.reasons) r += (r.empty() ? "" : " · ") + x;
  return r;
}

std::string Title(const WebhookMessage& m) {
  return "AcademicHub · " + m.radar + " · " + m.date + " · " + std::to_string(m.papers.size()) +
         (m.papers.size() == 1 ? " paper" : " papers");
}

json Slack(const WebhookMessage& m) {
  json blocks = json::array();
  blocks.push_back(
      {{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", Title(m).substr(0, 150)}}}});
  for (size_t i = 0; i < m.papers.size() && i < 45; ++i) {
    const auto& p = m.papers[i];
    std::string t = std::to_string(i + 1) + ". <" + SlackEscape(p.url.empty() ? p.web_url : p.url) +
                    "|" + SlackEscape(p.title) + ">\n" + SlackEscape(p.badge) + " · " +
                    SlackEscape(p.authors);
    if (!p.tldr.empty()) t += "\n*TL;DR* " + SlackEscape(p.tldr);
    if (!p.reasons.empty()) t += "\n_" + SlackEscape(Reasons(p)) + "_";
    blocks.push_back(
        {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", t.substr(0, 2900)}}}});
  }
  blocks.push_back(
      {{"type", "context"},
       {"elements",
        json::array({{{"type", "mrkdwn"},
                      {"text", "<" + SlackEscape(m.radar_url) + "|Open in AcademicHub>"}}})}});
  return {{"text", Title(m)}, {"blocks", blocks}};
}

json Feishu(const WebhookMessage& m) {
  json content = json::array();
  for (size_t i = 0; i < m.papers.size(); ++i) {
    const auto& p = m.papers[i];
    content.push_back(json::array(
        {{{"tag", "text"}, {"text", std::to_string(i + 1) + ". "}},
         {{"tag", "a"}, {"text", p.title}, {"href", p.url.empty() ? p.web_url : p.url}}}));
    std::string line = p.badge + " · " + p.authors;
    if (!p.tldr.empty()) line += "\nTL;DR " + p.tldr;
    if (!p.reasons.empty()) line += "\n" + Reasons(p);
    content.push_back(json::array({{{"tag", "text"}, {"text", line}}}));
  }
  content.push_back(
      json::array({{{"tag", "a"}, {"text", "Open in AcademicHub"}, {"href", m.radar_url}}}));
  return {{"msg_type", "post"},
          {"content", {{"post", {{"zh_cn", {{"title", Title(m)}, {"content", content}}}}}}}};
}

json DingTalk(const WebhookMessage& m) {
  std::string md = "### " + MdText(Title(m)) + "\n\n";
  for (size_t i = 0; i < m.papers.size(); ++i) {
    const auto& p = m.papers[i];
    md += std::to_string(i + 1) + ". [" + MdText(p.title) + "](" +
          MdUrl(p.url.empty() ? p.web_url : p.url) + ")  \n" + MdText(p.badge + " · " + p.authors);
    if (!p.tldr.empty()) md += "  \nTL;DR " + MdText(p.tldr);
    if (!p.reasons.empty()) md += "  \n" + MdText(Reasons(p));
    md += "\n\n";
  }
  md += "[Open in AcademicHub](" + MdUrl(m.radar_url) + ")\n";
  return {{"msgtype", "markdown"}, {"markdown", {{"title", Title(m)}, {"text", md}}}};
}

json Generic(const WebhookMessage& m) {
  json papers = json::array();
  for (const auto& p : m.papers)
    papers.push_back({{"id", p.id},
                      {"title", p.title},
                      {"url", p.url},
                      {"web_url", p.web_url},
                      {"badge", p.badge},
                      {"authors", p.authors},
                      {"tldr", p.tldr},
                      {"reasons", p.reasons}});
  return {{"radar", m.radar}, {"date", m.date}, {"url", m.radar_url}, {"papers", papers}};
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::optional<WebhookKind> ParseWebhookKind(std::string_view name) {
  const std::string n = text::FoldForSearch(name);
  if (n == "slack") return WebhookKind::kSlack;
  if (n == "feishu" || n == "lark") return WebhookKind::kFeishu;
  if (n == "dingtalk") return WebhookKind::kDingTalk;
  if (n == "json") return WebhookKind::kJson;
  return std::nullopt;
}

std::string_view WebhookKindName(WebhookKind kind) {
  switch (kind) {
    case WebhookKind::kSlack:
      return "slack";
    case WebhookKind::kFeishu:
      return "feishu";
    case WebhookKind::kDingTalk:
      return "dingtalk";
    case WebhookKind::kJson:
      return "json";
  }
  return "json";
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&st, out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string Hex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

Result<WebhookRequest> BuildWebhook(WebhookKind kind, const std::string& url,
                                    const std::string& secret, const WebhookMessage& m,
                                    int64_t now_ms) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
    return MakeError(Code::kInvalidArgument, "url: a webhook URL must be http:// or https://");
  WebhookRequest r;
  r.url = url;
  r.headers.push_back({"Content-Type", "application/json; charset=utf-8"});
  const std::string secs = std::to_string(now_ms / 1000);
  switch (kind) {
    case WebhookKind::kSlack:
      r.body = Dump(Slack(m));
      break;
    case WebhookKind::kFeishu: {
      json j = Feishu(m);
      if (!secret.empty()) {
        j["timestamp"] = secs;
        j["sign"] = Base64(HmacSha256(secs + "\n" + secret, ""), 0);
      }
      r.body = Dump(j);
      break;
    }
    case WebhookKind::kDingTalk: {
      r.body = Dump(DingTalk(m));
      if (!secret.empty()) {
        const std::string ms = std::to_string(now_ms);
        const std::string sign = Base64(HmacSha256(secret, ms + "\n" + secret), 0);
        r.url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("timestamp=") + ms +
                 "&sign=" + text::PercentEncode(sign);
      }
      break;
    }
    case WebhookKind::kJson: {
      r.body = Dump(Generic(m));
      if (!secret.empty()) {
        r.headers.push_back({"X-AcademicHub-Timestamp", secs});
        r.headers.push_back(
            {"X-AcademicHub-Signature", "sha256=" + Hex(HmacSha256(secret, secs + "." + r.body))});
      }
      break;
    }
  }
  return r;
}

}  // namespace ah::delivery
