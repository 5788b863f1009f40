#include "delivery/mail.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <ctime>

namespace ah::delivery {
namespace {

std::string OneLine(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != '\r' && c != '\n') out += c;
  return out;
}

bool Ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

void Part(std::string& out, const std::string& boundary, const char* type,
          const std::string& body) {
  out += "--" + boundary + "\r\n";
  out += std::string("Content-Type: ") + type + "; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  out += Base64(body);
  out += "\r\n";
}

struct Upload {
  const std::string* data;
  size_t at = 0;
};

size_t ReadBody(char* buf, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  const size_t left = u->data->size() - u->at;
  const size_t k = std::min(left, size * n);
  std::memcpy(buf, u->data->data() + u->at, k);
  u->at += k;
  return k;
}

}  // namespace

std::string Base64(std::string_view in, size_t line_length) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t col = 0;
  auto put = [&](char c) {
    if (line_length && col == line_length) {
      out += "\r\n";
      col = 0;
    }
    out += c;
    ++col;
  };
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    put(kAlphabet[(v >> 18) & 63]);
    put(kAlphabet[(v >> 12) & 63]);
    put(kAlphabet[(v >> 6) & 63]);
    put(kAlphabet[v & 63]);
  }
  if (i < in.size()) {
    uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    put(kAlphabet[(v >> 18) & 63]);
    put(kAlphabet[(v >> 12) & 63]);
    put(i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=');
    put('=');
  }
  return out;
}

std::string EncodeHeaderWord(const std::string& text) {
  const std::string s = OneLine(text);
  if (Ascii(s)) return s;
  return "=?UTF-8?B?" + Base64(s, 0) + "?=";
}

std::string Rfc5322Date(int64_t unix) {
  const std::time_t t = static_cast<std::time_t>(unix);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string AddressOf(const std::string& mailbox) {
  const std::string s = OneLine(mailbox);
  const size_t lt = s.rfind('<'), gt = s.rfind('>');
  std::string a = lt != std::string::npos && gt != std::string::npos && gt > lt
                      ? s.substr(lt + 1, gt - lt - 1)
                      : s;
  while (!a.empty() && a.front() == ' ') a.erase(a.begin());
  while (!a.empty() && a.back() == ' ') a.pop_back();
  const size_t at = a.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == a.size() ||
      a.find_first_of(" <>,;\"\\") != std::string::npos)
    return "";
  return a;
}

std::string ComposeMime(const MailMessage& m, const std::string& boundary) {
  std::string out;
  auto header = [&](const std::string& name, const std::string& value) {
    out += name + ": " + OneLine(value) + "\r\n";
  };
  // The display name of From may be UTF-8: encode it, keep the address.
  std::string from = OneLine(m.from);
  if (const size_t lt = from.rfind('<'); lt != std::string::npos && lt > 0) {
    std::string name = from.substr(0, lt);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    from = EncodeHeaderWord(name) + " " + from.substr(lt);
  }
  header("From", from);
  header("To", m.to);
  header("Subject", EncodeHeaderWord(m.subject));
  if (!m.date.empty()) header("Date", m.date);
  if (!m.message_id.empty()) header("Message-ID", m.message_id);
  header("MIME-Version", "1.0");
  if (!m.unsubscribe_url.empty()) {
    header("List-Unsubscribe", "<" + m.unsubscribe_url + ">");
    header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }
  for (const auto& [k, v] : m.headers) header(OneLine(k), v);
  if (m.html.empty()) {
    header("Content-Type", "text/plain; charset=utf-8");
    header("Content-Transfer-Encoding", "base64");
    out += "\r\n" + Base64(m.text) + "\r\n";
    return out;
  }
  header("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
  out += "\r\n";
  Part(out, boundary, "text/plain", m.text);
  Part(out, boundary, "text/html", m.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

Status CurlSmtpSender::Send(const std::string& from_address, const std::string& to_address,
                            const std::string& mime) {
  const bool tls = options_.url.rfind("smtps://", 0) == 0;
  if (!tls && options_.url.rfind("smtp://", 0) != 0)
    return MakeError(Code::kInvalidArgument, "smtp.url must start with smtp:// or smtps://");
  if (AddressOf(from_address).empty() || AddressOf(to_address).empty())
    return MakeError(Code::kInvalidArgument,
                     "not an email address: '" +
                         (AddressOf(from_address).empty() ? from_address : to_address) + "'");
  CURL* curl = curl_easy_init();
  if (!curl) return MakeError(Code::kInternal, "cannot start libcurl");
  const std::string from = "<" + AddressOf(from_address) + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + AddressOf(to_address) + ">").c_str());
  Upload up{&mime};
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
  if (!options_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  // STARTTLS when offered; demanded when a password would otherwise cross in the clear.
  if (!tls)
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     !options_.user.empty() && !options_.allow_plaintext_auth
                         ? static_cast<long>(CURLUSESSL_ALL)
                         : static_cast<long>(CURLUSESSL_TRY));
  const CURLcode rc = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) return Ok();
  std::string why = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  why = "SMTP " + (reply ? std::to_string(reply) + ": " : std::string()) + why;
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      return MakeError(Code::kUnreachable, why);
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return MakeError(Code::kUnavailable, why);
    default:
      break;
  }
  if (reply >= 400 && reply < 500) return MakeError(Code::kUnavailable, why);
  if (reply >= 500) return MakeError(Code::kInvalidArgument, why);
  return MakeError(Code::kIo, why);
}

}  // namespace ah::delivery
