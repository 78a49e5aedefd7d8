-- wrk's script for every bench run.
--
-- `wrk --script bench/wrk.lua URL` requests URL again and again;
-- `wrk --script bench/wrk.lua URL -- urls.txt` requests the paths listed in
-- urls.txt (one a line) instead, each thread in its own random order, every
-- path once per round, so a run measures the mix and not one page.
--
-- done() writes wrk's summary as one line of JSON on stdout: every status
-- received and how often (counted by response() below), wrk's "Socket
-- errors" (connect, read, write, timeout) and its own "Non-2xx or 3xx
-- responses" (errors.status, which counts only answers of 400 or more, so a
-- redirect would pass), latencies in microseconds. A timed-out request has
-- no latency, so the bench counts these errors against its targets.

local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
  table.insert(threads, thread)
end

-- Global: done() reads each thread's through thread:get().
statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local round, position = {}, 0

local function shuffle()
  for i = #round, 2, -1 do
    local j = math.random(i)
    round[i], round[j] = round[j], round[i]
  end
  position = 0
end

function init(args)
  local path = args[1]
  if path == nil then
    return
  end
  for line in io.lines(path) do
    if line ~= "" then
      -- Formatted once here: building a request per call would slow wrk.
      table.insert(round, wrk.format("GET", line))
    end
  end
  assert(#round > 0, "no URL in " .. path)
  -- A fixed seed per thread: the same order on every run of the bench.
  math.randomseed(1000 + (number or 0))
  shuffle()
  -- wrk sends a fixed request unless the script defines request().
  request = function()
    position = position + 1
    if position > #round then
      shuffle()
      position = 1
    end
    return round[position]
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local counts = {}
  for status, n in pairs(total) do
    table.insert(counts, string.format('"%d": %d', status, n))
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "statuses": {%s}, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, table.concat(counts, ", "),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
