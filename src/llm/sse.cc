#include "llm/sse.h"

#include <string>

namespace ah::llm {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

Status SseParser::Overflow() const {
  return MakeError(Code::kTooLarge, "event stream: event or line beyond " +
                                        std::to_string(max_event_bytes_) + " bytes near byte " +
                                        std::to_string(consumed_));
}

Status SseParser::Feed(std::string_view bytes, std::vector<SseEvent>* out) {
  if (failed_) return Overflow();
  int64_t base = consumed_;
  consumed_ += static_cast<int64_t>(bytes.size());
  if (!bom_checked_) {
    // The BOM may arrive split over several calls: hold the first bytes back
    // until they are known to be (or not to be) a BOM.
    while (!bytes.empty() && bom_prefix_.size() < kBom.size()) {
      bom_prefix_.push_back(bytes.front());
      bytes.remove_prefix(1);
      ++base;
      if (kBom.substr(0, bom_prefix_.size()) != bom_prefix_) break;
    }
    if (bom_prefix_ == kBom) {
      bom_checked_ = true;
    } else if (kBom.substr(0, bom_prefix_.size()) != bom_prefix_) {
      bom_checked_ = true;
      const std::string held = std::move(bom_prefix_);
      bom_prefix_.clear();
      Scan(held, 0, out);  // `held` started at stream offset 0
      if (failed_) return Overflow();
    } else {
      return Ok();  // still a BOM prefix and no more bytes
    }
  }
  Scan(bytes, base, out);
  if (failed_) return Overflow();
  return Ok();
}

void SseParser::Scan(std::string_view bytes, int64_t base, std::vector<SseEvent>* out) {
  size_t i = 0;
  while (i < bytes.size() && !failed_) {
    const char c = bytes[i];
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') {
        ++i;
        continue;
      }
    }
    if (c == '\r' || c == '\n') {
      const std::string line = std::move(line_);
      line_.clear();
      const int64_t line_start = line_offset_ >= 0 ? line_offset_ : base + static_cast<int64_t>(i);
      line_offset_ = -1;
      ProcessLine(line, line_start, out);
      skip_lf_ = (c == '\r');
      ++i;
      continue;
    }
    size_t end = bytes.find_first_of("\r\n", i);
    if (end == std::string_view::npos) end = bytes.size();
    if (line_offset_ < 0) line_offset_ = base + static_cast<int64_t>(i);
    if (line_.size() + (end - i) > max_event_bytes_) {
      failed_ = true;
      return;
    }
    line_.append(bytes.substr(i, end - i));
    i = end;
  }
}

void SseParser::ProcessLine(std::string_view line, int64_t line_start, std::vector<SseEvent>* out) {
  if (line.empty()) {
    Dispatch(out);
    return;
  }
  if (line.front() == ':') return;  // comment, e.g. ": keep-alive"
  std::string_view field = line;
  std::string_view value;
  if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (event_offset_ < 0) event_offset_ = line_start;
  if (field == "data") {
    if (data_.size() + value.size() + 1 > max_event_bytes_) {
      failed_ = true;
      return;
    }
    if (has_data_) data_.push_back('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_.assign(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_.assign(value);
  }
  // "retry" and unknown fields are ignored.
}

void SseParser::Dispatch(std::vector<SseEvent>* out) {
  if (has_data_) {
    SseEvent e;
    e.event = std::move(event_);
    e.data = std::move(data_);
    e.id = last_id_;
    e.offset = event_offset_ >= 0 ? event_offset_ : 0;
    out->push_back(std::move(e));
    ++dispatched_;
  }
  event_.clear();
  data_.clear();
  has_data_ = false;
  event_offset_ = -1;
}

Status SseParser::Finish(std::vector<SseEvent>* out) {
  if (failed_) return Overflow();
  if (!bom_checked_) {
    bom_checked_ = true;
    const std::string held = std::move(bom_prefix_);
    bom_prefix_.clear();
    if (held != kBom) Scan(held, 0, out);
    if (failed_) return Overflow();
  }
  if (line_offset_ >= 0) {
    const std::string line = std::move(line_);
    line_.clear();
    const int64_t start = line_offset_;
    line_offset_ = -1;
    ProcessLine(line, start, out);
    if (failed_) return Overflow();
  }
  skip_lf_ = false;
  Dispatch(out);
  return Ok();
}

}  // namespace ah::llm
