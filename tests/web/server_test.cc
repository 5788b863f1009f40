// The HTTP server's socket: a port in use is refused, and a burst of new
// connections is queued by the kernel, not dropped.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <vector>

#include "web_fixture.h"

namespace ah::web::testing {
namespace {

class ServerSocketTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    service::LibraryOptions lo;
    lo.location = (dir_ / "lib.db").string();
    auto lib = service::Library::Open(lo);
    ASSERT_TRUE(lib) << lib.error().ToString();
    library_ = std::move(*lib);
    options_.instance_key = std::string(32, 'k');
    app_ = std::make_unique<WebApp>(*library_, options_);
  }
  std::unique_ptr<HttpServer> NewServer(int port) {
    ServerOptions so;
    so.port = port;
    so.threads = 4;
    return std::make_unique<HttpServer>(*app_, so);
  }
};

TEST_F(ServerSocketTest, APortInUseIsRefused) {
  auto first = NewServer(0);
  ASSERT_TRUE(first->Bind());
  auto second = NewServer(first->port());
  auto st = second->Bind();
  ASSERT_FALSE(st) << "a second server shared port " << first->port();
  EXPECT_EQ(st.error().code, Code::kIo);
  EXPECT_NE(st.error().message.find(std::to_string(first->port())), std::string::npos);
}

// 64 clients connect at once while the listener has not accepted yet (a burst
// of browsers; or every keep-alive client reconnecting after its last request):
// the kernel completes every handshake. A backlog of 5 completed 6 and dropped
// the other SYNs, which clients resend only after a second.
TEST_F(ServerSocketTest, ABurstOfConnectionsIsQueued) {
  auto server = NewServer(0);
  ASSERT_TRUE(server->Bind());  // bound and listening; not accepting (no Run)
  constexpr int kClients = 64;
  std::vector<int> fds;
  for (int i = 0; i < kClients; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(server->port()));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);  // EINPROGRESS
    fds.push_back(fd);
  }
  int connected = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(800);
  for (int fd : fds) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, static_cast<int>(std::max<int64_t>(0, left.count()))) == 1) {
      int err = 0;
      socklen_t n = sizeof err;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &n);
      if (err == 0) ++connected;
    }
  }
  for (int fd : fds) close(fd);
  EXPECT_EQ(connected, kClients);
}

// A connection holds a worker thread for as long as it is kept alive (httplib
// serves a connection on one thread), so a server with the default options
// serves 150 open connections at once: none waits for another to close (the
// keep-alive timeout, 5 s). The former fixed pool of 64 threads made the 65th
// connection on wait that long.
TEST_F(ServerSocketTest, ManyOpenConnectionsAreServedAtOnce) {
  ServerOptions so;  // the defaults, as `academichub serve` uses them
  so.port = 0;
  HttpServer server(*app_, so);
  ASSERT_TRUE(server.Bind());
  std::thread run([&] { server.Run(); });
  constexpr int kClients = 150;
  std::vector<int> fds;
  const std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int i = 0; i < kClients; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(server.port()));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(send(fd, req.data(), req.size(), 0), static_cast<ssize_t>(req.size()));
    fds.push_back(fd);
  }
  int answered = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  for (int fd : fds) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::max<int64_t>(0, left.count()))) == 1) {
      char buf[512];
      if (recv(fd, buf, sizeof buf, 0) > 12 && std::string(buf, 12) == "HTTP/1.1 200") ++answered;
    }
  }
  EXPECT_EQ(answered, kClients) << "connections waited for a worker thread";
  for (int fd : fds) close(fd);
  server.Stop();
  run.join();
}

}  // namespace
}  // namespace ah::web::testing
