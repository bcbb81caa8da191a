-- web.lua - wrk script of the web server benchmark (issue 4): rotates
-- through the request paths of a file, one per line; each thread starts at
-- its own offset. Prints one machine-readable line at the end.
--
--   wrk -s bench/web.lua URL -- PATHS [HEADER: VALUE]
--
-- SPDX-License-Identifier: MIT

local threads = {}
local counter = 0

function setup(thread)
	counter = counter + 1
	thread:set("tid", counter)
	table.insert(threads, thread)
end

local paths = {}
local i = 0

function init(args)
	for line in io.lines(args[1]) do
		if #line > 0 then
			paths[#paths + 1] = line
		end
	end
	if args[2] ~= nil then
		local k, v = args[2]:match("^([^:]+):%s*(.*)$")
		wrk.headers[k] = v
	end
	i = ((tid or 1) - 1) * 17
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
	    "WEBBENCH requests=%d duration_us=%d bytes=%d " ..
	    "connect=%d read=%d write=%d status=%d timeout=%d " ..
	    "p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
	    summary.requests, summary.duration, summary.bytes,
	    e.connect, e.read, e.write, e.status, e.timeout,
	    latency:percentile(50), latency:percentile(90),
	    latency:percentile(99), latency.max))
end
