-- public_pages.lua: a wrk script for bench/cache_bench.sh. Each request asks for the next
-- path of the file $PATHS (one path a line: the public pages a citizen opens — directory
-- lists with and without filters, searches, groups' pages, the statistics, the progress
-- report, the start page), each thread starting at its own place, so that the mix is the
-- same in every run. Anonymous: every answer may come from the page cache.
local paths = {}
local file = os.getenv("PATHS")
for line in io.lines(file) do
  if line ~= "" then paths[#paths + 1] = line end
end
local n = 0

function setup(thread)
  thread:set("start", math.random(1, #paths))
end

function request()
  n = n + 1
  local p = paths[((start or 1) + n) % #paths + 1]
  return wrk.format("GET", p)
end
