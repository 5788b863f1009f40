// The SMTP sender's options from the configuration's [smtp] section, for
// every command that sends mail (`digest`, `daemon`, `serve --with-daemon`).
#pragma once

#include "delivery/mail.h"
#include "ingest/config.h"

namespace ah::cli {

// [smtp] url, user, password (or the environment variable password_env names,
// read here), timeout; AH_SMTP_ALLOW_PLAINTEXT_AUTH allows AUTH without TLS
// (a loopback test server).
delivery::SmtpOptions SmtpOptionsOf(const ingest::SmtpSettings& smtp);

}  // namespace ah::cli
