// An incremental parser for server-sent events (text/event-stream), as the
// OpenAI-compatible /chat/completions endpoint streams them.
//
// Follows the WHATWG HTML "event stream interpretation" rules: lines end in
// CRLF, LF or CR (a CRLF split across two Feed() calls counts once); a line
// starting with ':' is a comment (": keep-alive"); "field: value" loses one
// space after the colon; several "data" lines join with "\n"; a blank line
// dispatches the event (no event when no data line was seen); a leading UTF-8
// BOM is dropped; unknown fields are ignored. One leniency: Finish() also
// dispatches a last event that the server did not end with a blank line
// (some servers close the stream right after "data: [DONE]\n").
//
// Pure: no I/O. Not thread-safe (one parser per stream).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ah::llm {

struct SseEvent {
  std::string event;   // the "event" field; empty = "message"
  std::string data;    // data lines joined with "\n"
  std::string id;      // the last "id" field seen in the stream so far
  int64_t offset = 0;  // stream byte offset where the event's first line started
};

class SseParser {
 public:
  // An event or a pending line longer than `max_event_bytes` fails the stream.
  explicit SseParser(size_t max_event_bytes = 16u << 20) : max_event_bytes_(max_event_bytes) {}

  // Consumes the next bytes of the stream and appends completed events to *out.
  // Errors: kTooLarge (an event beyond max_event_bytes; the message names the
  // byte offset). After an error every call fails again.
  [[nodiscard]] Status Feed(std::string_view bytes, std::vector<SseEvent>* out);
  // End of stream: dispatches a pending unterminated line/event. Idempotent.
  [[nodiscard]] Status Finish(std::vector<SseEvent>* out);

  int64_t bytes_consumed() const { return consumed_; }
  int64_t events_dispatched() const { return dispatched_; }

 private:
  // Splits `bytes` (starting at stream offset `base`) into lines.
  void Scan(std::string_view bytes, int64_t base, std::vector<SseEvent>* out);
  void ProcessLine(std::string_view line, int64_t line_start, std::vector<SseEvent>* out);
  void Dispatch(std::vector<SseEvent>* out);
  Status Overflow() const;

  size_t max_event_bytes_;
  std::string line_;          // the current unterminated line
  int64_t line_offset_ = -1;  // stream offset of line_'s first byte, -1 = none
  bool skip_lf_ = false;      // the last byte was a CR: a following LF ends nothing
  bool bom_checked_ = false;
  std::string bom_prefix_;  // first bytes held back until a BOM can be ruled out

  std::string event_;
  std::string data_;
  bool has_data_ = false;
  std::string last_id_;
  int64_t event_offset_ = -1;

  int64_t consumed_ = 0;
  int64_t dispatched_ = 0;
  bool failed_ = false;
};

}  // namespace ah::llm
