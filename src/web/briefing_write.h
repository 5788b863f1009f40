// What the briefing pages, the settings page and the API share: the viewer's
// account, the language model a request of theirs uses (their own provider,
// else the instance's, else none), and writing a briefing.
//
// Writing is bounded: at most kMaxBriefingsWriting requests talk to a
// language model at once (each holds a library session meanwhile, and the
// readers are few), a user's own provider gets one deadline for all of its
// calls (service/user_llm.h), and the instance's provider its configured
// timeouts and retries.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "service/brief_service.h"
#include "store/user_store.h"
#include "web/app.h"

namespace ah::web {

// Requests writing with a language model at once; one more is refused
// (kUnavailable, 503) instead of waiting.
inline constexpr int kMaxBriefingsWriting = 4;
// A user's own provider: all of one request's LLM calls together.
inline constexpr int64_t kUserProviderDeadlineMs = 120'000;

// The instance setting an administrator sets on /admin: users' own LLM
// providers may ("allow") or may not (anything else: the default) be on
// loopback, private or link-local addresses.
inline constexpr char kPrivateProvidersSetting[] = "llm_private_addresses";
// Whether they may: always in single-user mode (the user runs the server).
bool PrivateProvidersAllowed(Context& ctx);

// The signed-in viewer's account (in single-user mode created on first use).
// REQUIRES: ctx.signed_in(). Errors: kNotFound when it no longer exists.
[[nodiscard]] Result<store::User> ViewerAccount(Context& ctx);

// A radar id from a path. Errors: kNotFound "no radar <id>" for anything but
// a positive decimal number.
[[nodiscard]] Result<int64_t> PathId(const std::string& id, const char* what);

// The language model a request of the viewer uses.
struct LlmChoice {
  std::unique_ptr<service::LlmRuntime> own;      // the viewer's own provider, for this request only
  const service::LlmRuntime* runtime = nullptr;  // own, else the instance's; null: extractive
  llm::LlmClient* client = nullptr;              // runtime's client
  std::string cache_scope;                       // "user:<name>" with their own provider
  // The deadline of this request's LLM work (the runtime's deadline_ms), or null.
  std::unique_ptr<Deadline> StartDeadline() const {
    return runtime != nullptr ? runtime->StartDeadline() : nullptr;
  }
};
// Errors: kInvalidArgument when the viewer's stored key no longer opens (the
// instance key changed): they enter it again in settings.
[[nodiscard]] Result<LlmChoice> ChooseLlm(Context& ctx);

struct BriefRequest {
  std::string date;  // YYYY-MM-DD (any form date::Normalize reads); "" = latest announced day
  int days = 1;      // 1..366
  std::string lang;  // en | zh
  bool extractive = false;
};
// Normalises the date. Errors: kInvalidArgument naming the field.
[[nodiscard]] Status CheckBriefRequest(BriefRequest* r);

// Writes and stores the briefing of the viewer's radar `radar_id` with
// ChooseLlm's model (none when r.extractive), and refreshes what visitors see
// when the radar is public. Errors: kNotFound (not the viewer's radar, or no
// papers in the range), kInvalidArgument, kUnavailable (too many briefings
// being written at once), the service's.
[[nodiscard]] Result<service::BriefOutcome> WriteBriefingFor(Context& ctx, int64_t radar_id,
                                                             BriefRequest r);

// Holds one of kMaxBriefingsWriting places while a request talks to a model.
class WritingSlot {
 public:
  explicit WritingSlot(WebApp& app);
  ~WritingSlot();
  WritingSlot(const WritingSlot&) = delete;
  WritingSlot& operator=(const WritingSlot&) = delete;
  // False when every place was taken (then nothing is held).
  bool held() const { return held_; }

 private:
  WebApp& app_;
  bool held_ = false;
};

// What a request writing with a model holds while it writes: the model
// (ChooseLlm), a writing place, and the deadline of its LLM work.
// Extractive (or no model anywhere): no client, no place, no deadline.
struct LlmWork {
  LlmChoice llm;
  std::unique_ptr<WritingSlot> slot;
  std::unique_ptr<Deadline> deadline;
};
// Errors: ChooseLlm's; kUnavailable when every writing place is taken.
[[nodiscard]] Result<LlmWork> StartLlmWork(Context& ctx, bool extractive);

}  // namespace ah::web
