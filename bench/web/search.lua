-- wrk: cycles through the query mix (WRK_QUERIES: the file, "kind<TAB>query" lines) against
-- GET /api/v1/search?q=..., each connection from its own client address
-- (X-Forwarded-For; the server runs with --trust-proxy) so that the per-client rate limit
-- (10 searches/s) stays out of the measure. One JSON line at the end (as report.lua).
local queries = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function init(args)
  for line in io.lines(os.getenv("WRK_QUERIES")) do
    local kind, q = line:match("^(%w+)\t(.+)$")
    if kind and line:sub(1, 1) ~= "#" then queries[#queries + 1] = encode(q) end
  end
  i = (id or 1) * 7
  n = 0
end
function request()
  i = i + 1
  n = n + 1
  -- 4,096 addresses per thread, one after the other: each sees a few searches a second.
  local addr = string.format("127.%d.%d.%d", 100 + (id or 1), math.floor(n / 16) % 64, n % 16 + 1)
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1], {["X-Forwarded-For"] = addr})
end
-- done(): the JSON line of json_summary.lua, beside this script.
dofile(debug.getinfo(1, "S").source:sub(2):match("^(.*/)") .. "json_summary.lua")
