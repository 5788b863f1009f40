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
-- done(): the JSON line of json_summary.lua, beside this script.
dofile(debug.getinfo(1, "S").source:sub(2):match("^(.*/)") .. "json_summary.lua")
