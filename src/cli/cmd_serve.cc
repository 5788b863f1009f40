// `serve` and `user`: the web app and its accounts.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/commands.h"
#include "cli/daemon_rig.h"
#include "core/date.h"
#include "core/redact.h"
#include "store/open.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/server.h"
#include "web/templates.h"

namespace ah::cli {
namespace {

// The password from standard input: its first line (without the newline).
Result<std::string> ReadPassword() {
  std::string line;
  if (!std::getline(std::cin, line))
    return MakeError(Code::kInvalidArgument, "give the password on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (auto st = web::CheckNewPassword(line); !st) return Fail(st.error());
  return line;
}

Result<store::UserStore*> Users(App& app) {
  auto lib = app.library();
  if (!lib) return Fail(lib.error());
  store::UserStore* us = (*lib)->user_store();
  if (us == nullptr)
    return MakeError(Code::kInvalidArgument, "this library backend keeps no users");
  if (auto st = web::InitCrypto(); !st) return Fail(st.error());
  return us;
}

// Where the instance key (it seals the secrets users store, e.g. their LLM
// API keys) is kept: next to a library file (PATH.key); for a library on a
// database server, never in that database (a dump of it must not unseal its
// own secrets) but in AH_INSTANCE_KEY_FILE, by default
// $XDG_DATA_HOME/academichub/instance.key. Front ends of one library on several
// machines share that file (copy it); on one machine they share it as is.
Result<std::string> InstanceKeyPath(const std::string& db) {
  if (!store::IsServerLocation(db)) return db + ".key";
  if (const char* env = std::getenv("AH_INSTANCE_KEY_FILE"); env != nullptr && *env != '\0')
    return std::string(env);
  const std::filesystem::path dir =
      std::filesystem::path(ingest::DefaultDbPath()).parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return MakeError(Code::kIo, dir.string() + ": cannot create folder: " + ec.message());
  return (dir / "instance.key").string();
}

}  // namespace

int RunUserAdd(App& app, const UserArgs& args) {
  auto users = Users(app);
  if (!users) return ReportError(users.error());
  if (auto st = web::CheckUserName(args.name); !st) return ReportError(st.error());
  auto password = ReadPassword();
  if (!password) return ReportError(password.error());
  auto hash = web::HashPassword(*password);
  if (!hash) return ReportError(hash.error());
  store::User u;
  u.name = args.name;
  u.password_hash = *hash;
  u.admin = args.admin;
  auto id = (*users)->CreateUser(u);
  if (!id) return ReportError(id.error());
  if (!app.options().quiet)
    std::printf("Added %s'%s'.\n", args.admin ? "administrator " : "user ", args.name.c_str());
  return kExitOk;
}

int RunUserToken(App& app, const UserArgs& args) {
  auto users = Users(app);
  if (!users) return ReportError(users.error());
  auto u = (*users)->GetUser(args.name);
  if (!u) return ReportError(u.error());
  if (!*u) return ReportError(Error(Code::kNotFound, "no user named '" + args.name + "'"));
  const std::string token = web::RandomToken();
  store::ApiToken t;
  t.user = args.name;
  t.label = args.label;
  t.token_hash = web::TokenDigest(token);
  auto id = (*users)->CreateApiToken(t);
  if (!id) return ReportError(id.error());
  std::printf("%s\n", token.c_str());
  return kExitOk;
}

int RunUserPasswd(App& app, const UserArgs& args) {
  auto users = Users(app);
  if (!users) return ReportError(users.error());
  auto u = (*users)->GetUser(args.name);
  if (!u) return ReportError(u.error());
  if (!*u) return ReportError(Error(Code::kNotFound, "no user named '" + args.name + "'"));
  auto password = ReadPassword();
  if (!password) return ReportError(password.error());
  auto hash = web::HashPassword(*password);
  if (!hash) return ReportError(hash.error());
  (*u)->password_hash = *hash;
  if (auto st = (*users)->UpdateUser(**u); !st) return ReportError(st.error());
  if (auto st = (*users)->DeleteSessionsOf(args.name); !st) return ReportError(st.error());
  if (!app.options().quiet)
    std::printf("Password of '%s' changed; its sessions ended.\n", args.name.c_str());
  return kExitOk;
}

int RunUserList(App& app, bool json) {
  auto users = Users(app);
  if (!users) return ReportError(users.error());
  auto list = (*users)->ListUsers();
  if (!list) return ReportError(list.error());
  if (json) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& u : *list)
      a.push_back({{"name", u.name},
                   {"admin", u.admin},
                   {"created", date::FormatTimestamp(u.created_unix)}});
    std::puts(a.dump().c_str());
    return kExitOk;
  }
  for (const auto& u : *list)
    std::printf("%-24s %s%s\n", u.name.c_str(), date::FormatTimestamp(u.created_unix).c_str(),
                u.admin ? "  admin" : "");
  return kExitOk;
}

int RunServe(App& app, const ServeArgs& args) {
  if (args.registration != "open" && args.registration != "closed")
    return ReportError(Error(Code::kInvalidArgument, "--registration must be open or closed"));
  if (args.port < 0 || args.port > 65535)
    return ReportError(Error(Code::kInvalidArgument, "--port must be between 0 and 65535"));
  if (args.threads < 4 || args.threads > 4096)
    return ReportError(Error(Code::kInvalidArgument, "--threads must be between 4 and 4096"));
  if (args.max_threads < args.threads || args.max_threads > 8192)
    return ReportError(Error(Code::kInvalidArgument,
                             "--max-threads must be between --threads and 8192"));
  auto cfg = app.config();
  if (!cfg) return ReportError(cfg.error());
  if (auto st = web::InitCrypto(); !st) return ReportError(st.error());
  if (auto st = web::CheckTemplates(); !st) return ReportError(st.error());
  // SIGTERM and SIGINT are taken by a thread of their own (below): block them
  // before any other thread starts, so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // Memory that stays flat over weeks of traffic: glibc gives busy threads
  // arenas of their own (up to 8 per core) and memory freed in one stays there,
  // scattered; a server whose workers mostly wait on sockets needs few. The
  // library's page caches (8 MiB a connection, the file itself is read through
  // a shared memory map) stay under 64 MiB together.
  mallopt(M_ARENA_MAX, 4);
  store::LimitCacheMemory(int64_t{64} << 20);

  const std::string db = app.db_path();
  {
    // Creates and migrates the library (and its folder) before the pool opens it.
    auto lib = app.library();
    if (!lib) return ReportError(lib.error());
  }
  service::LibraryOptions lo;
  lo.location = db;
  lo.readers = static_cast<size_t>(std::min(16, std::max(4, args.threads / 4)));
  lo.config = **cfg;
  auto library = service::Library::Open(lo);
  if (!library) return ReportError(library.error());
  auto key_path = InstanceKeyPath(db);
  if (!key_path) return ReportError(key_path.error());
  auto key = web::LoadOrCreateKey(*key_path);
  if (!key) return ReportError(key.error());

  web::WebOptions wo;
  const bool single_user = SingleUserMode(**cfg, args.single_user);
  wo.single_user = single_user;
  wo.secure_cookies = args.secure_cookies;
  wo.trust_proxy = args.trust_proxy;
  wo.registration_open = args.registration == "open";
  wo.instance_key = *key;
  wo.webhooks_private_addresses = WebhooksMayPostPrivately(false);
  if (single_user) {
    // The local user's settings (language, LLM key) need a row.
    if (auto st = EnsureLocalUser(**library); !st) return ReportError(st.error());
  }
  // /metrics and /healthz from the library's job records; the daemon too
  // when asked (its jobs on a thread of this process, sharing the library).
  Metrics metrics;
  auto views = JobViews::Open(db, **cfg, **library, metrics);
  if (!views) return ReportError(views.error());
  wo.metrics_text = [&] { return (*views)->MetricsText(); };
  wo.sources_health = [&] { return (*views)->Health(); };
  std::unique_ptr<DaemonRig> rig;
  if (args.with_daemon) {
    auto r = MakeDaemonRig(db, **cfg, **library, (*library)->clock(), metrics, app.options().quiet,
                           single_user);
    if (!r) return ReportError(r.error());
    rig = std::move(*r);
  }
  web::WebApp webapp(**library, wo);
  web::ServerOptions so;
  so.host = args.host;
  so.port = args.port;
  so.threads = args.threads;
  so.max_threads = args.max_threads;
  web::HttpServer server(webapp, so);
  if (auto st = server.Bind(); !st) return ReportError(st.error());
  // The radar index: built now in the background, then kept up to date.
  (*library)->StartMaintenance(std::chrono::seconds(15));

  const std::string shown_host =
      args.host.find(':') != std::string::npos ? "[" + args.host + "]" : args.host;
  // A server's URL may carry its password: never printed.
  std::printf("AcademicHub is serving %s at http://%s:%d/%s\n", RedactSecrets(db).c_str(),
              shown_host.c_str(), server.port(), single_user ? " (single-user mode)" : "");
  std::fflush(stdout);

  std::thread daemon_thread;
  if (rig) {
    daemon_thread = std::thread([&] {
      if (auto st = rig->daemon->Run(); !st)
        std::fprintf(stderr, "academichub: daemon: %s\n", st.error().message.c_str());
    });
  }
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (!app.options().quiet)
      std::fprintf(stderr, "academichub: stopping (finishing requests in flight)\n");
    if (rig) rig->daemon->RequestStop();
    server.Stop();
  });
  server.Run();
  if (rig) {
    rig->daemon->RequestStop();  // finishes (or releases) its running job
    daemon_thread.join();
  }
  // Stop came from elsewhere (not a signal): release the signal thread.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  return kExitOk;
}

}  // namespace ah::cli
