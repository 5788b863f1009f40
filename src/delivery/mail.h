// Email: composing a MIME message (multipart/alternative: text/plain and
// text/html, both UTF-8, base64) and sending it through SMTP.
//
// ComposeMime is pure. MailSender is the injected I/O: CurlSmtpSender speaks
// SMTP through libcurl (smtp:// with STARTTLS when the server offers it —
// required when a user name is set, so that a password never crosses in the
// clear — or smtps:// for TLS from the start); tests use a loopback server.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace ah::delivery {

struct MailMessage {
  std::string from;        // "AcademicHub <hub@example.org>" or "hub@example.org"
  std::string to;          // one address
  std::string subject;     // UTF-8 (RFC 2047-encoded when not ASCII)
  std::string text;        // the text/plain part
  std::string html;        // the text/html part; empty = a text/plain message only
  std::string message_id;  // "<...@...>"; empty = none
  std::string date;        // RFC 5322 date ("Tue, 30 Jun 2026 08:00:00 +0000")
  // List-Unsubscribe: <https://...> with List-Unsubscribe-Post: List-Unsubscribe=One-Click
  // (RFC 8058) when set.
  std::string unsubscribe_url;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// The message as RFC 5322 text with CRLF line ends. `boundary` separates the
// parts (it must not occur in base64 text: use letters, digits and '_' '=' '.').
// Header values have CR and LF removed (no header injection).
std::string ComposeMime(const MailMessage& m, const std::string& boundary);

// "Tue, 30 Jun 2026 08:00:00 +0000".
std::string Rfc5322Date(int64_t unix);
// The bare address of "Name <a@b>" or "a@b"; empty when there is none.
std::string AddressOf(const std::string& mailbox);
// RFC 2047 encoded-word for non-ASCII text (base64, UTF-8), else the text.
std::string EncodeHeaderWord(const std::string& text);
std::string Base64(std::string_view in, size_t line_length = 76);

// Sending one message. Errors: kUnavailable for a transient failure worth
// retrying (a 4xx SMTP reply, a dropped connection, a timeout); kUnreachable
// (refused, unknown host); kInvalidArgument for a permanent refusal (5xx: bad
// recipient, authentication refused); kIo otherwise.
class MailSender {
 public:
  virtual ~MailSender() = default;
  [[nodiscard]] virtual Status Send(const std::string& from_address, const std::string& to_address,
                                    const std::string& mime) = 0;
};

struct SmtpOptions {
  std::string url;  // smtp://host:port or smtps://host:port
  std::string user, password;
  int64_t timeout_ms = 60'000;
  // Loopback test servers without TLS: allow a user/password over plain smtp://.
  bool allow_plaintext_auth = false;
};

class CurlSmtpSender final : public MailSender {
 public:
  explicit CurlSmtpSender(SmtpOptions options) : options_(std::move(options)) {}
  [[nodiscard]] Status Send(const std::string& from_address, const std::string& to_address,
                            const std::string& mime) override;

 private:
  SmtpOptions options_;
};

}  // namespace ah::delivery
