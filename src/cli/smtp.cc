#include "cli/smtp.h"

#include <cstdlib>

namespace ah::cli {

delivery::SmtpOptions SmtpOptionsOf(const ingest::SmtpSettings& smtp) {
  delivery::SmtpOptions so;
  so.url = smtp.url;
  so.user = smtp.user;
  so.password = smtp.password;
  if (so.password.empty() && !smtp.password_env.empty()) {
    const char* v = std::getenv(smtp.password_env.c_str());
    if (v) so.password = v;
  }
  so.timeout_ms = smtp.timeout_seconds * 1000;
  so.allow_plaintext_auth = std::getenv("AH_SMTP_ALLOW_PLAINTEXT_AUTH") != nullptr;
  return so;
}

}  // namespace ah::cli
