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

}  // namespace
}  // namespace ah::web::testing
