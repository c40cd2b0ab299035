-- wrk script for bench/bench_cases.py: every request takes a random line of a file of
-- "session-cookie<TAB>path" lines (a logged-in caseworker and a page that user may open),
-- counts every answer that is not 200 (a redirect to the log-in page would count as a
-- success in wrk's own summary), and can wait between requests like a person reading the
-- page (think time).
--
--   wrk -t2 -c16 -d60s --latency -s bench/wrk_cases.lua http://127.0.0.1:8000 -- URLS [THINK_MS] [SEED]
--
-- done() prints one line "WRK {json}" with the figures bench_cases.py reports.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  for line in io.lines(args[1]) do
    local cookie, path = line:match("^([^\t]+)\t(.+)$")
    if cookie then
      table.insert(lines, { cookie = cookie, path = path })
    end
  end
  if #lines == 0 then
    error("no lines in " .. args[1])
  end
  think = tonumber(args[2] or "0")
  math.randomseed(tonumber(args[3] or "1") * 1000 + id)
  non200 = 0
  statuses = {}
end

function request()
  local pick = lines[math.random(#lines)]
  return wrk.format("GET", pick.path, {
    ["Cookie"] = "sessionid=" .. pick.cookie,
    ["X-Forwarded-Proto"] = "https",
    ["Accept"] = "text/html",
  })
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function delay()
  if think <= 0 then
    return 0
  end
  -- uniform between half and one and a half times the think time
  return math.floor(think * (0.5 + math.random()))
end

function done(summary, latency, requests)
  local bad, seen = 0, {}
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non200")
    for status, count in pairs(thread:get("statuses")) do
      seen[#seen + 1] = string.format('"%d": %d', status, count)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.3f, "rps": %.1f, "median_ms": %.2f, "p95_ms": %.2f, '
      .. '"p99_ms": %.2f, "max_ms": %.2f, "mean_ms": %.2f, "non200": %d, "statuses": {%s}, '
      .. '"socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, bad, table.concat(seen, ", "),
    e.connect + e.read + e.write + e.timeout
  ))
end
