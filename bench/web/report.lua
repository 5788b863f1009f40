-- wrk reporter for bench/web_bench.sh: one JSON line at the end with
-- requests/s, latency percentiles (ms) and every error wrk counts
-- (non-2xx/3xx answers are errors.status).
-- Optional: WRK_PATHS="/a|/b|/c" cycles through those paths (one list per
-- thread, each thread starting at its own offset).
local paths = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter)
end
function init(args)
  local list = os.getenv("WRK_PATHS")
  if list then
    for p in string.gmatch(list, "[^|]+") do paths[#paths + 1] = p end
  end
  i = offset or 0
end
function request()
  if #paths == 0 then return wrk.request() end
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"bytes":%d,"p50":%.3f,"p90":%.3f,"p99":%.3f,' ..
    '"p999":%.3f,"max":%.3f,"mean":%.3f,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"status_errors":%d}\n',
    summary.requests, secs, summary.requests / secs, summary.bytes,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency:percentile(99.9) / 1e3, latency.max / 1e3, latency.mean / 1e3,
    e.connect, e.read, e.write, e.timeout, e.status))
end
