-- The requests of a benchmark run for wrk (one thread), read from a file the benchmark wrote: one
-- request per line, tab-separated: method, path, header name, header value, body (name and body
-- may be empty; a body @k is line k of the bodies file, so many requests can share a few bodies).
-- Arguments after `--`:
--   1. the requests file;
--   2. "cycle" to go round the lines again and again, or "once" to send each line once (single-use
--      links) and then a request that answers 404, counted as non-2xx;
--   3. requests per second to offer (0: flat out). Each request has a slot on a fixed schedule, so a
--      slow response delays no other request while a connection is free;
--   4. a prefix for a fresh Idempotency-Key per request (empty: none);
--   5. the bodies file;
--   6. the number of connections: each waits a moment after connecting before its first request,
--      so all are accepted before the load begins. Otherwise, while a busy server takes its time
--      to accept the last of them, their first requests count that wait as latency.
-- done() prints one JSON line with the counts and latency percentiles, for the benchmark to read.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *now);
]]
local clock = ffi.new("bench_timespec")
local CLOCK_MONOTONIC = 1

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local lines, mode, interval, key_prefix, connections
local sent, delays, next_slot = 0, 0, nil
local SETTLE_MS = 300

function init(args)
  local bodies = {}
  for body in io.lines(args[5]) do bodies[#bodies + 1] = body end
  lines = {}
  for line in io.lines(args[1]) do
    local method, path, name, value, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = { ["Content-Type"] = "application/json" }
    if name ~= "" then headers[name] = value end
    local shared = body:match("^@(%d+)$")
    if shared then body = bodies[tonumber(shared)] end
    lines[#lines + 1] = { method = method, path = path, headers = headers, body = body ~= "" and body or nil }
  end
  mode = args[2]
  local rate = tonumber(args[3])
  interval = rate > 0 and 1000 / rate or 0
  key_prefix = args[4] or ""
  connections = tonumber(args[6])
end

function delay()
  delays = delays + 1
  if delays <= connections then return SETTLE_MS end
  if interval == 0 then return 0 end
  local now = now_ms()
  next_slot = next_slot or now
  local wait = next_slot - now
  next_slot = next_slot + interval
  return wait > 0 and math.floor(wait) or 0
end

function request()
  sent = sent + 1
  if mode == "once" and sent > #lines then
    return wrk.format("GET", "/ran-out-of-requests")
  end
  local line = lines[(sent - 1) % #lines + 1]
  if key_prefix ~= "" then line.headers["Idempotency-Key"] = key_prefix .. "-" .. sent end
  return wrk.format(line.method, line.path, line.headers, line.body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"non2xx":%d,"socketErrors":%d,"timeouts":%d,"p50":%.3f,"p99":%.3f,"max":%.3f}\n',
    summary.requests, summary.duration / 1e6, errors.status, errors.connect + errors.read + errors.write, errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
