#include "service/library.h"

#include <cstdlib>

#include "store/open.h"

namespace ah::service {
namespace {

// The LLM's answer cache on a connection of its own: the runtime is shared by
// every request, and a request's own reader is not at hand where the client
// looks its answers up.
class OwnConnectionCache final : public llm::ResponseCache {
 public:
  explicit OwnConnectionCache(std::unique_ptr<store::Store> store)
      : store_(std::move(store)), cache_(store_->radar_store()) {}
  Result<std::optional<std::string>> Get(std::string_view key) override { return cache_.Get(key); }
  Status Put(std::string_view key, std::string_view value) override {
    return cache_.Put(key, value);
  }

 private:
  std::unique_ptr<store::Store> store_;
  StoreResponseCache cache_;  // serialises the connection's use
};

}  // namespace

Library::Library(LibraryOptions options) : options_(std::move(options)) {}

Result<std::unique_ptr<Library>> Library::Open(LibraryOptions options) {
  std::unique_ptr<Library> lib(new Library(std::move(options)));
  if (lib->options_.clock != nullptr) {
    lib->clock_ = lib->options_.clock;
  } else {
    lib->own_clock_ = std::make_unique<SystemClock>();
    lib->clock_ = lib->own_clock_.get();
  }
  auto pool = store::StorePool::Open(lib->options_.location, lib->options_.readers);
  if (!pool) return Fail(pool.error());
  lib->pool_ = std::move(*pool);
  {
    auto probe = lib->pool_->Lease();
    if (probe->radar_store() == nullptr || probe->user_store() == nullptr)
      return MakeError(Code::kInvalidArgument, "cannot serve library " + lib->options_.location +
                                                   ": its backend keeps no radars or users");
  }
  auto getenv = lib->options_.getenv;
  if (!getenv)
    getenv = [](const char* name) { return static_cast<const char*>(std::getenv(name)); };
  llm::LlmConfig lc = LlmConfigFrom(lib->options_.config.llm, getenv);
  if (lc.configured()) {
    auto conn = store::OpenStore(lib->options_.location);
    if (!conn) return Fail(conn.error());
    lib->llm_ = MakeLlmRuntime(lc, lib->options_.config.contact,
                               std::make_unique<OwnConnectionCache>(std::move(*conn)));
  }
  return lib;
}

Library::~Library() {
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
}

std::unique_ptr<Session> Library::OpenSession() {
  return std::unique_ptr<Session>(new Session(this, pool_->Lease()));
}

std::shared_ptr<const LibraryIndex> Library::index() const {
  std::lock_guard<std::mutex> lock(index_mu_);
  return index_;
}

void Library::Publish(std::shared_ptr<const LibraryIndex> next) {
  std::lock_guard<std::mutex> lock(index_mu_);
  index_ = std::move(next);
  last_error_.clear();
}

Result<std::shared_ptr<const LibraryIndex>> Library::WaitIndex() {
  if (auto current = index()) return current;
  if (auto st = RefreshIndex(); !st) return Fail(st.error());
  return index();
}

Status Library::RefreshIndex() {
  std::lock_guard<std::mutex> refresh(refresh_mu_);
  std::shared_ptr<const LibraryIndex> current = index();
  auto session = OpenSession();
  Status st = [&]() -> Status {
    if (current) {
      auto next = LibraryIndex::Extend(*current, session->store(), &session->radars());
      if (!next) return Fail(next.error());
      if (*next) {
        current = std::shared_ptr<const LibraryIndex>(std::move(*next));
        Publish(current);
      }
      // Refit once the library outgrew the fit; requests use the extended
      // snapshot meanwhile.
      const double fitted = static_cast<double>(current->index().fit_docs());
      if (static_cast<double>(current->corpus().size()) <= fitted * options_.refit_growth)
        return Ok();
    }
    auto built = LoadLibraryIndex(session->store(), &session->radars(), llm_.get());
    if (!built) return Fail(built.error());
    Publish(std::shared_ptr<const LibraryIndex>(std::move(*built)));
    return Ok();
  }();
  if (!st) {
    std::lock_guard<std::mutex> lock(index_mu_);
    last_error_ = st.error().message;
  }
  return st;
}

void Library::StartMaintenance(std::chrono::milliseconds period) {
  if (maintenance_.joinable()) return;
  maintenance_ = std::thread([this, period] {
    std::unique_lock<std::mutex> lock(stop_mu_);
    while (!stopping_) {
      lock.unlock();
      (void)RefreshIndex();
      lock.lock();
      stop_cv_.wait_for(lock, period, [this] { return stopping_; });
    }
  });
}

std::string Library::last_refresh_error() const {
  std::lock_guard<std::mutex> lock(index_mu_);
  return last_error_;
}

}  // namespace ah::service
