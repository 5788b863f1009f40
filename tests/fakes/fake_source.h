// A Source over a trivial line format, so fetch-loop tests do not depend on the
// real parsers. Body format, one item per line:
//   2401.00001 Some title     a paper (arXiv-style id, optional title)
//   NEXT <cursor>             next_cursor of the page
//   # ...                     comment
// A line whose id is not NNNN.NNNNN is a rejected record (message names origin and
// line). A body starting with '<' (an HTML error page) or containing a line "ERROR"
// fails to parse with kParse naming origin and line.
#pragma once

#include <string>
#include <utility>

#include "sources/source.h"

namespace ah::testing {

struct FakeSourceOptions {
  std::string name = "fake:test";
  std::string listing_source = "fake";
  std::string base_url;  // e.g. LoopbackServer::Url("/feed")
  bool resumable = true;
  std::string accept = "text/plain";
  int64_t timeout_ms = 10'000;
  int64_t low_speed_timeout_ms = 30'000;
};

class FakeSource final : public sources::Source {
 public:
  explicit FakeSource(FakeSourceOptions options) : options_(std::move(options)) {}

  std::string name() const override { return options_.name; }
  std::string listing_source() const override { return options_.listing_source; }
  sources::Format format() const override { return sources::Format::kUnknown; }
  bool resumable() const override { return options_.resumable; }
  // GET base_url, plus "?cursor=<cursor>" when the cursor is not empty.
  Result<net::HttpRequest> BuildRequest(const std::string& cursor,
                                        const sources::FetchParams& params) const override;
  Result<sources::ParsedPage> Parse(std::string_view body,
                                    const sources::ParseContext& ctx) const override;

 private:
  FakeSourceOptions options_;
};

}  // namespace ah::testing
